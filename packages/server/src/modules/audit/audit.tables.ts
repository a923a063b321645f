import type { Generated } from 'kysely';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    audit_event: {
      seq: Generated<number>;
      id: string;
      leaf_index: number | null;
      occurred_at: string;
      node_id: string;
      actor_user_id: string | null;
      actor_agency_id: string | null;
      action: string;
      object_type: string | null;
      object_id: string | null;
      outcome: 'success' | 'denied' | 'failure';
      ip: string | null;
      session_id: string | null;
      request_id: string | null;
      purpose: string | null;
      details: string;
      leaf_hash: string;
    };
    audit_checkpoint: {
      tree_size: number;
      root_hash: string;
      issued_at: string;
      key_id: string;
      signature: string;
    };
  }
}
