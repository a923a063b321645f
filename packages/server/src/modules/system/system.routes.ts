import { HealthResponse, ReadyResponse, ServerInfo } from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { pendingMigrations } from '../../platform/db/migrator.ts';

export interface SystemDeps {
  database: Database;
  info: { version: string; demo: boolean; nodeId: string; nodeName: string };
}

export async function systemRoutes(fastify: FastifyInstance, deps: SystemDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['system'];

  app.get(
    '/api/health',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Liveness: the process answers', response: { 200: HealthResponse } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Readiness: database reachable and migrations current',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (_req, reply) => {
      let database: 'ok' | 'unreachable' = 'ok';
      let migrations: 'current' | 'pending' = 'current';
      try {
        await sql`SELECT 1`.execute(deps.database.db);
        if ((await pendingMigrations(deps.database.db)).length) migrations = 'pending';
      } catch {
        database = 'unreachable';
      }
      const ready = database === 'ok' && migrations === 'current';
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not-ready', database, migrations, engine: deps.database.engine });
    },
  );

  app.get(
    '/api/info',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Name, version and mode of this node', response: { 200: ServerInfo } },
    },
    async () => ({ name: 'Comity' as const, ...deps.info }),
  );
}
