import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Just enough PDF reading for tests without a PDF library: pdfkit writes dictionaries uncompressed, so
// bookmark (outline) titles, the info dictionary and page objects can be read from the bytes.

function unescapeLiteral(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (s[i] !== '\\') {
      out.push(c & 0xff);
      continue;
    }
    const n = s[++i] ?? '';
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (n in simple) out.push(simple[n]!);
    else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out.push(Number.parseInt(oct, 8));
      i += oct.length - 1;
    }
  }
  return Buffer.from(out);
}

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2));
    body.swap16();
    return body.toString('utf16le');
  }
  return bytes.toString('latin1');
}

/** Every `/Title (…)` string in the file: the info title and the bookmarks, in file order. */
export function pdfTitles(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  const re = /\/Title \(((?:\\.|[^\\)])*)\)/gs;
  for (const m of text.matchAll(re)) out.push(decodeText(unescapeLiteral(m[1]!)));
  return out;
}

export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

/** The text of the PDF through poppler's pdftotext (installed by scripts/ensure-poppler.sh). */
export function pdfText(pdf: Buffer): string {
  if (spawnSync('pdftotext', ['-v']).error) {
    throw new Error('pdftotext is missing: run scripts/ensure-poppler.sh (npm test does)');
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'comity-pdf-')), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}
