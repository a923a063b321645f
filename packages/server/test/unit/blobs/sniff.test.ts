/** Content type from magic numbers; never from a name. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OCTET_STREAM, SNIFF_BYTES, sniffContentType } from '../../../src/platform/blobs/sniff.ts';

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** A ZIP local file header (APPNOTE 4.3.7) for `name` with `data` stored uncompressed. */
function zipEntry(name: string, data = '', deferredSizes = false): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(deferredSizes ? 8 : 0, 6);
  h.writeUInt32LE(deferredSizes ? 0 : data.length, 18);
  h.writeUInt32LE(deferredSizes ? 0 : data.length, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, Buffer.from(name, 'latin1'), Buffer.from(data, 'latin1')]);
}

describe('sniffContentType', () => {
  it.each([
    ['application/pdf', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')],
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR')],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF')],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['video/mp4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41')],
    ['video/quicktime', bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 0, 0])],
    ['audio/mp4', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0])],
    ['audio/wav', bytes('RIFF', [0x24, 0x08, 0, 0], 'WAVEfmt ')],
    ['application/zip', Buffer.concat([zipEntry('notes.txt', 'hello'), zipEntry('photo.jpg')])],
    ['application/zip', bytes('PK', [5, 6], Array(18).fill(0))],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      Buffer.concat([
        zipEntry('[Content_Types].xml', '<Types/>'),
        zipEntry('_rels/.rels', '<R/>'),
        zipEntry('word/document.xml', '', true),
      ]),
    ],
    [
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      Buffer.concat([
        zipEntry('[Content_Types].xml', '', true),
        Buffer.from('deflated bytes'),
        zipEntry('xl/workbook.xml'),
      ]),
    ],
    [
      'application/vnd.oasis.opendocument.text',
      Buffer.concat([
        zipEntry('mimetype', 'application/vnd.oasis.opendocument.text'),
        zipEntry('content.xml'),
      ]),
    ],
    [
      'text/plain; charset=utf-8',
      Buffer.from('Protokół przesłuchania świadka — Ζ. Παπαδόπουλος\r\n\tстр. 1\n'),
    ],
    ['text/plain; charset=utf-8', bytes([0xef, 0xbb, 0xbf], 'csv;header\n')],
    ['text/plain; charset=utf-16le', bytes([0xff, 0xfe], 'h\0i\0')],
  ])('%s', (type, head) => {
    expect(sniffContentType(head)).toBe(type);
  });

  it.each([
    ['an ELF binary', bytes([0x7f], 'ELF', [2, 1, 1, 0])],
    ['a Windows executable', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0])],
    ['HTML is not served as text', bytes([0], '<html>')],
    ['invalid UTF-8', bytes('abc', [0xc3, 0x28], 'def')],
    ['an overlong encoding', bytes('a', [0xe0, 0x80, 0xaf])],
    ['empty', Buffer.alloc(0)],
  ])('%s → application/octet-stream', (_what, head) => {
    expect(sniffContentType(head)).toBe(OCTET_STREAM);
  });

  it('accepts a UTF-8 sequence cut by the end of a full sniff window', () => {
    const head = Buffer.concat([Buffer.alloc(SNIFF_BYTES - 1, 0x61), Buffer.from([0xc5])]);
    expect(sniffContentType(head)).toBe('text/plain; charset=utf-8');
  });

  it('never calls bytes with a NUL or other control byte text', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 0, max: 8 }),
        fc.nat(),
        (b, ctl, at) => {
          const head = Buffer.from(b);
          if (head.length === 0) return;
          head[at % head.length] = ctl;
          expect(sniffContentType(head).startsWith('text/plain; charset=utf-8')).toBe(false);
        },
      ),
    );
  });
});
