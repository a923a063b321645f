/**
 * Content type from the first bytes of a file, never from its name or the uploader's claim (the
 * magic numbers of the WHATWG MIME Sniffing Standard §6 and the formats' own specifications).
 * Only a closed list of types is recognised; anything else is application/octet-stream, which the
 * UI offers as a download and never renders.
 */

/** Bytes of the start of a file that `sniffContentType` looks at. */
export const SNIFF_BYTES = 8192;

export const OCTET_STREAM = 'application/octet-stream';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const u16le = (b: Uint8Array, at: number): number => (b[at] as number) | ((b[at + 1] as number) << 8);

export function sniffContentType(head: Uint8Array): string {
  const b = head.subarray(0, SNIFF_BYTES);
  if (startsWith(b, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(b, ascii('PK')) && (startsWith(b, [3, 4], 2) || startsWith(b, [5, 6], 2)))
    return sniffZip(b);
  // ISO/IEC 14496-12 §4.3: a file starts with a box whose type is 'ftyp'.
  if (startsWith(b, ascii('ftyp'), 4)) return sniffFtyp(b);
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WAVE'), 8)) return 'audio/wav';
  return sniffText(b) ?? OCTET_STREAM;
}

/**
 * ZIP containers: Office Open XML (ECMA-376 Part 2) is recognised by its part names (word/, xl/,
 * ppt/), OpenDocument (ODF 1.2 Part 3 §3.3) by its stored 'mimetype' first entry.
 */
function sniffZip(b: Uint8Array): string {
  const names: string[] = [];
  // Local file headers (APPNOTE 4.3.7): signature, …, name length at +26, extra length at +28,
  // name at +30. Scan for every signature in the window: sizes may be deferred to a data descriptor.
  for (let at = 0; at + 30 <= b.length; at++) {
    if (!(b[at] === 0x50 && b[at + 1] === 0x4b && b[at + 2] === 3 && b[at + 3] === 4)) continue;
    const nameLength = u16le(b, at + 26);
    const extraLength = u16le(b, at + 28);
    if (at + 30 + nameLength > b.length) break;
    const name = Buffer.from(b.subarray(at + 30, at + 30 + nameLength)).toString('latin1');
    if (names.length === 0 && name === 'mimetype') {
      const start = at + 30 + nameLength + extraLength;
      const m = Buffer.from(b.subarray(start, Math.min(start + 80, b.length))).toString('latin1');
      const odf = /^application\/vnd\.oasis\.opendocument\.[a-z.-]+/.exec(m);
      if (odf) return odf[0];
    }
    names.push(name);
  }
  if (names.some((n) => n.startsWith('word/'))) {
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  if (names.some((n) => n.startsWith('xl/'))) {
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
  if (names.some((n) => n.startsWith('ppt/'))) {
    return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  }
  return 'application/zip';
}

function sniffFtyp(b: Uint8Array): string {
  const brand = Buffer.from(b.subarray(8, 12)).toString('latin1');
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
  if (brand.startsWith('3gp')) return 'video/3gpp';
  if (brand === 'heic' || brand === 'heix' || brand === 'mif1') return OCTET_STREAM;
  return 'video/mp4';
}

/**
 * Text: a UTF-16 byte-order mark, or valid UTF-8 (a sequence cut at the window's end allowed)
 * without control characters other than tab, line feed, form feed, carriage return and escape.
 */
function sniffText(b: Uint8Array): string | undefined {
  if (startsWith(b, [0xfe, 0xff])) return 'text/plain; charset=utf-16be';
  if (startsWith(b, [0xff, 0xfe])) return 'text/plain; charset=utf-16le';
  if (b.length === 0) return undefined;
  let i = startsWith(b, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1b) return undefined;
      if (c === 0x7f) return undefined;
      i += 1;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return undefined;
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length) return b.length === SNIFF_BYTES ? 'text/plain; charset=utf-8' : undefined;
      const cc = b[i + k] as number;
      if ((cc & 0xc0) !== 0x80) return undefined;
    }
    // Overlongs and surrogates (RFC 3629 §4).
    const c1 = b[i + 1] as number;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return undefined;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return undefined;
    i += n + 1;
  }
  return 'text/plain; charset=utf-8';
}
