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
    /**
     * A request received from a partner node (the requested side keeps it here: its drafting agency
     * and people are on the other node). `version` is this side's lifecycle version.
     */
    request_received: {
      request_id: string;
      sender_node: string;
      requesting_agency_id: string;
      requesting_agency_name: string;
      requesting_state: string | null;
      requested_state: string | null;
      recipient_agency_id: string;
      kind: string;
      instrument_id: string | null;
      title: string | null;
      reference: string | null;
      classification: number;
      urgent: Bool;
      /** Exercise data: drafted in an exercise on the partner node (only a demo node takes it). */
      exercise: Bool;
      /** JSON handling labels received with the request; they travel back with every answer. */
      labels: string;
      /**
       * JSON: the judicial validation as the requesting node stated it (EIO Art. 2(c)(ii)):
       * {required, agencyId, agencyName, validatedAt}; null when its node did not say.
       */
      validation: string | null;
      /** The frozen version as sent (JSON). */
      content: string;
      content_version: number;
      content_hash: string;
      state: RequestState;
      version: number;
      resume_state: RequestState | null;
      information_questions: string | null;
      information_requested_at: string | null;
      postponed_until: string | null;
      postpone_reason: string | null;
      refusal: string | null;
      consent: 'given' | 'refused' | null;
      arrested_at: string | null;
      transmitted_at: string;
      received_at: string;
      retrieved_at: string | null;
      retrieved_by: string | null;
      closed_at: string | null;
      updated_at: string;
      updated_by: string | null;
    };
    /** Transitions of a received request, by either side (`direction`: in from the partner, out from here). */
    request_received_event: {
      id: string;
      request_id: string;
      version: number;
      direction: 'in' | 'out';
      action: string;
      from_state: RequestState;
      to_state: RequestState;
      side: string;
      actor_user_id: string | null;
      actor_agency_id: string | null;
      envelope_id: string | null;
      payload: string;
      at: string;
    };
    /** Evidence files offered across nodes for a request: `out` offered by this node, `in` offered to it. */
    request_evidence: {
      request_id: string;
      sha256: string;
      direction: 'in' | 'out';
      partner_node: string;
      size: number | string;
      name: string | null;
      media_type: string | null;
      envelope_id: string;
      status: 'offered' | 'pulled' | 'failed';
      offered_at: string;
      pulled_at: string | null;
    };
  }
}
