import fs from 'node:fs/promises';
import path from 'node:path';
import type { CreateExport } from '@comity/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import { generateDataKey, Keyring, loadOrCreateMasterKey } from '../../platform/crypto/master-key.ts';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Database } from '../../platform/db/database.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { RequestReaders } from '../access/linked-objects.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { canExport, canRead } from '../dissemination/handling.ts';
import { refusal } from '../dissemination/refusal.ts';
import { evidenceRepository as repo, toItem } from './evidence.repository.ts';
import { EvidenceService } from './evidence.service.ts';
import { FederatedEvidence } from './federated-evidence.ts';
import { IntegritySweep } from './integrity-sweep.ts';
import { LazyBlobs } from './lazy-blobs.ts';
import { type ExportResult, exportPackage } from './package-export.ts';

export interface EvidenceDeps {
  config: { dataDir: string };
  database: Database;
  gate: AccessGate;
  audit: AuditLog;
  events: DomainEvents;
  jobs: JobQueue;
  clock: Clock;
  keys: NodeKeys;
  nodeId: string;
  log: Logger;
  /** Requests the actor may read (RequestsService.readableIds). */
  requests: RequestReaders;
}

export interface EvidenceModule {
  service: EvidenceService;
  /** Evidence crossing nodes under a request: offers, the blob source, pulled files (federated-evidence.ts). */
  federated: FederatedEvidence;
  sweep: IntegritySweep;
  exportsDir: string;
  dataDir: string;
  /** API export (gate: evidence.export) or CLI export (`actor` null: the administrator on the machine). */
  export(
    who: { actor: Actor | null; meta: RequestMeta },
    input: CreateExport,
    outFile?: string,
  ): Promise<ExportResult & { file: string }>;
  /**
   * A package made through the API, for the officer who made it, while every item in it still
   * passes the gate and its labels still allow the package (purpose, proceedings, recipient);
   * audited before the answer. Another officer's package, or an unknown one, is `not-found`.
   */
  openExport(who: { actor: Actor; meta: RequestMeta }, packageId: string): Promise<{ file: string }>;
  close(): Promise<void>;
}

/**
 * Evidence items may be used by officers of the holding agency and of agencies the labels name,
 * as far as the TLP label lets them read.
 */
export function registerEvidenceRules(gate: AccessGate, database: Database): void {
  const rule = async (actor: Actor, ids: readonly string[]) => {
    const rows = await repo.items(database.db, ids);
    return new Set(
      rows
        .map((r) => toItem(r, []))
        .filter(
          (i) =>
            (i.agencyId === actor.agencyId || i.labels.recipients.includes(actor.agencyId)) &&
            canRead(i.labels, actor.agencyId).allowed,
        )
        .map((i) => i.id),
    );
  };
  gate.register('evidence.read', rule);
  gate.register('evidence.transfer', rule);
  gate.register('evidence.export', rule);
}

/** What is kept next to an API export package (`<packageId>.json`). */
interface StoredExport extends ExportResult {
  agencyId: string | null;
  createdBy: string | null;
  purpose: CreateExport['purpose'];
  proceedings: string | null;
  recipientAgencyId: string | null;
}

export async function createEvidenceModule(d: EvidenceDeps): Promise<EvidenceModule> {
  const { master } = await loadOrCreateMasterKey({ dataDir: d.config.dataDir });
  const keyring = new Keyring(master);
  const blobs = new LazyBlobs({ dataDir: d.config.dataDir, keyring });
  registerEvidenceRules(d.gate, d.database);
  const wrapKey = () => keyring.wrap(generateDataKey());
  const service = new EvidenceService(
    d.database,
    d.gate,
    d.audit,
    d.events,
    d.clock,
    blobs,
    d.keys,
    wrapKey,
    d.nodeId,
    d.requests,
  );
  // Pulls in progress keep a manifest of their encrypted parts here (never plaintext).
  const federated = new FederatedEvidence(
    service,
    d.gate,
    d.events,
    wrapKey,
    path.join(d.config.dataDir, 'evidence-pulls'),
  );
  const sweep = new IntegritySweep(service, d.jobs);
  const exportsDir = path.join(d.config.dataDir, 'exports');
  return {
    service,
    federated,
    sweep,
    exportsDir,
    dataDir: d.config.dataDir,
    async export(who, input, outFile) {
      const ids = [...new Set(input.itemIds)];
      if (who.actor) await d.gate.require(who.actor, 'evidence.export', ids);
      const items = await service.loadItems(ids);
      if (items.length !== ids.length) throw notFound();
      await fs.mkdir(exportsDir, { recursive: true, mode: 0o700 });
      const file =
        outFile ?? path.join(exportsDir, `${Date.now()}-${Math.random().toString(36).slice(2)}.zip`);
      const result = await exportPackage(service, who, input, items, file);
      if (!outFile) {
        const final = path.join(exportsDir, `${result.packageId}.zip`);
        await fs.rename(file, final);
        const stored: StoredExport = {
          agencyId: who.actor?.agencyId ?? null,
          createdBy: who.actor?.userId ?? null,
          purpose: input.purpose,
          proceedings: input.proceedings ?? null,
          recipientAgencyId: input.recipientAgencyId ?? null,
          ...result,
        };
        await fs.writeFile(path.join(exportsDir, `${result.packageId}.json`), JSON.stringify(stored));
        return { ...result, file: final };
      }
      return { ...result, file };
    },
    async openExport(who, packageId) {
      const { actor } = who;
      if (!/^[0-9a-f-]{36}$/.test(packageId)) throw notFound();
      const stored = JSON.parse(
        await fs.readFile(path.join(exportsDir, `${packageId}.json`), 'utf8').catch(() => 'null'),
      ) as StoredExport | null;
      // Only the officer who made the package takes it (older packages, without their maker, none).
      if (!stored || stored.agencyId !== actor.agencyId || stored.createdBy !== actor.userId)
        throw notFound();
      // The items must still be the caller's to export, and their labels must still allow the package.
      await d.gate.require(actor, 'evidence.export', stored.included);
      const items = await service.loadItems(stored.included);
      if (items.length !== stored.included.length) throw notFound();
      for (const item of items) {
        const decision = canExport(item.labels, actor.agencyId, {
          purpose: stored.purpose,
          proceedings: stored.proceedings,
          recipientAgencyId: stored.recipientAgencyId,
        });
        if (!decision.allowed) {
          await d.audit.record(who, {
            action: 'evidence.export.download.refused',
            outcome: 'denied',
            objectType: 'evidence-package',
            objectId: packageId,
            details: { itemId: item.id, rule: decision.rule },
          });
          throw refusal(decision);
        }
      }
      const file = path.join(exportsDir, `${packageId}.zip`);
      await fs.access(file).catch(() => {
        throw notFound();
      });
      await d.audit.record(who, {
        action: 'evidence.export.download',
        objectType: 'evidence-package',
        objectId: packageId,
        details: { included: stored.included, sha256: stored.sha256 },
      });
      return { file };
    },
    close: () => blobs.close(),
  };
}
