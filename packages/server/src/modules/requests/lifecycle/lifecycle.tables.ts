import type { RequestState } from '@comity/contracts';
import type { Bool } from '../../../platform/db/schema.ts';

declare module '../../../platform/db/schema.ts' {
  interface Tables {
    /** One row per request that has left the first draft: its state, approvals and frozen versions. */
    request_lifecycle: {
      request_id: string;
      state: RequestState;
      /** Optimistic-concurrency token of the lifecycle: every transition increments it. */
      version: number;
      requesting_agency_id: string;
      recipient_agency_id: string | null;
      /** Partner node hosting the recipient; null when it is on this node. */
      recipient_node: string | null;
      validator_agency_id: string | null;
      validation_required: Bool;
      parent_request_id: string | null;
      submitted_by: string | null;
      submitted_at: string | null;
      approved_by: string | null;
      approved_at: string | null;
      approved_version: number | null;
      approved_hash: string | null;
      validated_by: string | null;
      validated_at: string | null;
      transmitted_by: string | null;
      transmitted_at: string | null;
      transmitted_version: number | null;
      transmitted_hash: string | null;
      /** State to go back to after information is provided or a postponement ends. */
      resume_state: RequestState | null;
      information_questions: string | null;
      information_requested_at: string | null;
      postponed_until: string | null;
      postpone_reason: string | null;
      /** JSON `{ grounds: string[], reasons: string }`. */
      refusal: string | null;
      returned_by: string | null;
      returned_at: string | null;
      return_comments: string | null;
      consent: 'given' | 'refused' | null;
      arrested_at: string | null;
      production_requested_at: string | null;
      closed_at: string | null;
      created_at: string;
      updated_at: string;
      updated_by: string | null;
    };
    request_transition: {
      id: string;
      request_id: string;
      version: number;
      action: string;
      from_state: RequestState;
      to_state: RequestState;
      side: string;
      actor_user_id: string | null;
      actor_agency_id: string | null;
      payload: string;
      at: string;
    };
    /** What a recipient agency received: exactly this version, with this hash. */
    request_incoming: {
      request_id: string;
      agency_id: string;
      version: number;
      content_hash: string;
      delivered_at: string;
      retrieved_at: string | null;
      retrieved_by: string | null;
    };
    request_delivery: {
      id: string;
      request_id: string;
      type: 'request.transmission' | 'request.communication';
      action: string;
      carrier: 'local' | 'remote';
      sender_agency_id: string;
      recipient_agency_id: string;
      recipient_node: string | null;
      version: number | null;
      content_hash: string | null;
      envelope_id: string | null;
      idempotency_key: string;
      created_at: string;
    };
    delivery_receipt: {
      delivery_id: string;
      kind: 'submitted' | 'delivered' | 'retrieved';
      at: string;
      by_user_id: string | null;
    };
  }
}
