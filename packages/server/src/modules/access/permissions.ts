import type { Role, TokenScope } from '@comity/contracts';

/**
 * Every permission a route can declare. `scope` says which API-token scope grants it, so a
 * read-only token can never write, whatever the user's roles.
 */
export const permissionCatalogue = {
  'me.read': { scope: 'read', description: 'Read own profile' },
  'token.manage': { scope: 'write', description: 'Create and revoke own API tokens' },
  'jurisdiction.read': { scope: 'read', description: 'List jurisdictions' },
  'jurisdiction.manage': { scope: 'admin', description: 'Create jurisdictions' },
  'agency.read': { scope: 'read', description: 'Read the agency directory' },
  'agency.manage': { scope: 'admin', description: 'Create and change agencies and units' },
  'user.read': { scope: 'read', description: 'Read user accounts' },
  'user.manage': { scope: 'admin', description: 'Create, change, lock users and reset MFA' },
  'audit.read': { scope: 'audit', description: 'Read audit events and proofs' },
  'audit.verify': { scope: 'audit', description: 'Verify the audit log' },
  'case.read': { scope: 'read', description: 'Read case files' },
  'case.create': { scope: 'write', description: 'Open case files' },
  'case.update': { scope: 'write', description: 'Change case files' },
  'legal.read': { scope: 'read', description: 'Read legal instruments and ask the legal-basis advisor' },
  'legal.manage': { scope: 'admin', description: 'Edit legal instruments (new registry versions)' },
  'request.read': { scope: 'read', description: 'Read requests of my agency that my clearance allows' },
  'request.draft': { scope: 'write', description: 'Draft new requests' },
  'request.update': { scope: 'write', description: 'Change request drafts' },
} as const satisfies Record<string, { scope: TokenScope; description: string }>;

export type Permission = keyof typeof permissionCatalogue;
/** Routes that need no signed-in user declare this instead of a permission. */
export const PUBLIC = 'public' as const;
export type RoutePermission = Permission | typeof PUBLIC | 'authenticated';

const everyone: Permission[] = ['me.read', 'token.manage', 'jurisdiction.read', 'agency.read', 'legal.read'];
const caseWork: Permission[] = ['case.read', 'case.create', 'case.update'];
const requestWork: Permission[] = ['request.read', 'request.draft', 'request.update'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  investigator: [...everyone, ...caseWork, ...requestWork],
  prosecutor: [...everyone, ...caseWork, ...requestWork],
  'central-authority-caseworker': [...everyone, ...caseWork, ...requestWork],
  supervisor: [...everyone, ...caseWork, ...requestWork, 'user.read'],
  'task-force-member': [...everyone, 'case.read'],
  'data-protection-officer': [...everyone, 'audit.read', 'audit.verify', 'user.read'],
  auditor: [...everyone, 'audit.read', 'audit.verify', 'user.read'],
  administrator: [
    ...everyone,
    'jurisdiction.manage',
    'agency.manage',
    'user.read',
    'user.manage',
    'audit.verify',
    'legal.manage',
  ],
  trainer: [...everyone, 'user.read'],
};

/** A token scope grants the permissions of that scope; `write` implies `read`. */
const scopeGrants: Record<TokenScope, readonly TokenScope[]> = {
  read: ['read'],
  write: ['read', 'write'],
  admin: ['read', 'admin'],
  audit: ['read', 'audit'],
};

export function permissionsFor(roles: readonly Role[], scopes?: readonly TokenScope[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const p of rolePermissions[role] ?? []) granted.add(p);
  if (!scopes) return granted;
  const allowedScopes = new Set(scopes.flatMap((s) => scopeGrants[s]));
  return new Set([...granted].filter((p) => allowedScopes.has(permissionCatalogue[p].scope)));
}

export const isPermission = (p: string): p is Permission => p in permissionCatalogue;
