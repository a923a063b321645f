import type { Bool } from '../../platform/db/schema.ts';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    case_file: {
      id: string;
      reference: string;
      title: string;
      agency_id: string;
      classification: number;
      status: 'open' | 'closed';
      exercise: Bool;
      created_by: string;
      created_at: string;
      updated_at: string;
    };
  }
}
