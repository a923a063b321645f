import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFilesSize } from '../../../src/modules/evidence/package-export.ts';
import {
  type Check,
  MANIFEST,
  SIGNATURE,
  verifyPackage,
  verifyPackageFile,
} from '../../../src/modules/evidence/package-verify.ts';
import {
  CanonicalZip,
  CENTRAL_RECORD_SIZE,
  canonicalZipBytes,
  centralRecord,
  dataDescriptor,
  END_RECORD_SIZE,
  endRecords,
  localHeaderSize,
  ZIP64_END_RECORD_SIZE,
  ZIP64_LOCATOR_SIZE,
} from '../../../src/modules/evidence/package-zip.ts';
import { type BuiltPackage, buildTestPackage } from './package-builder.ts';

const run = promisify(execFile);
const CANONICAL = 'archive bytes are exactly its canonical form (no byte outside the entries changed)';
/** ZIP64 from 1000 bytes and 3 entries: a package of a few KiB takes every ZIP64 path. */
const LAYOUT = { zip64At: 1000, zip64EntriesAt: 3 };
const BIG = 'files/item-1/f1-disk-image.dd';
const BIG_SIZE = 1200;
const SMALL = 'custody.jsonld';

type Fields = readonly (readonly [string, number])[];
const LOCAL_FIELDS: Fields = [
  ['signature', 4],
  ['version needed', 2],
  ['flags', 2],
  ['compression', 2],
  ['modification time', 2],
  ['modification date', 2],
  ['CRC-32', 4],
  ['compressed size', 4],
  ['size', 4],
  ['name length', 2],
  ['extra field length', 2],
];
const DESCRIPTOR64_FIELDS: Fields = [
  ['signature', 4],
  ['CRC-32', 4],
  ['compressed size', 8],
  ['size', 8],
];
const CENTRAL_FIELDS: Fields = [
  ['signature', 4],
  ['version made by', 2],
  ['version needed', 2],
  ['flags', 2],
  ['compression', 2],
  ['modification time', 2],
  ['modification date', 2],
  ['CRC-32', 4],
  ['compressed size', 4],
  ['size', 4],
  ['name length', 2],
  ['extra field length', 2],
  ['comment length', 2],
  ['disk number', 2],
  ['internal attributes', 2],
  ['external attributes', 4],
  ['local header offset', 4],
];
const ZIP64_END_FIELDS: Fields = [
  ['signature', 4],
  ['record size', 8],
  ['version made by', 2],
  ['version needed', 2],
  ['disk number', 4],
  ['directory disk', 4],
  ['entries on disk', 8],
  ['entries', 8],
  ['directory size', 8],
  ['directory offset', 8],
];
const LOCATOR_FIELDS: Fields = [
  ['signature', 4],
  ['record disk', 4],
  ['record offset', 8],
  ['disks', 4],
];
const END_FIELDS: Fields = [
  ['disk number', 2],
  ['directory disk', 2],
  ['entries on disk', 2],
  ['entries', 2],
  ['directory size', 4],
  ['directory offset', 4],
  ['comment length', 2],
];
const extraFields = (values: string[]): Fields => [
  ['ZIP64 extra field tag', 2],
  ['ZIP64 extra field length', 2],
  ...values.map((v) => [`ZIP64 extra field ${v}`, 8] as const),
];
/** Each byte offset (from `at`) of a run of fields, with the field's name. */
function bytesOf(at: number, fields: Fields): [number, string][] {
  const out: [number, string][] = [];
  for (const [field, width] of fields) for (let i = 0; i < width; i++) out.push([at++, field]);
  return out;
}

