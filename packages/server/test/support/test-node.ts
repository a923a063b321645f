import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type ComityNode, openNode } from '../../src/node.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createTestStorage, type TestStorage } from './test-database.ts';

export interface TestNode {
  node: ComityNode;
  app: FastifyInstance;
  storage: TestStorage;
  close(): Promise<void>;
  /** Stops this node (as a restart would) and opens a new one on the same storage and options. */
  reopen(changed?: TestNodeOptions): Promise<TestNode>;
}

export interface TestNodeOptions {
  demo?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
  authRateLimit?: number;
}

/** A real node (real database, real HTTP stack via inject) on fresh storage. */
export async function startTestNode(opts: TestNodeOptions = {}): Promise<TestNode> {
  return openTestNode(await createTestStorage(), opts);
}

async function openTestNode(storage: TestStorage, opts: TestNodeOptions): Promise<TestNode> {
  const config = loadConfig(
    {
      COMITY_DATA_DIR: storage.dataDir,
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
      COMITY_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      COMITY_DEMO_PASSWORD: 'exercise-password-2026',
      ...opts.env,
    },
    { demo: opts.demo },
  );
  const node = await openNode(config, { clock: opts.clock });
  const app = await buildApp(node, { authRateLimit: opts.authRateLimit ?? 10_000, webDist: '/nonexistent' });
  await app.ready();
  return {
    node,
    app,
    storage,
    async close() {
      await app.close();
      await node.close();
      await storage.drop();
    },
    async reopen(changed = {}) {
      await app.close();
      await node.close();
      return openTestNode(storage, { ...opts, ...changed });
    },
  };
}
