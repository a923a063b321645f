import { z } from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok') });
export const ReadyResponse = z.object({
  status: z.enum(['ready', 'not-ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'pending']),
  engine: z.enum(['sqlite', 'postgres']),
});
export const ServerInfo = z.object({
  name: z.literal('Comity'),
  version: z.string(),
  demo: z.boolean(),
  nodeId: z.string(),
  nodeName: z.string(),
});
