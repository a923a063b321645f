/**
 * Canonical ZIP form of export packages: stored (uncompressed) entries in order, each a local
 * header, its data and a data descriptor; then the central directory and the end record. Fixed
 * timestamp (2000-01-01 00:00), no comments, no extra field but ZIP64's, the UTF-8 flag exactly when
 * a name is not ASCII — byte for byte what fflate's streaming `Zip` with `ZipPassThrough` wrote, so
 * packages made before stay verifiable.
 *
 * ZIP64 (APPNOTE 6.3.x) exactly where a value does not fit, and nowhere else:
 * - an entry of `zip64At` bytes or more (default 0xFFFFFFFF, the 32-bit escape value itself
 *   included): version needed 4.5; its local header has 0xFFFFFFFF in both sizes and the ZIP64
 *   extended information extra field (§4.5.3) with both sizes 0 (bit 3: given in the descriptor);
 *   its data descriptor has 8-byte sizes (§4.3.9); its directory record has 0xFFFFFFFF in both
 *   sizes and the sizes in the extra field;
 * - a local header at offset `zip64At` or beyond: its directory record has 0xFFFFFFFF as offset
 *   and the offset in the extra field (after the sizes when those are there too); a directory record
 *   with an extra field says version 4.5 (made by and needed);
 * - `zip64EntriesAt` entries or more (default 0xFFFF), or a directory size or offset of `zip64At` or
 *   more: the ZIP64 end of central directory record (§4.3.14, no extensible data) and its locator
 *   (§4.3.15) between the directory and the end record, whose fields that do not fit hold 0xFFFF or
 *   0xFFFFFFFF and the others their value.
 * The thresholds are lowered only by tests, so that a small package takes the ZIP64 paths.
 *
 * This file is the one description of that layout: the exporter writes archives with it
 * (`CanonicalZip`), and the verifier rebuilds every record from the archive's names and data and
 * compares it with the file, naming the field that differs.
 */
import { crc32 } from 'node:zlib';

/** 2000-01-01 00:00 as a DOS date and time (the same in every time zone). */
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const VERSION = 20;
const VERSION_ZIP64 = 45;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const ZIP64_EXTRA_TAG = 0x0001;
export const ZIP_MAX_32 = 0xffff_ffff;
export const ZIP_MAX_16 = 0xffff;

/** Where ZIP64 begins; the defaults are the format's. */
export interface ZipLayout {
  /** Sizes and offsets at or above this are ZIP64 (at most 0xFFFFFFFF). */
  readonly zip64At: number;
  /** Entry counts at or above this are ZIP64 (at most 0xFFFF). */
  readonly zip64EntriesAt: number;
}
export const DEFAULT_LAYOUT: ZipLayout = { zip64At: ZIP_MAX_32, zip64EntriesAt: ZIP_MAX_16 };

export function zipLayout(options: Partial<ZipLayout> = {}): ZipLayout {
  const layout = { ...DEFAULT_LAYOUT, ...options };
  if (!Number.isInteger(layout.zip64At) || layout.zip64At < 1 || layout.zip64At > ZIP_MAX_32)
    throw new RangeError(`zip64At ${layout.zip64At} is not in 1..${ZIP_MAX_32}.`);
  if (
    !Number.isInteger(layout.zip64EntriesAt) ||
    layout.zip64EntriesAt < 1 ||
    layout.zip64EntriesAt > ZIP_MAX_16
  )
    throw new RangeError(`zip64EntriesAt ${layout.zip64EntriesAt} is not in 1..${ZIP_MAX_16}.`);
  return layout;
}

/** Whether an entry of `size` bytes is a ZIP64 entry (local header, descriptor, directory sizes). */
export const isZip64Size = (size: number, layout: ZipLayout = DEFAULT_LAYOUT) => size >= layout.zip64At;

type FieldSpec = readonly [field: string, size: 2 | 4 | 8];

/** One kind of record: its signature and fixed-size fields in order, then (for headers) the name. */
interface Layout {
  what: string;
  signature: number;
  fields: readonly FieldSpec[];
  named: boolean;
}

const LOCAL_HEADER: Layout = {
  what: 'local header',
  signature: 0x04034b50,
  named: true,
  fields: [
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
  ],
};

