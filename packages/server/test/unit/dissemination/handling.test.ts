import type { Labels } from '@comity/contracts';
import { describe, expect, it } from 'vitest';
import {
  canExport,
  canForward,
  canRead,
  labelLine,
  labelsFrom,
} from '../../../src/modules/dissemination/handling.ts';

const ORIG = '01900000-0000-7000-8000-000000000001';
const RCPT = '01900000-0000-7000-8000-000000000002';
const OTHER = '01900000-0000-7000-8000-000000000003';

const L = (o: Partial<Labels> = {}): Labels => ({
  ...labelsFrom({ tlp: 'GREEN', handlingCode: 'H0', recipients: [RCPT] }, ORIG),
  ...o,
});
const grant = (kind: 'forward' | 'judicial', agencyId: string) => ({
  kind,
  agencyId,
  grantedBy: ORIG,
  grantedAt: '2026-11-29T00:00:00.000Z',
  permissionRequestId: null,
});

describe('TLP read rules', () => {
  it.each(['CLEAR', 'GREEN'] as const)('%s is readable by any agency', (tlp) => {
    expect(canRead(L({ tlp }), OTHER).allowed).toBe(true);
  });
  it.each(['AMBER', 'AMBER+STRICT', 'RED'] as const)(
    '%s is readable by originator and recipients only',
    (tlp) => {
      expect(canRead(L({ tlp }), ORIG).allowed).toBe(true);
      expect(canRead(L({ tlp }), RCPT).allowed).toBe(true);
      expect(canRead(L({ tlp }), OTHER)).toMatchObject({ allowed: false });
    },
  );
});

describe('forwarding', () => {
  it('RED and AMBER+STRICT never leave the named recipients', () => {
    for (const tlp of ['RED', 'AMBER+STRICT'] as const) {
      expect(canForward(L({ tlp }), RCPT, ORIG).allowed).toBe(true);
      expect(canForward(L({ tlp }), RCPT, OTHER)).toMatchObject({ allowed: false, rule: 'tlp-confined' });
      // not even with a permission recorded
      expect(canForward(L({ tlp, permissions: [grant('forward', OTHER)] }), ORIG, OTHER)).toMatchObject({
        allowed: false,
        rule: 'tlp-confined',
      });
    }
  });
  it('AMBER goes to named agencies only', () => {
    expect(canForward(L({ tlp: 'AMBER' }), ORIG, RCPT).allowed).toBe(true);
    expect(canForward(L({ tlp: 'AMBER' }), ORIG, OTHER)).toMatchObject({ allowed: false, rule: 'tlp-amber' });
  });
  it('H0 forwards with a purpose condition', () => {
    const d = canForward(L({ handlingCode: 'H0' }), RCPT, OTHER);
    expect(d).toMatchObject({ allowed: true });
    expect(d.allowed && d.conditions[0]).toMatch(/purpose/);
  });
  it('H1 forwards (it restricts judicial use, not sharing)', () => {
    expect(canForward(L({ handlingCode: 'H1' }), RCPT, OTHER).allowed).toBe(true);
  });
  it('H2 refuses onward sharing and points to a permission request', () => {
    expect(canForward(L({ handlingCode: 'H2' }), RCPT, OTHER)).toMatchObject({
      allowed: false,
      rule: 'h2-permission',
      remedy: 'permission-request',
    });
  });
  it('H2 forwards once the originator granted permission for that agency', () => {
    const l = L({ handlingCode: 'H2', permissions: [grant('forward', OTHER)] });
    expect(canForward(l, RCPT, OTHER).allowed).toBe(true);
    expect(
      canForward(L({ handlingCode: 'H2', permissions: [grant('forward', RCPT)] }), RCPT, OTHER).allowed,
    ).toBe(false);
  });
  it('H3 needs the restriction acknowledged', () => {
    const l = L({ handlingCode: 'H3', handlingText: 'Do not contact the suspect' });
    expect(canForward(l, RCPT, OTHER)).toMatchObject({ allowed: false, rule: 'h3-restriction' });
    expect(canForward(l, RCPT, OTHER, { acknowledgeRestriction: true })).toEqual({
      allowed: true,
      conditions: ['Do not contact the suspect'],
    });
  });
  it('an agency that cannot read cannot forward', () => {
    expect(canForward(L({ tlp: 'AMBER' }), OTHER, RCPT).allowed).toBe(false);
  });
});

describe('export', () => {
  it('H1 is excluded from court packages without judicial permission', () => {
    expect(canExport(L({ handlingCode: 'H1' }), ORIG, { purpose: 'court' })).toMatchObject({
      allowed: false,
      rule: 'h1-judicial',
    });
    expect(canExport(L({ handlingCode: 'H1' }), ORIG, { purpose: 'agency' }).allowed).toBe(true);
    expect(
      canExport(L({ handlingCode: 'H1', permissions: [grant('judicial', ORIG)] }), ORIG, { purpose: 'court' })
        .allowed,
    ).toBe(true);
  });
  it('speciality: only in the proceedings named', () => {
    const l = L({ useLimitations: { proceedings: ['TGI Paris 2026/123'] } });
    expect(canExport(l, ORIG, { purpose: 'court', proceedings: 'TGI Paris 2026/123' }).allowed).toBe(true);
    expect(canExport(l, ORIG, { purpose: 'court', proceedings: 'Other 1' })).toMatchObject({
      rule: 'speciality',
    });
    expect(canExport(l, ORIG, { purpose: 'court' })).toMatchObject({ rule: 'speciality' });
  });
  it('RED goes to a named recipient only', () => {
    expect(canExport(L({ tlp: 'RED' }), ORIG, { purpose: 'agency', recipientAgencyId: RCPT }).allowed).toBe(
      true,
    );
    expect(canExport(L({ tlp: 'RED' }), ORIG, { purpose: 'agency', recipientAgencyId: OTHER })).toMatchObject(
      {
        rule: 'tlp-confined',
      },
    );
    expect(canExport(L({ tlp: 'RED' }), ORIG, { purpose: 'court' })).toMatchObject({ rule: 'tlp-confined' });
  });
  it('H2 export to another agency needs permission', () => {
    expect(
      canExport(L({ handlingCode: 'H2' }), RCPT, { purpose: 'agency', recipientAgencyId: OTHER }),
    ).toMatchObject({ rule: 'h2-permission' });
  });
});

describe('labels', () => {
  it('labelsFrom fills defaults and drops the originator from recipients', () => {
    const l = labelsFrom(
      { tlp: 'RED', handlingCode: 'H3', handlingText: 'x', recipients: [ORIG, RCPT] },
      ORIG,
    );
    expect(l.recipients).toEqual([RCPT]);
    expect(l.sourceReliability).toBe('X');
    expect(labelLine(l)).toBe('TLP:RED · H3 (x) · X4');
  });
  it('MISP taxonomies name the same TLP values', async () => {
    const fs = await import('node:fs');
    const tlp = JSON.parse(fs.readFileSync('/work/shared/external/misp-taxonomies/tlp.json', 'utf8'));
    const values = JSON.stringify(tlp).toUpperCase();
    for (const v of ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']) expect(values).toContain(v);
  });
});
