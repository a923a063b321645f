import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../../../platform/clock.ts';
import { type Config, publicOrigin } from '../../../platform/config.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import type { DomainEvents } from '../../../platform/events/domain-events.ts';
import type { JobQueue } from '../../../platform/jobs/job-queue.ts';
import type { AccessGate } from '../../access/access-gate.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import type { LegalService } from '../../legal/legal.service.ts';
import { Mailer } from '../../notifications/mail/mailer.ts';
import { NotificationsService } from '../../notifications/notifications.service.ts';
import { notificationPreferencesRoutes } from '../../notifications/preferences.routes.ts';
import { Deadlines } from '../deadlines/deadlines.service.ts';
import { DailyDigest } from '../inbox/digest.ts';
import { inboxRoutes } from '../inbox/inbox.routes.ts';
import { InboxService } from '../inbox/inbox.service.ts';
import type { RequestsService } from '../requests.service.ts';
import { tasksRoutes } from '../tasks/tasks.routes.ts';
import { TasksService } from '../tasks/tasks.service.ts';
import { TranslationsService } from '../tasks/translations.service.ts';
import { lifecycleRoutes } from './lifecycle.routes.ts';
import { LifecycleService } from './lifecycle.service.ts';
import { registerLifecycleJobs } from './lifecycle-notify.ts';
import { LifecycleReads } from './lifecycle-reads.ts';
import { type IdentityReads, peopleFrom } from './people.ts';
import { createSupplementary } from './supplementary.ts';
import { Deliveries } from './transmission/deliveries.ts';
import type { EvidencePort } from './transmission/evidence-port.ts';
import { FederatedCarrier, type RemoteTransport } from './transmission/federated-carrier.ts';
import { LocalCarrier } from './transmission/local-carrier.ts';
import { ReceivedRequests } from './transmission/received-requests.ts';
import { registerRemoteInbound } from './transmission/remote-inbound.ts';

export interface LifecycleModuleDeps {
  config: Config;
  database: Database;
  gate: AccessGate;
  audit: AuditLog;
  events: DomainEvents;
  jobs: JobQueue;
  clock: Clock;
  log: Logger;
  legal: LegalService;
  requests: RequestsService;
  identity: IdentityReads;
  /**
   * The federation's carrier (`node.federation.carrier`): requests to agencies on partner nodes
   * leave through it (tried after the local carrier), and what partners send arrives through it.
   */
  remote?: RemoteTransport | undefined;
  /** The evidence module's cross-node side: returned evidence is offered from, and pulled into, it. */
  evidence?: EvidencePort | undefined;
}

/**
 * The request lifecycle wired together: transitions, carriers and deliveries, deadlines
 * with their reminders and escalations, execution and translation tasks, the inbox and its daily
 * digest, and notifications (in-app and e-mail). Job handlers are registered here, at start.
 */