const DATA_DESCRIPTOR: Layout = {
  what: 'data descriptor',
  signature: 0x08074b50,
  named: false,
  fields: [
    ['signature', 4],
    ['CRC-32', 4],
    ['compressed size', 4],
    ['size', 4],
  ],
};

const DATA_DESCRIPTOR_64: Layout = {
  what: 'data descriptor',
  signature: 0x08074b50,
  named: false,
  fields: [
    ['signature', 4],
    ['CRC-32', 4],
    ['compressed size', 8],
    ['size', 8],
  ],
};

const CENTRAL_RECORD: Layout = {
  what: 'central directory record',
  signature: 0x02014b50,
  named: true,
  fields: [
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
  ],
};

const END_RECORD: Layout = {
  what: 'end of central directory record',
  signature: 0x06054b50,
  named: false,
  fields: [
    ['signature', 4],
    ['disk number', 2],
    ['directory disk', 2],
    ['entries on disk', 2],
    ['entries', 2],
    ['directory size', 4],
    ['directory offset', 4],
    ['comment length', 2],
  ],
};

const ZIP64_END_RECORD: Layout = {
  what: 'ZIP64 end of central directory record',
  signature: 0x06064b50,
  named: false,
  fields: [
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
  ],
};

const ZIP64_LOCATOR: Layout = {
  what: 'ZIP64 end of central directory locator',
  signature: 0x07064b50,
  named: false,
  fields: [
    ['signature', 4],
    ['record disk', 4],
    ['record offset', 8],
    ['disks', 4],
  ],
};

const fixedSize = (l: Layout) => l.fields.reduce((n, [, s]) => n + s, 0);
export const LOCAL_HEADER_SIZE = fixedSize(LOCAL_HEADER);
export const CENTRAL_RECORD_SIZE = fixedSize(CENTRAL_RECORD);
export const END_RECORD_SIZE = fixedSize(END_RECORD);
export const ZIP64_END_RECORD_SIZE = fixedSize(ZIP64_END_RECORD);
export const ZIP64_LOCATOR_SIZE = fixedSize(ZIP64_LOCATOR);

/** The ZIP64 extended information extra field: its header, then the 8-byte values present. */
const ZIP64_EXTRA = 'ZIP64 extra field';
type Zip64Value = 'size' | 'compressed size' | 'local header offset';

/** A record in its canonical bytes, able to say which field a byte offset falls in. */
export interface CanonicalRecord {
  what: string;
  bytes: Uint8Array;
  fieldAt(offset: number): string;
}

/** The fixed fields, the name (if any), then the ZIP64 extra field's values (if any). */
function encode(
  layout: Layout,
  values: Record<string, number>,
  name?: Uint8Array,
  extra: readonly [Zip64Value, number][] = [],
): CanonicalRecord {
  const extraSize = extra.length ? 4 + 8 * extra.length : 0;
  const nameSize = name?.length ?? 0;
  const bytes = Buffer.alloc(fixedSize(layout) + nameSize + extraSize);
  let at = 0;
  for (const [field, width] of layout.fields) {
    const v = field === 'signature' ? layout.signature : (values[field] ?? 0);
    if (width === 2) bytes.writeUInt16LE(v, at);
    else if (width === 4) bytes.writeUInt32LE(v, at);
    else bytes.writeBigUInt64LE(BigInt(v), at);
    at += width;
  }
  if (name) bytes.set(name, at);
  at += nameSize;
  if (extra.length) {
    bytes.writeUInt16LE(ZIP64_EXTRA_TAG, at);
    bytes.writeUInt16LE(8 * extra.length, at + 2);
    at += 4;
    for (const [, v] of extra) {
      bytes.writeBigUInt64LE(BigInt(v), at);
      at += 8;
    }
  }
  const extraFields = extra.map(([f]) => f);
  return {
    what: layout.what,
    bytes,
    fieldAt: (offset) => fieldAt(layout, nameSize, extraFields, offset),
  };
}

