import type { RequestDraft } from '@comity/contracts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts';
import { AppError, notFound, StaleVersion, validationFailed } from '../../../platform/http/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { AccessGate } from '../../access/access-gate.ts';
import type { Actor, RequestMeta } from '../../access/actor.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import type { AuditWho } from '../../audit/audit-event.ts';
import type { LegalService } from '../../legal/legal.service.ts';
import { type TranslationNeed, translationNeed } from './translation-fields.ts';
import './tasks.tables.ts';

type Row = import('../../../platform/db/schema.ts').Tables['translation_task'];

const toDto = (r: Row) => ({
  id: r.id,
  requestId: r.request_id,
  fieldPath: r.field_path,
  sourceLanguage: r.source_language,
  targetLanguage: r.target_language,
  status: r.status,
  assigneeUserId: r.assignee_user_id,
  note: r.note,
  satisfiedBy: r.satisfied_by,
  version: r.version,
  updatedAt: r.updated_at,
});

/** Until transmission the drafting agency works on its translations. */
const BEFORE_TRANSMISSION: readonly string[] = ['draft', 'submitted', 'awaiting-validation', 'approved'];

/**
 * Translation tasks: one per free-text field while the request's language is not one the requested
 * state accepts. Kept in step with the content (a field emptied makes its task obsolete; a
 * translation attached into an accepted language does them all). Transmission counts the open ones.
 */
