/**
 * Canonical ZIP form of export packages: stored (uncompressed) entries in order, each a local
 * header, its data and a data descriptor; then the central directory and the end record. Fixed
 * timestamp (2000-01-01 00:00), no comments, no extra fields, the UTF-8 flag exactly when a name is
 * not ASCII — byte for byte what fflate's streaming `Zip` with `ZipPassThrough` wrote, so packages
 * made before stay verifiable.
 *
 * This file is the one description of that layout: the exporter writes archives with it
 * (`CanonicalZip`), and the verifier rebuilds every record from the archive's names and data and
 * compares it with the file, naming the field that differs. Sizes and offsets stay below 4 GiB
 * (no ZIP64): the writer refuses to go beyond rather than write a broken archive.
 */
import { crc32 } from 'node:zlib';

/** 2000-01-01 00:00 as a DOS date and time (the same in every time zone). */
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const VERSION = 20;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
export const ZIP_MAX_32 = 0xffff_ffff;
export const ZIP_MAX_ENTRIES = 0xffff;

type FieldSpec = readonly [field: string, size: 2 | 4];

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

const fixedSize = (l: Layout) => l.fields.reduce((n, [, s]) => n + s, 0);
export const LOCAL_HEADER_SIZE = fixedSize(LOCAL_HEADER);
export const CENTRAL_RECORD_SIZE = fixedSize(CENTRAL_RECORD);
export const END_RECORD_SIZE = fixedSize(END_RECORD);

/** A record in its canonical bytes, able to say which field a byte offset falls in. */
export interface CanonicalRecord {
  what: string;
  bytes: Uint8Array;
  fieldAt(offset: number): string;
}

function encode(layout: Layout, values: Record<string, number>, name?: Uint8Array): CanonicalRecord {
  const size = fixedSize(layout) + (name?.length ?? 0);
  const bytes = Buffer.alloc(size);
  let at = 0;
  for (const [field, width] of layout.fields) {
    const v = field === 'signature' ? layout.signature : (values[field] ?? 0);
    if (width === 2) bytes.writeUInt16LE(v, at);
    else bytes.writeUInt32LE(v, at);
    at += width;
  }
  if (name) bytes.set(name, at);
  return { what: layout.what, bytes, fieldAt: (offset) => fieldAt(layout, offset) };
}

function fieldAt(layout: Layout, offset: number): string {
  let at = 0;
  for (const [field, width] of layout.fields) {
    if (offset < at + width) return field;
    at += width;
  }
  return layout.named ? 'name' : 'past its end';
}

/** Reads a record's fixed fields (the caller has checked the length). */
function decode(layout: Layout, buf: Uint8Array, at: number): Record<string, number> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Record<string, number> = {};
  for (const [field, width] of layout.fields) {
    out[field] = width === 2 ? b.readUInt16LE(at) : b.readUInt32LE(at);
    at += width;
  }
  return out;
}

export const encodeName = (name: string): Uint8Array => Buffer.from(name, 'utf8');

/** fflate's rule: the UTF-8 flag when the name's UTF-8 length differs from its length (not ASCII). */
function flags(name: string, nameBytes: Uint8Array): number {
  return FLAG_DATA_DESCRIPTOR | (nameBytes.length !== name.length ? FLAG_UTF8 : 0);
}

function limit(what: string, value: number, max = ZIP_MAX_32): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max)
    throw new RangeError(`${what} ${value} is beyond what a package holds without ZIP64 (at most ${max}).`);
  return value;
}

export function localHeader(name: string): CanonicalRecord {
  const nameBytes = encodeName(name);
  return encode(
    LOCAL_HEADER,
    {
      'version needed': VERSION,
      flags: flags(name, nameBytes),
      'modification time': DOS_TIME,
      'modification date': DOS_DATE,
      'name length': limit('name length', nameBytes.length, 0xffff),
    },
    nameBytes,
  );
}

export function dataDescriptor(crc: number, size: number): CanonicalRecord {
  limit('entry size', size);
  return encode(DATA_DESCRIPTOR, { 'CRC-32': crc, 'compressed size': size, size });
}

