import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Sha256Worker } from '../../../src/platform/blobs/sha256-worker.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('SHA-256 on a worker thread', () => {
  let hasher: Sha256Worker | undefined;
  afterEach(async () => {
    await hasher?.close();
  });

  it('hashes chunks of any size, several sessions at once', async () => {
    hasher = new Sha256Worker();
    const a = randomBytes(3 * 1024 * 1024 + 17);
    const b = randomBytes(1000);
    const [sa, sb] = [hasher.session(), hasher.session()];
    for (let off = 0; off < a.length; off += 300_000) await sa.update(a.subarray(off, off + 300_000));
    await sb.update(b);
    expect(await sb.digest()).toBe(sha256(b));
    expect(await sa.digest()).toBe(sha256(a));
  });

  it('fails the sessions of a worker that exits, and the next session starts a fresh worker', async () => {
    hasher = new Sha256Worker();
    const inFlight = hasher.session();
    await inFlight.update(randomBytes(5 * 1024 * 1024));
    await hasher.close();
    await expect(inFlight.digest()).rejects.toThrow(/SHA-256 worker/);
    const next = hasher.session();
    const bytes = randomBytes(2 * 1024 * 1024);
    await next.update(bytes);
    expect(await next.digest()).toBe(sha256(bytes));
  });
});