describe('ZIP64 export packages (threshold lowered, so no 4 GiB is written)', () => {
  const tmp = path.join(os.tmpdir(), `comity-z64-${process.pid}-${Date.now()}`);
  const file = path.join(tmp, 'zip64.zip');
  const bigData = Buffer.alloc(BIG_SIZE);
  for (let i = 0; i < BIG_SIZE; i++) bigData[i] = (i * 31 + 7) & 0xff;
  let built: BuiltPackage;
  let pkg: Buffer;
  let at: { directory: number; zip64End: number; locator: number; end: number };

  beforeAll(async () => {
    await fs.mkdir(tmp, { recursive: true });
    built = await buildTestPackage(
      file,
      [
        { path: BIG, size: BIG_SIZE, chunks: () => [bigData.subarray(0, 500), bigData.subarray(500)] },
        { path: SMALL, chunks: () => [Buffer.from('{"@context":{}}')] },
      ],
      LAYOUT,
    );
    pkg = await fs.readFile(file);
    const end = pkg.length - END_RECORD_SIZE;
    const locator = end - ZIP64_LOCATOR_SIZE;
    const zip64End = locator - ZIP64_END_RECORD_SIZE;
    at = { directory: Number(pkg.readBigUInt64LE(zip64End + 48)), zip64End, locator, end };
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  const failed = (checks: Check[]) => checks.filter((c) => !c.ok);
  const canonicalDetail = (checks: Check[]) => checks.find((c) => c.what === CANONICAL)?.detail ?? '';
  const flip = (offset: number, bit = 0x01) => {
    const copy = Buffer.from(pkg);
    copy[offset] = copy[offset]! ^ bit;
    return copy;
  };
  /** Flips each bit of each given byte; the canonical-form check alone fails, naming `label`'s field. */
  async function expectNamed(label: (field: string) => string, bytes: [number, string][]) {
    const wrong: string[] = [];
    for (const [offset, field] of bytes)
      for (const bit of [0x01, 0x80]) {
        const r = await verifyPackage(flip(offset, bit), { layout: LAYOUT });
        const expected = label(field);
        const detail = canonicalDetail(r.checks);
        const onlyCanonical = failed(r.checks).length === 1 && failed(r.checks)[0]!.what === CANONICAL;
        if (r.ok || !onlyCanonical || detail !== expected)
          wrong.push(`byte ${offset} bit ${bit}: ${JSON.stringify(failed(r.checks))}, expected ${expected}`);
      }
    expect(wrong).toEqual([]);
  }

  it('writes the ZIP64 structures where the values reach the threshold, and nowhere else', () => {
    // Entry 1 (1200 bytes): ZIP64 local header (sizes 0xFFFFFFFF, extra field with 0 and 0).
    expect(pkg.readUInt16LE(4)).toBe(45);
    expect(pkg.readUInt32LE(18)).toBe(0xffff_ffff);
    expect(pkg.readUInt32LE(22)).toBe(0xffff_ffff);
    expect(pkg.readUInt16LE(28)).toBe(20);
    const extra = 30 + BIG.length;
    expect([pkg.readUInt16LE(extra), pkg.readUInt16LE(extra + 2)]).toEqual([1, 16]);
    expect([pkg.readBigUInt64LE(extra + 4), pkg.readBigUInt64LE(extra + 12)]).toEqual([0n, 0n]);
    // … and a 24-byte data descriptor with 8-byte sizes.
    const descriptor = localHeaderSize(BIG, true) + BIG_SIZE;
    expect(pkg.readUInt32LE(descriptor)).toBe(0x08074b50);
    expect([pkg.readBigUInt64LE(descriptor + 8), pkg.readBigUInt64LE(descriptor + 16)]).toEqual([
      1200n,
      1200n,
    ]);
    // Entry 2 (15 bytes, at offset 1223): a plain local header and descriptor.
    const second = descriptor + 24;
    expect(pkg.readUInt32LE(second)).toBe(0x04034b50);
    expect(pkg.readUInt16LE(second + 4)).toBe(20);
    expect(pkg.readUInt16LE(second + 28)).toBe(0);
    // The directory: entry 1 has its sizes in the extra field, entry 2 its offset.
    const d = at.directory;
    expect(pkg.readUInt32LE(d)).toBe(0x02014b50);
    expect([pkg.readUInt32LE(d + 20), pkg.readUInt32LE(d + 24), pkg.readUInt32LE(d + 42)]).toEqual([
      0xffff_ffff, 0xffff_ffff, 0,
    ]);
    expect(pkg.readUInt16LE(d + 30)).toBe(20);
    const d2 = d + CENTRAL_RECORD_SIZE + BIG.length + 20;
    expect([pkg.readUInt32LE(d2 + 24), pkg.readUInt32LE(d2 + 42), pkg.readUInt16LE(d2 + 30)]).toEqual([
      15, 0xffff_ffff, 12,
    ]);
    expect(pkg.readBigUInt64LE(d2 + CENTRAL_RECORD_SIZE + SMALL.length + 4)).toBe(BigInt(second));
    // ZIP64 end record, locator, end record (count and offset escaped, the directory size not).
    expect(pkg.readUInt32LE(at.zip64End)).toBe(0x06064b50);
    expect(pkg.readBigUInt64LE(at.zip64End + 32)).toBe(4n);
    expect(pkg.readUInt32LE(at.locator)).toBe(0x07064b50);
    expect(pkg.readBigUInt64LE(at.locator + 8)).toBe(BigInt(at.zip64End));
    expect(pkg.readUInt16LE(at.end + 10)).toBe(0xffff);
    expect(pkg.readUInt32LE(at.end + 12)).toBe(at.zip64End - at.directory);
    expect(pkg.readUInt32LE(at.end + 16)).toBe(0xffff_ffff);
  });

  it('verifies with its layout; with the format’s thresholds it is not canonical', async () => {
    const r = await verifyPackageFile(file, { layout: LAYOUT });
    expect(failed(r.checks)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(await verifyPackage(pkg, { layout: LAYOUT })).toEqual(r);
    const strict = await verifyPackageFile(file);
    expect(strict.ok).toBe(false);
    expect(canonicalDetail(strict.checks)).toMatch(
      /^local header of entry 1 .* at byte 0 differs in version needed, compressed size, size, extra field length;/,
    );
  });

  it('Python’s zipfile and unzip read it, and its data is correct', async () => {
    const script = [
      'import hashlib, json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'print(json.dumps([{"name": i.filename, "size": i.file_size, "offset": i.header_offset,',
      '  "zip64": any(i.extra[k:k+2] == b"\\x01\\x00" for k in (0,)),',
      '  "sha256": hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]))',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, file]);
    const listed = JSON.parse(stdout) as { name: string; size: number; sha256: string; zip64: boolean }[];
    expect(listed.map((e) => e.name)).toEqual([BIG, SMALL, MANIFEST, SIGNATURE]);
    expect(listed.slice(0, 2)).toEqual([
      expect.objectContaining({
        name: BIG,
        size: BIG_SIZE,
        zip64: true,
        sha256: createHash('sha256').update(bigData).digest('hex'),
      }),
      expect.objectContaining({ name: SMALL, size: 15, zip64: true, sha256: built.entries[1]!.sha256 }),
    ]);
    expect(built.entries[0]!.sha256).toBe(listed[0]!.sha256);
    const unzip = await run('unzip', ['-t', file]);
    expect(unzip.stdout).toMatch(/No errors detected/);
  });

  it('fails after a change of any single byte, anywhere in the file', async () => {
    const passed: number[] = [];
    for (let offset = 0; offset < pkg.length; offset++)
      if ((await verifyPackage(flip(offset), { layout: LAYOUT })).ok) passed.push(offset);
    expect(passed).toEqual([]);
  });

  it('the ZIP64 local header and data descriptor: every byte names its field', async () => {
    const label = `local header of entry 1 (${JSON.stringify(BIG)}) at byte 0 differs in `;
    await expectNamed(
      (f) => label + f,
      [...bytesOf(0, LOCAL_FIELDS), ...bytesOf(30 + BIG.length, extraFields(['size', 'compressed size']))],
    );
    const descriptor = localHeaderSize(BIG, true) + BIG_SIZE;
    await expectNamed(
      (f) =>
        `data descriptor of entry 1 (${JSON.stringify(BIG)}) at byte ${descriptor} differs in ${f}${
          f === 'CRC-32' ? ' (the data does not match its CRC-32)' : ''
        }`,
      bytesOf(descriptor, DESCRIPTOR64_FIELDS),
    );
  });

  it('the ZIP64 directory records: every byte of the fields and the extra field names its field', async () => {
    const d = at.directory;
    const d2 = d + CENTRAL_RECORD_SIZE + BIG.length + 20;
    // The signature and the name length derail reading the directory (as without ZIP64): below.
    const fixed = (from: number) =>
      bytesOf(from, CENTRAL_FIELDS).filter(([, f]) => f !== 'name length' && f !== 'signature');
    await expectNamed(
      (f) => `central directory record of entry 1 (${JSON.stringify(BIG)}) at byte ${d} differs in ${f}`,
      [
        ...fixed(d),
        ...bytesOf(d + CENTRAL_RECORD_SIZE + BIG.length, extraFields(['size', 'compressed size'])),
      ],
    );
    await expectNamed(
      (f) => `central directory record of entry 2 (${JSON.stringify(SMALL)}) at byte ${d2} differs in ${f}`,
      [
        ...fixed(d2),
        ...bytesOf(d2 + CENTRAL_RECORD_SIZE + SMALL.length, extraFields(['local header offset'])),
      ],
    );
    for (const [offset, detail] of [
      [d, 'central directory record 1 (byte 0 of the directory): no record signature'],
      [d + 28, 'central directory record 2 (byte 94 of the directory): no record signature'],
    ] as const) {
      const r = await verifyPackage(flip(offset), { layout: LAYOUT });
      expect(r.checks).toEqual([{ what: 'ZIP archive readable', ok: false, detail }]);
    }
  });

  it('the ZIP64 end record, its locator and the end record: every byte names its field', async () => {
    await expectNamed(
      (f) => `ZIP64 end of central directory record at byte ${at.zip64End} differs in ${f}`,
      bytesOf(at.zip64End, ZIP64_END_FIELDS),
    );
    await expectNamed(
      (f) => `ZIP64 end of central directory locator at byte ${at.locator} differs in ${f}`,
      bytesOf(at.locator, LOCATOR_FIELDS),
    );
    await expectNamed(
      (f) => `end of central directory record at byte ${at.end} differs in ${f}`,
      bytesOf(at.end + 4, END_FIELDS),
    );
  });

  it('a missing ZIP64 end record and locator, or ones the layout does not need, fail', async () => {
    const withoutZip64 = Buffer.concat([pkg.subarray(0, at.zip64End), pkg.subarray(at.end)]);
    const r = await verifyPackage(withoutZip64, { layout: LAYOUT });
    expect(r.ok).toBe(false);
    const small = canonicalZipBytes([['a', Buffer.from('x')]], LAYOUT);
    const plain = canonicalZipBytes([['a', Buffer.from('x')]]);
    expect(small.length).toBe(plain.length);
    const big = canonicalZipBytes([['a', Buffer.alloc(1000)]], LAYOUT);
    expect(failed((await verifyPackage(big)).checks)).toContainEqual(
      expect.objectContaining({ what: CANONICAL }),
    );
    expect(failed((await verifyPackage(big, { layout: LAYOUT })).checks)).not.toContainEqual(
      expect.objectContaining({ what: CANONICAL }),
    );
  });
});

describe('ZIP64 at the format’s thresholds (4 GiB, 65535 entries)', () => {
  it('sizes and offsets from 0xFFFFFFFF, counts from 0xFFFF', () => {
    expect(dataDescriptor(0, 0xffff_fffe).bytes.length).toBe(16);
    expect(dataDescriptor(0, 0xffff_ffff).bytes.length).toBe(24);
    const d = Buffer.from(dataDescriptor(7, 2 ** 32 + 5).bytes);
    expect([d.readUInt32LE(4), d.readBigUInt64LE(8), d.readBigUInt64LE(16)]).toEqual([
      7,
      2n ** 32n + 5n,
      2n ** 32n + 5n,
    ]);
    expect(centralRecord({ name: 'a', crc: 0, size: 0xffff_fffe, offset: 0xffff_fffe }).bytes.length).toBe(
      47,
    );
    const c = Buffer.from(centralRecord({ name: 'a', crc: 0, size: 64 * 2 ** 30, offset: 2 ** 33 }).bytes);
    expect(c.length).toBe(CENTRAL_RECORD_SIZE + 1 + 28);
    expect([c.readUInt32LE(20), c.readUInt32LE(24), c.readUInt32LE(42)]).toEqual([
      0xffff_ffff, 0xffff_ffff, 0xffff_ffff,
    ]);
    expect([c.readBigUInt64LE(51), c.readBigUInt64LE(59), c.readBigUInt64LE(67)]).toEqual([
      64n * 2n ** 30n,
      64n * 2n ** 30n,
      2n ** 33n,
    ]);
    expect(endRecords(0xfffe, 10, 0xffff_fffe)).toHaveLength(1);
    expect(endRecords(0xffff, 10, 10).map((r) => r.what)).toEqual([
      'ZIP64 end of central directory record',
      'ZIP64 end of central directory locator',
      'end of central directory record',
    ]);
    expect(endRecords(1, 10, 2 ** 32)).toHaveLength(3);
  });

  it('the writer: an undeclared entry stays below the threshold, a declared one has its size', () => {
    const z = new CanonicalZip(() => {}, { zip64At: 10 });
    const push = z.entry('a');
    push(Buffer.alloc(9), false);
    expect(() => push(Buffer.alloc(1), false)).toThrow(/give its size when it begins/);
    const y = new CanonicalZip(() => {}, { zip64At: 10 });
    expect(() => y.entry('b', 5)(Buffer.alloc(4), true)).toThrow(/has 4 bytes, not the 5/);
    expect(() => new CanonicalZip(() => {}).entry('c', 3)(Buffer.alloc(4), true)).toThrow(/more than the 3/);
  });

  it('the exporter sizes a package up front, 64 GiB files included', () => {
    const size = 64 * 2 ** 30;
    expect(packageFilesSize([{ id: 'f', path: 'files/i/f-x', size }])).toBeGreaterThan(size);
    expect(() => packageFilesSize([{ id: 'f', path: 'p', size: Number.NaN }])).toThrow(
      /no valid recorded size/,
    );
  });

  it('65535 entries: the ZIP64 end record, read by Python’s zipfile', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'comity-z64n-'));
    try {
      const entries: [string, Uint8Array][] = [];
      for (let i = 0; i < 0xffff; i++) entries.push([`e${i}`, new Uint8Array(0)]);
      const zip = Buffer.from(canonicalZipBytes(entries));
      const end = zip.length - END_RECORD_SIZE;
      expect(zip.readUInt32LE(end - ZIP64_LOCATOR_SIZE)).toBe(0x07064b50);
      expect(zip.readUInt16LE(end + 10)).toBe(0xffff);
      const r = await verifyPackage(zip);
      expect(r.checks.find((c) => c.what === CANONICAL)).toEqual({ what: CANONICAL, ok: true });
      const f = path.join(tmp, 'many.zip');
      await fs.writeFile(f, zip);
      const { stdout } = await run('python3', [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(len(z.infolist()), z.infolist()[-1].filename)',
        f,
      ]);
      expect(stdout.trim()).toBe('65535 e65534');
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
