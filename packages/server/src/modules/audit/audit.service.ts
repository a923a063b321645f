import type { AuditEvent, SignedCheckpoint } from '@comity/contracts';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { atGroupEnd } from '../../platform/db/transaction-group.ts';
import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { newId } from '../../platform/ids.ts';
import {
  type AuditFilter,
  type CheckpointRow,
  auditRepository as repo,
  type StoredAuditEvent,
} from './audit.repository.ts';
import { checkpointText } from './audit-checkpoint.ts';
import { type AuditInput, type AuditRow, type AuditWho, buildAuditRow } from './audit-event.ts';
import { MerkleTreeIndex } from './merkle-proofs.ts';
import { SqliteAuditWriter } from './sqlite-audit-writer.ts';

// Any constant; both engines' sequencers take the same PostgreSQL advisory lock.
const SEQUENCER_LOCK = 7_203_114;

/**
 * The node's append-only audit log. Writes join the caller's transaction (`append`); reads and
 * refusals are group-committed (`record`) and the caller waits until its event is durable.
 * Events are sequenced into an RFC 9162 Merkle tree whose heads the node signs (checkpoints).
 */
export class AuditLog {
  private readonly batcher: GroupCommit<AuditRow>;
  /** The tree of sequenced events, loaded lazily and appended to: the sequenced prefix never changes. */
  private readonly tree = new MerkleTreeIndex();
  private sequenceTimer: NodeJS.Timeout | undefined;
  private readonly sqliteWriter: SqliteAuditWriter | undefined;

  constructor(
    private readonly database: Database,
    private readonly nodeId: string,
    private readonly keys: NodeKeys,
    private readonly clock: Clock,
  ) {
    // On SQLite the batches go to a writer thread (its fsync must not block request serving);
    // on PostgreSQL the pool's connections already write without blocking.
    this.sqliteWriter = database.sqlitePath ? new SqliteAuditWriter(database.sqlitePath) : undefined;
    const writer = this.sqliteWriter;
    this.batcher = new GroupCommit((rows) =>
      writer
        ? writer.write(rows)
        : database.db.transaction().execute(async (tx) => {
            await repo.insert(tx, rows);
            await this.sequenceIn(tx);
          }),
    );
  }

  private row(who: AuditWho, input: AuditInput): AuditRow {
    return buildAuditRow(input, who, {
      id: newId(),
      nodeId: this.nodeId,
      occurredAt: this.clock.now().toISOString(),
    });
  }

  /** Appends inside the caller's transaction: the event commits or rolls back with the change. */
  async append(uow: UnitOfWork, who: AuditWho, input: AuditInput): Promise<string> {
    const row = this.row(who, input);
    await repo.insert(uow.tx, [row]);
    this.sequenceAfter(uow);
    return row.id;
  }

  /**
   * Appends several events inside the caller's transaction with multi-row INSERTs (a batch of
   * envelopes queued at once): the same rows as one `append` each, in order, fewer statements.
   */
  async appendMany(uow: UnitOfWork, who: AuditWho, inputs: readonly AuditInput[]): Promise<string[]> {
    if (inputs.length === 0) return [];
    const rows = inputs.map((input) => this.row(who, input));
    // 16 rows a statement: the largest INSERT whose SQL hot-query.ts compiles once and reuses.
    for (let i = 0; i < rows.length; i += 16) await repo.insert(uow.tx, rows.slice(i, i + 16));
    this.sequenceAfter(uow);
    return rows.map((r) => r.id);
  }

  /** Records an event on its own (reads, refusals); resolves once it is durable. */
  async record(who: AuditWho, input: AuditInput): Promise<void> {
    await this.batcher.submit(this.row(who, input));
  }

  /**
   * Numbers the events a unit of work appended. In a SQLite write group that is done once at the
   * group's end, before its COMMIT (the single writer orders it after every event committed before
   * and every unit of the group): the numbers commit with the events, with no transaction of their
   * own. Elsewhere, and if that pass fails, a pass runs shortly after the commit.
   */
  private sequenceAfter(uow: UnitOfWork): void {
    const tx = uow.tx;
    const inGroup = atGroupEnd(tx, 'audit.sequence', async () => {
      try {
        await this.sequenceIn(tx);
      } catch (e) {
        this.scheduleSequencing();
        throw e;
      }
    });
    if (!inGroup) uow.afterCommit(() => this.scheduleSequencing());
  }

  private scheduleSequencing(): void {
    if (this.sequenceTimer) return;
    this.sequenceTimer = setTimeout(() => {
      this.sequenceTimer = undefined;
      void this.sequence().catch(() => this.scheduleSequencing());
    }, 20);
    this.sequenceTimer.unref();
  }

