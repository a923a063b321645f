import type { Generated } from 'kysely';

declare module './schema.ts' {
  interface Tables {
    node_setting: { key: string; value: string; updated_at: string };
    node_key: {
      id: string;
      algorithm: string;
      public_key: string;
      /** PKCS#8 PEM; null once a signing key is retired (only its public part is kept). */
      private_key: string | null;
      created_at: string;
      valid_until: string | null;
      expired_at: string | null;
      /** JSON: the signed transition by which the previous signing key vouched for this one. */
      transition: string | null;
    };
    job: {
      id: string;
      name: string;
      payload: string;
      status: 'queued' | 'running' | 'done' | 'failed';
      run_at: string;
      attempts: number;
      max_attempts: number;
      locked_by: string | null;
      locked_until: string | null;
      last_error: string | null;
      idempotency_key: string | null;
      created_at: string;
      updated_at: string;
    };
    http_idempotency: {
      /** The user the key belongs to: keys are per caller. */
      principal: string;
      idem_key: string;
      /** SHA-256 of the method, the URL and the body: one key, one request. */
      fingerprint: string;
      state: 'pending' | 'done';
      status: number | null;
      content_type: string | null;
      body: string | null;
      created_at: string;
      expires_at: string;
    };
    domain_event: {
      seq: Generated<number>;
      id: string;
      type: string;
      payload: string;
      agency_ids: string;
      actor_user_id: string | null;
      created_at: string;
    };
  }
}