export interface CentralEntry {
  name: string;
  crc: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

export function centralRecord(e: CentralEntry): CanonicalRecord {
  const nameBytes = encodeName(e.name);
  return encode(
    CENTRAL_RECORD,
    {
      'version made by': VERSION,
      'version needed': VERSION,
      flags: flags(e.name, nameBytes),
      'modification time': DOS_TIME,
      'modification date': DOS_DATE,
      'CRC-32': e.crc,
      'compressed size': limit('entry size', e.size),
      size: e.size,
      'name length': limit('name length', nameBytes.length, 0xffff),
      'local header offset': limit('entry offset', e.offset),
    },
    nameBytes,
  );
}

export function endRecord(entries: number, directorySize: number, directoryOffset: number): CanonicalRecord {
  limit('number of entries', entries, ZIP_MAX_ENTRIES);
  return encode(END_RECORD, {
    'entries on disk': entries,
    entries,
    'directory size': limit('central directory size', directorySize),
    'directory offset': limit('central directory offset', directoryOffset),
  });
}

/** Where the canonical local header of an entry ends and its data begins. */
export const localHeaderSize = (name: string) => LOCAL_HEADER_SIZE + encodeName(name).length;

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

/** Offset of the last end-record signature in `buf`, or -1. */
export function lastEndSignature(buf: Uint8Array): number {
  for (let at = buf.length - END_RECORD_SIZE; at >= 0; at--) if (hasSignature(END_RECORD, buf, at)) return at;
  return -1;
}

export interface DirectoryEntry {
  name: string;
  nameBytes: Uint8Array;
  size: number;
  /** Offset of the record within the directory. */
  at: number;
}

/** The records of a central directory held in `buf` (all of it, nothing after); throws on damage. */
export function readCentralDirectory(buf: Uint8Array): DirectoryEntry[] {
  const out: DirectoryEntry[] = [];
  const utf8 = new TextDecoder('utf-8');
  let at = 0;
  while (at < buf.length) {
    const where = `central directory record ${out.length + 1} (byte ${at} of the directory)`;
    if (at + CENTRAL_RECORD_SIZE > buf.length) throw new Error(`${where}: truncated`);
    if (!hasSignature(CENTRAL_RECORD, buf, at)) throw new Error(`${where}: no record signature`);
    const v = decode(CENTRAL_RECORD, buf, at);
    const nameLen = v['name length']!;
    const end = at + CENTRAL_RECORD_SIZE + nameLen + v['extra field length']! + v['comment length']!;
    if (end > buf.length) throw new Error(`${where}: runs past the end of the directory`);
    const nameBytes = buf.subarray(at + CENTRAL_RECORD_SIZE, at + CENTRAL_RECORD_SIZE + nameLen);
    out.push({ name: utf8.decode(nameBytes), nameBytes, size: v.size!, at });
    at = end;
  }
  return out;
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

/** Streams a canonical archive to `onChunk`; entries one after the other. */
export class CanonicalZip {
  readonly #onChunk: (chunk: Uint8Array) => void;
  readonly #entries: CentralEntry[] = [];
  #offset = 0;
  #open = false;
  #ended = false;

  constructor(onChunk: (chunk: Uint8Array) => void) {
    this.#onChunk = onChunk;
  }

  #emit(chunk: Uint8Array): void {
    this.#offset += chunk.length;
    this.#onChunk(chunk);
  }

  /** Starts an entry; push its bytes (last call with final = true). */
  entry(name: string): (chunk: Uint8Array, final: boolean) => void {
    if (this.#open || this.#ended) throw new Error('CanonicalZip: the previous entry is not finished.');
    limit('number of entries', this.#entries.length + 1, ZIP_MAX_ENTRIES);
    const offset = limit('entry offset', this.#offset);
    this.#open = true;
    this.#emit(localHeader(name).bytes);
    let crc = 0;
    let size = 0;
    let done = false;
    return (chunk, final) => {
      if (done) throw new Error(`CanonicalZip: entry ${name} is finished.`);
      if (chunk.length) {
        crc = crc32(chunk, crc);
        size = limit('entry size', size + chunk.length);
        this.#emit(chunk);
      }
      if (final) {
        done = true;
        this.#open = false;
        this.#emit(dataDescriptor(crc, size).bytes);
        this.#entries.push({ name, crc, size, offset });
      }
    };
  }

  end(): void {
    if (this.#open || this.#ended) throw new Error('CanonicalZip: an entry is not finished.');
    this.#ended = true;
    const start = this.#offset;
    const directory = Buffer.concat(this.#entries.map((e) => centralRecord(e).bytes));
    this.#emit(Buffer.concat([directory, endRecord(this.#entries.length, directory.length, start).bytes]));
  }
}

/** The canonical archive of `entries` (in order), in memory. */
export function canonicalZipBytes(entries: readonly [string, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  const z = new CanonicalZip((c) => parts.push(c));
  for (const [path, data] of entries) z.entry(path)(data, true);
  z.end();
  return Buffer.concat(parts);
}
