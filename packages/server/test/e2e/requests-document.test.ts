import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDocumentFonts } from '../../src/modules/requests/document/fonts.ts';
import { labelCatalogue } from '../../src/modules/requests/document/labels.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { pdfPageCount, pdfText, pdfTitles } from '../support/pdf.ts';
import { buildEioRequest, buildMlaRequest, PURPOSE } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// GET /api/requests/{id}/document.pdf: EIOs laid out as Annex A (sections A–L), treaty requests as a
// structured letter; labels side by side in the drafting language and the requested state's; free text
// flagged for translation; the rules behind each section with their unverified marks.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe(`request documents on ${engineName()}`, () => {
  let t: TestNode;
  let drafter: TestClient;
  let eioId: string;
  let mlaId: string;
  let agencyOf: string;

  /** GET the PDF; the raw bytes, not parsed as JSON. */
  const pdf = async (id: string, query = '', headers: Record<string, string> = PURPOSE) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/requests/${id}/document.pdf${query}`,
      headers: { cookie: drafter.cookie ?? '', ...headers },
    });
    return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, json: () => res.json() };
  };

  beforeAll(async () => {
    // The PDF fonts come from the OS (fonts-dejavu-core); the project's script installs them if missing.
    try {
      findDocumentFonts();
    } catch {
      execFileSync('sh', [path.join(root, 'scripts/ensure-fonts.sh')], { stdio: 'inherit' });
    }
    t = await startTestNode();
    const agency = await buildAgency(t.node, { jurisdiction: 'DE', kind: 'prosecution' });
    agencyOf = agency.id;
    const user = await buildUser(t.node, { agencyId: agency.id, roles: ['prosecutor'] });
    drafter = new TestClient(t.app);
    await drafter.signInWithMfa(user.email);
    const base = buildEioRequest();
    const { email: _missing, ...authority } = base.issuingAuthority!;
    eioId = (
      await drafter.post('/api/requests', {
        ...base,
        language: 'de',
        issuingAuthority: authority,
        summaryOfFacts:
          'Zwischen Januar und März 2026 wurden 2,4 Mio. EUR auf Konten in Paris überwiesen; Łódź, Αθήνα.',
        persons: [{ role: 'witness', name: 'Zofia Wróblewska-Żak', nationality: 'PL' }],
      })
    ).body.data.id;
    mlaId = (await drafter.post('/api/requests', buildMlaRequest())).body.data.id;
  });
  afterAll(() => t.close());

  it('an EIO renders as Annex A, sections A–L, labels in German and French side by side', async () => {
    const r = await pdf(eioId);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toBe('application/pdf');
    expect(String(r.headers['content-disposition'])).toMatch(/^inline; filename="request-.*-v1\.pdf"$/);
    const bytes = r.raw;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    expect(pdfPageCount(bytes)).toBeGreaterThanOrEqual(2);

    const titles = pdfTitles(bytes);
    const catalogue = labelCatalogue();
    for (const s of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'] as const) {
      const [, fr, de] = catalogue[`eio.${s}`];
      expect(titles, `section ${s}`).toContain(`${s}. ${de} / ${fr}`);
    }
    expect(titles).toContain('Prüfung auf Vollständigkeit und Rechtmäßigkeit');
    // The fonts are embedded: DejaVu Sans, subset.
    const raw = bytes.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(raw).toContain('/FontFile2');
  });

  it('shows what is missing, what needs translating and which rules are unverified (pdftotext)', async () => {
    const text = pdfText((await pdf(eioId)).raw);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Anordnungsstaat und Vollstreckungsstaat');
    expect(flat).toContain("État d'émission et État d'exécution");
    expect(flat).toContain('FEHLT — Pflichtangabe'); // issuingAuthority.email, a blocking finding
    expect(flat).toContain('Übersetzung erforderlich in fr');
    expect(flat).toContain('Dir. 2014/41/EU Annex A, section A ⚠ ungeprüft');
    expect(flat).toContain('Dir. 2014/41/EU Art. 5(1)(a)');
    expect(flat).toContain('Zofia Wróblewska-Żak');
    expect(flat).toContain('Łódź, Αθήνα');
    expect(flat).toContain('Frankreich (FR)');
  });

  it('an attached French translation replaces the "translation required" marks', async () => {
    const current = (await drafter.get(`/api/requests/${eioId}`, PURPOSE)).body.data;
    const saved = await drafter.patch(
      `/api/requests/${eioId}`,
      {
        expectedVersion: current.version,
        attachments: [
          { name: 'dee-fr.pdf', kind: 'translation', language: 'fr', mediaType: 'application/pdf' },
        ],
      },
      PURPOSE,
    );
    expect(saved.status).toBe(200);
    const text = pdfText((await pdf(eioId)).raw);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).not.toContain('Übersetzung erforderlich');
    expect(flat).toContain('Übersetzung beigefügt (fr)');
  });

  it('`lang` chooses the second label language', async () => {
    const titles = pdfTitles((await pdf(eioId, '?lang=es')).raw);
    const [, , de, es] = labelCatalogue()['eio.A'];
    expect(titles).toContain(`A. ${de} / ${es}`);
  });

  it('a treaty request renders as a structured letter of request, in English only when English is accepted', async () => {
    const r = await pdf(mlaId, '', {});
    expect(r.status).toBe(200);
    const titles = pdfTitles(r.raw);
    for (let n = 1; n <= 13; n++) {
      const [en] = labelCatalogue()[`letter.${n}` as 'letter.1'];
      expect(titles, `part ${n}`).toContain(`${n}. ${en}`);
    }
    expect(titles).toContain('Completeness and legality check');
    const flat = pdfText(r.raw).replace(/\s+/g, ' ');
    expect(flat).toContain('Letter of request for mutual legal assistance in criminal matters');
    expect(flat).toContain('US–EU MLA Agreement');
    expect(flat).not.toContain('translation required');
  });

  it('persons concerned make it personal data: a purpose is required, and the rendering is audited', async () => {
    const refused = await pdf(eioId, '', {});
    expect(refused.status).toBe(422);
    expect(refused.json().code).toBe('purpose-required');
    await t.node.audit.flush();
    const rows = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_id', '=', eioId)
      .where('action', '=', 'request.document')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]!.purpose).toBe(PURPOSE['x-comity-purpose']);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ layout: 'eio-annex-a', languages: ['de', 'fr'] });
  });

  it('a draft says it is not for transmission; the approved version says so, with the SHA-256 of its content', async () => {
    const drafts = Object.values(labelCatalogue()['doc.draft']);
    const draftText = pdfText((await pdf(eioId)).raw).replace(/\s+/g, ' ');
    expect(drafts.some((d) => draftText.includes(d))).toBe(true);
    // A complete EIO, submitted by its drafter and approved by a supervisor of the agency.
    const supervisor = await buildUser(t.node, { agencyId: agencyOf, roles: ['supervisor'] });
    const approver = new TestClient(t.app);
    await approver.signInWithMfa(supervisor.email);
    const id = (await drafter.post('/api/requests', buildEioRequest())).body.data.id;
    const act = async (c: TestClient, action: string, expectedVersion: number) => {
      const r = await c.post(`/api/requests/${id}/transitions`, { action, expectedVersion });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await act(drafter, 'submit', 1);
    await act(approver, 'approve', 2);
    const version = (await drafter.get(`/api/requests/${id}/versions`)).body.items.at(-1);
    const text = pdfText((await pdf(id)).raw).replace(/\s+/g, ' ');
    expect(text).toContain(version.contentHash);
    expect(text).toMatch(/APPROVED|GENEHMIGT|APPROUVÉE|APROBADA/);
    for (const d of drafts) expect(text).not.toContain(d);
  });
});
