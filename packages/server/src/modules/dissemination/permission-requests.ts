import type { Labels } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { fromBool } from '../../platform/db/schema.ts';
import { inTransaction, type UnitOfWork } from '../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { worldRefusal } from '../access/exercise-world.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import '../messaging/messaging.tables.ts';
import { type LabelledType, readLabels, writeLabels } from './labelled-objects.ts';

type Row = import('../../platform/db/schema.ts').Tables['permission_request'];

export const toPermissionRequest = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  objectType: r.object_type,
  objectId: r.object_id,
  originatorAgencyId: r.originator_agency_id,
  requesterAgencyId: r.requester_agency_id,
  targetAgencyId: r.target_agency_id,
  targetThreadId: r.target_thread_id,
  reason: r.reason,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
});

/**
 * Requests to an originator for permission the labels withhold: H2 onward sharing (`forward`, to
 * a target agency) or H1 judicial use (`judicial`, by the requesting agency). A grant is recorded
 * in the object's labels, where the policy finds it.
 */
export class PermissionRequests {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async create(
    uow: UnitOfWork,
    who: { actor: Actor; meta: RequestMeta },
    input: {
      kind: 'forward' | 'judicial';
      objectType: LabelledType;
      objectId: string;
      labels: Labels;
      targetAgencyId: string;
      targetThreadId?: string | null;
      reason: string;
    },
  ) {
    // The agency the object would go to: one there is, of the requester's world.
    const target = await uow.tx
      .selectFrom('agency')
      .select('exercise')
      .where('id', '=', input.targetAgencyId)
      .executeTakeFirst();
    const mixes = target && worldRefusal(who.actor, { exercise: fromBool(target.exercise) });
    if (!target || mixes)
      throw validationFailed([{ path: 'body.targetAgencyId', message: mixes ?? 'No such agency.' }]);
    const row: Row = {
      id: newId(),
      kind: input.kind,
      object_type: input.objectType,
      object_id: input.objectId,
      originator_agency_id: input.labels.originatorAgencyId,
      requester_agency_id: who.actor.agencyId,
      target_agency_id: input.targetAgencyId,
      target_thread_id: input.targetThreadId ?? null,
      reason: input.reason,
      status: 'pending',
      created_by: who.actor.userId,
      created_at: this.clock.now().toISOString(),
      decided_by: null,
      decided_at: null,
      decision_note: null,
    };
    await uow.tx.insertInto('permission_request').values(row).execute();
    await this.audit.append(uow, who, {
      action: 'permission-request.create',
      objectType: input.objectType,
      objectId: input.objectId,
      details: { permissionRequestId: row.id, kind: row.kind, target: row.target_agency_id },
    });
    await this.events.emit(
      uow,
      'permission-request.created',
      { id: row.id, kind: row.kind },
      [row.originator_agency_id, row.requester_agency_id],
      row.created_by,
    );
    return toPermissionRequest(row);
  }

  async request(
    actor: Actor,
    meta: RequestMeta,
    input: {
      kind: 'forward' | 'judicial';
      objectType: LabelledType;
      objectId: string;
      targetAgencyId?: string;
      reason: string;
    },
    labels: Labels,
  ) {
    return inTransaction(this.database, (uow) =>
      this.create(
        uow,
        { actor, meta },
        { ...input, labels, targetAgencyId: input.targetAgencyId ?? actor.agencyId },
      ),
    );
  }

  async list(actor: Actor, meta: RequestMeta) {
    const rows = await this.database.db
      .selectFrom('permission_request')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('originator_agency_id', '=', actor.agencyId),
          eb('requester_agency_id', '=', actor.agencyId),
        ]),
      )
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    await this.audit.record(
      { actor, meta },
      {
        action: 'permission-request.list',
        objectType: 'permission-request',
        details: { count: rows.length },
      },
    );
    return rows.map(toPermissionRequest);
  }

  /** Only the originator agency decides; a grant adds the permission to the object's labels. */
  async decide(actor: Actor, meta: RequestMeta, id: string, decision: 'granted' | 'refused', note?: string) {
    return inTransaction(this.database, async (uow) => {
      const row = await uow.tx
        .selectFrom('permission_request')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.originator_agency_id !== actor.agencyId) throw notFound();
      if (row.status !== 'pending') throw conflict(`The request is already ${row.status}.`);
      const now = this.clock.now().toISOString();
      // Decided only if still pending when written: on PostgreSQL a decision taken at the same time
      // read it pending too, and waits here until that one commits (SQLite has one writer).
      const claimed = await uow.tx
        .updateTable('permission_request')
        .set({ status: decision, decided_by: actor.userId, decided_at: now, decision_note: note ?? null })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw conflict('The request was decided meanwhile.');
      if (decision === 'granted') {
        // Another grant on the same object (or an evidence transfer) may be adding to its labels now.
        const labels = await readLabels(uow.tx, row.object_type, row.object_id, {
          forUpdate: this.database.engine === 'postgres',
        });
        if (!labels) throw notFound();
        const agencyId = row.kind === 'forward' ? row.target_agency_id : row.requester_agency_id;
        labels.permissions = [
          ...labels.permissions,
          { kind: row.kind, agencyId, grantedBy: actor.userId, grantedAt: now, permissionRequestId: row.id },
        ];
        await writeLabels(uow.tx, row.object_type, row.object_id, labels);
      }
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: `permission-request.${decision === 'granted' ? 'grant' : 'refuse'}`,
          objectType: row.object_type,
          objectId: row.object_id,
          details: { permissionRequestId: id },
        },
      );
      await this.events.emit(
        uow,
        'permission-request.decided',
        { id, decision },
        [row.originator_agency_id, row.requester_agency_id],
        actor.userId,
      );
      return toPermissionRequest({
        ...row,
        status: decision,
        decided_by: actor.userId,
        decided_at: now,
        decision_note: note ?? null,
      });
    });
  }
}
