declare module '../../../platform/db/schema.ts' {
  interface Tables {
    inbox_view: {
      id: string;
      user_id: string;
      name: string;
      view: string;
      /** JSON: the inbox filters. */
      filters: string;
      created_at: string;
    };
  }
}

export {};
