import fs from 'node:fs';
import path from 'node:path';
import { CliError } from './errors.ts';
import {
  type Actor,
  type AuditLog,
  BootstrapService,
  type ComityNode,
  type Config,
  createLogger,
  DirectoryService,
  loadConfig,
  openNode,
  permissionsFor,
  type RequestMeta,
  systemMeta,
  TokensService,
  UsersService,
} from './server.ts';

export interface GlobalOptions {
  demo?: boolean;
}

/**
 * The same configuration the server reads (COMITY_DATA_DIR, DATABASE_URL, …). With `--demo`
 * the data directory defaults to ./data-demo, as for `npm run demo`.
 */
export function cliConfig(opts: GlobalOptions = {}): Config {
  return loadConfig(process.env, { demo: Boolean(opts.demo) });
}

export const sqliteFile = (config: Config): string => path.join(config.dataDir, 'comity.sqlite');

/** Refuses to make a fresh, empty database by accident (a mistyped COMITY_DATA_DIR). */
export function requireExistingDatabase(config: Config): void {
  if (config.engine === 'sqlite' && !fs.existsSync(sqliteFile(config))) {
    if (config.demo) {
      throw new CliError(
        `No demo database in ${config.dataDir} (COMITY_DATA_DIR): start the demo once with \`npm run demo\`.`,
      );
    }
    throw new CliError(
      `No Comity database in ${config.dataDir} (COMITY_DATA_DIR). Start the server once, or run \`comity migrate\`, or \`comity admin create\` for a new node.`,
    );
  }
}

/** Every CLI call is one "request": the audit events it writes share this meta. */
export const cliMeta: RequestMeta = { ...systemMeta };

/**
 * The CLI acts as the node itself, the way the first start and the demo seed do: its audit events
 * have no actor user and say `via: "cli"` (whoever has a shell on the node can do all of this
 * anyway). Some service methods (list, lock, unlock, reset MFA) require an `Actor`; they get
 * `nodeAdministrator`, an administrator-role actor that stands for the node and is recorded in
 * the audit log as the node (actor null), never under a made-up user id.
 */
export interface CliServices {
  audit: AuditLog;
  directory: DirectoryService;
  users: UsersService;
  tokens: TokensService;
  bootstrap: BootstrapService;
  /** The actor passed to service methods that require one. */
  nodeAdministrator: Actor;
}

export function nodeAdministratorFor(nodeId: string): Actor {
  return {
    userId: nodeId,
    agencyId: nodeId,
    jurisdiction: '',
    roles: ['administrator'],
    clearance: 0,
    exercise: false,
    permissions: permissionsFor(['administrator']),
    via: { kind: 'session', sessionId: 'cli' },
  };
}

/** An actor for a real user, for services that act on the caller's own objects (API tokens). */
export function actorForUser(u: {
  id: string;
  agencyId: string;
  jurisdiction: string;
  roles: Actor['roles'];
  clearance: number;
  exercise: boolean;
}): Actor {
  return {
    userId: u.id,
    agencyId: u.agencyId,
    jurisdiction: u.jurisdiction,
    roles: u.roles,
    clearance: u.clearance,
    exercise: u.exercise,
    permissions: permissionsFor(u.roles),
    via: { kind: 'session', sessionId: 'cli' },
  };
}

type AuditWho = Parameters<AuditLog['append']>[1];
type AuditInput = Parameters<AuditLog['append']>[2];

/**
 * The node's audit log, with every event recorded as done by the node through the CLI: actor
 * null, `details.via = "cli"`, and `details.onBehalfOf` when a real user's actor was used (a token
 * minted for them). Everything else goes to the node's one AuditLog (same batcher, same tree).
 */
function cliAuditLog(audit: AuditLog, nodeAdministrator: Actor): AuditLog {
  const rewrite = (who: AuditWho, input: AuditInput): [AuditWho, AuditInput] => {
    const actor = who.actor;
    const onBehalfOf = actor && actor !== nodeAdministrator ? { onBehalfOf: actor.userId } : {};
    return [
      { actor: null, meta: who.meta },
      { ...input, details: { ...input.details, via: 'cli', ...onBehalfOf } },
    ];
  };
  return new Proxy(audit, {
    get(target, prop) {
      if (prop === 'append') {
        return (uow: Parameters<AuditLog['append']>[0], who: AuditWho, input: AuditInput) =>
          target.append(uow, ...rewrite(who, input));
      }
      if (prop === 'record')
        return (who: AuditWho, input: AuditInput) => target.record(...rewrite(who, input));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function cliServices(node: ComityNode): CliServices {
  const nodeAdministrator = nodeAdministratorFor(node.nodeId);
  const audit = cliAuditLog(node.audit, nodeAdministrator);
  const directory = new DirectoryService(node.database, node.gate, audit, node.clock);
  const users = new UsersService(node.database, node.gate, audit, node.clock, node.config.demo);
  return {
    audit,
    directory,
    users,
    tokens: new TokensService(node.database, audit, node.clock),
    bootstrap: new BootstrapService(node.database, directory, users, node.clock),
    nodeAdministrator,
  };
}

export interface OpenOptions extends GlobalOptions {
  /** Allow creating a fresh database (admin create); otherwise one must exist. */
  create?: boolean;
  /** Apply pending migrations first, as the server does at start (default true). */
  migrate?: boolean;
}

/**
 * Opens the node (applying pending migrations, as the server does at start), runs `fn`, then
 * flushes the audit log and closes the database whatever happened.
 */
export async function withNode<T>(
  opts: OpenOptions,
  fn: (node: ComityNode, services: CliServices) => Promise<T>,
): Promise<T> {
  const config = cliConfig(opts);
  if (!opts.create) requireExistingDatabase(config);
  // Logs go to stdout with the server's redaction; the CLI shows warnings and worse by default.
  const log = createLogger(process.env.COMITY_LOG_LEVEL ?? 'warn');
  const node = await openNode(config, { log, migrate: opts.migrate !== false });
  try {
    return await fn(node, cliServices(node));
  } finally {
    await node.close();
  }
}