export class TranslationsService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly legal: LegalService,
  ) {}

  /**
   * Brings the tasks in line with the content, in the caller's transaction, with an audit event
   * counting what changed (none when nothing did: a list that only looks writes nothing).
   */
  async sync(uow: UnitOfWork, who: AuditWho, requestId: string, need: TranslationNeed): Promise<void> {
    const db = uow.tx;
    const now = this.clock.now().toISOString();
    const existing = await db
      .selectFrom('translation_task')
      .selectAll()
      .where('request_id', '=', requestId)
      .execute();
    const key = (f: string, l: string) => `${f}|${l}`;
    const wanted = new Set(need.targetLanguage ? need.fields.map((f) => key(f, need.targetLanguage!)) : []);
    const have = new Map(existing.map((t) => [key(t.field_path, t.target_language), t]));
    const fresh: Row[] = [];
    for (const k of wanted) {
      if (have.has(k)) continue;
      const [field_path, target_language] = k.split('|') as [string, string];
      fresh.push({
        id: newId(),
        request_id: requestId,
        field_path,
        source_language: need.sourceLanguage,
        target_language,
        status: need.attached ? 'done' : 'open',
        assignee_user_id: null,
        note: null,
        satisfied_by: need.attached ? 'attachment' : null,
        obsolete: 0,
        version: 1,
        created_at: now,
        updated_at: now,
        updated_by: null,
      });
    }
    // Another sync of the same request (two lists at once) may have made them meanwhile: on
    // PostgreSQL it read no task either, and its rows stand (SQLite runs one sync after the other).
    const created = fresh.length
      ? Number(
          (
            await db
              .insertInto('translation_task')
              .values(fresh)
              .onConflict((oc) => oc.columns(['request_id', 'field_path', 'target_language']).doNothing())
              .executeTakeFirst()
          ).numInsertedOrUpdatedRows ?? 0,
        )
      : 0;
    const changed = { obsoleted: 0, revived: 0, attached: 0 };
    for (const t of existing) {
      const obsolete = wanted.has(key(t.field_path, t.target_language)) ? 0 : 1;
      const attach = need.attached && obsolete === 0 && t.status !== 'done' && t.status !== 'waived';
      if (obsolete !== t.obsolete || attach) {
        await db
          .updateTable('translation_task')
          .set({
            obsolete,
            ...(attach ? { status: 'done' as const, satisfied_by: 'attachment' as const } : {}),
            updated_at: now,
            version: t.version + 1,
          })
          .where('id', '=', t.id)
          .execute();
        if (obsolete !== t.obsolete) changed[obsolete ? 'obsoleted' : 'revived']++;
        if (attach) changed.attached++;
      }
    }
    if (created || changed.obsoleted || changed.revived || changed.attached)
      await this.audit.append(uow, who, {
        action: 'translation.sync',
        objectType: 'request',
        objectId: requestId,
        details: { created, ...changed },
      });
  }

  async openCount(db: Queryable, requestId: string): Promise<number> {
    const r = await db
      .selectFrom('translation_task')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', requestId)
      .where('obsolete', '=', 0)
      .where('status', 'in', ['open', 'in-progress'])
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  private async content(db: Queryable, requestId: string) {
    const req = await db.selectFrom('mla_request').selectAll().where('id', '=', requestId).executeTakeFirst();
    if (!req) throw notFound();
    const v = await db
      .selectFrom('mla_request_version')
      .select('content')
      .where('request_id', '=', requestId)
      .where('version', '=', req.current_version)
      .executeTakeFirstOrThrow();
    return { req, draft: JSON.parse(v.content) as RequestDraft };
  }

  /** The tasks (synced first while the request is a draft), with the language facts. */
  async list(actor: Actor, meta: RequestMeta, requestId: string) {
    await this.gate.require(actor, 'request.read', [requestId]);
    const registry = await this.legal.registry();
    const { req, draft } = await this.content(this.database.db, requestId);
    const need = translationNeed(registry, draft);
    if (req.status === 'draft' && req.agency_id === actor.agencyId)
      await inTransaction(this.database, (uow) => this.sync(uow, { actor, meta }, requestId, need));
    const rows = await this.database.db
      .selectFrom('translation_task')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('obsolete', '=', 0)
      .orderBy('field_path')
      .execute();
    await this.audit.record(
      { actor, meta },
      {
        action: 'request.translations.read',
        objectType: 'request',
        objectId: requestId,
        details: { count: rows.length },
      },
    );
    // Who translates what, and the notes about it, stay with the drafting agency.
    const own = req.agency_id === actor.agencyId;
    return {
      required: need.required,
      blocking: need.blocking,
      acceptedLanguages: need.acceptedLanguages,
      citation: need.citation,
      verified: need.verified,
      items: rows.map(toDto).map((t) => (own ? t : { ...t, assigneeUserId: null, note: null })),
    };
  }

  /** The drafting agency tracks its translations (status, assignee, note), with optimistic concurrency. */
  async update(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    body: {
      expectedVersion: number;
      status?: Row['status'] | undefined;
      assigneeUserId?: string | null | undefined;
      note?: string | null | undefined;
    },
  ) {
    const row = await this.database.db
      .selectFrom('translation_task')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    await this.gate.require(actor, 'request.read', [row.request_id]);
    const { req, draft } = await this.content(this.database.db, row.request_id);
    if (req.agency_id !== actor.agencyId || !actor.permissions.has('task.update')) throw notFound();
    // What was sent was sent: its translations are settled with it.
    if (!BEFORE_TRANSMISSION.includes(req.status))
      throw new AppError('conflict', `The request is ${req.status}: its translations are settled.`);
    if (body.status === 'waived') {
      const need = translationNeed(await this.legal.registry(), draft);
      if (need.blocking)
        throw validationFailed([
          {
            path: 'body.status',
            message: `A translation is required (${need.citation}): it cannot be waived.`,
          },
        ]);
    }
    if (body.assigneeUserId) {
      const assignee = await this.database.db
        .selectFrom('user_account')
        .select('agency_id')
        .where('id', '=', body.assigneeUserId)
        .executeTakeFirst();
      if (assignee?.agency_id !== req.agency_id)
        throw validationFailed([
          { path: 'body.assigneeUserId', message: 'Not an officer of the drafting agency.' },
        ]);
    }
    const now = this.clock.now().toISOString();
    const updated = await inTransaction(this.database, async (uow) => {
      const r = await uow.tx
        .updateTable('translation_task')
        .set({
          ...(body.status
            ? { status: body.status, satisfied_by: body.status === 'done' ? ('task' as const) : null }
            : {}),
          ...(body.assigneeUserId !== undefined ? { assignee_user_id: body.assigneeUserId } : {}),
          ...(body.note !== undefined ? { note: body.note } : {}),
          version: body.expectedVersion + 1,
          updated_at: now,
          updated_by: actor.userId,
        })
        .where('id', '=', id)
        .where('version', '=', body.expectedVersion)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return undefined;
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'translation.update',
          objectType: 'request',
          objectId: row.request_id,
          details: { taskId: id, status: body.status ?? row.status },
        },
      );
      return uow.tx.selectFrom('translation_task').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    });
    if (!updated) {
      const now = await this.database.db
        .selectFrom('translation_task')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      throw new StaleVersion(
        `The task is at version ${now.version}, not ${body.expectedVersion}.`,
        toDto(now),
      );
    }
    return toDto(updated);
  }
}
