import type { Bool } from '../../platform/db/schema.ts';

declare module '../../platform/db/schema.ts' {
  interface Tables {
    jurisdiction: { code: string; name: string; exercise: Bool; created_at: string };
    agency: {
      id: string;
      name: string;
      short_name: string | null;
      kind: string;
      jurisdiction: string;
      parent_id: string | null;
      exercise: Bool;
      created_at: string;
      updated_at: string;
    };
    unit: { id: string; agency_id: string; name: string; created_at: string };
    user_account: {
      id: string;
      email: string;
      display_name: string;
      /** Name and e-mail as the user search compares them (platform/text-search.ts). */
      search_text: string;
      agency_id: string;
      unit_id: string | null;
      roles: string;
      clearance: number;
      languages: string;
      status: 'active' | 'locked' | 'disabled';
      password_hash: string;
      mfa_secret: string | null;
      /** The time step of the last TOTP code used: that step and earlier ones are refused. */
      mfa_used_step: number | null;
      mfa_enrolled: Bool;
      exercise: Bool;
      created_at: string;
      updated_at: string;
      last_login_at: string | null;
    };
    recovery_code: { id: string; user_id: string; code_hash: string; used_at: string | null };
    login_failure: { id: string; user_id: string; at: string };
    /** Failed sign-ins for addresses without an account, by the address's SHA-256. */
    login_failure_unknown: { id: string; address_hash: string; at: string };
    session: {
      id: string;
      user_id: string;
      token_hash: string;
      csrf_token: string;
      state: 'active' | 'mfa-required' | 'mfa-enrolment-required' | 'locked';
      created_at: string;
      last_seen_at: string;
      expires_at: string;
      revoked_at: string | null;
      ip: string | null;
    };
    api_token: {
      id: string;
      user_id: string;
      name: string;
      token_hash: string;
      prefix: string;
      scopes: string;
      created_at: string;
      expires_at: string;
      last_used_at: string | null;
      revoked_at: string | null;
    };
  }
}
