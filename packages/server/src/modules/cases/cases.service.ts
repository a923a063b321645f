import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { toBool } from '../../platform/db/schema.ts';
import { insertUnlessTaken } from '../../platform/db/unique-violation.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { Permission } from '../access/permissions.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { casesRepository as repo, toCase } from './cases.repository.ts';

type Case = ReturnType<typeof toCase>;

export class CasesService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  private async withPolicies(actor: Actor, cases: Case[], can?: Map<string, Set<Permission>>) {
    const allowed =
      can ??
      (await this.gate.can(
        actor,
        ['case.update'],
        cases.map((c) => c.id),
      ));
    return cases.map((c) => ({
      data: c,
      policies: { read: true, update: allowed.get(c.id)?.has('case.update') ?? false },
    }));
  }

  /** Reads one case; the read is audited (durably) before it is answered. */
  async get(actor: Actor, meta: RequestMeta, id: string) {
    const can = await this.gate.requireWithPolicies(actor, 'case.read', [id], ['case.update']);
    const row = await repo.byId(this.database.db, id);
    if (!row) throw notFound();
    await this.audit.record({ actor, meta }, { action: 'case.read', objectType: 'case', objectId: id });
    return (await this.withPolicies(actor, [toCase(row)], can))[0]!;
  }

  async list(actor: Actor, meta: RequestMeta, limit = 200) {
    const candidates = await repo.idsForAgency(this.database.db, actor.agencyId, actor.clearance, limit);
    const allowed = [...(await this.gate.filter(actor, 'case.read', candidates))];
    const rows = allowed.length ? await repo.byIds(this.database.db, allowed) : [];
    await this.audit.record(
      { actor, meta },
      { action: 'case.list', objectType: 'case', details: { count: rows.length } },
    );
    return this.withPolicies(actor, rows.map(toCase));
  }

  async create(
    actor: Actor,
    meta: RequestMeta,
    input: { reference: string; title: string; classification: number },
  ) {
    if (input.classification > actor.clearance) {
      throw validationFailed([{ path: 'body.classification', message: 'Higher than your clearance.' }]);
    }
    const now = this.clock.now().toISOString();
    const row = {
      id: newId(),
      reference: input.reference,
      title: input.title,
      agency_id: actor.agencyId,
      classification: input.classification,
      status: 'open' as const,
      exercise: toBool(actor.exercise),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await inTransaction(this.database, async (uow) => {
      const taken = () => conflict(`Your agency already has a case with reference ${input.reference}.`);
      if (await repo.referenceTaken(uow.tx, actor.agencyId, input.reference)) throw taken();
      await insertUnlessTaken(repo.insert(uow.tx, row), taken);
      await this.audit.append(
        uow,
        { actor, meta },
        { action: 'case.create', objectType: 'case', objectId: row.id },
      );
      await this.events.emit(
        uow,
        'case.created',
        { caseId: row.id, reference: row.reference },
        [actor.agencyId],
        actor.userId,
      );
    });
    return (await this.withPolicies(actor, [toCase(row)]))[0]!;
  }
}
