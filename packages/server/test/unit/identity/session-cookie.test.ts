import { describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../../src/modules/identity/auth.hook.ts';

describe('the session cookie name', () => {
  it('differs between nodes on one host, which browsers do not tell apart by port', () => {
    expect(sessionCookieName({ port: 8080 })).toBe('__Host-comity-session-8080');
    expect(sessionCookieName({ port: 8081 })).toBe('__Host-comity-session-8081');
    expect(sessionCookieName({ port: 3000, publicUrl: 'http://127.0.0.1:8180' })).toBe(
      '__Host-comity-session-8180',
    );
  });

  it('is the plain name for a node on its scheme’s default port', () => {
    expect(sessionCookieName({ port: 3000, publicUrl: 'https://comity.justice.example' })).toBe(
      '__Host-comity-session',
    );
  });
});
