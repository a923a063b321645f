import { buildApp } from './app.ts';
import { seedDemoWorld } from './modules/demo/demo.service.ts';
import { type ComityNode, openNode } from './node.ts';
import { ConfigError, loadConfig } from './platform/config.ts';

/**
 * `npm start` / `npm run demo`: one process serving the API and the web app. Config errors name
 * the setting and exit non-zero; SIGINT/SIGTERM stop accepting requests, finish those in flight,
 * flush the audit log and close the database.
 */
async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, { demo });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }

  const node: ComityNode = await openNode(config);
  const log = node.log;
  const app = await buildApp(node, {
    authRateLimit: process.env.COMITY_AUTH_RATE_LIMIT
      ? Number(process.env.COMITY_AUTH_RATE_LIMIT)
      : undefined,
  });

  const lines: string[] = [];
  if (demo) {
    const { password } = await seedDemoWorld(node);
    lines.push(
      '  EXERCISE DATA — demo mode. Every demo account uses the password:',
      `      ${password}`,
      '  List the accounts with: npx comity demo accounts',
    );
  } else {
    const code = await node.bootstrap.issueCode();
    if (code) {
      lines.push(
        '  This node has no administrator yet. Either open the web app and use this one-time setup code:',
        `      ${code}`,
        '  or run: npx comity admin create --email you@agency.example --name "Your Name" --agency "Your agency" --kind central-authority --jurisdiction FR',
      );
    }
  }

  await node.jobs.assertHandlersFor();
  await node.lifecycle.digest.schedule();
  node.jobs.start();
  await node.federation.start();
  const checkpointTimer = setInterval(
    () => void node.audit.checkpoint().catch((e) => log.error({ err: e }, 'checkpoint failed')),
    config.checkpointIntervalMs,
  );

  await app.listen({ port: config.port, host: config.host });
  const scheme = config.tls ? 'https' : 'http';
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  console.log(
    [
      '',
      `  Comity is running on ${scheme}://localhost:${port}  (${config.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})`,
      `  API reference: ${scheme}://localhost:${port}/api/docs`,
      ...lines,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    clearInterval(checkpointTimer);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await node.audit.checkpoint();
      await node.close();
      process.exit(0);
    } catch (e) {
      log.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
