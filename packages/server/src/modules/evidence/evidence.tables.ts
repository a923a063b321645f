import type { Bool } from '../../platform/db/schema.ts';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    evidence_item: {
      id: string;
      agency_id: string;
      exhibit_number: string;
      description: string;
      source: string;
      seized_at: string | null;
      seized_place: string | null;
      seized_by: string | null;
      legal_basis: string | null;
      request_id: string | null;
      case_id: string | null;
      /** JSON array of task ids. */
      task_ids: string;
      /** JSON Labels (contracts/labels.ts). */
      labels: string;
      wrapped_key: string;
      status: 'open' | 'sealed';
      exercise: Bool;
      created_by: string;
      created_at: string;
      updated_at: string;
    };
    evidence_file: {
      id: string;
      item_id: string;
      blob_id: string;
      name: string;
      size: number | string;
      sha256: string;
      content_type: string;
      created_by: string;
      created_at: string;
    };
    evidence_custody: {
      id: string;
      item_id: string;
      seq: number;
      event: string;
      actor_id: string | null;
      actor_agency_id: string | null;
      at: string;
      place: string | null;
      reason: string | null;
      details: string;
      prev_hash: string;
      hash: string;
    };
    /** Files crossing nodes under a request (migration 202611290502). */
    evidence_remote: {
      id: string;
      direction: 'out' | 'in';
      item_id: string;
      file_id: string;
      request_id: string;
      partner_node: string;
      /** `out`: the agency on the partner node it goes to; `in`: the agency it came from. */
      partner_agency_id: string;
      sha256: string;
      size: number | string;
      envelope_id: string | null;
      at: string;
      /** `out`: when the last byte was served to the partner (custody `transferred`). */
      transferred_at: string | null;
    };
    evidence_upload: {
      id: string;
      item_id: string;
      name: string;
      size: number | string;
      sha256: string;
      status: 'open' | 'done' | 'failed';
      created_by: string;
      created_at: string;
      file_id: string | null;
    };
  }
}
