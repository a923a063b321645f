import type { Generated } from 'kysely';
import type { Bool } from '../../platform/db/schema.ts';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    federation_partner: {
      id: string;
      node_id: string;
      name: string;
      base_url: string;
      status: 'pending' | 'active' | 'suspended';
      /** JSON of the newest verified node document whose signing key is trusted. */
      document: string;
      fingerprint: string;
      trusted_kid: string;
      pending_document: string | null;
      document_fetched_at: string;
      created_at: string;
      updated_at: string;
      confirmed_at: string | null;
      confirmed_by: string | null;
      suspended_at: string | null;
      last_success_at: string | null;
      failing_since: string | null;
    };
    federation_outbox: {
      id: string;
      recipient_node: string;
      type: string;
      conversation_id: string;
      sequence: number;
      idempotency_key: string;
      /** The signed envelope exactly as sent (JSON text): every attempt sends these bytes. */
      envelope: string;
      digest: string;
      status: 'pending' | 'delivered' | 'failed';
      attempts: number;
      next_attempt_at: string;
      locked_by: string | null;
      locked_until: string | null;
      last_status: number | null;
      last_error: string | null;
      created_at: string;
      completed_at: string | null;
    };
    federation_out_cursor: { recipient_node: string; conversation_id: string; last_sequence: number };
    federation_inbox: {
      id: string;
      sender_node: string;
      idempotency_key: string;
      conversation_id: string;
      sequence: number;
      type: string;
      /** The verified envelope as received (payload still encrypted). */
      envelope: string;
      digest: string;
      status: 'waiting' | 'processed' | 'failed';
      attempts: number;
      next_attempt_at: string;
      last_error: string | null;
      received_at: string;
      processed_at: string | null;
    };
    federation_in_cursor: { sender_node: string; conversation_id: string; next_sequence: number };
    federation_nonce: { scope: string; nonce: string; expires_at: string };
    federation_receipt: {
      /** The `receipt` envelope that carried it (one envelope may list many receipts). */
      id: string;
      envelope_id: string;
      direction: 'issued' | 'received';
      kind: 'accepted' | 'rejected' | 'delivered' | 'not-delivered' | 'retrieved';
      at: string;
      partner_node: string;
      digest: string;
      digest_matches: Bool;
      problem: string | null;
      created_at: string;
    };
    federation_blob_grant: {
      partner_node: string;
      sha256: string;
      size: number;
      envelope_id: string;
      created_at: string;
    };
    federation_ping: {
      seq: Generated<number>;
      envelope_id: string;
      sender_node: string;
      conversation_id: string;
      sequence: number;
      processed_at: string;
    };
  }
}