function fieldAt(layout: Layout, nameSize: number, extra: readonly Zip64Value[], offset: number): string {
  let at = 0;
  for (const [field, width] of layout.fields) {
    if (offset < at + width) return field;
    at += width;
  }
  if (!layout.named) return 'past its end';
  if (offset < at + nameSize) return 'name';
  at += nameSize;
  if (!extra.length) return 'past its end';
  if (offset < at + 2) return `${ZIP64_EXTRA} tag`;
  if (offset < at + 4) return `${ZIP64_EXTRA} length`;
  const i = Math.floor((offset - at - 4) / 8);
  return i < extra.length ? `${ZIP64_EXTRA} ${extra[i]}` : 'past its end';
}

/** Reads a record's fixed fields (the caller has checked the length); 8-byte values as numbers. */
function decode(layout: Layout, buf: Uint8Array, at: number): Record<string, number> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Record<string, number> = {};
  for (const [field, width] of layout.fields) {
    out[field] =
      width === 2 ? b.readUInt16LE(at) : width === 4 ? b.readUInt32LE(at) : Number(b.readBigUInt64LE(at));
    at += width;
  }
  return out;
}

export const encodeName = (name: string): Uint8Array => Buffer.from(name, 'utf8');

/** fflate's rule: the UTF-8 flag when the name's UTF-8 length differs from its length (not ASCII). */
function flags(name: string, nameBytes: Uint8Array): number {
  return FLAG_DATA_DESCRIPTOR | (nameBytes.length !== name.length ? FLAG_UTF8 : 0);
}

/** A size, offset or count: a non-negative safe integer (ZIP64 holds up to 2^64, JavaScript 2^53). */
function limit(what: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max)
    throw new RangeError(`${what} ${value} is beyond what a package holds (at most ${max}).`);
  return value;
}

/** The local header of an entry; `zip64` when the entry is `isZip64Size`. */
export function localHeader(name: string, zip64 = false): CanonicalRecord {
  const nameBytes = encodeName(name);
  return encode(
    LOCAL_HEADER,
    {
      'version needed': zip64 ? VERSION_ZIP64 : VERSION,
      flags: flags(name, nameBytes),
      'modification time': DOS_TIME,
      'modification date': DOS_DATE,
      'compressed size': zip64 ? ZIP_MAX_32 : 0,
      size: zip64 ? ZIP_MAX_32 : 0,
      'name length': limit('name length', nameBytes.length, ZIP_MAX_16),
      'extra field length': zip64 ? 20 : 0,
    },
    nameBytes,
    zip64
      ? [
          ['size', 0],
          ['compressed size', 0],
        ]
      : [],
  );
}

export function dataDescriptor(
  crc: number,
  size: number,
  layout: ZipLayout = DEFAULT_LAYOUT,
): CanonicalRecord {
  limit('entry size', size);
  return encode(isZip64Size(size, layout) ? DATA_DESCRIPTOR_64 : DATA_DESCRIPTOR, {
    'CRC-32': crc,
    'compressed size': size,
    size,
  });
}

/** Size of an entry's data descriptor. */
export const dataDescriptorSize = (zip64: boolean) => fixedSize(zip64 ? DATA_DESCRIPTOR_64 : DATA_DESCRIPTOR);

