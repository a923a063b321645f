import net from 'node:net';
import { expect } from 'vitest';
import type { Clock } from '../../src/platform/clock.ts';
import { FaultProxy } from '../federation-harness/fault-proxy.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

/** Delivery settings that converge in test time (retries in ms, breaker cooldown short). */
export const FAST_FEDERATION_ENV: Record<string, string> = {
  COMITY_FEDERATION_RETRY_BASE_MS: '50',
  COMITY_FEDERATION_RETRY_CAP_MS: '400',
  COMITY_FEDERATION_BREAKER_FAILURES: '5',
  COMITY_FEDERATION_BREAKER_COOLDOWN_MS: '300',
  COMITY_FEDERATION_TIMEOUT_MS: '5000',
};

export interface FederatedTestNode extends TestNode {
  name: string;
  /** Where the node really listens. */
  port: number;
  /** Its public URL: a fault proxy in front of it, so tests can cut it off from its partners. */
  proxy: FaultProxy;
  baseUrl: string;
  agencyId: string;
  admin: TestClient;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A real node in this process (real storage, both engines) listening on 127.0.0.1 behind its own
 * fault proxy, with one agency, a signed-in administrator, and its federation workers running.
 */
export async function startFederatedNode(
  name: string,
  o: { jurisdiction?: string; env?: Record<string, string>; clock?: Clock; demo?: boolean } = {},
): Promise<FederatedTestNode> {
  const port = await freePort();
  const proxy = new FaultProxy(port);
  await proxy.listen();
  const t = await startTestNode({
    clock: o.clock,
    demo: o.demo,
    env: {
      COMITY_PUBLIC_URL: proxy.url,
      COMITY_NODE_NAME: name,
      ...FAST_FEDERATION_ENV,
      ...o.env,
    },
  });
  await t.app.listen({ port, host: '127.0.0.1' });
  const agency = await buildAgency(t.node, {
    jurisdiction: o.jurisdiction ?? 'FR',
    kind: 'central-authority',
    name: `${name} central authority`,
  });
  const user = await buildUser(t.node, { agencyId: agency.id, roles: ['administrator'] });
  const admin = new TestClient(t.app, o.clock);
  await admin.signInWithMfa(user.email);
  await t.node.federation.start();
  return {
    ...t,
    name,
    port,
    proxy,
    baseUrl: proxy.url,
    agencyId: agency.id,
    admin,
    async close() {
      await t.close();
      await proxy.close();
    },
  };
}

/** Partners `a` with `b` through the admin API, comparing the fingerprint as two administrators would. */
export async function partner(a: FederatedTestNode, b: FederatedTestNode): Promise<string> {
  const added = await a.admin.post('/api/federation/partners', { baseUrl: b.baseUrl });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  expect(added.body.data.status).toBe('pending');
  const theirs = await b.admin.get('/api/federation/status');
  // Read out over the telephone: the same 16 groups on both screens.
  expect(added.body.data.fingerprint).toBe(theirs.body.node.fingerprint);
  const confirmed = await a.admin.post(`/api/federation/partners/${added.body.data.id}/confirm`, {
    fingerprint: theirs.body.node.fingerprint,
  });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  expect(confirmed.body.data.status).toBe('active');
  return added.body.data.id as string;
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The ping rows a node processed from one sender and conversation, in processing order. */
export async function processedPings(node: TestNode, senderNode: string, conversationId: string) {
  return node.node.database.db
    .selectFrom('federation_ping')
    .select(['envelope_id', 'sequence'])
    .where('sender_node', '=', senderNode)
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .execute();
}
