import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblems, verifyPassword } from '../../../src/modules/identity/passwords.ts';
import { normaliseRecoveryCode, recoveryCodes } from '../../../src/modules/identity/secrets.ts';

describe('password policy', () => {
  it('accepts a long uncommon passphrase', () => {
    expect(
      passwordProblems('violet-harbour-tram-1987', {
        email: 'anna.weber@bka.example',
        displayName: 'Anna Weber',
      }),
    ).toEqual([]);
  });
  it('says why it refuses', () => {
    expect(passwordProblems('short')).toContain('Use at least 12 characters.');
    expect(passwordProblems('password1234').join(' ')).toMatch(/common/);
    expect(passwordProblems('aaaaaaaaaaaaaaa')).toContain('Use more different characters.');
    expect(passwordProblems('anna.weber-rocks-2026', { email: 'anna.weber@bka.example' })).toContain(
      'Do not include your email address.',
    );
    expect(passwordProblems('my-name-is-weber-ok', { displayName: 'Anna Weber' })).toContain(
      'Do not include your name.',
    );
  });
  it('hashes with argon2id and never truncates', async () => {
    const long = `${'x'.repeat(200)}-tail-A`;
    const hash = await hashPassword(long);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, long)).toBe(true);
    expect(await verifyPassword(hash, `${'x'.repeat(200)}-tail-B`)).toBe(false);
    expect(await verifyPassword('not-a-hash', long)).toBe(false);
  });
});

describe('recovery codes', () => {
  it('are ten distinct readable codes, typed loosely', () => {
    const codes = recoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(normaliseRecoveryCode(' K7Q2-9XVD-PH3M ')).toBe('k7q29xvdph3m');
  });
});
