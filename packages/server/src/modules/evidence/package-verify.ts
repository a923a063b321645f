/**
 * Offline verification of an evidence export package: the manifest's Ed25519 signature (against
 * the public key it names), every listed entry's SHA-256 and size, no unlisted, duplicate or
 * missing entries, every item's custody hash chain, and that the archive is exactly its canonical
 * form (package-zip.ts), so no byte outside the entries can change unnoticed. Needs nothing but the
 * ZIP file.
 *
 * Streams: the central directory is read from the end of the file, then one pass from the first
 * byte to the last rebuilds each canonical record (local header, data descriptor, directory record,
 * end record) from the names and the data and compares it with the file, while the data goes
 * through SHA-256 and CRC-32 in 1 MiB reads. Memory holds the directory, the manifest and its
 * signature, never an entry's data: packages of any size verify in constant memory.
 *
 * ZIP64 (entries or packages of 4 GiB and more, 65535 entries and more) is read and checked the same
 * way: the ZIP64 end record and its locator before the end record, the ZIP64 extra field of local
 * headers and directory records, 8-byte sizes in data descriptors — each rebuilt and compared, so
 * ZIP64 where the canonical form has none, or none where it has it, fails too. An entry's size is
 * the directory's when the data descriptor confirms it, else the one the offsets give, so that a
 * changed size (32-bit field, escape value or extra field) is named rather than derailing the pass.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { type CustodyRecord, verifyCustodyChain } from './custody-chain.ts';
import {
  type CanonicalRecord,
  centralRecord,
  type DirectoryEntry,
  dataDescriptor,
  dataDescriptorSize,
  differingFields,
  END_RECORD_SIZE,
  endRecords,
  isZip64Size,
  lastEndSignature,
  localHeader,
  localHeaderSize,
  readCentralDirectory,
  readDataDescriptorSizes,
  readEndRecord,
  readZip64EndRecord,
  readZip64Locator,
  ZIP_MAX_16,
  ZIP_MAX_32,
  ZIP64_END_RECORD_SIZE,
  ZIP64_LOCATOR_SIZE,
  type ZipEnd,
  type ZipLayout,
  zipLayout,
} from './package-zip.ts';

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

/** Bounds on what is held in memory: the central directory, the manifest and its signature. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const READ_CHUNK = 1024 * 1024;
/** The end records sit in the last 98 bytes; look further back only to name appended bytes. */
const TAIL_SEARCH = 64 * 1024 + END_RECORD_SIZE + ZIP64_LOCATOR_SIZE + ZIP64_END_RECORD_SIZE;
/** Differences listed in the canonical-form check before "and N more". */
const MAX_LISTED_DIFFERENCES = 8;

