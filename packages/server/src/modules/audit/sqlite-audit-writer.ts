import { Worker } from 'node:worker_threads';
import { AUDIT_COLUMNS, SEQUENCE_SQL } from './audit.repository.ts';
import type { AuditRow } from './audit-event.ts';

/**
 * Hands batches of audit rows to the writer thread (audit-writer.worker.mjs) and resolves when
 * they are committed and sequenced there. A crashed thread fails its pending batches and is
 * replaced on the next write.
 */
export class SqliteAuditWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(private readonly file: string) {}

  private start(): Worker {
    const worker = new Worker(new URL('./audit-writer.worker.mjs', import.meta.url), {
      workerData: { file: this.file, columns: AUDIT_COLUMNS, sequenceSql: SEQUENCE_SQL },
    });
    worker.on('message', (m: { id: number; ok: boolean; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      // Idle, the thread must not keep the process alive; busy, it must (a CLI awaits its write).
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p?.resolve();
      else p?.reject(new Error(`audit write failed: ${m.error}`));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`audit writer exited (${code})`)));
    worker.unref();
    return worker;
  }

  write(rows: AuditRow[]): Promise<void> {
    this.worker ??= this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.ref();
      this.worker!.postMessage({ id, rows });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    await new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      // Keep the process alive until the thread has closed its database (a CLI awaits this).
      w.ref();
      w.postMessage({ type: 'close' });
    });
  }
}
