import type { Role, TokenScope } from '@comity/contracts';

/**
 * Every permission a route can declare. `scope` says which API-token scope grants it, so a
 * read-only token can never write, whatever the user's roles.
 */
export const permissionCatalogue = {
  'me.read': { scope: 'read', description: 'Read own profile' },
  'token.manage': { scope: 'write', description: 'Create and revoke own API tokens' },
  'notification.manage': {
    scope: 'write',
    description: 'Set own notification preferences, mark own notifications read, keep own saved inbox views',
  },
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
  'request.submit': {
    scope: 'write',
    description: 'Submit drafts for approval, amend, answer for more information',
  },
  'request.approve': {
    scope: 'write',
    description: 'Approve or return requests drafted by others (four eyes)',
  },
  'request.validate': {
    scope: 'write',
    description: 'Validate requests as a judicial authority (EIO Art. 2(c)(ii))',
  },
  'request.transmit': { scope: 'write', description: 'Transmit approved requests, withdraw and close them' },
  'request.receive': {
    scope: 'write',
    description: 'Acknowledge, assess and decide on incoming requests; assign execution tasks',
  },
  'request.execute': { scope: 'write', description: 'Execute incoming requests and return results' },
  'task.update': { scope: 'write', description: 'Update execution and translation tasks of my agency' },
  // Messaging, dissemination control and evidence.
  'thread.read': {
    scope: 'read',
    description: 'Read threads of my agency and their messages my labels allow',
  },
  'thread.post': {
    scope: 'write',
    description: 'Open threads, post, edit, forward and mark messages read; ask originators for permission',
  },
  'permission.decide': {
    scope: 'write',
    description: 'Grant or refuse permission requests to my agency as originator',
  },
  'evidence.read': {
    scope: 'read',
    description: 'Read and download evidence items my agency holds or received',
  },
  'evidence.create': { scope: 'write', description: 'Record evidence items and upload their files' },
  'evidence.transfer': { scope: 'write', description: 'Transfer, receive and seal evidence items' },
  'evidence.export': {
    scope: 'write',
    description: 'Export evidence packages (files, signed manifest, custody report)',
  },
  'federation.read': { scope: 'read', description: 'Read partner nodes, delivery queue and receipts' },
  'federation.manage': {
    scope: 'admin',
    description: 'Add, confirm, suspend partner nodes; retry deliveries',
  },
} as const satisfies Record<string, { scope: TokenScope; description: string }>;

export type Permission = keyof typeof permissionCatalogue;
/** Routes that need no signed-in user declare this instead of a permission. */
export const PUBLIC = 'public' as const;
export type RoutePermission = Permission | typeof PUBLIC | 'authenticated';

const everyone: Permission[] = [
  'me.read',
  'token.manage',
  'notification.manage',
  'jurisdiction.read',
  'agency.read',
  'legal.read',
];
const caseWork: Permission[] = ['case.read', 'case.create', 'case.update'];
// Messaging and evidence go with case work.
caseWork.push(
  'thread.read',
  'thread.post',
  'permission.decide',
  'evidence.read',
  'evidence.create',
  'evidence.transfer',
  'evidence.export',
);
const requestWork: Permission[] = ['request.read', 'request.draft', 'request.update'];
// Request lifecycle: approval by supervisors and prosecutors (four eyes), validation by
// prosecutors (EIO Art. 2(c)(ii)), receipt and assessment by central authorities and prosecutors.
const lifecycleOf: Record<'investigator' | 'prosecutor' | 'caseworker' | 'supervisor', Permission[]> = {
  investigator: ['request.submit', 'request.transmit', 'request.execute', 'task.update'],
  prosecutor: [
    'request.submit',
    'request.approve',
    'request.validate',
    'request.transmit',
    'request.receive',
    'request.execute',
    'task.update',
  ],
  caseworker: ['request.submit', 'request.transmit', 'request.receive', 'request.execute', 'task.update'],
  supervisor: [
    'request.submit',
    'request.approve',
    'request.transmit',
    'request.receive',
    'request.execute',
    'task.update',
  ],
};

export const rolePermissions: Record<Role, readonly Permission[]> = {
  investigator: [...everyone, ...caseWork, ...requestWork, ...lifecycleOf.investigator],
  prosecutor: [...everyone, ...caseWork, ...requestWork, ...lifecycleOf.prosecutor],
  'central-authority-caseworker': [...everyone, ...caseWork, ...requestWork, ...lifecycleOf.caseworker],
  supervisor: [...everyone, ...caseWork, ...requestWork, 'user.read', ...lifecycleOf.supervisor],
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
    'federation.read',
    'federation.manage',
  ],
  trainer: [...everyone, 'user.read'],
};

/**
 * What reaches the whole node, both worlds at once: its federation partners and keys (and the
 * traffic the dashboard lists), the legal registry every check reads, the jurisdictions both worlds
 * share. Exercise accounts, whose password is published, hold none of it on a node that also has
 * accounts in operational agencies (identity/auth.service.ts).
 */
export const NODE_WIDE_PERMISSIONS: readonly Permission[] = [
  'federation.read',
  'federation.manage',
  'legal.manage',
  'jurisdiction.manage',
];

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

/** Whether the roles hold any permission of `scope` itself: a token scope that grants nothing is refused. */
export function rolesReachScope(roles: readonly Role[], scope: TokenScope): boolean {
  return roles.some((role) =>
    (rolePermissions[role] ?? []).some((p) => permissionCatalogue[p].scope === scope),
  );
}

export const isPermission = (p: string): p is Permission => p in permissionCatalogue;
