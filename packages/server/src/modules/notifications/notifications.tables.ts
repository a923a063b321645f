import type { NotificationKind } from '@comity/contracts';
import type { Bool } from '../../platform/db/schema.ts';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    notification: {
      id: string;
      user_id: string;
      agency_id: string;
      request_id: string | null;
      kind: NotificationKind;
      /** Neutral reference (REQ-…): never operational details. */
      reference: string;
      link: string;
      /** Unique: a job that runs twice notifies once. */
      dedupe_key: string;
      created_at: string;
      read_at: string | null;
    };
    notification_preference: {
      user_id: string;
      email: Bool;
      /** JSON array of notification kinds that also go by e-mail. */
      email_kinds: string;
      digest: 'off' | 'daily';
      updated_at: string;
    };
  }
}
