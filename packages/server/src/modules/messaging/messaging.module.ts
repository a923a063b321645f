import type { Labels } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { RequestReaders } from '../access/linked-objects.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { PermissionRequests } from '../dissemination/permission-requests.ts';
import type { EvidenceModule } from '../evidence/evidence.module.ts';
import { FederatedThreads, type ThreadTransport } from './federated-threads.ts';
import { MessagingService, registerThreadRules } from './messaging.service.ts';

export function createMessagingModule(d: {
  database: Database;
  gate: AccessGate;
  audit: AuditLog;
  events: DomainEvents;
  clock: Clock;
  evidence: EvidenceModule;
  requests: RequestReaders;
  /** Partner nodes: threads shared with their agencies (docs/federation.md §14b). */
  remote?: ThreadTransport | undefined;
  /** Whether this node takes exercise data from partners (it runs the demo world). */
  acceptsExercise: boolean;
}): MessagingService {
  registerThreadRules(d.gate, d.database);
  const permissions = new PermissionRequests(d.database, d.audit, d.events, d.clock);
  const federated = d.remote
    ? new FederatedThreads({
        database: d.database,
        remote: d.remote,
        audit: d.audit,
        events: d.events,
        clock: d.clock,
        acceptsExercise: d.acceptsExercise,
      })
    : undefined;
  return new MessagingService(
    d.database,
    d.gate,
    d.audit,
    d.events,
    d.clock,
    permissions,
    async (actor, ids) => {
      const allowed = await d.gate.filter(actor, 'evidence.read', ids);
      const items = await d.evidence.service.loadItems([...allowed]);
      return new Map<string, Labels>(items.map((i) => [i.id, i.labels]));
    },
    d.requests,
    federated,
  );
}
