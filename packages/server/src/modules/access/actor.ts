import type { Role, TokenScope } from '@comity/contracts';
import type { Permission } from './permissions.ts';

/** Who is acting, as resolved from a session or an API token. Passed to every service call. */
export interface Actor {
  userId: string;
  agencyId: string;
  jurisdiction: string;
  roles: readonly Role[];
  clearance: number;
  /**
   * The world the actor works in: its agency's, exercise or operational. What it makes is marked
   * so, and goes only to agencies of that world (exercise-world.ts). Whether the account itself is
   * a demo account (shared password, demo mode only) is the account's own flag, not this.
   */
  exercise: boolean;
  /** Effective permissions: the roles' permissions, narrowed by a token's scopes. */
  permissions: ReadonlySet<Permission>;
  via:
    | { kind: 'session'; sessionId: string }
    | { kind: 'token'; tokenId: string; scopes: readonly TokenScope[] };
}

/** Where a call comes from; every audit event records it. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
  sessionId: string | null;
  /** Why the caller reads the data (LED Art. 25(1)); header `x-comity-purpose`. */
  purpose: string | null;
}

export const systemMeta: RequestMeta = { ip: null, requestId: null, sessionId: null, purpose: null };
