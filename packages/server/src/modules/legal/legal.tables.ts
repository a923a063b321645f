import type { Generated } from 'kysely';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    legal_instrument: {
      id: string;
      current_version: number;
      created_at: string;
      updated_at: string;
    };
    legal_instrument_version: {
      seq: Generated<number>;
      instrument_id: string;
      version: number;
      /** The instrument as JSON (legal.types.ts `Instrument`). */
      content: string;
      /** SHA-256 hex of the RFC 8785 canonical JSON of `content`. */
      content_hash: string;
      source: 'seed' | 'admin';
      created_at: string;
      created_by: string | null;
    };
  }
}
