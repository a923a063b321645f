import type { AdviceRequest, AdviceResponse, InstrumentData } from '@comity/contracts';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { validateAdviceInput } from './advice-input.ts';
import { INSTRUMENTS, MEASURES, OFFENCE_CATEGORIES, STATES } from './data/index.ts';
import type { MessageLanguage } from './findings-i18n.ts';
import { instrumentHash, sourcedRules } from './instrument-rules.ts';
import { type InstrumentVersionRow, legalRepository as repo } from './legal.repository.ts';
import {
  INSTRUMENT_IDS,
  type Instrument,
  type InstrumentId,
  PERSON_ROLES,
  REQUEST_KINDS,
} from './legal.types.ts';
import { type Advice, advise } from './legal-advisor.ts';
import { buildRegistry, type LegalRegistry, loadRegistry, RegistryDataError } from './registry.ts';
import { localisedInstrumentProse } from './registry-prose.ts';

// Any constant; instances starting together on PostgreSQL seed one at a time.
const SEED_LOCK = 7_203_201;

export interface InstrumentVersionMeta {
  version: number;
  contentHash: string;
  source: 'seed' | 'admin';
  createdAt: string;
  createdBy: string | null;
}

/** The registry in force on this instance, with the version of each instrument it was built from. */
export interface RegistrySnapshot {
  readonly registry: LegalRegistry;
  readonly versions: ReadonlyMap<string, InstrumentVersionMeta>;
  /** Highest change number seen; 0 when the database holds no registry (the shipped data is used). */
  readonly seq: number;
}

export interface LegalServiceOptions {
  /** How often an instance checks whether another one changed the registry (PostgreSQL, several instances). */
  refreshMs?: number;
  /** The shipped instruments (tests pass changed data to see a new version seeded). */
  shipped?: readonly Instrument[];
}