export interface CentralEntry {
  name: string;
  crc: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

export function centralRecord(e: CentralEntry, layout: ZipLayout = DEFAULT_LAYOUT): CanonicalRecord {
  const nameBytes = encodeName(e.name);
  const bigSize = isZip64Size(limit('entry size', e.size), layout);
  const bigOffset = limit('entry offset', e.offset) >= layout.zip64At;
  const extra: [Zip64Value, number][] = [];
  if (bigSize) extra.push(['size', e.size], ['compressed size', e.size]);
  if (bigOffset) extra.push(['local header offset', e.offset]);
  const version = extra.length ? VERSION_ZIP64 : VERSION;
  return encode(
    CENTRAL_RECORD,
    {
      'version made by': version,
      'version needed': version,
      flags: flags(e.name, nameBytes),
      'modification time': DOS_TIME,
      'modification date': DOS_DATE,
      'CRC-32': e.crc,
      'compressed size': bigSize ? ZIP_MAX_32 : e.size,
      size: bigSize ? ZIP_MAX_32 : e.size,
      'name length': limit('name length', nameBytes.length, ZIP_MAX_16),
      'extra field length': extra.length ? 4 + 8 * extra.length : 0,
      'local header offset': bigOffset ? ZIP_MAX_32 : e.offset,
    },
    nameBytes,
    extra,
  );
}

/**
 * What follows the directory: the end record, preceded by the ZIP64 end record and its locator when
 * a value does not fit.
 */
export function endRecords(
  entries: number,
  directorySize: number,
  directoryOffset: number,
  layout: ZipLayout = DEFAULT_LAYOUT,
): CanonicalRecord[] {
  limit('number of entries', entries);
  limit('central directory size', directorySize);
  limit('central directory offset', directoryOffset);
  const manyEntries = entries >= layout.zip64EntriesAt;
  const bigSize = directorySize >= layout.zip64At;
  const bigOffset = directoryOffset >= layout.zip64At;
  const end = encode(END_RECORD, {
    'entries on disk': manyEntries ? ZIP_MAX_16 : entries,
    entries: manyEntries ? ZIP_MAX_16 : entries,
    'directory size': bigSize ? ZIP_MAX_32 : directorySize,
    'directory offset': bigOffset ? ZIP_MAX_32 : directoryOffset,
  });
  if (!manyEntries && !bigSize && !bigOffset) return [end];
  const zip64EndAt = limit('ZIP64 end record offset', directoryOffset + directorySize);
  return [
    encode(ZIP64_END_RECORD, {
      'record size': ZIP64_END_RECORD_SIZE - 12,
      'version made by': VERSION_ZIP64,
      'version needed': VERSION_ZIP64,
      'entries on disk': entries,
      entries,
      'directory size': directorySize,
      'directory offset': directoryOffset,
    }),
    encode(ZIP64_LOCATOR, { 'record offset': zip64EndAt, disks: 1 }),
    end,
  ];
}

/** Where the canonical local header of an entry ends and its data begins. */
export const localHeaderSize = (name: string, zip64 = false) =>
  LOCAL_HEADER_SIZE + encodeName(name).length + (zip64 ? 20 : 0);

// ——— reading (the verifier locates the directory with these, then rebuilds and compares) ———

export interface ZipEnd {
  entries: number;
  directorySize: number;
  directoryOffset: number;
}

/** The end record at `at` in `buf`, or null when its signature is not there. */
export function readEndRecord(buf: Uint8Array, at: number): ZipEnd | null {
  if (at < 0 || at + END_RECORD_SIZE > buf.length || !hasSignature(END_RECORD, buf, at)) return null;
  const v = decode(END_RECORD, buf, at);
  return {
    entries: v.entries!,
    directorySize: v['directory size']!,
    directoryOffset: v['directory offset']!,
  };
}

/** The ZIP64 end record at `at` in `buf`, or null when its signature is not there. */
export function readZip64EndRecord(buf: Uint8Array, at: number): ZipEnd | null {
  if (at < 0 || at + ZIP64_END_RECORD_SIZE > buf.length || !hasSignature(ZIP64_END_RECORD, buf, at))
    return null;
  const v = decode(ZIP64_END_RECORD, buf, at);
  return {
    entries: v.entries!,
    directorySize: v['directory size']!,
    directoryOffset: v['directory offset']!,
  };
}

/** The offset of the ZIP64 end record that the locator at `at` in `buf` gives, or null. */
export function readZip64Locator(buf: Uint8Array, at: number): number | null {
  if (at < 0 || at + ZIP64_LOCATOR_SIZE > buf.length || !hasSignature(ZIP64_LOCATOR, buf, at)) return null;
  return decode(ZIP64_LOCATOR, buf, at)['record offset']!;
}

/** Offset of the last end-record signature in `buf`, or -1. */
export function lastEndSignature(buf: Uint8Array): number {
  for (let at = buf.length - END_RECORD_SIZE; at >= 0; at--) if (hasSignature(END_RECORD, buf, at)) return at;
  return -1;
}

export interface DirectoryEntry {
  name: string;
  nameBytes: Uint8Array;
  /** The entry's size, from the ZIP64 extra field when the record says so; null when not there. */
  size: number | null;
  /** Offset of the local header, likewise. */
  offset: number | null;
  /** Offset of the record within the directory. */
  at: number;
}

/** Values of the ZIP64 extra field for the 32-bit fields that hold 0xFFFFFFFF (null when missing). */
function zip64Values(
  buf: Uint8Array,
  from: number,
  to: number,
  escaped: readonly Zip64Value[],
): Map<Zip64Value, number> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Map<Zip64Value, number>();
  for (let at = from; at + 4 <= to; ) {
    const tag = b.readUInt16LE(at);
    const len = b.readUInt16LE(at + 2);
    if (tag === ZIP64_EXTRA_TAG) {
      let p = at + 4;
      for (const field of escaped) {
        if (p + 8 > Math.min(to, at + 4 + len)) break;
        out.set(field, Number(b.readBigUInt64LE(p)));
        p += 8;
      }
      break;
    }
    at += 4 + len;
  }
  return out;
}

