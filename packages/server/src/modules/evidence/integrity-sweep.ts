import { inTransaction } from '../../platform/db/unit-of-work.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { systemMeta } from '../access/actor.ts';
import { evidenceRepository as repo } from './evidence.repository.ts';
import type { EvidenceService } from './evidence.service.ts';

export const SWEEP_JOB = 'evidence.integrity-sweep';
const DAY_MS = 86_400_000;

export interface SweepResult {
  checked: number;
  mismatches: { itemId: string; fileId: string; expected: string; actual: string | null; error?: string }[];
}

/**
 * Re-hashes every stored evidence file (decrypting it: a flipped byte fails authentication or
 * changes the hash) and records the outcome on each item's chain of custody; mismatches are also
 * audited as failures. Runs daily as a durable job that schedules its next run.
 */
export class IntegritySweep {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly jobs: JobQueue,
  ) {
    jobs.register<{ day: string }>({
      name: SWEEP_JOB,
      maxAttempts: 3,
      handle: async () => {
        await this.run();
        await this.schedule(new Date(this.evidence.clock.now().getTime() + DAY_MS));
      },
    });
  }

  async schedule(at: Date = this.evidence.clock.now()): Promise<void> {
    const day = at.toISOString().slice(0, 10);
    await this.jobs.enqueue(
      this.evidence.database.db,
      SWEEP_JOB,
      { day },
      { runAt: at, idempotencyKey: `${SWEEP_JOB}:${day}` },
    );
  }

  async run(): Promise<SweepResult> {
    const { database, blobs, audit } = this.evidence;
    const result: SweepResult = { checked: 0, mismatches: [] };
    let after = '';
    for (;;) {
      const files = await repo.allFiles(database.db, after, 100);
      if (!files.length) break;
      after = files[files.length - 1]!.id;
      const items = new Map(
        (await repo.items(database.db, [...new Set(files.map((f) => f.item_id))])).map((i) => [i.id, i]),
      );
      for (const f of files) {
        const item = items.get(f.item_id);
        if (!item) continue;
        let actual: string | null = null;
        let error: string | undefined;
        try {
          actual = await blobs.rehash(f.blob_id, item.wrapped_key);
        } catch (e) {
          error = (e as { code?: string }).code ?? (e as Error).message;
        }
        result.checked++;
        const ok = actual === f.sha256;
        if (!ok)
          result.mismatches.push({
            itemId: f.item_id,
            fileId: f.id,
            expected: f.sha256,
            actual,
            ...(error ? { error } : {}),
          });
        const who = { actor: null, meta: systemMeta };
        await inTransaction(database, async (uow) => {
          await this.evidence.custodyEvent(uow, who, f.item_id, {
            event: 'integrity-rechecked',
            details: {
              fileId: f.id,
              expected: f.sha256,
              actual,
              outcome: ok ? 'intact' : 'mismatch',
              ...(error ? { error } : {}),
            },
          });
          if (!ok)
            await audit.append(uow, who, {
              action: 'evidence.integrity.mismatch',
              outcome: 'failure',
              objectType: 'evidence',
              objectId: f.item_id,
              details: { fileId: f.id, expected: f.sha256, actual, error: error ?? null },
            });
        });
      }
    }
    return result;
  }
}
