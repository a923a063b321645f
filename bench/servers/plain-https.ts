import fs from 'node:fs';
import Fastify from 'fastify';

// P6 baseline: a bare Fastify HTTPS server (same certificate) that takes a JSON POST and answers
// 202, with no signature, no encryption and no storage.
const app = Fastify({
  https: { cert: fs.readFileSync(process.env.BENCH_CERT!), key: fs.readFileSync(process.env.BENCH_KEY!) },
  bodyLimit: 2 * 1024 * 1024,
});
let received = 0;
app.post('/ingest', async (req, reply) => {
  if (req.body && typeof req.body === 'object') received++;
  return reply.code(202).send({ ok: true });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }));
process.on('SIGTERM', async () => {
  console.error(`  baseline server received ${received} payloads`);
  await app.close();
  process.exit(0);
});
