import { roles } from '@comity/contracts';
import { describe, expect, it } from 'vitest';
import {
  permissionCatalogue,
  permissionsFor,
  rolePermissions,
} from '../../../src/modules/access/permissions.ts';

describe('roles and token scopes', () => {
  it('every role grants only catalogued permissions', () => {
    for (const role of roles)
      for (const p of rolePermissions[role]) expect(permissionCatalogue).toHaveProperty(p);
  });
  it('investigators work cases but do not read the audit log; auditors the reverse', () => {
    const inv = permissionsFor(['investigator']);
    expect(inv.has('case.read')).toBe(true);
    expect(inv.has('audit.read')).toBe(false);
    const aud = permissionsFor(['auditor']);
    expect(aud.has('audit.read')).toBe(true);
    expect(aud.has('case.read')).toBe(false);
  });
  it('a token scope narrows the roles and never widens them', () => {
    const read = permissionsFor(['investigator'], ['read']);
    expect(read.has('case.read')).toBe(true);
    expect(read.has('case.create')).toBe(false);
    const admin = permissionsFor(['investigator'], ['admin']);
    expect(admin.has('user.manage')).toBe(false);
    const write = permissionsFor(['investigator'], ['write']);
    expect(write.has('case.create')).toBe(true);
  });
});
