import type { Bool } from '../../../platform/db/schema.ts';

declare module '../../../platform/db/schema.ts' {
  interface Tables {
    execution_task: {
      id: string;
      request_id: string;
      owner_agency_id: string;
      owner_user_id: string | null;
      title: string;
      description: string | null;
      measure: string | null;
      due_at: string | null;
      status: 'open' | 'in-progress' | 'done' | 'cancelled';
      result: string | null;
      completed_at: string | null;
      version: number;
      created_by: string;
      updated_by: string;
      created_at: string;
      updated_at: string;
    };
    translation_task: {
      id: string;
      request_id: string;
      field_path: string;
      source_language: string | null;
      target_language: string;
      status: 'open' | 'in-progress' | 'done' | 'waived';
      assignee_user_id: string | null;
      note: string | null;
      satisfied_by: 'task' | 'attachment' | null;
      obsolete: Bool;
      version: number;
      created_at: string;
      updated_at: string;
      updated_by: string | null;
    };
  }
}
