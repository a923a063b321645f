import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CreateExport, EvidenceItem, ExportResponse } from '@comity/contracts';
import type { z } from 'zod';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { canExport, labelLine } from '../dissemination/handling.ts';
import { custodyAsCaseUco } from './case-uco.ts';
import type { CustodyRecord } from './custody-chain.ts';
import { renderCustodyReport } from './custody-pdf.ts';
import { evidenceRepository as repo } from './evidence.repository.ts';
import type { EvidenceService } from './evidence.service.ts';
import { MANIFEST, type PackageEntry, type PackageSignature, SIGNATURE } from './package-verify.ts';
import {
  CanonicalZip,
  CENTRAL_RECORD_SIZE,
  dataDescriptorSize,
  END_RECORD_SIZE,
  encodeName,
  isZip64Size,
  localHeaderSize,
  ZIP64_END_RECORD_SIZE,
  ZIP64_LOCATOR_SIZE,
} from './package-zip.ts';

/** The package as the service made it (the route adds where to download it). */
export type ExportResult = Omit<z.infer<typeof ExportResponse>, 'download'>;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Room kept for what is made while writing: manifest, signature, CASE/UCO custody, PDF report. */
const METADATA_ALLOWANCE = 64 * 1024 * 1024;

/**
 * Bytes the files take in the package (headers, data, descriptors, directory records, at most
 * ZIP64's), from the sizes recorded for them; throws when a recorded size is not a byte count.
 */
export function packageFilesSize(files: readonly { id: string; path: string; size: number }[]): number {
  let total = END_RECORD_SIZE + ZIP64_LOCATOR_SIZE + ZIP64_END_RECORD_SIZE;
  for (const f of files) {
    if (!Number.isSafeInteger(f.size) || f.size < 0)
      throw new AppError('internal', `Stored file ${f.id} has no valid recorded size (${f.size}).`);
    const zip64 = isZip64Size(f.size);
    // A directory record with the ZIP64 extra field for sizes and offset at most.
    total +=
      localHeaderSize(f.path, zip64) +
      f.size +
      dataDescriptorSize(zip64) +
      CENTRAL_RECORD_SIZE +
      encodeName(f.path).length +
      28;
  }
  if (!Number.isSafeInteger(total + METADATA_ALLOWANCE))
    throw new AppError('payload-too-large', 'The package would be too large.');
  return total;
}

/**
 * Builds a signed export package at `outFile` (ZIP64 where a file or the package reaches 4 GiB;
 * files of 64 GiB are exported): the files, manifest.json (items, labels, hashes,
 * custody chains, citations, excluded items with the rule that excluded them), its Ed25519
 * signature, the custody chain as CASE/UCO JSON-LD and a PDF custody report. Items the labels keep
 * out (H1 in court packages without permission, TLP confinement, speciality) are left out and
 * listed. `actor` null is the node administrator on the machine (CLI): policies are then judged
 * for the holding agency. Sizes are checked before the first byte (each file's recorded size, the
 * free space where the package goes); file data is streamed chunk by chunk, waiting for the file
 * to take each one, never held whole; a file whose bytes differ from its record aborts the export
 * and the partial package is deleted.
 */
