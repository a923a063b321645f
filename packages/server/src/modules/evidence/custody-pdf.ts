import type { EvidenceItem } from '@comity/contracts';
import PDFDocument from 'pdfkit';
import { labelLine } from '../dissemination/handling.ts';
import { findDocumentFonts } from '../requests/document/fonts.ts';
import type { CustodyRecord } from './custody-chain.ts';

/** A PDF custody report: per item its labels (header line), files with hashes, and every custody record. */
export function renderCustodyReport(
  meta: { packageId: string; nodeId: string; createdAt: string; purpose: string; proceedings: string | null },
  items: readonly { item: EvidenceItem; custody: readonly CustodyRecord[] }[],
): Promise<Buffer> {
  const fonts = findDocumentFonts();
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    margins: { top: 48, bottom: 54, left: 50, right: 50 },
    info: {
      Title: `Custody report ${meta.packageId}`,
      Creator: 'Comity',
      CreationDate: new Date(meta.createdAt),
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
  doc.font('bold').fontSize(16).text('Chain of custody report');
  doc.font('regular').fontSize(9).text(`Package ${meta.packageId} · node ${meta.nodeId} · ${meta.createdAt}`);
  doc.text(`Purpose: ${meta.purpose}${meta.proceedings ? ` · proceedings ${meta.proceedings}` : ''}`);
  for (const { item, custody } of items) {
    doc.moveDown();
    doc.font('bold').fontSize(9).fillColor('#8a1c1c').text(labelLine(item.labels)).fillColor('black');
    doc.fontSize(12).text(`Exhibit ${item.exhibitNumber}`);
    doc.font('regular').fontSize(9).text(item.description);
    doc.text(
      `Source: ${item.source}. Seized ${item.seizedAt ?? '—'} at ${item.seizedPlace ?? '—'} by ${item.seizedBy ?? '—'}.`,
    );
    if (item.legalBasis) doc.text(`Legal basis: ${item.legalBasis}`);
    for (const f of item.files)
      doc.text(`File ${f.name} (${f.size} bytes, ${f.contentType}) SHA-256 ${f.sha256}`);
    doc.moveDown(0.5);
    for (const r of custody) {
      doc.font('bold').text(`#${r.seq} ${r.event} — ${r.at}`, { continued: true });
      doc
        .font('regular')
        .text(`  by ${r.actorId ?? 'system'}${r.actorAgencyId ? ` (${r.actorAgencyId})` : ''}`);
      if (r.place || r.reason) doc.text(`${r.place ? `at ${r.place}. ` : ''}${r.reason ?? ''}`);
      doc.fontSize(7).text(`hash ${r.hash} ← ${r.prevHash}`).fontSize(9);
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const labels = [...new Set(items.map((x) => labelLine(x.item.labels)))].join(' | ');
    doc.fontSize(7).text(labels, 50, doc.page.height - 40, { lineBreak: false });
  }
  doc.end();
  return done;
}
