import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { REPLAY_LIMIT } from '../../src/platform/events/domain-events.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

interface Sent {
  id: string | undefined;
  event: string;
  data: string;
}

/** An open /api/events/stream over real HTTP, read as a browser's EventSource reads it. */
async function openStream(base: string, token: string, lastEventId?: string) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/events/stream`, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const sent = (): Sent[] =>
    text
      .split('\n\n')
      .map((block) =>
        Object.fromEntries(
          block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        ),
      )
      .filter((f) => f.event)
      .map((f) => ({ id: f.id, event: f.event as string, data: f.data as string }));
  return {
    /** Reads until `n` events have arrived; returns them all. */
    async take(n: number): Promise<Sent[]> {
      while (sent().length < n) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
      return sent();
    },
    /** Reads until an event named `event` has arrived; returns all events so far. */
    async until(event: string): Promise<Sent[]> {
      while (!sent().some((e) => e.event === event)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
      return sent();
    },
    close: () => abort.abort(),
  };
}

describe('the notification stream (server-sent events)', () => {
  let t: TestNode;
  let base: string;
  let token: string;
  let mine: string;
  let theirs: string;
  let me: TestClient;
  let colleague: TestClient;

  const emit = (type: string, agencyId: string) =>
    inTransaction(t.node.database, (uow) => t.node.events.emit(uow, type, { type }, [agencyId], null));

  beforeAll(async () => {
    t = await startTestNode();
    mine = (await buildAgency(t.node)).id;
    theirs = (await buildAgency(t.node)).id;
    const user = await buildUser(t.node, { agencyId: mine });
    const c = new TestClient(t.app);
    await c.signInWithMfa(user.email);
    me = c;
    colleague = new TestClient(t.app);
    await colleague.signInWithMfa((await buildUser(t.node, { agencyId: mine })).email);
    const created = await c.post('/api/tokens', { name: 'stream', scopes: ['read'], expiresInDays: 1 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    token = created.body.token;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('pushes the events of the caller’s agency once committed, and no other agency’s', async () => {
    const s = await openStream(base, token);
    await emit('a.other', theirs);
    await emit('a.mine', mine);
    expect((await s.take(1)).map((e) => e.event)).toEqual(['a.mine']);
    s.close();
  });

  it('tells the reader which events record their own actions, and of the others nobody', async () => {
    const s = await openStream(base, token);
    const open = async (c: TestClient, reference: string) =>
      expect((await c.post('/api/cases', { reference, title: 'Fraud', classification: 0 })).status).toBe(201);
    await open(me, 'MINE-1');
    await open(colleague, 'THEIRS-1');
    const got = (await s.take(2)).map((e) => JSON.parse(e.data));
    expect(got.map((d) => [d.payload.reference, d.mine])).toEqual([
      ['MINE-1', true],
      ['THEIRS-1', undefined],
    ]);
    // Nobody's id travels with the event.
    expect(JSON.stringify(got)).not.toMatch(/actor/i);
    s.close();
  });

  it('a browser that reconnects with Last-Event-ID is sent what it missed, in order, then live events, none twice', async () => {
    const first = await openStream(base, token);
    await emit('b.one', mine);
    const [seen] = await first.take(1);
    first.close();
    // While it is away: two of its agency's events and one of another's.
    await emit('b.two', mine);
    await emit('b.other', theirs);
    await emit('b.three', mine);
    const again = await openStream(base, token, seen!.id);
    await emit('b.four', mine);
    const got = await again.until('b.four');
    expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
    const missed = got.filter((e) => e.event.startsWith('b.'));
    expect(missed.map((e) => e.event)).toEqual(['b.two', 'b.three', 'b.four']);
    // On PostgreSQL the replay first holds the agency's events written just before the last one seen
    // (one may have committed after it, see the next test), which the browser drops if it has them.
    const earlier = got.slice(0, got.indexOf(missed[0]!));
    if (engineName() === 'sqlite') expect(earlier).toEqual([]);
    expect(got.slice(got.indexOf(missed[0]!))).toEqual(missed);
    again.close();
  });

  it.runIf(engineName() === 'postgres')(
    'an event that commits after a later-numbered one the browser saw is still replayed to it',
    async () => {
      // Transaction A writes its event and stays open; B writes one (numbered after A's) and
      // commits; the browser sees B's, then loses its stream; then A commits.
      let commitA!: () => void;
      let written!: () => void;
      const aWritten = new Promise<void>((r) => (written = r));
      const a = inTransaction(t.node.database, async (uow) => {
        await t.node.events.emit(uow, 'e.late', {}, [mine], null);
        written();
        await new Promise<void>((r) => (commitA = r));
      });
      await aWritten;
      const first = await openStream(base, token);
      await emit('e.early', mine);
      const [seen] = await first.take(1);
      expect(seen!.event).toBe('e.early');
      first.close();
      commitA();
      await a;
      const again = await openStream(base, token, seen!.id);
      await emit('e.live', mine);
      const got = (await again.until('e.live')).map((e) => e.event).filter((e) => e.startsWith('e.'));
      expect(got).toEqual(['e.late', 'e.live']);
      again.close();
    },
  );

  it('an unknown or malformed Last-Event-ID replays nothing', async () => {
    for (const last of ['0190a3f0-0000-7000-8000-000000000000', 'not-an-id']) {
      const s = await openStream(base, token, last);
      await emit(`c.live.${last.length}`, mine);
      expect((await s.take(1)).map((e) => e.event)).toEqual([`c.live.${last.length}`]);
      s.close();
    }
  });

  it('a browser that missed more than a replay holds is told to reload (resync), then gets live events', async () => {
    const first = await openStream(base, token);
    await emit('d.seen', mine);
    const [seen] = await first.take(1);
    first.close();
    for (let i = 0; i <= REPLAY_LIMIT; i++) await emit(`d.missed.${i}`, mine);
    const again = await openStream(base, token, seen!.id);
    await emit('d.live', mine);
    const got = await again.until('d.live');
    expect(got[0]).toMatchObject({ id: undefined, event: 'resync' });
    // The replay's whole budget goes to events after the last one seen, oldest first.
    const missed = got.filter((e) => e.event.startsWith('d.missed.')).map((e) => e.event);
    expect(missed).toHaveLength(REPLAY_LIMIT);
    expect(missed.slice(0, 2)).toEqual(['d.missed.0', 'd.missed.1']);
    expect(got.at(-1)!.event).toBe('d.live');
    again.close();
  });
});
