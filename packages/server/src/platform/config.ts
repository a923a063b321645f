import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration is read once from the environment, validated, and frozen. A bad setting stops
 * the process at start with a message naming the variable (never later, never silently).
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  COMITY_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  COMITY_NODE_NAME: z.string().min(1).max(100).default('Comity node'),
  COMITY_PUBLIC_URL: z.url().optional(),
  COMITY_TLS_CERT: z.string().min(1).optional(),
  COMITY_TLS_KEY: z.string().min(1).optional(),
  COMITY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COMITY_DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  COMITY_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  COMITY_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  COMITY_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(10),
  COMITY_WEB_DIST: z.string().min(1).optional(),
  // E-mail notifications: smtp:// or smtps:// URL with credentials; unset = no e-mail.
  COMITY_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  COMITY_MAIL_FROM: z.email('must be an e-mail address').default('comity@localhost'),
  // Federation (docs/federation.md §12): delivery retries, circuit breaker, partner availability.
  COMITY_FEDERATION_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  COMITY_FEDERATION_RETRY_CAP_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(24 * 3_600_000)
    .default(15 * 60_000),
  COMITY_FEDERATION_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  COMITY_FEDERATION_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  COMITY_FEDERATION_UNAVAILABLE_AFTER_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(3_600),
  COMITY_FEDERATION_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  COMITY_FEDERATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  COMITY_FEDERATION_CA_FILE: z.string().min(1).optional(),
  // Mutual TLS between nodes (docs/operations.md): this node's client certificate for outgoing
  // federation requests, and whether incoming federation requests must present one.
  COMITY_FEDERATION_CLIENT_CERT: z.string().min(1).optional(),
  COMITY_FEDERATION_CLIENT_KEY: z.string().min(1).optional(),
  COMITY_FEDERATION_REQUIRE_CLIENT_CERT: z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  engine: 'sqlite' | 'postgres';
  nodeName: string;
  publicUrl: string | undefined;
  tls: { cert: string; key: string } | undefined;
  logLevel: z.infer<typeof EnvSchema>['COMITY_LOG_LEVEL'];
  demo: boolean;
  demoPassword: string | undefined;
  sessionIdleMs: number;
  sessionMaxMs: number;
  checkpointIntervalMs: number;
  webDist: string | undefined;
  /** Outgoing e-mail: only a link and a neutral reference ever leave this way. */
  mail: { smtpUrl: string | undefined; from: string };
  federation: {
    retryBaseMs: number;
    retryCapMs: number;
    breakerFailures: number;
    breakerCooldownMs: number;
    unavailableAfterMs: number;
    /** Deliveries in flight per partner. */
    concurrency: number;
    timeoutMs: number;
    /** Extra CA certificates (PEM file) trusted for partners' HTTPS, besides the system ones. */
    caFile: string | undefined;
    /** This node's TLS client certificate and key (PEM files), presented to partners (mutual TLS). */
    clientCert: { cert: string; key: string } | undefined;
    /**
     * Incoming federation requests (inbox, evidence pulls) must present a client certificate that
     * chains to `caFile`; needs the server's own TLS. RFC 9421 signatures stay mandatory as well.
     */
    requireClientCert: boolean;
  };
}

/**
 * Where people and partner nodes reach this node: COMITY_PUBLIC_URL, else this machine on the port
 * it listens on. Links in notifications and e-mails, and the node document, use it.
 */
export function publicOrigin(config: Pick<Config, 'publicUrl' | 'port' | 'tls'>): string {
  return (config.publicUrl ?? `${config.tls ? 'https' : 'http'}://localhost:${config.port}`).replace(
    /\/$/,
    '',
  );
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { demo?: boolean } = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.COMITY_TLS_CERT) !== Boolean(e.COMITY_TLS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  COMITY_TLS_CERT and COMITY_TLS_KEY must be set together',
    );
  }
  const problems: string[] = [];
  if (Boolean(e.COMITY_FEDERATION_CLIENT_CERT) !== Boolean(e.COMITY_FEDERATION_CLIENT_KEY)) {
    problems.push('COMITY_FEDERATION_CLIENT_CERT and COMITY_FEDERATION_CLIENT_KEY must be set together');
  }
  if (e.COMITY_FEDERATION_REQUIRE_CLIENT_CERT) {
    if (!e.COMITY_TLS_CERT) {
      problems.push(
        'COMITY_FEDERATION_REQUIRE_CLIENT_CERT: needs TLS on this server (COMITY_TLS_CERT, COMITY_TLS_KEY)',
      );
    }
    if (!e.COMITY_FEDERATION_CA_FILE) {
      problems.push(
        'COMITY_FEDERATION_REQUIRE_CLIENT_CERT: needs COMITY_FEDERATION_CA_FILE (the CAs partners’ client certificates chain to)',
      );
    }
  }
  for (const name of [
    'COMITY_FEDERATION_CA_FILE',
    'COMITY_FEDERATION_CLIENT_CERT',
    'COMITY_FEDERATION_CLIENT_KEY',
  ] as const) {
    const file = e[name];
    if (file && !readable(file)) problems.push(`${name}: cannot read ${file}`);
  }
  if (problems.length)
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const demo = Boolean(opts.demo);
  const dataDir = path.resolve(e.COMITY_DATA_DIR ?? (demo ? './data-demo' : './data'));
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    engine: e.DATABASE_URL ? 'postgres' : 'sqlite',
    nodeName: e.COMITY_NODE_NAME,
    publicUrl: e.COMITY_PUBLIC_URL,
    tls:
      e.COMITY_TLS_CERT && e.COMITY_TLS_KEY ? { cert: e.COMITY_TLS_CERT, key: e.COMITY_TLS_KEY } : undefined,
    logLevel: e.COMITY_LOG_LEVEL,
    demo,
    demoPassword: e.COMITY_DEMO_PASSWORD,
    sessionIdleMs: e.COMITY_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.COMITY_SESSION_MAX_HOURS * 3_600_000,
    checkpointIntervalMs: e.COMITY_CHECKPOINT_SECONDS * 1000,
    webDist: e.COMITY_WEB_DIST,
    mail: Object.freeze({ smtpUrl: e.COMITY_SMTP_URL, from: e.COMITY_MAIL_FROM }),
    federation: Object.freeze({
      retryBaseMs: e.COMITY_FEDERATION_RETRY_BASE_MS,
      retryCapMs: Math.max(e.COMITY_FEDERATION_RETRY_CAP_MS, e.COMITY_FEDERATION_RETRY_BASE_MS),
      breakerFailures: e.COMITY_FEDERATION_BREAKER_FAILURES,
      breakerCooldownMs: e.COMITY_FEDERATION_BREAKER_COOLDOWN_MS,
      unavailableAfterMs: e.COMITY_FEDERATION_UNAVAILABLE_AFTER_SECONDS * 1000,
      concurrency: e.COMITY_FEDERATION_CONCURRENCY,
      timeoutMs: e.COMITY_FEDERATION_TIMEOUT_MS,
      caFile: e.COMITY_FEDERATION_CA_FILE,
      clientCert:
        e.COMITY_FEDERATION_CLIENT_CERT && e.COMITY_FEDERATION_CLIENT_KEY
          ? Object.freeze({ cert: e.COMITY_FEDERATION_CLIENT_CERT, key: e.COMITY_FEDERATION_CLIENT_KEY })
          : undefined,
      requireClientCert: e.COMITY_FEDERATION_REQUIRE_CLIENT_CERT,
    }),
  } satisfies Config);
}

function readable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
