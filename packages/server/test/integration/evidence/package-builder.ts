import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import {
  type CustodyRecord,
  custodyHash,
  GENESIS_HASH,
} from '../../../src/modules/evidence/custody-chain.ts';
import {
  MANIFEST,
  type PackageEntry,
  type PackageSignature,
  SIGNATURE,
} from '../../../src/modules/evidence/package-verify.ts';
import { CanonicalZip, type ZipLayout } from '../../../src/modules/evidence/package-zip.ts';

export interface BuiltPackage {
  file: string;
  packageId: string;
  entries: PackageEntry[];
}

function custodyChain(itemId: string): CustodyRecord[] {
  const out: CustodyRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (const [i, event] of (['created', 'uploaded', 'hash-verified'] as const).entries()) {
    const r = {
      id: `${itemId}-c${i + 1}`,
      itemId,
      seq: i + 1,
      event,
      actorId: 'user-1',
      actorAgencyId: 'agency-1',
      at: `2026-11-20T10:0${i}:00.000Z`,
      place: 'Lyon',
      reason: null,
      details: {},
      prevHash,
    };
    const hash = custodyHash(r);
    out.push({ ...r, hash });
    prevHash = hash;
  }
  return out;
}

/**
 * Writes a signed package the way the exporter does (the same CanonicalZip, manifest and signature
 * format), streaming: each file is an async source of chunks that is never held whole. A file's
 * `size`, when given, is declared up front as the exporter does (needed for ZIP64 entries); `layout`
 * lowers the ZIP64 thresholds so that a small package takes the ZIP64 paths.
 */
export async function buildTestPackage(
  file: string,
  files: { path: string; size?: number; chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array> }[],
  layout?: Partial<ZipLayout>,
): Promise<BuiltPackage> {
  const packageId = `pkg-${Date.now()}`;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  let waiting: Promise<unknown> | null = null;
  const zip = new CanonicalZip((c) => {
    if (!out.write(c)) waiting ??= once(out, 'drain');
  }, layout);
  const drain = async () => {
    if (waiting) await waiting;
    waiting = null;
  };
  const entries: PackageEntry[] = [];
  for (const f of files) {
    const push = zip.entry(f.path, f.size);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of f.chunks()) {
      hash.update(chunk);
      size += chunk.length;
      push(chunk, false);
      await drain();
    }
    push(new Uint8Array(0), true);
    entries.push({ path: f.path, sha256: hash.digest('hex'), size });
  }
  const manifestBytes = Buffer.from(
    JSON.stringify(
      {
        format: 'comity-evidence-package/1',
        packageId,
        items: [{ id: 'item-1', exhibitNumber: 'EX-1', custody: custodyChain('item-1') }],
        entries,
      },
      null,
      2,
    ),
  );
  const sig: PackageSignature = {
    alg: 'Ed25519',
    keyId: 'test-key',
    publicKey: publicKey.export({ format: 'jwk' }).x!,
    signature: sign(null, manifestBytes, privateKey).toString('base64url'),
  };
  const sigBytes = Buffer.from(JSON.stringify(sig, null, 2));
  zip.entry(MANIFEST, manifestBytes.length)(manifestBytes, true);
  zip.entry(SIGNATURE, sigBytes.length)(sigBytes, true);
  zip.end();
  await drain();
  out.end();
  await once(out, 'finish');
  return { file, packageId, entries };
}