  private async sequenceIn(tx: Queryable): Promise<number> {
    if (this.database.engine === 'postgres')
      await sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`.execute(tx);
    return repo.sequence(tx);
  }

  /** Gives leaf indices to committed events that have none yet. */
  async sequence(): Promise<number> {
    // On SQLite the pass joins the write group: it commits with the units around it instead of
    // paying a commit of its own (a WAL write of the audit pages and an fsync) every 20 ms under
    // load. The single writer still orders it: the events it numbers are those committed before
    // it or in its own group before it, which commit with the numbers they get.
    const group = this.database.writeGroup;
    if (group) return group.run((tx) => this.sequenceIn(tx), { joinSoon: true });
    return this.database.db.transaction().execute((tx) => this.sequenceIn(tx));
  }

  /** The in-memory tree, brought up to at least `size` leaves from the database. */
  private async treeOf(size: number): Promise<MerkleTreeIndex> {
    while (this.tree.size < size) {
      const rows = await repo.leafHashesFrom(
        this.database.db,
        this.tree.size,
        Math.min(size, this.tree.size + 50_000),
      );
      if (rows[0]?.leaf_index !== this.tree.size) throw new Error('Audit log has a gap in its leaf indices');
      for (const r of rows) {
        if (r.leaf_index !== this.tree.size) throw new Error('Audit log has a gap in its leaf indices');
        this.tree.append(Buffer.from(r.leaf_hash, 'hex'));
      }
    }
    return this.tree;
  }

  /** Signs a new checkpoint if the tree grew since the last one; returns the latest. */
  async checkpoint(): Promise<SignedCheckpoint | null> {
    await this.batcher.drain();
    await this.sequence();
    const size = await repo.treeSize(this.database.db);
    const latest = await repo.latestCheckpoint(this.database.db);
    if (latest && latest.tree_size >= size) return this.toSigned(latest);
    if (size === 0) return null;
    const rootHash = (await this.treeOf(size)).root(size).toString('hex');
    const issuedAt = this.clock.now().toISOString();
    const { keyId, signature } = this.keys.sign(
      checkpointText({ nodeId: this.nodeId, treeSize: size, rootHash, issuedAt }),
    );
    const row: CheckpointRow = {
      tree_size: size,
      root_hash: rootHash,
      issued_at: issuedAt,
      key_id: keyId,
      signature,
    };
    await repo.insertCheckpoint(this.database.db, row);
    return this.toSigned((await repo.latestCheckpoint(this.database.db)) ?? row);
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | null> {
    const row = await repo.latestCheckpoint(this.database.db);
    return row ? this.toSigned(row) : null;
  }

  toSigned(row: CheckpointRow): SignedCheckpoint {
    const key = this.keys.all().find((k) => k.id === row.key_id);
    return {
      nodeId: this.nodeId,
      keyId: row.key_id,
      treeSize: row.tree_size,
      rootHash: row.root_hash,
      issuedAt: row.issued_at,
      signature: row.signature,
      publicKey: key?.publicKey ?? '',
    };
  }

  /** Inclusion proof of an event against the first checkpoint that covers it (signing one if needed). */
  async inclusionProofFor(event: StoredAuditEvent) {
    if (event.leaf_index == null) return null;
    let cp = await repo.checkpointAtLeast(this.database.db, event.leaf_index + 1);
    if (!cp) {
      await this.checkpoint();
      cp = await repo.checkpointAtLeast(this.database.db, event.leaf_index + 1);
    }
    if (!cp) return null;
    const tree = await this.treeOf(cp.tree_size);
    return {
      leafIndex: event.leaf_index,
      treeSize: cp.tree_size,
      leafHash: event.leaf_hash,
      path: tree.inclusionProof(event.leaf_index, cp.tree_size).map((h) => h.toString('hex')),
      checkpoint: this.toSigned(cp),
    };
  }

  async consistencyProof(fromSize: number, toSize: number): Promise<string[] | null> {
    const size = await repo.treeSize(this.database.db);
    if (fromSize < 1 || fromSize > toSize || toSize > size) return null;
    return (await this.treeOf(toSize)).consistencyProof(fromSize, toSize).map((h) => h.toString('hex'));
  }

  list(filter: AuditFilter): Promise<StoredAuditEvent[]> {
    return repo.list(this.database.db, filter);
  }

  byId(id: string): Promise<StoredAuditEvent | undefined> {
    return repo.byId(this.database.db, id);
  }

  async flush(): Promise<void> {
    await this.batcher.drain();
    if (this.sequenceTimer) clearTimeout(this.sequenceTimer);
    this.sequenceTimer = undefined;
    await this.sequence();
  }

  /** Writes what is pending and stops the writer thread. */
  async close(): Promise<void> {
    await this.flush();
    await this.sqliteWriter?.close();
  }
}

export function toAuditEvent(r: StoredAuditEvent): AuditEvent {
  return {
    id: r.id,
    leafIndex: r.leaf_index,
    occurredAt: r.occurred_at,
    nodeId: r.node_id,
    actorUserId: r.actor_user_id,
    actorAgencyId: r.actor_agency_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    outcome: r.outcome,
    ip: r.ip,
    sessionId: r.session_id,
    requestId: r.request_id,
    purpose: r.purpose,
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}