export function verifyEd25519Raw(publicKeyRaw: string, data: Uint8Array, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyRaw }, format: 'jwk' });
    return verify(null, data, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Random-access bytes of a package: a file (positional reads) or an in-memory buffer. */
interface Source {
  readonly size: number;
  /** Up to `length` bytes at `position` (fewer at the end of the source). */
  read(position: number, length: number): Promise<Uint8Array>;
  /** `length` bytes from `position` to `onChunk`, in pieces valid only during the call; returns the count. */
  stream(position: number, length: number, onChunk: (chunk: Uint8Array) => void): Promise<number>;
}

function fileSource(fh: fs.FileHandle, size: number): Source {
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  const readInto = async (target: Buffer, position: number, length: number) => {
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(target, got, length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  };
  return {
    size,
    async read(position, length) {
      const out = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      return out.subarray(0, await readInto(out, position, out.length));
    },
    async stream(position, length, onChunk) {
      let done = 0;
      while (done < length) {
        const n = await readInto(buf, position + done, Math.min(READ_CHUNK, length - done));
        if (n === 0) break;
        onChunk(buf.subarray(0, n));
        done += n;
      }
      return done;
    },
  };
}

function memorySource(bytes: Uint8Array): Source {
  const slice = (position: number, length: number) =>
    bytes.subarray(Math.min(position, bytes.length), Math.min(position + length, bytes.length));
  return {
    size: bytes.length,
    read: async (position, length) => slice(position, length),
    async stream(position, length, onChunk) {
      let done = 0;
      while (done < length) {
        const chunk = slice(position + done, Math.min(READ_CHUNK, length - done));
        if (!chunk.length) break;
        onChunk(chunk);
        done += chunk.length;
      }
      return done;
    },
  };
}

export interface VerifyOptions {
  /** Where ZIP64 begins in the canonical form; the format's defaults, lowered only by tests. */
  layout?: Partial<ZipLayout>;
}

/** Verifies the package file at `file`, streaming it. Fails (rejects) only when it cannot be opened or read. */
export async function verifyPackageFile(file: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const layout = zipLayout(options.layout);
  const fh = await fs.open(file, 'r');
  try {
    return await verifySource(fileSource(fh, (await fh.stat()).size), layout);
  } finally {
    await fh.close();
  }
}

/** Verifies a package held in memory (small packages, tests); the same checks as for a file. */
export function verifyPackage(zip: Uint8Array, options: VerifyOptions = {}): Promise<VerifyReport> {
  return verifySource(memorySource(zip), zipLayout(options.layout));
}

class Unreadable extends Error {}

interface Directory {
  entries: DirectoryEntry[];
  /** Where the directory begins (read from there). */
  start: number;
  /** Where the end record was found (the canonical place is size - 22). */
  endAt: number;
}

/**
 * Finds the end record (normally the last 22 bytes), the ZIP64 end record and its locator before it
 * when they are there, and reads the central directory they point at.
 */
async function readDirectory(src: Source): Promise<Directory> {
  if (src.size < END_RECORD_SIZE) throw new Unreadable(`${src.size} bytes: too short for a ZIP archive`);
  const tailStart = Math.max(0, src.size - TAIL_SEARCH);
  const tail = await src.read(tailStart, src.size - tailStart);
  let endAt = src.size - END_RECORD_SIZE;
  let end: ZipEnd | null = readEndRecord(tail, endAt - tailStart);
  if (!end) {
    const found = lastEndSignature(tail);
    if (found < 0)
      throw new Unreadable(
        'no end of central directory record at the end of the file (damaged or not a ZIP)',
      );
    endAt = tailStart + found;
    end = readEndRecord(tail, found)!;
  }
  // ZIP64: the locator right before the end record, the ZIP64 end record where it points (or, when
  // the locator is damaged, right before it).
  const locatorAt = endAt - ZIP64_LOCATOR_SIZE;
  const located = readZip64Locator(tail, locatorAt - tailStart);
  const escaped =
    end.entries === ZIP_MAX_16 || end.directorySize === ZIP_MAX_32 || end.directoryOffset === ZIP_MAX_32;
  const zip64Places = [located, locatorAt - ZIP64_END_RECORD_SIZE].filter(
    (at, i, all): at is number => at !== null && at >= 0 && at < endAt && all.indexOf(at) === i,
  );
  let zip64: ZipEnd | null = null;
  let zip64At = -1;
  for (const at of zip64Places) {
    zip64 = readZip64EndRecord(await src.read(at, ZIP64_END_RECORD_SIZE), 0);
    if (zip64) {
      zip64At = at;
      break;
    }
  }
  // Where the directory may end: the ZIP64 end record (found, located, or its canonical place when
  // something says ZIP64), else the end record.
  const ends = new Set<number>();
  if (zip64) ends.add(zip64At);
  if (located !== null) ends.add(located);
  if (zip64 || located !== null || escaped) ends.add(locatorAt - ZIP64_END_RECORD_SIZE);
  // The offset or a size may be the damaged field: try the directory at its offset, then right
  // before where it ends.
  const starts: number[] = [];
  if (zip64) starts.push(zip64.directoryOffset);
  if (end.directoryOffset !== ZIP_MAX_32) starts.push(end.directoryOffset);
  for (const e of [...ends, endAt]) {
    if (zip64) starts.push(e - zip64.directorySize);
    if (end.directorySize !== ZIP_MAX_32) starts.push(e - end.directorySize);
  }
  const candidates = starts.filter(
    (at, i, all) => at >= 0 && at <= endAt && endAt - at <= MAX_DIRECTORY_BYTES && all.indexOf(at) === i,
  );
  let firstError = `end of central directory record points at byte ${
    zip64?.directoryOffset ?? end.directoryOffset
  }, outside the file`;
  for (const [i, start] of candidates.entries()) {
    try {
      const { entries } = readCentralDirectory(await src.read(start, endAt - start), (at) =>
        ends.has(start + at),
      );
      return { entries, start, endAt };
    } catch (e) {
      if (i === 0) firstError = (e as Error).message;
    }
  }
  throw new Unreadable(firstError);
}

/**
 * The size of entry `e`, whose local header is at `pos`: the directory's, when the data descriptor
 * after that many bytes confirms it; else the one the layout gives (up to where the next entry or
 * the directory begins), when its descriptor confirms it — so that a changed size in the directory
 * is named as such rather than derailing the pass; else the directory's.
 */
async function entrySize(
  src: Source,
  layout: ZipLayout,
  e: DirectoryEntry,
  pos: number,
  next: number | null,
): Promise<number> {
  const candidates: number[] = [];
  if (e.size !== null) candidates.push(e.size);
  if (next !== null)
    for (const zip64 of [false, true]) {
      const s = next - pos - localHeaderSize(e.name, zip64) - dataDescriptorSize(zip64);
      if (s >= 0 && isZip64Size(s, layout) === zip64 && !candidates.includes(s)) candidates.push(s);
    }
  for (const s of candidates) {
    const zip64 = isZip64Size(s, layout);
    const at = pos + localHeaderSize(e.name, zip64) + s;
    const sizes = readDataDescriptorSizes(await src.read(at, dataDescriptorSize(zip64)), 0, zip64);
    if (sizes?.includes(s)) return s;
  }
  return candidates[0] ?? 0;
}

interface EntryDigest {
  sha256: string;
  size: number;
  /** The bytes, for the manifest and its signature only. */
  bytes?: Uint8Array;
}

/**
 * One pass over the file in canonical order: for each entry its local header, data and data
 * descriptor, then the directory and the end record, each compared with its canonical bytes.
 * Returns the entries' digests and every difference found.
 */
async function walk(src: Source, dir: Directory, layout: ZipLayout) {
  const differences: string[] = [];
  const digests = new Map<string, EntryDigest>();
  const duplicates = new Set<string>();
  const central: { name: string; crc: number; size: number; offset: number }[] = [];
  let pos = 0;
  let truncated = false;
  const compare = async (
    expected: CanonicalRecord,
    label: string,
    explain?: (fields: string[]) => string,
  ) => {
    const actual = await src.read(pos, expected.bytes.length);
    const fields = differingFields(expected, actual);
    if (actual.length < expected.bytes.length) {
      differences.push(`the file ends inside the ${label} at byte ${pos}`);
      truncated = true;
    } else if (fields.length) {
      differences.push(`${label} at byte ${pos} differs in ${explain ? explain(fields) : fields.join(', ')}`);
    }
    pos += expected.bytes.length;
  };
  for (const [i, e] of dir.entries.entries()) {
    const label = `entry ${i + 1} (${JSON.stringify(e.name)})`;
    const offset = pos;
    const next = i + 1 < dir.entries.length ? dir.entries[i + 1]!.offset : dir.start;
    const size = await entrySize(src, layout, e, pos, next);
    await compare(localHeader(e.name, isZip64Size(size, layout)), `local header of ${label}`, (fields) => {
      if (!fields.includes('name')) return fields.join(', ');
      return `${fields.join(', ')} (the central directory names it ${JSON.stringify(e.name)})`;
    });
    if (truncated) break;
    const hash = createHash('sha256');
    const keep = (e.name === MANIFEST || e.name === SIGNATURE) && size <= MAX_MANIFEST_BYTES;
    const parts: Uint8Array[] = [];
    let crc = 0;
    const read = await src.stream(pos, size, (chunk) => {
      hash.update(chunk);
      crc = crc32(chunk, crc);
      if (keep) parts.push(Buffer.from(chunk));
    });
    pos += read;
    if (read < size) {
      differences.push(
        `the data of ${label} runs past the end of the file: the central directory gives ${size} bytes, ${read} remain`,
      );
      truncated = true;
      break;
    }
    if (digests.has(e.name)) duplicates.add(e.name);
    else
      digests.set(e.name, {
        sha256: hash.digest('hex'),
        size,
        ...(keep ? { bytes: Buffer.concat(parts) } : {}),
      });
    await compare(dataDescriptor(crc, size, layout), `data descriptor of ${label}`, (fields) =>
      fields.includes('CRC-32')
        ? `${fields.join(', ')} (the data does not match its CRC-32)`
        : fields.join(', '),
    );
    if (truncated) break;
    central.push({ name: e.name, crc, size, offset });
  }
  if (!truncated) {
    const directoryStart = pos;
    for (const [i, c] of central.entries()) {
      await compare(
        centralRecord(c, layout),
        `central directory record of entry ${i + 1} (${JSON.stringify(c.name)})`,
      );
      if (truncated) break;
    }
    if (!truncated) {
      for (const r of endRecords(central.length, pos - directoryStart, directoryStart, layout)) {
        await compare(r, r.what);
        if (truncated) break;
      }
    }
  }
  if (!truncated && src.size > pos)
    differences.push(`${src.size - pos} byte(s) after the end of central directory record (at byte ${pos})`);
  if (!truncated && dir.endAt !== src.size - END_RECORD_SIZE && !differences.length)
    differences.push(`the end of central directory record is at byte ${dir.endAt}, not at the end`);
  return { differences, digests, duplicates };
}

async function verifySource(src: Source, layout: ZipLayout): Promise<VerifyReport> {
  const checks: Check[] = [];
  const done = (packageId: string | null = null, keyId: string | null = null): VerifyReport => ({
    ok: checks.length > 0 && checks.every((c) => c.ok),
    packageId,
    keyId,
    checks,
  });
  let dir: Directory;
  try {
    dir = await readDirectory(src);
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    checks.push({ what: 'ZIP archive readable', ok: false, detail: e.message });
    return done();
  }
  checks.push({ what: 'ZIP archive readable', ok: true });
  const { differences, digests, duplicates } = await walk(src, dir, layout);
  const listedDifferences =
    differences.length > MAX_LISTED_DIFFERENCES
      ? [
          ...differences.slice(0, MAX_LISTED_DIFFERENCES),
          `and ${differences.length - MAX_LISTED_DIFFERENCES} more`,
        ]
      : differences;
  checks.push({
    what: 'archive bytes are exactly its canonical form (no byte outside the entries changed)',
    ok: differences.length === 0,
    ...(differences.length ? { detail: listedDifferences.join('; ') } : {}),
  });
  for (const name of duplicates)
    checks.push({ what: `entry ${name}`, ok: false, detail: 'appears more than once in the archive' });

  const manifestEntry = digests.get(MANIFEST);
  const sigEntry = digests.get(SIGNATURE);
  const manifestBytes = manifestEntry?.bytes;
  const sigBytes = sigEntry?.bytes;
  if (!manifestBytes || !sigBytes) {
    const tooLarge = (manifestEntry && !manifestBytes) || (sigEntry && !sigBytes);
    checks.push({
      what: 'manifest and signature present',
      ok: false,
      detail: tooLarge ? `larger than ${MAX_MANIFEST_BYTES} bytes` : 'missing',
    });
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
    const found = digests.get(e.path);
    if (!found) {
      checks.push({ what: `entry ${e.path}`, ok: false, detail: 'missing from the archive' });
      continue;
    }
    const ok = found.sha256 === e.sha256 && found.size === e.size;
    checks.push({
      what: `entry ${e.path} SHA-256 ${e.sha256}`,
      ok,
      ...(ok ? {} : { detail: `found ${found.sha256}, ${found.size} bytes` }),
    });
  }
  for (const name of digests.keys()) {
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
