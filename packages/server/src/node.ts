import type { Logger } from 'pino';
import { AccessGate } from './modules/access/access-gate.ts';
import type { Actor } from './modules/access/actor.ts';
import { registerAuditRules } from './modules/audit/audit.policy.ts';
import { AuditLog } from './modules/audit/audit.service.ts';
import { registerCaseRules } from './modules/cases/cases.policy.ts';
import { CasesService } from './modules/cases/cases.service.ts';
import { CompetenceService } from './modules/directory/competence.service.ts';
import { RecipientsService } from './modules/directory/recipients.service.ts';
import { createEvidenceModule, type EvidenceModule } from './modules/evidence/evidence.module.ts';
import { Federation } from './modules/federation/federation.service.ts';
import { sessionCookieName } from './modules/identity/auth.hook.ts';
import { AuthService } from './modules/identity/auth.service.ts';
import { BootstrapService } from './modules/identity/bootstrap.service.ts';
import { DirectoryService } from './modules/identity/directory.service.ts';
import { registerIdentityRules } from './modules/identity/identity.policy.ts';
import { identityRepository } from './modules/identity/identity.repository.ts';
import { TokensService } from './modules/identity/tokens.service.ts';
import { UsersService } from './modules/identity/users.service.ts';
import { LegalService } from './modules/legal/legal.service.ts';
import { createMessagingModule } from './modules/messaging/messaging.module.ts';
import type { MessagingService } from './modules/messaging/messaging.service.ts';
import {
  createLifecycleModule,
  type LifecycleModule,
} from './modules/requests/lifecycle/lifecycle.module.ts';
import { registerRequestRules } from './modules/requests/requests.policy.ts';
import { RequestsService } from './modules/requests/requests.service.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { NodeKeys } from './platform/crypto/node-keys.ts';
import { type Database, openDatabase } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrator.ts';
import { DomainEvents } from './platform/events/domain-events.ts';
import { PgEventRelay } from './platform/events/pg-event-relay.ts';
import { JobQueue } from './platform/jobs/job-queue.ts';
import { createLogger } from './platform/log.ts';
import { ensureNodeId } from './platform/node-settings.ts';
import './platform/db/platform.tables.ts';

export const VERSION = '0.1.0';

/**
 * The composition root: opens storage, migrates, loads the node's identity and keys, and wires
 * each service with exactly the dependencies it uses. Used by the server, the CLI and tests.
 */
export interface ComityNode {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  nodeId: string;
  keys: NodeKeys;
  audit: AuditLog;
  gate: AccessGate;
  jobs: JobQueue;
  events: DomainEvents;
  auth: AuthService;
  directory: DirectoryService;
  users: UsersService;
  tokens: TokensService;
  bootstrap: BootstrapService;
  cases: CasesService;
  federation: Federation;
  legal: LegalService;
  competences: CompetenceService;
  recipients: RecipientsService;
  requests: RequestsService;
  lifecycle: LifecycleModule;
  evidence: EvidenceModule;
  messaging: MessagingService;
  close(): Promise<void>;
}

export interface OpenNodeOptions {
  clock?: Clock;
  log?: Logger;
  /** Skip running migrations (the CLI's `migrate` runs them itself). */
  migrate?: boolean;
}

export async function openNode(config: Config, opts: OpenNodeOptions = {}): Promise<ComityNode> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(config.logLevel);
  const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  let relay: PgEventRelay | undefined;
  try {
    if (opts.migrate !== false) await migrateToLatest(database.db);
    const nodeId = await ensureNodeId(database.db, clock.now().toISOString());
    const keys = await NodeKeys.open(database, () => clock.now());
    const audit = new AuditLog(database, nodeId, keys, clock);
    const gate = new AccessGate();
    registerIdentityRules(gate, database);
    registerAuditRules(gate, database);
    registerCaseRules(gate, database);
    registerRequestRules(gate, database);
    const jobs = new JobQueue(database, clock, log);
    const events = new DomainEvents(database, clock, log);
    const directory = new DirectoryService(database, gate, audit, clock);
    const users = new UsersService(database, gate, audit, clock, config.demo);
    const federation = new Federation({
      database,
      nodeId,
      keys,
      audit,
      clock,
      log,
      config,
      // The node document lists the agencies this node hosts and the states they belong to (the
      // directory also knows other states, as reference data for drafting).
      directory: {
        agencies: () => identityRepository.listAgencies(database.db),
        jurisdictions: async () => [
          ...new Set((await identityRepository.listAgencies(database.db)).map((a) => a.jurisdiction)),
        ],
      },
    });
    const legal = new LegalService(database, audit, clock, log);
    if (opts.migrate !== false) await legal.seed();
    const requests = new RequestsService(database, gate, audit, clock, legal, config.nodeName);
    const requestReaders = (actor: Actor, ids: readonly string[]) => requests.readableIds(actor, ids);
    const evidence = await createEvidenceModule({
      ...{ config, database, gate, audit, events, jobs },
      ...{ clock, keys, nodeId, log },
      requests: requestReaders,
    });
    // Evidence offered to partner nodes is served from the evidence store (decrypted per range).
    federation.blobs.setSource(evidence.federated.blobSource());
    const lifecycle = createLifecycleModule({
      ...{ config, database, gate, audit, events, jobs, clock, log, legal, requests },
      identity: identityRepository,
      // Requests to agencies on partner nodes leave, and partners' requests arrive, as envelopes.
      remote: federation.carrier,
      // Evidence returned across nodes is offered from, and pulled into, the evidence store.
      evidence: evidence.federated,
    });
    const node: ComityNode = {
      config,
      log,
      clock,
      database,
      nodeId,
      keys,
      audit,
      gate,
      jobs,
      events,
      auth: new AuthService(database, audit, clock, {
        sessionIdleMs: config.sessionIdleMs,
        sessionMaxMs: config.sessionMaxMs,
        demo: config.demo,
        issuer: `Comity (${config.nodeName})`,
        cookieName: sessionCookieName(config),
      }),
      directory,
      users,
      tokens: new TokensService(database, audit, clock),
      bootstrap: new BootstrapService(database, directory, users, clock),
      cases: new CasesService(database, gate, audit, events, clock),
      federation,
      legal,
      competences: new CompetenceService(database, gate, audit, clock, directory),
      recipients: new RecipientsService(database, directory, () =>
        federation.partners
          .entries()
          .filter((p) => p.row.status === 'active')
          .flatMap((p) =>
            p.doc.agencies.map((a) => ({ ...a, node: { id: p.row.node_id, name: p.doc.name } })),
          ),
      ),
      requests,
      lifecycle,
      evidence,
      messaging: createMessagingModule({
        database,
        gate,
        audit,
        events,
        clock,
        evidence,
        requests: requestReaders,
        // Threads shared with agencies of partner nodes travel as envelopes.
        remote: federation.carrier,
        acceptsExercise: config.demo,
      }),
      async close() {
        await relay?.stop();
        await evidence.close();
        await federation.stop();
        await jobs.stop();
        await audit.close();
        await events.drain();
        await database.close();
      },
    };
    // Instances sharing a PostgreSQL database tell one another's listeners of their events.
    relay =
      database.engine === 'postgres' && config.databaseUrl
        ? new PgEventRelay(config.databaseUrl, events, log)
        : undefined;
    await relay?.start();
    return node;
  } catch (e) {
    await relay?.stop();
    await database.close();
    throw e;
  }
}
