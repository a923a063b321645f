declare module '../../platform/db/schema.ts' {
  interface Tables {
    competence: {
      id: string;
      agency_id: string;
      /** Partner node holding the agency; null for this node. */
      node_id: string | null;
      state: string;
      /** JSON arrays. */
      functions: string;
      measures: string;
      instruments: string;
      regions: string;
      /** Normalised regions, `|`-separated and `|`-framed, for place matching. */
      regions_key: string;
      languages: string;
      channels: string;
      /** JSON object or null. */
      contact_247: string | null;
      notes: string | null;
      created_by: string | null;
      created_at: string;
      updated_at: string;
      withdrawn_at: string | null;
    };
  }
}

export {};