export function createLifecycleModule(d: LifecycleModuleDeps) {
  const people = peopleFrom(d.identity);
  const hosts = async (db: Queryable, agencyId: string) =>
    (await people.agencies(db, [agencyId])).has(agencyId);
  const deliveries = new Deliveries(
    [new LocalCarrier(hosts), ...(d.remote ? [new FederatedCarrier(d.remote)] : [])],
    d.remote,
  );
  const deadlines = new Deadlines(d.jobs, d.clock);
  const mailer = d.config.mail.smtpUrl ? new Mailer(d.config.mail.smtpUrl, d.config.mail.from) : undefined;
  const notifications = new NotificationsService({
    database: d.database,
    jobs: d.jobs,
    events: d.events,
    audit: d.audit,
    clock: d.clock,
    log: d.log,
    publicUrl: publicOrigin(d.config),
    mailer,
    emailOf: async (db, userId) => (await people.users(db, [userId])).get(userId)?.email,
  });
  const translations = new TranslationsService(d.database, d.gate, d.audit, d.clock, d.legal);
  let reads: LifecycleReads | undefined;
  const received = d.remote
    ? new ReceivedRequests({
        database: d.database,
        jobs: d.jobs,
        gate: d.gate,
        audit: d.audit,
        events: d.events,
        clock: d.clock,
        legal: d.legal,
        people,
        remote: d.remote,
        deadlines,
        evidence: d.evidence,
        acceptsExercise: d.config.demo,
        viewOf: (actor, loaded) => reads!.viewOf(actor, loaded),
      })
    : undefined;
  // Who may take the requested side's actions: the agency that received the request, here or from
  // a partner node, within its clearance.
  if (received) {
    d.gate.register('request.receive', (actor, ids) =>
      received.receivedIds(d.database.db, ids, actor.agencyId, actor.clearance),
    );
    d.requests.registerPartnerRequests((actor, limit) => received.summaries(actor, limit));
    d.requests.registerPartnerContent((actor, id) => received.sent(actor, id));
    d.requests.registerPartnerReaders((actor, ids) => received.readableBy(actor, ids));
  }
  const lifecycle = new LifecycleService({
    database: d.database,
    gate: d.gate,
    audit: d.audit,
    events: d.events,
    jobs: d.jobs,
    clock: d.clock,
    legal: d.legal,
    people,
    deliveries,
    deadlines,
    translations,
    requests: d.requests,
    view: (actor, id) => reads!.view(actor, id),
    viewOf: (actor, loaded) => reads!.viewOf(actor, loaded),
    received,
    partnerAgency: d.remote ? (id) => d.remote?.partnerAgency(id) : undefined,
  });
  reads = new LifecycleReads({
    database: d.database,
    gate: d.gate,
    audit: d.audit,
    clock: d.clock,
    legal: d.legal,
    people,
    deliveries,
    deadlines,
    requests: d.requests,
    load: (db, registry, id) => lifecycle.load(db, registry, id),
    received,
    partnerAgency: d.remote ? (id) => d.remote?.partnerAgency(id) : undefined,
  });
  if (d.remote && received)
    registerRemoteInbound({
      database: d.database,
      clock: d.clock,
      audit: d.audit,
      jobs: d.jobs,
      remote: d.remote,
      deliveries,
      received,
      applyRemote: (uow, e) => lifecycle.applyRemote(uow, e),
      evidence: d.evidence,
    });
  registerLifecycleJobs({
    log: d.log,
    database: d.database,
    jobs: d.jobs,
    events: d.events,
    audit: d.audit,
    people,
    notifications,
    deadlines,
    received,
  });
  const tasks = new TasksService(
    d.database,
    d.gate,
    d.audit,
    d.events,
    d.clock,
    people,
    notifications,
    (actor, ids) => d.requests.readableIds(actor, ids),
    received,
  );
  const inbox = new InboxService(d.database, d.gate, d.audit, d.clock, people, received);
  const digest = new DailyDigest(d.database, d.jobs, d.clock, people, notifications);
  return {
    lifecycle,
    reads,
    deliveries,
    deadlines,
    notifications,
    translations,
    tasks,
    inbox,
    digest,
    people,
    received,
    supplementary: (...a: Parameters<typeof createSupplementary> extends [unknown, ...infer R] ? R : never) =>
      createSupplementary(d, ...a),
  };
}

export type LifecycleModule = ReturnType<typeof createLifecycleModule>;

/** Every route of the lifecycle module (one line in app.ts). */
export async function lifecycleModuleRoutes(app: FastifyInstance, m: LifecycleModule): Promise<void> {
  await lifecycleRoutes(app, { lifecycle: m.lifecycle, reads: m.reads, supplementary: m.supplementary });
  await tasksRoutes(app, { tasks: m.tasks, translations: m.translations });
  await inboxRoutes(app, m.inbox);
  await notificationPreferencesRoutes(app, m.notifications);
}