const metaOf = (
  r: Pick<InstrumentVersionRow, 'version' | 'content_hash' | 'source' | 'created_at' | 'created_by'>,
) => ({
  version: r.version,
  contentHash: r.content_hash,
  source: r.source,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/** The registry's read-only instrument as the wire schema's (mutable) type: same data. */
const wire = (i: Instrument): InstrumentData => i as unknown as InstrumentData;

const order = (id: string) => INSTRUMENT_IDS.indexOf(id as InstrumentId);

/**
 * The legal registry as versioned data. The shipped instruments (data/*.ts) are seeded at start: a
 * changed instrument becomes a new version, an unchanged one nothing. Administrators edit an
 * instrument as a whole (a new version, audited). The advisor and the validator always use the
 * current versions, held in memory and rebuilt with `buildRegistry` when anything changes.
 */
export class LegalService {
  private snap: RegistrySnapshot | undefined;
  private loading: Promise<RegistrySnapshot> | undefined;
  /** Bumped by every change made through this instance, so a load started before it is not kept. */
  private generation = 0;
  private checkedAt = 0;
  private readonly refreshMs: number;
  private readonly shipped: readonly Instrument[];

  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
    opts: LegalServiceOptions = {},
  ) {
    this.refreshMs = opts.refreshMs ?? 5_000;
    this.shipped = opts.shipped ?? INSTRUMENTS;
  }

  /** The node's date, the `at` of advice and findings. */
  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  /**
   * Stores the shipped instruments: version 1 on first start; a new version whenever the shipped data
   * of an instrument differs from what was last seeded (an administrator's later edit is kept as an
   * older version, and the new shipped text becomes current). Idempotent. Not audited: like a
   * migration it is the node installing its own reference data, and the version rows record it.
   */
  async seed(): Promise<string[]> {
    const changed: string[] = [];
    const hashes = this.shipped.map((i) => ({ instrument: i, hash: instrumentHash(i) }));
    await inTransaction(this.database, async ({ tx }) => {
      if (this.database.engine === 'postgres')
        await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(tx);
      const now = this.clock.now().toISOString();
      for (const { instrument, hash } of hashes) {
        if ((await repo.lastSeedHash(tx, instrument.id)) === hash) continue;
        const existing = await repo.instrument(tx, instrument.id);
        const version = (existing?.current_version ?? 0) + 1;
        if (existing) {
          if (!(await repo.advance(tx, instrument.id, existing.current_version, now)))
            throw new Error(`instrument ${instrument.id} changed while seeding`);
        } else {
          await repo.insertInstrument(tx, {
            id: instrument.id,
            current_version: 1,
            created_at: now,
            updated_at: now,
          });
        }
        await repo.insertVersion(tx, {
          instrument_id: instrument.id,
          version,
          content: JSON.stringify(instrument),
          content_hash: hash,
          source: 'seed',
          created_at: now,
          created_by: null,
        });
        changed.push(instrument.id);
      }
    });
    if (changed.length > 0) {
      this.invalidate();
      this.log.info({ instruments: changed }, 'legal registry: shipped instruments seeded');
    }
    return changed;
  }

  private invalidate(): void {
    this.generation++;
    this.snap = undefined;
    this.checkedAt = 0;
  }

  private async load(): Promise<RegistrySnapshot> {
    const db = this.database.db;
    const seq = await repo.maxSeq(db);
    const rows = await repo.currentVersions(db);
    if (rows.length === 0) return { registry: loadRegistry(), versions: new Map(), seq: 0 };
    rows.sort((a, b) => order(a.instrument_id) - order(b.instrument_id));
    const registry = buildRegistry({
      instruments: rows.map((r) => JSON.parse(r.content) as Instrument),
      states: STATES,
      measures: MEASURES,
      offenceCategories: OFFENCE_CATEGORIES,
    });
    return { registry, versions: new Map(rows.map((r) => [r.instrument_id, metaOf(r)])), seq };
  }

  /** The current registry; checks at most every `refreshMs` whether another instance changed it. */
  async snapshot(): Promise<RegistrySnapshot> {
    for (;;) {
      const now = Date.now();
      if (this.snap && now - this.checkedAt < this.refreshMs) return this.snap;
      const generation = this.generation;
      this.loading ??= (async () => {
        try {
          if (this.snap && (await repo.maxSeq(this.database.db)) === this.snap.seq) return this.snap;
          return await this.load();
        } finally {
          this.loading = undefined;
        }
      })();
      const snap = await this.loading;
      // A change committed on this instance while loading: that load may predate it; load again.
      if (generation !== this.generation) continue;
      this.snap = snap;
      this.checkedAt = now;
      return snap;
    }
  }

  async registry(): Promise<LegalRegistry> {
    return (await this.snapshot()).registry;
  }

  async listInstruments() {
    const { registry, versions } = await this.snapshot();
    return registry.instruments.map((i) => {
      const rules = sourcedRules(i);
      const verified = rules.filter((r) => r.verified).length;
      const meta = versions.get(i.id);
      return {
        id: i.id,
        title: i.title,
        shortTitle: i.shortTitle,
        kind: i.kind,
        scope: i.scope,
        citation: i.citation,
        verified: i.verified,
        textVersion: i.version,
        version: meta?.version ?? 0,
        updatedAt: meta?.createdAt ?? new Date(0).toISOString(),
        parties: [...new Set(i.parties.map((p) => p.state))],
        measures: i.measures.map((m) => m.measure),
        rules: { verified, unverified: rules.length - verified },
      };
    });
  }

  /** One instrument, current or an earlier version, with every sourced fact flattened. */
  async getInstrument(actor: Actor, id: string, version?: number, language?: MessageLanguage) {
    const policies = { update: actor.permissions.has('legal.manage') };
    const prose = (i: Instrument) => (language ? { prose: localisedInstrumentProse(i, language) } : {});
    if (version === undefined) {
      const { registry, versions } = await this.snapshot();
      const instrument = registry.instrumentsById.get(id);
      const meta = versions.get(id);
      if (!instrument || !meta) throw notFound(`No instrument ${id}.`);
      return {
        data: {
          ...meta,
          instrument: wire(instrument),
          rules: sourcedRules(instrument),
          ...prose(instrument),
        },
        policies,
      };
    }
    const row = await repo.version(this.database.db, id, version);
    if (!row) throw notFound(`No version ${version} of instrument ${id}.`);
    const instrument = JSON.parse(row.content) as Instrument;
    return {
      data: {
        ...metaOf(row),
        instrument: wire(instrument),
        rules: sourcedRules(instrument),
        ...prose(instrument),
      },
      policies,
    };
  }

  async versions(id: string): Promise<InstrumentVersionMeta[]> {
    const rows = await repo.versions(this.database.db, id);
    if (rows.length === 0) throw notFound(`No instrument ${id}.`);
    return rows.map(metaOf);
  }

  /**
   * Replaces an instrument with an administrator's edit: checked against the rest of the registry,
   * stored as the next version with an audit event in the same transaction. `expectedVersion` (from
   * If-Match) guards against overwriting someone else's edit. Unchanged content makes no version.
   */
  async updateInstrument(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    input: InstrumentData,
    expectedVersion?: number,
  ) {
    if (input.id !== id)
      throw validationFailed([{ path: 'body.id', message: `Must be ${id}, as in the path.` }]);
    const instrument = input as Instrument;
    const { registry, versions } = await this.snapshot();
    const current = versions.get(id);
    if (!current || !registry.instrumentsById.has(id)) throw notFound(`No instrument ${id}.`);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw conflict(`Instrument ${id} is at version ${current.version}, not ${expectedVersion}; reload it.`);
    }
    try {
      buildRegistry({
        instruments: registry.instruments.map((i) => (i.id === id ? structuredClone(instrument) : i)),
        states: STATES,
        measures: MEASURES,
        offenceCategories: OFFENCE_CATEGORIES,
      });
    } catch (e) {
      if (e instanceof RegistryDataError)
        throw validationFailed(e.problems.map((p) => ({ path: 'body', message: p })));
      throw e;
    }
    const hash = instrumentHash(instrument);
    if (hash === current.contentHash) return this.getInstrument(actor, id);
    const now = this.clock.now().toISOString();
    await inTransaction(this.database, async (uow) => {
      if (!(await repo.advance(uow.tx, id, current.version, now)))
        throw conflict(`Instrument ${id} changed meanwhile; reload it.`);
      await repo.insertVersion(uow.tx, {
        instrument_id: id,
        version: current.version + 1,
        content: JSON.stringify(instrument),
        content_hash: hash,
        source: 'admin',
        created_at: now,
        created_by: actor.userId,
      });
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'instrument.update',
          objectType: 'instrument',
          objectId: id,
          details: { version: current.version + 1, previousVersion: current.version, contentHash: hash },
        },
      );
      uow.afterCommit(() => this.invalidate());
    });
    return this.getInstrument(actor, id);
  }

  /**
   * Legal-basis advice with the current registry. Unknown states, measures or categories are a 422
   * naming the field; contradictions (same state, surrender under an evidence instrument) are
   * advisories and `applies: false` with the reason, never an error.
   */
  async advise(
    input: AdviceRequest,
    language: MessageLanguage = 'en',
  ): Promise<z.infer<typeof AdviceResponse>> {
    const registry = await this.registry();
    const errors = validateAdviceInput(registry, input);
    if (errors.length > 0)
      throw validationFailed(
        errors.map((e) => ({ path: e.path ? `body.${e.path}` : 'body', message: e.message })),
      );
    const at = input.at ?? this.today();
    const advice: Advice = advise(registry, { ...input, at }, language);
    return { at, ...(advice as unknown as Omit<z.infer<typeof AdviceResponse>, 'at'>) };
  }

  async catalogue() {
    const registry = await this.registry();
    const today = this.today();
    return {
      states: registry.states.map((s) => ({
        code: s.code,
        name: s.name,
        officialLanguages: [...s.officialLanguages],
        eu: s.eu !== undefined && (s.eu.until === undefined || s.eu.until >= today),
      })),
      measures: registry.measures.map((m) => ({
        id: m.id,
        labelKey: m.labelKey,
        label: m.label,
        scope: m.scope,
        needsPerson: m.needsPerson,
        coercive: m.coercive,
      })),
      offenceCategories: registry.offenceCategories.map((c) => ({
        id: c.id,
        number: c.number,
        labelKey: c.labelKey,
        label: c.label,
        citation: c.citation,
        verified: c.verified,
      })),
      requestKinds: [...REQUEST_KINDS],
      personRoles: [...PERSON_ROLES],
    };
  }
}
