import type { Bool } from '../../platform/db/schema.ts';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    thread: {
      id: string;
      subject: string;
      request_id: string | null;
      case_id: string | null;
      agency_id: string;
      /** JSON Labels: the thread's default labels for new messages. */
      labels: string;
      exercise: Bool;
      created_by: string;
      created_at: string;
      updated_at: string;
    };
    thread_participant: { thread_id: string; agency_id: string; added_at: string };
    message: {
      id: string;
      thread_id: string;
      kind: string;
      body: string;
      search: string;
      mentions: string;
      attachments: string;
      labels: string;
      forwarded_from: string | null;
      author_id: string;
      author_agency_id: string;
      revision: number;
      created_at: string;
      edited_at: string | null;
    };
    message_revision: {
      id: string;
      message_id: string;
      revision: number;
      body: string;
      edited_by: string;
      edited_at: string;
    };
    message_read: { message_id: string; user_id: string; read_at: string };
    permission_request: {
      id: string;
      kind: 'forward' | 'judicial';
      object_type: 'message' | 'evidence';
      object_id: string;
      originator_agency_id: string;
      requester_agency_id: string;
      target_agency_id: string;
      target_thread_id: string | null;
      reason: string;
      status: 'pending' | 'granted' | 'refused';
      created_by: string;
      created_at: string;
      decided_by: string | null;
      decided_at: string | null;
      decision_note: string | null;
    };
  }
}
