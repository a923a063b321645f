import type { CreateRequest, RequestDraft, UpdateRequest } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { inTransaction, type UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { localiseFinding, type MessageLanguage } from '../legal/findings-i18n.ts';
import { type Finding, isSendable, validateDraft } from '../legal/index.ts';
import type { LegalService } from '../legal/legal.service.ts';
import { buildDocumentModel, type RecordedValidation } from './document/document-model.ts';
import { type DocumentFonts, FontsMissingError, findDocumentFonts } from './document/fonts.ts';
import type { LabelLanguage } from './document/labels.ts';
import { type RenderMeta, renderRequestPdf } from './document/request-pdf.ts';
import {
  applyUpdate,
  canonicalContent,
  checkReferences,
  draftColumns,
  toValidatorDraft,
} from './draft-content.ts';
import { lifecycleRepository } from './lifecycle/lifecycle.repository.ts';
import type { RequestListEntry } from './lifecycle/transmission/received-requests.ts';
import { type RequestRow, requestsRepository as repo, toRequestSummary } from './requests.repository.ts';

/** A request received from a partner node: its row here and the content of the version sent. */
export interface SentContent {
  request: RequestRow;
  version: number;
  content: string;
  /** The judicial validation as the requesting node stated it, when it stated one. */
  validation: RecordedValidation | undefined;
}

/** What the lifecycle's submission gate reads: the validator's findings on the current version. */
export interface FindingsReport {
  requestId: string;
  version: number;
  at: string;
  language: MessageLanguage;
  instrument: { id: NonNullable<RequestDraft['instrumentId']>; version: number } | null;
  blocking: number;
  warnings: number;
  submittable: boolean;
  findings: Finding[];
}

/** A save that started from an older version; carries the current state for the 409 answer. */
export class StaleVersionError extends AppError {
  constructor(
    readonly current: Awaited<ReturnType<RequestsService['get']>>,
    expected: number,
  ) {
    super(
      'conflict',
      `The request is at version ${current.data.version}, not ${expected}: someone saved it meanwhile. Merge your changes into the current state and send its version.`,
    );
  }
}

/** A save of a request that left the draft stage: its content is frozen. */
const notDraft = (status: string) =>
  new AppError(
    'conflict',
    `Only a draft can be edited, and this request is ${status}. Before it is transmitted, amend it (it returns to draft as a new version); once transmitted, changes go in a supplementary request.`,
  );

const PERSONAL_DATA_PURPOSE =
  'Reading the persons concerned is a consultation of personal data: say why in the x-comity-purpose header (LED Art. 25(1)).';

function requirePurpose(meta: RequestMeta): void {
  if ((meta.purpose?.trim().length ?? 0) < 3) throw new AppError('purpose-required', PERSONAL_DATA_PURPOSE);
}

const parseDraft = (content: string) => JSON.parse(content) as RequestDraft;

/** The content columns of a saved version: canonical JSON and its hash. */
function versionContent(draft: RequestDraft) {
  const { text, hash } = canonicalContent(draft);
  return { content: text, content_hash: hash };
}
/** Whether a draft names persons concerned: its answer is then personal data (needs a purpose). */
const namesPersons = (draft: RequestDraft) => (draft.persons?.length ?? 0) > 0;

/**
 * Request drafts (draft stage only; the lifecycle issue adds submission, approval, transmission).
 * Every save is a new version row with its audit event in the same transaction; a save names the
 * version it started from and is refused (409) if someone saved since. Reads are audited before they
 * are answered; reading persons concerned needs a stated purpose.
 */
export class RequestsService {
  private fonts: DocumentFonts | undefined;

  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly legal: LegalService,
    private readonly nodeName: string,
  ) {}

  /** Requests received from partner nodes, listed among the incoming ones (set by the lifecycle module). */
  private partnerRequests: ((actor: Actor, limit: number) => Promise<RequestListEntry[]>) | undefined;

  registerPartnerRequests(list: (actor: Actor, limit: number) => Promise<RequestListEntry[]>): void {
    this.partnerRequests = list;
  }

  /** Which of the ids are requests received from partner nodes the actor may read (lifecycle module). */
  private partnerReaders: ((actor: Actor, ids: readonly string[]) => Promise<Set<string>>) | undefined;

  registerPartnerReaders(readers: (actor: Actor, ids: readonly string[]) => Promise<Set<string>>): void {
    this.partnerReaders = readers;
  }

  /**
   * Which of the requests the actor may read: this node's (the gate) and those received from partner
   * nodes. What a thread, an evidence item or a task may be about.
   */
  async readableIds(actor: Actor, ids: readonly string[]): Promise<Set<string>> {
    const local = await this.gate.filter(actor, 'request.read', ids);
    const rest = ids.filter((id) => !local.has(id));
    if (this.partnerReaders && rest.length)
      for (const id of await this.partnerReaders(actor, rest)) local.add(id);
    return local;
  }

  /** Reads a request received from a partner node as it was sent (set by the lifecycle module). */
  private partnerContent: ((actor: Actor, id: string) => Promise<SentContent | undefined>) | undefined;

  registerPartnerContent(read: (actor: Actor, id: string) => Promise<SentContent | undefined>): void {
    this.partnerContent = read;
  }

  /**
   * The version of a request the actor reads: for the drafting agency `version` or the current one;
   * for another party of this node only the version it was sent or approved; for a request received
   * from a partner node, the version the partner sent. Not-found for anything else.
   */
  private async readableVersion(actor: Actor, id: string, version?: number) {
    if (!(await this.gate.filter(actor, 'request.read', [id])).has(id)) {
      const sent = await this.partnerContent?.(actor, id);
      if (!sent) throw notFound();
      if (version !== undefined && version !== sent.version)
        throw notFound(`No version ${version} of this request.`);
      return {
        row: sent.request,
        version: sent.version,
        content: sent.content,
        received: true as const,
        validation: sent.validation,
      };
    }
    const row = await repo.byId(this.database.db, id);
    if (!row) throw notFound();
    const seen = await repo.versionSeenBy(this.database.db, id, actor.agencyId);
    if (seen !== undefined && version !== undefined && version !== seen)
      throw notFound(`No version ${version} of this request.`);
    const stored = await repo.version(this.database.db, id, seen ?? version ?? row.current_version);
    if (!stored) throw notFound(`No version ${version} of this request.`);
    return { row, version: stored.version, content: stored.content, received: false as const };
  }

  private async policiesFor(actor: Actor, ids: readonly string[]) {
    const can = await this.gate.can(actor, ['request.read', 'request.update'], ids);
    return (id: string) => {
      const set = can.get(id);
      const read = set?.has('request.read') ?? false;
      return { read, update: set?.has('request.update') ?? false, document: read };
    };
  }

  private async findingsOf(draft: RequestDraft) {
    const snapshot = await this.legal.snapshot();
    const findings = validateDraft(snapshot.registry, toValidatorDraft(draft), { at: this.legal.today() });
    const blocking = findings.filter((f) => f.severity === 'blocking').length;
    return {
      findings,
      snapshot,
      summary: { blocking, warnings: findings.length - blocking, submittable: isSendable(findings) },
    };
  }

  private async view(
    actor: Actor,
    row: RequestRow,
    draft: RequestDraft,
    version = row.current_version,
    received = false,
  ) {
    // A request received from a partner node is read here and never edited (its drafts are there).
    const policies = received
      ? { read: true, update: false, document: true }
      : (await this.policiesFor(actor, [row.id]))(row.id);
    const { summary } = await this.findingsOf(draft);
    return { data: { ...toRequestSummary(row), version, draft, findings: summary }, policies };
  }

  private async checkInput(actor: Actor, given: Partial<RequestDraft>): Promise<void> {
    const errors = checkReferences(await this.legal.registry(), given);
    if (given.classification !== undefined && given.classification > actor.clearance)
      errors.push({ path: 'body.classification', message: 'Higher than your clearance.' });
    if (given.caseId) {
      const cases = await this.gate.filter(actor, 'case.read', [given.caseId]);
      if (!cases.has(given.caseId))
        errors.push({ path: 'body.caseId', message: 'No such case file of yours.' });
    }
    if (errors.length > 0) throw validationFailed(errors);
  }

  /** `within`: what else the creation commits with (a supplementary request's link to its parent). */
  async create(
    actor: Actor,
    meta: RequestMeta,
    input: CreateRequest,
    within?: (uow: UnitOfWork, row: RequestRow) => Promise<void>,
  ) {
    const draft: RequestDraft = { ...input, requestingState: input.requestingState ?? actor.jurisdiction };
    await this.checkInput(actor, draft);
    const now = this.clock.now().toISOString();
    const row: RequestRow = {
      id: newId(),
      agency_id: actor.agencyId,
      status: 'draft',
      ...draftColumns(draft),
      current_version: 1,
      exercise: actor.exercise ? 1 : 0,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await inTransaction(this.database, async (uow) => {
      await repo.insert(uow.tx, row);
      await repo.insertVersion(uow.tx, {
        request_id: row.id,
        version: 1,
        ...versionContent(draft),
        created_by: actor.userId,
        created_at: now,
      });
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'request.create',
          objectType: 'request',
          objectId: row.id,
          details: {
            version: 1,
            kind: draft.kind,
            instrumentId: draft.instrumentId ?? null,
            persons: row.person_count,
          },
        },
      );
      await within?.(uow, row);
    });
    return this.view(actor, row, draft);
  }

  /** One request (the current version, or an earlier one). Persons concerned need a purpose. */
  async get(actor: Actor, meta: RequestMeta, id: string, version?: number) {
    // The other side reads exactly the version it was sent, and no other.
    const stored = await this.readableVersion(actor, id, version);
    const draft = parseDraft(stored.content);
    const personal = namesPersons(draft);
    if (personal) requirePurpose(meta);
    await this.audit.record(
      { actor, meta },
      {
        action: 'request.read',
        objectType: 'request',
        objectId: id,
        details: { version: stored.version, personalData: personal },
      },
    );
    return this.view(actor, stored.row, draft, stored.version, stored.received);
  }

  /**
   * The requests the access gate lets me read, newest first: those my agency drafted (`outgoing`),
   * those it is another party to (`incoming`: received, to validate, to execute), or both; `mine`:
   * only those I created. Summaries, no personal data.
   */
  async list(
    actor: Actor,
    meta: RequestMeta,
    o: { mine: boolean; direction: 'all' | 'outgoing' | 'incoming'; limit: number },
  ) {
    const candidates = await repo.visibleIds(this.database.db, {
      agencyId: actor.agencyId,
      clearance: actor.clearance,
      direction: o.direction,
      createdBy: o.mine ? actor.userId : undefined,
      limit: o.limit,
    });
    const allowed = [...(await this.gate.filter(actor, 'request.read', candidates))];
    const rows = allowed.length ? await repo.byIds(this.database.db, allowed) : [];
    // Received from partner nodes: incoming too, never mine (their author is on the other node).
    const received =
      o.direction !== 'outgoing' && !o.mine && this.partnerRequests
        ? await this.partnerRequests(actor, o.limit)
        : [];
    await this.audit.record(
      { actor, meta },
      {
        action: 'request.list',
        objectType: 'request',
        details: { count: rows.length + received.length, mine: o.mine, direction: o.direction },
      },
    );
    const policies = await this.policiesFor(
      actor,
      rows.map((r) => r.id),
    );
    const local: RequestListEntry[] = rows.map((r) => ({
      data: toRequestSummary(r),
      policies: policies(r.id),
    }));
    return [...local, ...received].sort((a, b) => b.data.id.localeCompare(a.data.id)).slice(0, o.limit);
  }

  /**
   * Not-found unless the actor may edit the request. One who may read it but not edit it is told
   * why (409: no longer a draft); one who may not read it learns nothing of it (404).
   */
  private async requireEditable(actor: Actor, id: string): Promise<void> {
    const can = (await this.gate.can(actor, ['request.update', 'request.read'], [id])).get(id);
    if (can?.has('request.update')) return;
    if (!can?.has('request.read')) throw notFound();
    const row = await repo.byId(this.database.db, id);
    if (row && row.status !== 'draft') throw notDraft(row.status);
    throw notFound();
  }

  /**
   * Saves a new version: the fields given replace the stored ones. Refused with StaleVersionError
   * (409, with the current state) when the request moved past `expectedVersion`.
   */
  async update(actor: Actor, meta: RequestMeta, id: string, input: UpdateRequest) {
    await this.requireEditable(actor, id);
    const { expectedVersion, ...changes } = input;
    const given = Object.fromEntries(
      Object.entries(changes).filter(([, v]) => v !== undefined && v !== null),
    );
    await this.checkInput(actor, given as Partial<RequestDraft>);
    const now = this.clock.now().toISOString();
    const saved = await inTransaction(this.database, async (uow) => {
      const row = await repo.byId(uow.tx, id);
      if (!row) throw notFound();
      // Submitted since the check above: the same answer as if it had been before.
      if (row.status !== 'draft') throw notDraft(row.status);
      if (row.current_version !== expectedVersion) return undefined;
      const stored = await repo.version(uow.tx, id, row.current_version);
      if (!stored) throw notFound();
      const draft = applyUpdate(parseDraft(stored.content), changes);
      // The answer carries the whole draft: if it names persons, it is a read of personal data
      // like GET's and needs the same stated purpose. Refused before anything is saved, so the
      // client can ask for the purpose and send the same save again.
      if (namesPersons(draft)) requirePurpose(meta);
      const columns = draftColumns(draft);
      if (
        !(await repo.advance(uow.tx, id, expectedVersion, {
          ...columns,
          updated_by: actor.userId,
          updated_at: now,
        }))
      )
        return undefined;
      const version = expectedVersion + 1;
      await repo.insertVersion(uow.tx, {
        request_id: id,
        version,
        ...versionContent(draft),
        created_by: actor.userId,
        created_at: now,
      });
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'request.update',
          objectType: 'request',
          objectId: id,
          details: {
            version,
            fields: Object.keys(changes).sort(),
            persons: columns.person_count,
            personalData: namesPersons(draft),
          },
        },
      );
      return {
        row: { ...row, ...columns, current_version: version, updated_by: actor.userId, updated_at: now },
        draft,
      };
    });
    if (saved) return this.view(actor, saved.row, saved.draft);

    // Stale: answer with the current state so the client can merge. Audited as a refused save.
    const row = await repo.byId(this.database.db, id);
    if (!row) throw notFound();
    const current = await repo.version(this.database.db, id, row.current_version);
    if (!current) throw notFound();
    const currentDraft = parseDraft(current.content);
    // `current` in the 409 answer is a read like GET's: persons concerned only with a purpose.
    if (namesPersons(currentDraft)) requirePurpose(meta);
    await this.audit.record(
      { actor, meta },
      {
        action: 'request.update',
        objectType: 'request',
        objectId: id,
        outcome: 'failure',
        details: {
          reason: 'stale-version',
          expectedVersion,
          currentVersion: row.current_version,
          personalData: namesPersons(currentDraft),
        },
      },
    );
    throw new StaleVersionError(await this.view(actor, row, currentDraft), expectedVersion);
  }

  async versions(actor: Actor, meta: RequestMeta, id: string) {
    await this.gate.require(actor, 'request.read', [id]);
    const seen = await repo.versionSeenBy(this.database.db, id, actor.agencyId);
    const rows = (await repo.versions(this.database.db, id)).filter(
      (r) => seen === undefined || r.version === seen,
    );
    await this.audit.record(
      { actor, meta },
      { action: 'request.versions', objectType: 'request', objectId: id, details: { count: rows.length } },
    );
    return rows.map((r) => ({
      version: r.version,
      contentHash: r.content_hash,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }));
  }

  /**
   * The validator's findings on the current version, checked against the current registry at the
   * node's date. For the lifecycle's gate: no access check here (the caller has done it).
   */
  async findingsFor(requestId: string, language: MessageLanguage = 'en'): Promise<FindingsReport> {
    return this.findingsAt(requestId, undefined, language);
  }

  /** The findings on one version (`undefined`: the current one). */
  private async findingsAt(
    requestId: string,
    version: number | undefined,
    language: MessageLanguage,
  ): Promise<FindingsReport> {
    const row = await repo.byId(this.database.db, requestId);
    const stored = row
      ? await repo.version(this.database.db, requestId, version ?? row.current_version)
      : undefined;
    if (!row || !stored) throw notFound();
    const draft = parseDraft(stored.content);
    const { findings, snapshot, summary } = await this.findingsOf(draft);
    const instrumentVersion = draft.instrumentId
      ? snapshot.versions.get(draft.instrumentId)?.version
      : undefined;
    return {
      requestId,
      version: stored.version,
      at: this.legal.today(),
      language,
      instrument:
        draft.instrumentId && snapshot.registry.instrumentsById.has(draft.instrumentId)
          ? { id: draft.instrumentId, version: instrumentVersion ?? 0 }
          : null,
      ...summary,
      findings: findings.map((f) => localiseFinding(f, language)),
    };
  }

  /**
   * Throws 422 naming every field with a blocking finding unless the draft may be submitted for
   * approval (the lifecycle issue calls this before the submit transition).
   */
  async assertSubmittable(requestId: string, language: MessageLanguage = 'en'): Promise<FindingsReport> {
    const report = await this.findingsFor(requestId, language);
    if (!report.submittable) {
      throw validationFailed(
        report.findings
          .filter((f) => f.severity === 'blocking')
          .map((f) => ({ path: f.path ? `draft.${f.path}` : 'draft', message: f.message })),
        `The draft has ${report.blocking} blocking finding(s) and cannot be submitted for approval.`,
      );
    }
    return report;
  }

  async findings(actor: Actor, meta: RequestMeta, id: string, language: MessageLanguage) {
    await this.gate.require(actor, 'request.read', [id]);
    // Another party (validator, recipient, executing agency) reads only the version it was sent or
    // approved, as GET does: none yet (0) answers 404.
    const report = await this.findingsAt(
      id,
      await repo.versionSeenBy(this.database.db, id, actor.agencyId),
      language,
    );
    await this.audit.record(
      { actor, meta },
      {
        action: 'request.findings',
        objectType: 'request',
        objectId: id,
        details: { version: report.version, blocking: report.blocking, warnings: report.warnings },
      },
    );
    return report;
  }

  /**
   * What a rendered version is: the version transmitted (always, for a request received from a
   * partner), the version approved and not yet sent, or a draft — not for transmission. With it, the
   * judicial validation recorded for that version (EIO Art. 2(c)(ii)); none on a draft.
   */
  private async standingOf(
    id: string,
    stored: { version: number; content: string } & (
      | { received: true; validation: RecordedValidation | undefined }
      | { received: false }
    ),
  ): Promise<{ standing: RenderMeta['standing']; validation: RecordedValidation | undefined }> {
    const contentHash = canonicalContent(JSON.parse(stored.content)).hash;
    if (stored.received)
      return { standing: { kind: 'transmitted', contentHash }, validation: stored.validation };
    const life = await lifecycleRepository.byId(this.database.db, id);
    const transmitted = life?.transmitted_version === stored.version;
    const approved = life?.approved_version === stored.version && life.state === 'approved';
    if (!life || !(transmitted || approved)) return { standing: { kind: 'draft' }, validation: undefined };
    const validator = life.validator_agency_id
      ? await this.database.db
          .selectFrom('agency')
          .select('name')
          .where('id', '=', life.validator_agency_id)
          .executeTakeFirst()
      : undefined;
    return {
      standing: { kind: transmitted ? 'transmitted' : 'approved', contentHash },
      validation: life.validated_at
        ? { agencyName: validator?.name ?? null, validatedAt: life.validated_at }
        : undefined,
    };
  }

  /** The request laid out as its instrument's form, as a PDF. Persons concerned need a purpose. */
  async document(actor: Actor, meta: RequestMeta, id: string, lang?: LabelLanguage) {
    // Another party reads only the version it was sent or approved, as GET does (none yet: 404).
    const stored = await this.readableVersion(actor, id);
    const draft = parseDraft(stored.content);
    if ((draft.persons?.length ?? 0) > 0) requirePurpose(meta);
    try {
      this.fonts ??= findDocumentFonts();
    } catch (e) {
      if (e instanceof FontsMissingError) throw new AppError('not-ready', e.message);
      throw e;
    }
    const { findings, snapshot } = await this.findingsOf(draft);
    const { standing, validation } = await this.standingOf(id, stored);
    const model = buildDocumentModel({
      draft,
      registry: snapshot.registry,
      instrumentVersion: draft.instrumentId
        ? (snapshot.versions.get(draft.instrumentId)?.version ?? null)
        : null,
      findings: findings.map((f) =>
        localiseFinding(
          f,
          draft.language === 'fr' || draft.language === 'de' || draft.language === 'es'
            ? draft.language
            : 'en',
        ),
      ),
      findingsAt: this.legal.today(),
      lang,
      validation,
    });
    const pdf = await renderRequestPdf(
      model,
      {
        requestId: id,
        version: stored.version,
        generatedAt: this.clock.now().toISOString(),
        nodeName: this.nodeName,
        standing,
      },
      this.fonts,
    );
    await this.audit.record(
      { actor, meta },
      {
        action: 'request.document',
        objectType: 'request',
        objectId: id,
        details: {
          version: stored.version,
          layout: model.layout,
          languages: [model.first, model.second],
          personalData: (draft.persons?.length ?? 0) > 0,
        },
      },
    );
    return { pdf, version: stored.version, layout: model.layout };
  }
}