/**
 * The records of a central directory at the start of `buf`; throws on damage. It ends at
 * `buf.length`, or at the first offset without a record signature for which `canEnd` holds (where
 * the ZIP64 end record is). A record whose extra field or comment length was changed is read with
 * the lengths its other fields imply when only those lead to the next record.
 */
export function readCentralDirectory(
  buf: Uint8Array,
  canEnd: (at: number) => boolean = () => false,
): { entries: DirectoryEntry[]; end: number } {
  const out: DirectoryEntry[] = [];
  const utf8 = new TextDecoder('utf-8');
  const followed = (end: number) =>
    end === buf.length || (end + 4 <= buf.length && (hasSignature(CENTRAL_RECORD, buf, end) || canEnd(end)));
  let at = 0;
  while (at < buf.length) {
    const where = `central directory record ${out.length + 1} (byte ${at} of the directory)`;
    if (!hasSignature(CENTRAL_RECORD, buf, at)) {
      if (out.length && canEnd(at)) return { entries: out, end: at };
      if (at + CENTRAL_RECORD_SIZE > buf.length) throw new Error(`${where}: truncated`);
      throw new Error(`${where}: no record signature`);
    }
    if (at + CENTRAL_RECORD_SIZE > buf.length) throw new Error(`${where}: truncated`);
    const v = decode(CENTRAL_RECORD, buf, at);
    const nameLen = v['name length']!;
    const nameEnd = at + CENTRAL_RECORD_SIZE + nameLen;
    const escaped: Zip64Value[] = [];
    if (v.size === ZIP_MAX_32) escaped.push('size');
    if (v['compressed size'] === ZIP_MAX_32) escaped.push('compressed size');
    if (v['local header offset'] === ZIP_MAX_32) escaped.push('local header offset');
    const declared = nameEnd + v['extra field length']! + v['comment length']!;
    const implied = nameEnd + (escaped.length ? 4 + 8 * escaped.length : 0);
    const end = followed(declared) || !followed(implied) ? declared : implied;
    if (end > buf.length) throw new Error(`${where}: runs past the end of the directory`);
    const z64 = zip64Values(buf, nameEnd, Math.min(end, nameEnd + v['extra field length']!), escaped);
    const nameBytes = buf.subarray(at + CENTRAL_RECORD_SIZE, nameEnd);
    out.push({
      name: utf8.decode(nameBytes),
      nameBytes,
      size: v.size === ZIP_MAX_32 ? (z64.get('size') ?? null) : v.size!,
      offset:
        v['local header offset'] === ZIP_MAX_32
          ? (z64.get('local header offset') ?? null)
          : v['local header offset']!,
      at,
    });
    at = end;
  }
  return { entries: out, end: at };
}

function hasSignature(layout: Layout, buf: Uint8Array, at: number): boolean {
  const s = layout.signature;
  return (
    buf[at] === (s & 0xff) &&
    buf[at + 1] === ((s >>> 8) & 0xff) &&
    buf[at + 2] === ((s >>> 16) & 0xff) &&
    buf[at + 3] === ((s >>> 24) & 0xff)
  );
}

/** The sizes a data descriptor at `at` in `buf` gives (8-byte when `zip64`), or null without its signature. */
export function readDataDescriptorSizes(buf: Uint8Array, at: number, zip64: boolean): number[] | null {
  const layout = zip64 ? DATA_DESCRIPTOR_64 : DATA_DESCRIPTOR;
  if (at < 0 || at + fixedSize(layout) > buf.length || !hasSignature(layout, buf, at)) return null;
  const v = decode(layout, buf, at);
  return [v['compressed size']!, v.size!];
}

