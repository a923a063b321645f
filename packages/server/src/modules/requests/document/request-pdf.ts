import PDFDocument from 'pdfkit';
import type { DocField, DocSection, DocumentModel, LegalMark } from './document-model.ts';
import type { DocumentFonts } from './fonts.ts';
import { type LabelCode, label } from './labels.ts';

// Draws a DocumentModel with pdfkit: A4, DejaVu Sans embedded (subset), labels side by side in the
// drafting language and the requested state's language, free text flagged "translation required"
// until a translation is attached, each section headed by the legal rules it rests on (⚠ where a
// rule is not verified). Sections are PDF bookmarks too, so a reader (or a test) can list them.

export interface RenderMeta {
  requestId: string;
  version: number;
  generatedAt: string;
  nodeName: string;
  /**
   * What the rendered version is: a draft (not for transmission), the version a second person
   * approved, or the version transmitted — those two named by the SHA-256 of their content, which
   * identifies them on both nodes.
   */
  standing: { kind: 'draft' } | { kind: 'approved' | 'transmitted'; contentHash: string };
}

/** The document's standing in one language; `short`: the hash cut for a footer. */
function standingText(
  meta: RenderMeta,
  lang: (code: LabelCode, params?: Record<string, string | number>) => string,
  short = false,
): string {
  const s = meta.standing;
  if (s.kind === 'draft') return lang('doc.draft');
  return lang(s.kind === 'approved' ? 'doc.approved' : 'doc.transmitted', {
    hash: short ? `${s.contentHash.slice(0, 12)}…` : s.contentHash,
  });
}

const INK = '#1a1a1a';
const GREY = '#666666';
const LIGHT = '#e9eef5';
const RED = '#b00020';
const AMBER = '#8a5a00';
const UNVERIFIED = '⚠';

type Doc = PDFKit.PDFDocument;

class Writer {
  readonly left: number;
  readonly width: number;
  readonly bottom: number;

