import type { RequestDraft } from '@comity/contracts';
import { describe, expect, it } from 'vitest';
import {
  loadRegistry,
  MEASURE_IDS,
  PERSON_ROLES,
  REQUEST_KINDS,
  validateDraft,
} from '../../../src/modules/legal/index.ts';
import { buildDocumentModel } from '../../../src/modules/requests/document/document-model.ts';
import { FontsMissingError, findDocumentFonts } from '../../../src/modules/requests/document/fonts.ts';
import { hasLabel, LABEL_LANGUAGES, labelCatalogue } from '../../../src/modules/requests/document/labels.ts';
import { applyUpdate, toValidatorDraft } from '../../../src/modules/requests/draft-content.ts';

// The rendered request's model, without the PDF library: layout by kind, label languages, translation
// marks, the rules behind each section, and the label catalogues.

const registry = loadRegistry();
const eio: RequestDraft = {
  kind: 'eio',
  instrumentId: 'eio',
  requestingState: 'DE',
  requestedState: 'FR',
  language: 'de',
  issuingAuthority: { name: 'StA Frankfurt', address: 'Frankfurt', phone: '+49', email: 'a@b.example' },
  proceedings: { type: 'criminal' },
  offences: [{ legalClassification: 'Betrug', category: 'swindling', maxPenaltyMonths: 120 }],
  summaryOfFacts: 'Sachverhalt',
  measures: [{ id: 'search-seizure', details: 'Durchsuchung' }],
};
const model = (draft: RequestDraft, lang?: 'en' | 'fr' | 'de' | 'es') =>
  buildDocumentModel({
    draft,
    registry,
    instrumentVersion: 1,
    findings: validateDraft(registry, toValidatorDraft(draft), { at: '2026-03-02' }),
    findingsAt: '2026-03-02',
    lang,
  });

describe('document model', () => {
  it('an EIO has Annex A sections A–L; labels in the drafting and the requested state’s language', () => {
    const m = model(eio);
    expect(m.layout).toBe('eio-annex-a');
    expect(m.sections.map((s) => s.marker).join('')).toBe('ABCDEFGHIJKL');
    expect([m.first, m.second]).toEqual(['de', 'fr']);
    expect(m.translation).toEqual({ needed: true, targets: ['fr'], attached: [] });
    // Annex A labels are unverified; Art. 5(1)(a) (section K) is verified.
    const k = m.sections.find((s) => s.marker === 'K')!;
    expect(k.legal).toContainEqual({ citation: 'Dir. 2014/41/EU Annex A, section K', verified: false });
    expect(k.legal).toContainEqual({ citation: 'Dir. 2014/41/EU Art. 5(1)(a)', verified: true });
    // Section C cites the coverage of the measure asked for.
    expect(m.sections.find((s) => s.marker === 'C')!.legal.map((l) => l.citation)).toContain(
      'Dir. 2014/41/EU Art. 3',
    );
  });

  it('marks fields that carry a blocking finding, and free text', () => {
    const m = model({ ...eio, issuingAuthority: { ...eio.issuingAuthority, email: undefined } });
    const k = m.sections.find((s) => s.marker === 'K')!;
    const email = k.blocks[0]!.fields.find((f) => f.label === 'field.authorityEmail')!;
    expect(email).toMatchObject({ value: null, missing: true });
    const g = m.sections.find((s) => s.marker === 'G')!;
    expect(g.blocks[0]!.fields[0]).toMatchObject({ label: 'field.summaryOfFacts', free: true });
  });

  it('a translation into an accepted language is attached: no translation needed', () => {
    const m = model({ ...eio, attachments: [{ name: 'fr.pdf', kind: 'translation', language: 'fr' }] });
    expect(m.translation).toEqual({ needed: false, targets: ['fr'], attached: ['fr'] });
  });

  it('treaty requests are letters; a language without a catalogue falls back to English labels', () => {
    const letter = model({ ...eio, kind: 'mla', instrumentId: 'coe-mla-1959', requestedState: 'PL' });
    expect(letter.layout).toBe('letter-of-request');
    expect(letter.title).toBe('title.mla');
    expect(letter.sections).toHaveLength(13);
    // Poland accepts Polish only under the EIO (declaration as encoded): no Polish catalogue yet.
    const pl = model({ ...eio, requestedState: 'PL' });
    expect(pl.acceptedLanguages).toEqual(['pl']);
    expect([pl.first, pl.second, pl.secondWanted]).toEqual(['de', 'en', 'pl']);
    expect(model(eio, 'es').second).toBe('es');
  });
});

describe('label catalogues', () => {
  it('label every measure, role, kind and proceedings type, in every language, without blanks', () => {
    for (const m of MEASURE_IDS) expect(hasLabel(`measure.${m}`), m).toBe(true);
    for (const r of PERSON_ROLES) expect(hasLabel(`role.${r}`), r).toBe(true);
    for (const k of REQUEST_KINDS) {
      expect(hasLabel(`kind.${k}`), k).toBe(true);
      expect(hasLabel(`title.${k}`), k).toBe(true);
    }
    for (const [code, entry] of Object.entries(labelCatalogue())) {
      expect(entry, code).toHaveLength(LABEL_LANGUAGES.length);
      for (const text of entry) expect(text.trim().length, code).toBeGreaterThan(0);
    }
  });
});

describe('saving a draft', () => {
  it('replaces the fields given, clears those sent as null, keeps the rest', () => {
    const next = applyUpdate(eio, { language: 'fr', summaryOfFacts: null, measures: [] });
    expect(next.language).toBe('fr');
    expect('summaryOfFacts' in next).toBe(false);
    expect(next.measures).toEqual([]);
    expect(next.offences).toEqual(eio.offences);
  });
});

describe('PDF fonts', () => {
  it('without DejaVu Sans, rendering fails with a message naming the package and the script', () => {
    expect(() => findDocumentFonts(['/nonexistent/fonts'])).toThrow(FontsMissingError);
    expect(() => findDocumentFonts(['/nonexistent/fonts'])).toThrow(
      /fonts-dejavu-core.*scripts\/ensure-fonts\.sh|scripts\/ensure-fonts\.sh.*fonts-dejavu-core/,
    );
  });
});