/** Names the fields of `expected` whose bytes differ in `actual` (same length or shorter). */
export function differingFields(expected: CanonicalRecord, actual: Uint8Array): string[] {
  const fields: string[] = [];
  const n = Math.max(expected.bytes.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected.bytes[i] !== actual[i]) {
      const f = i < expected.bytes.length ? expected.fieldAt(i) : 'past its end';
      if (!fields.includes(f)) fields.push(f);
    }
  }
  return fields;
}

// ——— writing ———

/**
 * Streams a canonical archive to `onChunk`; entries one after the other. An entry's size decides
 * whether it is ZIP64, and its local header is written first: give the size to `entry` when it is
 * known (the exporter always does); an entry begun without it must stay below `zip64At`.
 */
export class CanonicalZip {
  readonly #onChunk: (chunk: Uint8Array) => void;
  readonly #layout: ZipLayout;
  readonly #entries: CentralEntry[] = [];
  #offset = 0;
  #open = false;
  #ended = false;

  constructor(onChunk: (chunk: Uint8Array) => void, layout: Partial<ZipLayout> = DEFAULT_LAYOUT) {
    this.#onChunk = onChunk;
    this.#layout = zipLayout(layout);
  }

  /** Bytes written so far. */
  get offset(): number {
    return this.#offset;
  }

  #emit(chunk: Uint8Array): void {
    this.#offset += chunk.length;
    this.#onChunk(chunk);
  }

  /** Starts an entry of `size` bytes if known; push its bytes (last call with final = true). */
  entry(name: string, size?: number): (chunk: Uint8Array, final: boolean) => void {
    if (this.#open || this.#ended) throw new Error('CanonicalZip: the previous entry is not finished.');
    if (size !== undefined) limit(`declared size of entry ${name}`, size);
    const zip64 = size !== undefined && isZip64Size(size, this.#layout);
    const max = size ?? this.#layout.zip64At - 1;
    const offset = this.#offset;
    this.#open = true;
    this.#emit(localHeader(name, zip64).bytes);
    let crc = 0;
    let written = 0;
    let done = false;
    return (chunk, final) => {
      if (done) throw new Error(`CanonicalZip: entry ${name} is finished.`);
      if (chunk.length) {
        if (written + chunk.length > max)
          throw new RangeError(
            size === undefined
              ? `CanonicalZip: entry ${name} reaches ${written + chunk.length} bytes; give its size when it begins (ZIP64 from ${this.#layout.zip64At}).`
              : `CanonicalZip: entry ${name} has more than the ${size} bytes it was declared with.`,
          );
        crc = crc32(chunk, crc);
        written += chunk.length;
        this.#emit(chunk);
      }
      if (final) {
        if (size !== undefined && written !== size)
          throw new RangeError(
            `CanonicalZip: entry ${name} has ${written} bytes, not the ${size} it was declared with.`,
          );
        done = true;
        this.#open = false;
        this.#emit(dataDescriptor(crc, written, this.#layout).bytes);
        this.#entries.push({ name, crc, size: written, offset });
      }
    };
  }

  end(): void {
    if (this.#open || this.#ended) throw new Error('CanonicalZip: an entry is not finished.');
    this.#ended = true;
    const start = this.#offset;
    for (const e of this.#entries) this.#emit(centralRecord(e, this.#layout).bytes);
    const records = endRecords(this.#entries.length, this.#offset - start, start, this.#layout);
    this.#emit(Buffer.concat(records.map((r) => r.bytes)));
  }
}

/** The canonical archive of `entries` (in order), in memory. */
export function canonicalZipBytes(
  entries: readonly [string, Uint8Array][],
  layout: Partial<ZipLayout> = DEFAULT_LAYOUT,
): Uint8Array {
  const parts: Uint8Array[] = [];
  const z = new CanonicalZip((c) => parts.push(c), layout);
  for (const [path, data] of entries) z.entry(path, data.length)(data, true);
  z.end();
  return Buffer.concat(parts);
}
