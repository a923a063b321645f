import { afterEach, describe, expect, it, vi } from 'vitest';
import { request } from '../../src/api/client.ts';
import { session } from '../../src/api/session.ts';

describe('Idempotency-Keys on unsafe calls', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends a call that got no answer again under the same key, and a new call under a new one', async () => {
    session.setCsrfToken('csrf');
    const keys: (string | null)[] = [];
    const answers: (() => Response)[] = [
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => new Response('', { status: 504 }),
      () => Response.json({ data: { id: 1 } }, { status: 201 }),
      () => Response.json({ data: { id: 2 } }, { status: 201 }),
      () => Response.json({ data: { id: 3 } }, { status: 201 }),
      () => Response.json({}, { status: 200 }),
    ];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      keys.push(new Headers(init.headers).get('idempotency-key'));
      return answers.shift()!();
    });
    const post = (body: unknown, path = '/api/threads') => request('POST', path, { body });
    await expect(post({ text: 'hello' })).rejects.toThrow();
    await expect(post({ text: 'hello' })).rejects.toThrow();
    await post({ text: 'hello' });
    // Answered: the same call again is a new one.
    await post({ text: 'hello' });
    await post({ text: 'another' });
    await post({ email: 'a@b.example', password: 'secret' }, '/api/auth/login');
    const [lost, gateway, answered, again, other, signIn] = keys;
    expect(lost).toMatch(/^[0-9a-f]{32}$/);
    expect(gateway).toBe(lost);
    expect(answered).toBe(lost);
    expect(again).not.toBe(lost);
    expect(other).not.toBe(again);
    expect(signIn).toBeNull();
  });
});
