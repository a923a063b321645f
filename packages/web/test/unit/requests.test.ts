import { describe, expect, it } from 'vitest';
import type { RequestDraftT } from '../../src/api/types.ts';
import { formatIsoDuration, parseIsoDuration } from '../../src/features/legal/duration.ts';
import {
  applyMerge,
  changedFields,
  clean,
  getIn,
  patchBody,
  planMerge,
  setIn,
} from '../../src/features/requests/draft-state.ts';
import { stepOf } from '../../src/features/requests/fields.ts';
import { bodyOf } from '../../src/features/requests/lifecycle/ActionDialog.tsx';
import { actionText } from '../../src/features/requests/lifecycle/vocab.ts';
import { kindFor } from '../../src/features/requests/wizard/model.ts';
import { splitUnverified } from '../../src/ui/Citation.tsx';

const base: RequestDraftT = {
  kind: 'eio',
  instrumentId: 'eio',
  title: 'Nordlicht',
  requestedState: 'FR',
  issuingAuthority: { name: 'StA Frankfurt' },
  measures: [{ id: 'banking-information' }],
};

describe('saving a draft', () => {
  it('sends only the fields that changed, null for those emptied', () => {
    const edited: RequestDraftT = {
      ...base,
      title: '',
      issuingAuthority: { name: 'StA Frankfurt', email: 'eea@sta.example' },
    };
    expect(patchBody(base, edited, 3)).toEqual({
      expectedVersion: 3,
      title: null,
      issuingAuthority: { name: 'StA Frankfurt', email: 'eea@sta.example' },
    });
  });

  it('treats blank text like a missing field and keeps list lengths', () => {
    expect(
      changedFields(base, { ...base, issuingAuthority: { name: 'StA Frankfurt', phone: '  ' } }),
    ).toEqual([]);
    expect(clean({ persons: [{ name: '' }, { name: 'A' }] })).toEqual({ persons: [{}, { name: 'A' }] });
  });

  it('sets and reads values by dotted path without touching the original', () => {
    const next = setIn(base, 'persons.1.name', 'Jörg Nordmann');
    expect(getIn(next, 'persons.1.name')).toBe('Jörg Nordmann');
    expect(Array.isArray(next.persons)).toBe(true);
    expect(base.persons).toBeUndefined();
    expect(setIn(base, 'issuingAuthority.email', 'x@y.example').issuingAuthority).toEqual({
      name: 'StA Frankfurt',
      email: 'x@y.example',
    });
  });
});

describe('merging after a stale save (409)', () => {
  const mine: RequestDraftT = { ...base, summaryOfFacts: 'Mine', title: 'My title' };
  const theirs: RequestDraftT = { ...base, proceedings: { type: 'criminal' }, title: 'Their title' };

  it('sorts fields into mine, theirs and conflicts', () => {
    expect(planMerge(base, mine, theirs)).toEqual({
      mine: ['summaryOfFacts'],
      theirs: ['proceedings'],
      conflicts: ['title'],
    });
  });

  it('applies my changes on their version, conflicts as chosen', () => {
    const plan = planMerge(base, mine, theirs);
    expect(applyMerge(mine, theirs, plan, new Set())).toMatchObject({
      summaryOfFacts: 'Mine',
      proceedings: { type: 'criminal' },
      title: 'Their title',
    });
    expect(applyMerge(mine, theirs, plan, new Set(['title'] as const)).title).toBe('My title');
  });

  it('sees no conflict where both sides made the same change', () => {
    expect(planMerge(base, { ...base, title: 'Same' }, { ...base, title: 'Same' }).conflicts).toEqual([]);
  });
});

describe('legal vocabulary', () => {
  it('reads ISO 8601 durations and says them in each language', () => {
    expect(parseIsoDuration('P30D')).toMatchObject({ day: 30 });
    expect(parseIsoDuration('nonsense')).toBeNull();
    const say = (iso: string, lang: string) => formatIsoDuration(iso, lang).replace(/\s/g, ' ');
    expect(say('P30D', 'en')).toBe('30 days');
    expect(say('PT8H', 'fr')).toBe('8 heures');
    expect(say('P10D', 'de')).toBe('10 Tage');
    expect(say('P1Y2M', 'en')).toBe('1 year, 2 months');
  });

  it('splits the advisor’s "[unverified]" mark off its sentences', () => {
    expect(splitUnverified('DE and FR are both bound by the EIO [unverified]')).toEqual({
      text: 'DE and FR are both bound by the EIO',
      verified: false,
    });
    expect(splitUnverified('An EIO is issued by a judge').verified).toBe(true);
  });

  it('picks the request kind that goes with the instrument', () => {
    expect(kindFor('eio', ['banking-information'])).toBe('eio');
    expect(kindFor('e-evidence', ['preservation'])).toBe('preservation');
    expect(kindFor('e-evidence', ['subscriber-data'])).toBe('production-order');
    expect(kindFor('coe-extradition-1957', ['surrender'])).toBe('extradition');
    expect(kindFor('untoc', [])).toBe('mla');
  });

  it('sends a finding to the wizard step that holds its field', () => {
    expect(stepOf('issuingAuthority.email')).toBe('facts');
    expect(stepOf('measures.0.details')).toBe('measures');
    expect(stepOf('measures.1.personIndex')).toBe('facts');
    expect(stepOf('requestedState')).toBe('states');
    expect(stepOf('instrumentId')).toBe('basis');
  });
});

describe('transition bodies', () => {
  it('carries the version and only the fields given', () => {
    expect(
      bodyOf('refuse', 6, { grounds: ['ne_bis_in_idem'], reasons: ' Judgment of 2025. ', note: 'x' }),
    ).toEqual({
      action: 'refuse',
      expectedVersion: 6,
      grounds: ['ne_bis_in_idem'],
      reasons: 'Judgment of 2025.',
    });
    expect(bodyOf('approve', 2, { comments: '', validatingAgencyId: '' })).toEqual({
      action: 'approve',
      expectedVersion: 2,
    });
  });

  it('turns local date-times into UTC timestamps', () => {
    const body = bodyOf('no-consent', 3, { arrestedAt: '2026-03-10T08:30' });
    expect(body.arrestedAt).toBe(new Date('2026-03-10T08:30').toISOString());
  });
});

describe('withdrawing', () => {
  // Lifecycle table: `withdraw` before transmission goes to `cancelled` and tells nobody; only a
  // transmitted request is withdrawn (→ withdrawn, communicated).
  it('a draft is discarded, a request not yet sent is cancelled, never "withdrawn"', () => {
    expect(actionText('withdraw', 'draft')?.label).toBe('cancelAction.discard');
    for (const state of ['submitted', 'awaiting-validation', 'approved'])
      expect(actionText('withdraw', state)?.label, state).toBe('cancelAction.cancel');
  });
  it('a transmitted request is withdrawn; other actions keep their own names', () => {
    for (const state of ['transmitted', 'acknowledged', 'under-assessment', 'in-execution'])
      expect(actionText('withdraw', state), state).toBeNull();
    expect(actionText('submit', 'draft')).toBeNull();
  });
});
