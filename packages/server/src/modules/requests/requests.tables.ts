import type { RequestState } from '@comity/contracts';
import type { Bool } from '../../platform/db/schema.ts';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    mla_request: {
      id: string;
      agency_id: string;
      case_id: string | null;
      /** Lifecycle state, kept in step by the lifecycle (drafts are the only editable state). */
      status: RequestState;
      kind: string;
      title: string | null;
      instrument_id: string | null;
      requesting_state: string | null;
      requested_state: string | null;
      reference: string | null;
      urgent: Bool;
      classification: number;
      person_count: number;
      current_version: number;
      exercise: Bool;
      created_by: string;
      updated_by: string;
      created_at: string;
      updated_at: string;
    };
    mla_request_version: {
      request_id: string;
      version: number;
      /** The draft as JSON (contracts `RequestDraft`). */
      content: string;
      content_hash: string;
      created_by: string;
      created_at: string;
    };
  }
}