export async function exportPackage(
  svc: EvidenceService,
  who: { actor: Actor | null; meta: RequestMeta },
  input: CreateExport,
  items: EvidenceItem[],
  outFile: string,
): Promise<ExportResult> {
  const packageId = newId();
  const createdAt = svc.now();
  const included: { item: EvidenceItem; custody: CustodyRecord[] }[] = [];
  const excluded: ExportResult['excluded'] = [];
  for (const item of items) {
    const d = canExport(item.labels, who.actor?.agencyId ?? item.agencyId, {
      purpose: input.purpose,
      proceedings: input.proceedings ?? null,
      recipientAgencyId: input.recipientAgencyId ?? null,
    });
    if (d.allowed) included.push({ item, custody: await repo.custody(svc.database.db, item.id) });
    else excluded.push({ id: item.id, exhibitNumber: item.exhibitNumber, rule: d.rule, reason: d.reason });
  }
  if (!included.length) {
    await svc.audit.record(who, {
      action: 'evidence.export.refused',
      outcome: 'denied',
      objectType: 'evidence',
      details: { excluded },
    });
    throw new AppError(
      'forbidden',
      `No item may go into this package: ${excluded.map((e) => `${e.exhibitNumber} (${e.rule})`).join(', ')}`,
    );
  }
  const rows = new Map(
    (
      await repo.items(
        svc.database.db,
        included.map((i) => i.item.id),
      )
    ).map((r) => [r.id, r]),
  );
  const files = (
    await repo.files(
      svc.database.db,
      included.map((i) => i.item.id),
    )
  ).map((f) => ({ ...f, size: Number(f.size), path: `files/${f.item_id}/${f.id}-${f.name}` }));

  // Sizes up front: every recorded size is a byte count, and the package fits where it is written
  // (checked before the first byte rather than failing after many gigabytes).
  const needed = packageFilesSize(files) + METADATA_ALLOWANCE;
  const space = await fs.statfs(path.dirname(outFile)).catch(() => null);
  if (space && space.bavail * space.bsize < needed)
    throw new AppError(
      'insufficient-storage',
      `The package needs about ${needed} bytes; ${space.bavail * space.bsize} are free where it is written.`,
    );

  const out = createWriteStream(outFile, { flags: 'wx', mode: 0o600 });
  const pending: Promise<unknown>[] = [];
  const zip = new CanonicalZip((c) => {
    if (!out.write(c)) pending.push(once(out, 'drain'));
  });
  const drain = async () => {
    while (pending.length) await pending.shift();
  };
  const entries: PackageEntry[] = [];
  const addBytes = async (entryPath: string, bytes: Uint8Array) => {
    zip.entry(entryPath, bytes.length)(bytes, true);
    entries.push({ path: entryPath, sha256: sha(bytes), size: bytes.length });
    await drain();
  };
  let keyId = '';
  try {
    const itemsOut = [];
    for (const { item, custody } of included) {
      const fileOut = [];
      for (const f of files.filter((x) => x.item_id === item.id)) {
        // The recorded size goes into the local header (ZIP64 or not); the data is streamed through,
        // one chunk at a time, waiting for the file to take each (never held whole).
        const push = zip.entry(f.path, f.size);
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of await svc.blobs.open(f.blob_id, rows.get(item.id)!.wrapped_key)) {
          const bytes = chunk as Uint8Array;
          if (size + bytes.length > f.size)
            throw new AppError(
              'internal',
              `Stored file ${f.id} is longer than its recorded ${f.size} bytes.`,
            );
          hash.update(bytes);
          size += bytes.length;
          push(bytes, false);
          await drain();
        }
        if (size !== f.size)
          throw new AppError(
            'internal',
            `Stored file ${f.id} has ${size} bytes, not its recorded ${f.size}.`,
          );
        push(new Uint8Array(0), true);
        const digest = hash.digest('hex');
        if (digest !== f.sha256) throw new AppError('internal', `Stored file ${f.id} failed its hash check.`);
        entries.push({ path: f.path, sha256: digest, size });
        fileOut.push({
          id: f.id,
          name: f.name,
          size,
          sha256: digest,
          contentType: f.content_type,
          path: f.path,
        });
      }
      itemsOut.push({ ...item, files: fileOut, labelLine: labelLine(item.labels), custody });
    }
    const caseUco = Buffer.from(JSON.stringify(custodyAsCaseUco(included), null, 2));
    await addBytes('custody.jsonld', caseUco);
    const meta = {
      packageId,
      nodeId: svc.nodeId,
      createdAt,
      purpose: input.purpose,
      proceedings: input.proceedings ?? null,
    };
    await addBytes('custody-report.pdf', await renderCustodyReport(meta, included));
    const manifest = {
      format: 'comity-evidence-package/1',
      ...meta,
      recipientAgencyId: input.recipientAgencyId ?? null,
      reason: input.reason ?? null,
      createdBy: who.actor
        ? { userId: who.actor.userId, agencyId: who.actor.agencyId }
        : { administrator: 'cli' },
      items: itemsOut,
      excluded,
      citations: [...new Set(included.map((i) => i.item.legalBasis).filter((x): x is string => !!x))],
      entries,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    const signed = svc.keys.sign(manifestBytes);
    keyId = signed.keyId;
    const key = svc.keys.all().find((k) => k.id === signed.keyId);
    const sig: PackageSignature = {
      alg: 'Ed25519',
      keyId: signed.keyId,
      publicKey: key?.publicKey ?? '',
      signature: signed.signature,
    };
    const sigBytes = Buffer.from(JSON.stringify(sig, null, 2));
    zip.entry(MANIFEST, manifestBytes.length)(manifestBytes, true);
    zip.entry(SIGNATURE, sigBytes.length)(sigBytes, true);
    zip.end();
    await drain();
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    await fs.rm(outFile, { force: true });
    throw e;
  }
  const whole = createHash('sha256');
  for await (const c of createReadStream(outFile)) whole.update(c as Buffer);
  const result: ExportResult = {
    packageId,
    included: included.map((i) => i.item.id),
    excluded,
    sha256: whole.digest('hex'),
    size: (await fs.stat(outFile)).size,
    keyId,
  };
  await inTransaction(svc.database, async (uow) => {
    for (const { item } of included)
      await svc.custodyEvent(uow, who, item.id, {
        event: 'exported',
        reason: input.reason ?? null,
        details: {
          packageId,
          packageSha256: result.sha256,
          purpose: input.purpose,
          proceedings: input.proceedings ?? null,
          recipientAgencyId: input.recipientAgencyId ?? null,
        },
      });
    await svc.audit.append(uow, who, {
      action: 'evidence.export',
      objectType: 'evidence-package',
      objectId: packageId,
      details: { included: result.included, excluded, sha256: result.sha256 },
    });
  });
  return result;
}
