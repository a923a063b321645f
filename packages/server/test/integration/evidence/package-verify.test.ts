import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, Zip, ZipPassThrough } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Check,
  MANIFEST,
  verifyPackage,
  verifyPackageFile,
} from '../../../src/modules/evidence/package-verify.ts';
import {
  CENTRAL_RECORD_SIZE,
  canonicalZipBytes,
  dataDescriptor,
  END_RECORD_SIZE,
  localHeaderSize,
} from '../../../src/modules/evidence/package-zip.ts';
import { buildTestPackage } from './package-builder.ts';

const DATA_PATH = 'files/item-1/f1-relevé bancaire.pdf';
const CANONICAL = 'archive bytes are exactly its canonical form (no byte outside the entries changed)';

describe('offline package verification (streamed, canonical form)', () => {
  const tmp = path.join(os.tmpdir(), `comity-pv-${process.pid}-${Date.now()}`);
  let pkg: Buffer;
  let layout: { dataAt: number; dataSize: number; directoryAt: number; endAt: number };
  beforeAll(async () => {
    await fs.mkdir(tmp, { recursive: true });
    const file = path.join(tmp, 'pkg.zip');
    const built = await buildTestPackage(file, [
      { path: DATA_PATH, chunks: () => [Buffer.from('%PDF-1.4 '), Buffer.from('statement of account\n')] },
      { path: 'custody.jsonld', chunks: () => [Buffer.from('{"@context":{}}')] },
    ]);
    pkg = await fs.readFile(file);
    const end = pkg.length - END_RECORD_SIZE;
    layout = {
      dataAt: localHeaderSize(DATA_PATH),
      dataSize: built.entries[0]!.size,
      directoryAt: pkg.readUInt32LE(end + 16),
      endAt: end,
    };
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  const failed = (checks: Check[]) => checks.filter((c) => !c.ok);
  const canonicalDetail = (checks: Check[]) => checks.find((c) => c.what === CANONICAL)?.detail ?? '';
  async function verifyFile(bytes: Uint8Array, name: string) {
    const f = path.join(tmp, name);
    await fs.writeFile(f, bytes);
    return verifyPackageFile(f);
  }
  const flip = (at: number) => {
    const copy = Buffer.from(pkg);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };

  it('writes byte for byte what fflate wrote before (packages made earlier still verify)', () => {
    const entries: [string, Uint8Array][] = [
      [DATA_PATH, Buffer.from('x'.repeat(70_000))],
      ['empty', new Uint8Array(0)],
      [MANIFEST, Buffer.from('{}')],
    ];
    const parts: Uint8Array[] = [];
    const z = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    for (const [name, data] of entries) {
      const f = new ZipPassThrough(name);
      f.mtime = new Date(2000, 0, 1, 0, 0, 0);
      z.add(f);
      f.push(data, true);
    }
    z.end();
    expect(Buffer.from(canonicalZipBytes(entries)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses sizes no package holds (ZIP64 beyond 4 GiB: package-zip64.test.ts)', () => {
    expect(() => dataDescriptor(0, 2 ** 53)).toThrow(RangeError);
    expect(() => dataDescriptor(0, -1)).toThrow(RangeError);
  });

  it('a package verifies, from a file and from memory', async () => {
    const fromFile = await verifyPackageFile(path.join(tmp, 'pkg.zip'));
    expect(failed(fromFile.checks)).toEqual([]);
    expect(fromFile.ok).toBe(true);
    expect(fromFile.checks.map((c) => c.what)).toEqual(
      expect.arrayContaining([
        CANONICAL,
        expect.stringMatching(/^manifest signature/),
        expect.stringMatching(/^entry files\/item-1/),
        expect.stringMatching(/^custody chain of exhibit EX-1 \(3 records\)/),
      ]),
    );
    expect(await verifyPackage(pkg)).toEqual(fromFile);
  });

  it('fails after a change of any single byte, anywhere in the file', async () => {
    const passed: number[] = [];
    for (let at = 0; at < pkg.length; at++) if ((await verifyPackage(flip(at))).ok) passed.push(at);
    expect(passed).toEqual([]);
  });

  it('(a) a byte of an entry’s data: its SHA-256 and the CRC-32 in its data descriptor', async () => {
    const r = await verifyFile(flip(layout.dataAt + 3), 'a.zip');
    expect(r.ok).toBe(false);
    expect(failed(r.checks)).toEqual([
      expect.objectContaining({ what: CANONICAL }),
      expect.objectContaining({ what: expect.stringContaining(`entry ${DATA_PATH} SHA-256`) }),
    ]);
    const descriptorAt = layout.dataAt + layout.dataSize;
    expect(canonicalDetail(r.checks)).toBe(
      `data descriptor of entry 1 (${JSON.stringify(DATA_PATH)}) at byte ${descriptorAt} differs in CRC-32 (the data does not match its CRC-32); ` +
        `central directory record of entry 1 (${JSON.stringify(DATA_PATH)}) at byte ${layout.directoryAt} differs in CRC-32`,
    );
  });

  it('(b) a byte of a local header: the field is named', async () => {
    const flags = await verifyFile(flip(6), 'b1.zip');
    expect(failed(flags.checks)).toEqual([expect.objectContaining({ what: CANONICAL })]);
    expect(canonicalDetail(flags.checks)).toBe(
      `local header of entry 1 (${JSON.stringify(DATA_PATH)}) at byte 0 differs in flags`,
    );
    const name = await verifyFile(flip(layout.dataAt - 2), 'b2.zip');
    expect(failed(name.checks)).toEqual([expect.objectContaining({ what: CANONICAL })]);
    expect(canonicalDetail(name.checks)).toMatch(
      /^local header of entry 1 .* at byte 0 differs in name \(the central directory names it /,
    );
  });

  it('(c) a byte of the central directory: the record and field are named', async () => {
    const crc = await verifyFile(flip(layout.directoryAt + 16), 'c1.zip');
    expect(failed(crc.checks)).toEqual([expect.objectContaining({ what: CANONICAL })]);
    expect(canonicalDetail(crc.checks)).toBe(
      `central directory record of entry 1 (${JSON.stringify(DATA_PATH)}) at byte ${layout.directoryAt} differs in CRC-32`,
    );
    const secondRecord = layout.directoryAt + CENTRAL_RECORD_SIZE + Buffer.byteLength(DATA_PATH);
    const offset = await verifyFile(flip(secondRecord + 42), 'c2.zip');
    expect(canonicalDetail(offset.checks)).toBe(
      `central directory record of entry 2 ("custody.jsonld") at byte ${secondRecord} differs in local header offset`,
    );
    expect(offset.ok).toBe(false);
  });

  it('(d) a byte of the end record: the field is named, or the record is not found', async () => {
    const count = await verifyFile(flip(layout.endAt + 8), 'd1.zip');
    expect(failed(count.checks)).toEqual([expect.objectContaining({ what: CANONICAL })]);
    expect(canonicalDetail(count.checks)).toBe(
      `end of central directory record at byte ${layout.endAt} differs in entries on disk`,
    );
    const offset = await verifyFile(flip(layout.endAt + 16), 'd2.zip');
    expect(failed(offset.checks)).toEqual([expect.objectContaining({ what: CANONICAL })]);
    expect(canonicalDetail(offset.checks)).toBe(
      `end of central directory record at byte ${layout.endAt} differs in directory offset`,
    );
    const signature = await verifyFile(flip(layout.endAt), 'd3.zip');
    expect(signature.ok).toBe(false);
    expect(signature.checks).toEqual([
      {
        what: 'ZIP archive readable',
        ok: false,
        detail: 'no end of central directory record at the end of the file (damaged or not a ZIP)',
      },
    ]);
  });

  it('(e) bytes appended after the end record', async () => {
    for (const extra of [Buffer.from('x'), Buffer.alloc(300, 0x41)]) {
      const r = await verifyFile(Buffer.concat([pkg, extra]), `e-${extra.length}.zip`);
      expect(failed(r.checks)).toEqual([expect.objectContaining({ what: CANONICAL })]);
      expect(canonicalDetail(r.checks)).toBe(
        `${extra.length} byte(s) after the end of central directory record (at byte ${pkg.length})`,
      );
    }
  });

  it('a cut file, a duplicate, an unlisted or a missing entry fail', async () => {
    const cut = await verifyFile(pkg.subarray(0, pkg.length - 1), 'cut.zip');
    expect(cut.ok).toBe(false);
    expect(cut.checks[0]).toMatchObject({ what: 'ZIP archive readable', ok: false });
    const twice = canonicalZipBytes([
      [DATA_PATH, Buffer.from('a')],
      [DATA_PATH, Buffer.from('b')],
    ]);
    expect(failed((await verifyPackage(twice)).checks)).toEqual(
      expect.arrayContaining([
        { what: `entry ${DATA_PATH}`, ok: false, detail: 'appears more than once in the archive' },
      ]),
    );
    const entries = Object.entries(unzipSync(pkg));
    const unlisted = await verifyPackage(canonicalZipBytes([...entries, ['extra.bin', Buffer.from('x')]]));
    expect(failed(unlisted.checks)).toEqual([
      { what: 'entry extra.bin', ok: false, detail: 'not listed in the manifest' },
    ]);
    const missing = await verifyPackage(canonicalZipBytes(entries.filter(([n]) => n !== 'custody.jsonld')));
    expect(failed(missing.checks)).toEqual([
      { what: 'entry custody.jsonld', ok: false, detail: 'missing from the archive' },
    ]);
  });
});
