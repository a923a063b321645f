/**
 * Offline verification of an evidence export package: the manifest's Ed25519 signature (against
 * the public key it names), every listed entry's SHA-256 and size, no unlisted or missing entries,
 * and every item's custody hash chain. Needs nothing but the ZIP file.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { type CustodyRecord, verifyCustodyChain } from './custody-chain.ts';
import { canonicalZipBytes } from './package-zip.ts';

export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig.json';

export interface PackageEntry {
  path: string;
  sha256: string;
  size: number;
}
export interface PackageSignature {
  alg: 'Ed25519';
  keyId: string;
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  /** Over the exact bytes of manifest.json, base64url. */
  signature: string;
}
export interface Check {
  what: string;
  ok: boolean;
  detail?: string;
}
export interface VerifyReport {
  ok: boolean;
  packageId: string | null;
  keyId: string | null;
  checks: Check[];
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function verifyEd25519Raw(publicKeyRaw: string, data: Uint8Array, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyRaw }, format: 'jwk' });
    return verify(null, data, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export async function verifyPackageFile(file: string): Promise<VerifyReport> {
  return verifyPackage(new Uint8Array(await fs.readFile(file)));
}

export function verifyPackage(zip: Uint8Array): VerifyReport {
  const checks: Check[] = [];
  const done = (packageId: string | null = null, keyId: string | null = null): VerifyReport => ({
    ok: checks.length > 0 && checks.every((c) => c.ok),
    packageId,
    keyId,
    checks,
  });
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
    checks.push({ what: 'ZIP archive readable', ok: true });
    const rebuilt = canonicalZipBytes(Object.entries(entries));
    const same =
      rebuilt.length === zip.length && Buffer.compare(Buffer.from(rebuilt), Buffer.from(zip)) === 0;
    checks.push({
      what: 'archive bytes are exactly its canonical form (no byte outside the entries changed)',
      ok: same,
      ...(same ? {} : { detail: 'headers, directory or padding differ' }),
    });
  } catch (e) {
    checks.push({ what: 'ZIP archive readable', ok: false, detail: (e as Error).message });
    return done();
  }
  const manifestBytes = entries[MANIFEST];
  const sigBytes = entries[SIGNATURE];
  if (!manifestBytes || !sigBytes) {
    checks.push({ what: 'manifest and signature present', ok: false, detail: 'missing' });
    return done();
  }
  let manifest: {
    packageId: string;
    entries: PackageEntry[];
    items: { id: string; exhibitNumber: string; custody: CustodyRecord[] }[];
  };
  let sig: PackageSignature;
  try {
    manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8'));
    sig = JSON.parse(Buffer.from(sigBytes).toString('utf8'));
  } catch (e) {
    checks.push({ what: 'manifest is JSON', ok: false, detail: (e as Error).message });
    return done();
  }
  const sigOk = sig.alg === 'Ed25519' && verifyEd25519Raw(sig.publicKey, manifestBytes, sig.signature);
  checks.push({
    what: `manifest signature (Ed25519, key ${sig.keyId}, public key ${sig.publicKey})`,
    ok: sigOk,
    ...(sigOk ? {} : { detail: 'signature does not verify' }),
  });
  const listed = new Set<string>([MANIFEST, SIGNATURE]);
  for (const e of manifest.entries ?? []) {
    listed.add(e.path);
    const bytes = entries[e.path];
    if (!bytes) {
      checks.push({ what: `entry ${e.path}`, ok: false, detail: 'missing from the archive' });
      continue;
    }
    const actual = sha256(bytes);
    const ok = actual === e.sha256 && bytes.length === e.size;
    checks.push({
      what: `entry ${e.path} SHA-256 ${e.sha256}`,
      ok,
      ...(ok ? {} : { detail: `found ${actual}, ${bytes.length} bytes` }),
    });
  }
  for (const name of Object.keys(entries)) {
    if (!listed.has(name) && !name.endsWith('/'))
      checks.push({ what: `entry ${name}`, ok: false, detail: 'not listed in the manifest' });
  }
  for (const item of manifest.items ?? []) {
    const problems = verifyCustodyChain(item.custody ?? []);
    checks.push({
      what: `custody chain of exhibit ${item.exhibitNumber} (${item.custody?.length ?? 0} records)`,
      ok: problems.length === 0,
      ...(problems.length ? { detail: problems.join('; ') } : {}),
    });
  }
  return done(manifest.packageId ?? null, sig.keyId ?? null);
}
