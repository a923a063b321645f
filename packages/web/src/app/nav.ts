import { k } from '../i18n/index.ts';

export type NavGroup = 'work' | 'administration' | 'oversight' | 'account';

export interface NavItem {
  to: string;
  /** Catalogue key of the label. */
  labelKey: string;
  /** Shown only to users holding this permission (from GET /api/me). */
  permission: string;
  group: NavGroup;
}

export const navGroups: { group: NavGroup; labelKey: string }[] = [
  { group: 'work', labelKey: k('nav.group.work') },
  { group: 'administration', labelKey: k('nav.group.administration') },
  { group: 'oversight', labelKey: k('nav.group.oversight') },
  { group: 'account', labelKey: k('nav.group.account') },
];

/**
 * The navigation, one line per section, in display order. Sections that do not exist yet are not
 * listed (hidden, never dead links); each is one line to add with its route in router.tsx:
 *   { to: '/task-forces', labelKey: k('nav.taskForces'), permission: 'taskforce.read', group: 'work' },
 *   { to: '/dashboards', labelKey: k('nav.dashboards'), permission: 'metrics.read', group: 'work' },
 */
export const navItems: NavItem[] = [
  { to: '/', labelKey: k('nav.home'), permission: '', group: 'work' },
  { to: '/inbox', labelKey: k('nav.inbox'), permission: 'request.read', group: 'work' },
  { to: '/requests', labelKey: k('nav.requests'), permission: 'request.read', group: 'work' },
  { to: '/approvals', labelKey: k('nav.approvals'), permission: 'request.approve', group: 'work' },
  { to: '/tasks', labelKey: k('nav.tasks'), permission: 'task.update', group: 'work' },
  { to: '/cases', labelKey: k('nav.cases'), permission: 'case.read', group: 'work' },
  { to: '/messages', labelKey: k('nav.messages'), permission: 'thread.read', group: 'work' },
  { to: '/evidence', labelKey: k('nav.evidence'), permission: 'evidence.read', group: 'work' },
  { to: '/instruments', labelKey: k('nav.instruments'), permission: 'legal.read', group: 'work' },
  { to: '/directory', labelKey: k('nav.directory'), permission: 'agency.read', group: 'work' },
  { to: '/admin/agencies', labelKey: k('nav.agencies'), permission: 'agency.read', group: 'administration' },
  { to: '/admin/users', labelKey: k('nav.users'), permission: 'user.read', group: 'administration' },
  {
    to: '/admin/federation',
    labelKey: k('federation.nav'),
    permission: 'federation.read',
    group: 'administration',
  },
  { to: '/audit', labelKey: k('nav.audit'), permission: 'audit.read', group: 'oversight' },
  {
    to: '/account/notifications',
    labelKey: k('nav.notifications'),
    permission: 'notification.manage',
    group: 'account',
  },
  { to: '/account/tokens', labelKey: k('nav.tokens'), permission: 'token.manage', group: 'account' },
];

export const visibleNav = (permissions: readonly string[]): NavItem[] =>
  navItems.filter((item) => item.permission === '' || permissions.includes(item.permission));