  constructor(
    readonly doc: Doc,
    readonly model: DocumentModel,
  ) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    this.bottom = doc.page.height - doc.page.margins.bottom - 14;
  }

  l1 = (code: LabelCode, params?: Record<string, string | number>) => label(code, this.model.first, params);
  l2 = (code: LabelCode, params?: Record<string, string | number>) => label(code, this.model.second, params);
  get bilingual(): boolean {
    return this.model.first !== this.model.second;
  }

  /** Starts a new page unless `height` still fits. */
  room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  text(
    s: string,
    o: { font?: 'regular' | 'bold'; size?: number; color?: string; x?: number; width?: number } = {},
  ) {
    this.doc
      .font(o.font ?? 'regular')
      .fontSize(o.size ?? 9.5)
      .fillColor(o.color ?? INK)
      .text(s, o.x ?? this.left, this.doc.y, { width: o.width ?? this.width });
  }

  heightOf(s: string, size: number, width: number, font: 'regular' | 'bold' = 'regular'): number {
    return this.doc.font(font).fontSize(size).heightOfString(s, { width });
  }

  marks(legal: readonly LegalMark[]): string {
    return legal
      .map((m) => (m.verified ? m.citation : `${m.citation} ${UNVERIFIED} ${this.l1('doc.unverified')}`))
      .join(' · ');
  }

  /** Two label columns on one line: drafting language left, requested state's language right. */
  labels(
    code: LabelCode,
    params: Record<string, string | number> | undefined,
    size: number,
    font: 'regular' | 'bold',
  ) {
    const y = this.doc.y;
    if (!this.bilingual) {
      this.text(this.l1(code, params), { font, size, color: GREY });
      return;
    }
    const half = this.width / 2 - 6;
    const a = this.l1(code, params);
    const b = this.l2(code, params);
    this.doc.font(font).fontSize(size).fillColor(GREY).text(a, this.left, y, { width: half });
    const afterA = this.doc.y;
    this.doc
      .font('regular')
      .fontSize(size)
      .fillColor(GREY)
      .text(`${b}`, this.left + half + 12, y, { width: half, oblique: true });
    this.doc.y = Math.max(afterA, this.doc.y);
  }

  header(meta: RenderMeta): void {
    const m = this.model;
    const titleA = this.l1(m.title);
    this.text(titleA, { font: 'bold', size: 16 });
    if (this.bilingual) this.text(this.l2(m.title), { size: 11, color: GREY });
    this.doc.moveDown(0.3);
    this.text(standingText(meta, this.l1), {
      font: 'bold',
      size: 9,
      color: meta.standing.kind === 'draft' ? RED : INK,
    });
    this.doc.moveDown(0.4);
    const info = [
      `${this.l1('doc.reference')} ${meta.requestId} · ${this.l1('doc.version')} ${meta.version} · ${this.l1('doc.generated')} ${meta.generatedAt} · ${meta.nodeName}`,
    ];
    if (m.instrument) {
      info.push(
        `${this.l1('doc.legalBasis')}: ${m.instrument.title} — ${this.marks([m.instrument])} (registry v${m.instrument.version})`,
      );
    }
    const langName = (l: string) => {
      try {
        return new Intl.DisplayNames([m.first], { type: 'language' }).of(l) ?? l;
      } catch {
        return l;
      }
    };
    if (this.bilingual)
      info.push(this.l1('doc.labels', { first: langName(m.first), second: langName(m.second) }));
    if (m.secondWanted) info.push(this.l1('doc.noCatalogue', { language: langName(m.secondWanted) }));
    info.push(this.l1('doc.unverifiedNote'));
    for (const line of info) this.text(line, { size: 8, color: GREY });
    this.doc.moveDown(0.6);
  }

  /** Draws a section, pausing after its band and after each field (see renderRequestPdf). */
  *section(s: DocSection): Generator<void> {
    const title = `${s.marker}  ${this.l1(s.title)}`;
    const second = this.bilingual ? this.l2(s.title) : '';
    const legal = s.legal.length ? this.marks(s.legal) : '';
    const band =
      8 +
      this.heightOf(title, 11, this.width - 12, 'bold') +
      (second ? this.heightOf(second, 8.5, this.width - 12) : 0) +
      (legal ? this.heightOf(legal, 7.5, this.width - 12) + 2 : 0);
    this.room(band + 40);
    this.doc.outline.addItem(`${s.marker}. ${this.l1(s.title)}${second ? ` / ${second}` : ''}`);
    const top = this.doc.y;
    this.doc.rect(this.left, top, this.width, band).fill(LIGHT);
    this.doc.y = top + 4;
    this.text(title, { font: 'bold', size: 11, x: this.left + 6, width: this.width - 12 });
    if (second) this.text(second, { size: 8.5, color: GREY, x: this.left + 6, width: this.width - 12 });
    if (legal) {
      const anyUnverified = s.legal.some((m) => !m.verified);
      this.text(legal, {
        size: 7.5,
        color: anyUnverified ? AMBER : GREY,
        x: this.left + 6,
        width: this.width - 12,
      });
    }
    this.doc.y = top + band + 6;
    yield;
    for (const block of s.blocks) {
      if (block.heading) {
        this.room(40);
        this.labels(block.heading.label, block.heading.params, 9.5, 'bold');
        this.doc.moveDown(0.2);
      }
      for (const f of block.fields) {
        this.field(f);
        yield;
      }
    }
    this.doc.moveDown(0.6);
  }

  private translationNote(f: DocField): string | null {
    const t = this.model.translation;
    if (!f.free || f.value === null || t.targets.length === 0) return null;
    if (t.attached.length > 0)
      return this.l1('doc.translationAttached', { languages: t.attached.join(', ') });
    if (!t.needed) return null;
    return this.l1('doc.translationRequired', { languages: t.targets.join(', ') });
  }

  field(f: DocField): void {
    const value = f.value ?? (f.missing ? this.l1('doc.missing') : this.l1('doc.notGiven'));
    const note = this.translationNote(f);
    const need = 12 + this.heightOf(value, 10, this.width - 8) + (note ? 10 : 0);
    this.room(Math.min(need, 120));
    this.labels(f.label, f.labelParams, 7.5, 'regular');
    const color = f.value === null ? (f.missing ? RED : GREY) : INK;
    this.text(value, { size: 10, color, x: this.left + 8, width: this.width - 8 });
    if (note) this.text(`⟶ ${note}`, { size: 7.5, color: AMBER, x: this.left + 8, width: this.width - 8 });
    this.doc.moveDown(0.35);
  }

  findings(): void {
    const m = this.model;
    this.room(80);
    this.doc.outline.addItem(this.l1('doc.findings'));
    this.text(this.l1('doc.findings'), { font: 'bold', size: 12 });
    if (this.bilingual) this.text(this.l2('doc.findings'), { size: 8.5, color: GREY });
    if (m.instrument) {
      this.text(
        this.l1('doc.findingsAt', {
          date: m.findingsAt,
          instrument: m.instrument.title,
          version: m.instrument.version,
        }),
        { size: 8, color: GREY },
      );
    }
    this.doc.moveDown(0.3);
    if (m.findings.length === 0) this.text(this.l1('doc.noFindings'), { size: 9.5 });
    for (const f of m.findings) {
      const sev = f.severity === 'blocking' ? this.l1('doc.blocking') : this.l1('doc.warning');
      const line = `[${sev}] ${f.path} — ${f.message}`;
      const cite = f.verified ? f.citation : `${f.citation} ${UNVERIFIED} ${this.l1('doc.unverified')}`;
      this.room(this.heightOf(line, 9, this.width) + 14);
      this.text(line, { size: 9, color: f.severity === 'blocking' ? RED : AMBER });
      this.text(cite, { size: 7.5, color: GREY, x: this.left + 8, width: this.width - 8 });
      this.doc.moveDown(0.2);
    }
  }

  signature(): void {
    this.room(60);
    this.doc.moveDown(1);
    const y = this.doc.y + 28;
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + 220, y)
      .strokeColor(GREY)
      .lineWidth(0.5)
      .stroke();
    this.doc.y = y + 4;
    this.labels('doc.signature', undefined, 7.5, 'regular');
    this.doc.moveDown(1);
  }

  footers(meta: RenderMeta): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - this.doc.page.margins.bottom + 10;
      const text = `Comity · ${meta.requestId} · v${meta.version} · ${standingText(meta, this.l1, true)} · ${this.l1(
        'doc.page',
        {
          page: i + 1,
          pages: range.count,
        },
      )}`;
      // Writing below the bottom margin must not start a new page.
      const margin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('regular')
        .fontSize(7)
        .fillColor(GREY)
        .text(text, this.left, y, { width: this.width, align: 'center', lineBreak: false });
      this.doc.page.margins.bottom = margin;
    }
  }
}

/**
 * Renders at most this many documents at once; the others wait their turn. Laying out a large
 * request (thirty measures of five thousand characters) takes seconds of CPU: without a limit, ten
 * asked for at once would hold the node for all of them together.
 */
const RENDERING_AT_ONCE = 2;
let rendering = 0;
const waiting: (() => void)[] = [];

async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (rendering >= RENDERING_AT_ONCE) await new Promise<void>((r) => waiting.push(r));
  rendering++;
  try {
    return await work();
  } finally {
    rendering--;
    waiting.shift()?.();
  }
}

const nextTurnOfTheLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Renders the request as a PDF; resolves with its bytes. pdfkit lays out synchronously, so the
 * drawing pauses after every field for the event loop: the node keeps answering (a health check,
 * another user's page) while a long document is drawn, instead of seconds later.
 */
export function renderRequestPdf(
  model: DocumentModel,
  meta: RenderMeta,
  fonts: DocumentFonts,
): Promise<Buffer> {
  return turn(() => draw(model, meta, fonts));
}

async function draw(model: DocumentModel, meta: RenderMeta, fonts: DocumentFonts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 54, left: 50, right: 50 },
    bufferPages: true,
    autoFirstPage: true,
    lang: model.first,
    displayTitle: true,
    info: {
      Title: `${label(model.title, model.first)} — ${meta.requestId} v${meta.version}`,
      Subject: standingText(meta, (c, v) => label(c, 'en', v)),
      Creator: 'Comity',
      Producer: 'Comity (pdfkit)',
      Keywords: [model.layout, model.instrument?.id ?? 'no-instrument', model.first, model.second].join(', '),
      CreationDate: new Date(meta.generatedAt),
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc, model);
  w.header(meta);
  for (const s of model.sections) for (const _ of w.section(s)) await nextTurnOfTheLoop();
  w.signature();
  w.findings();
  w.footers(meta);
  doc.end();
  return done;
}
