import type { Labels } from '@comity/contracts';

/**
 * A preview, before the package is built, of which items the labels keep out of it: the same rules
 * as the server's (modules/dissemination/handling.ts `canExport`). The server decides; its answer
 * (`excluded`, with the rule) is what the wizard shows once the package is made.
 */
export type Rule =
  | 'not-recipient'
  | 'tlp-confined'
  | 'tlp-amber'
  | 'h2-permission'
  | 'h1-judicial'
  | 'speciality';

export interface Target {
  purpose: 'court' | 'agency';
  proceedings: string | null;
  recipientAgencyId: string | null;
}

const confined = (l: Labels) => l.tlp === 'RED' || l.tlp === 'AMBER+STRICT';
const named = (l: Labels) => new Set([l.originatorAgencyId, ...l.recipients]);
const permitted = (l: Labels, kind: 'forward' | 'judicial', agencyId: string) =>
  l.permissions.some((p) => p.kind === kind && p.agencyId === agencyId);

export function exportRule(l: Labels, exporter: string, target: Target): Rule | null {
  if (l.tlp !== 'CLEAR' && l.tlp !== 'GREEN' && !named(l).has(exporter))
    return confined(l) ? 'tlp-confined' : 'not-recipient';
  if (target.recipientAgencyId && target.recipientAgencyId !== exporter) {
    const to = target.recipientAgencyId;
    if (!named(l).has(to)) {
      if (confined(l)) return 'tlp-confined';
      if (l.tlp === 'AMBER') return 'tlp-amber';
      if (l.handlingCode === 'H2' && !permitted(l, 'forward', to)) return 'h2-permission';
    }
  } else if (confined(l) && target.purpose === 'court' && !target.recipientAgencyId) {
    return 'tlp-confined';
  }
  if (target.purpose === 'court' && l.handlingCode === 'H1' && !permitted(l, 'judicial', exporter))
    return 'h1-judicial';
  const limited = l.useLimitations.proceedings;
  if (limited.length > 0 && (!target.proceedings || !limited.includes(target.proceedings)))
    return 'speciality';
  return null;
}

/** The rules a hand-over to another agency can break (server `canForward`). */
export type ForwardRule = 'not-recipient' | 'tlp-confined' | 'tlp-amber' | 'h2-permission' | 'h3-restriction';

/**
 * A preview of the server's `canForward` (modules/dissemination/handling.ts): may `from` hand the
 * item or message on to `to`? `acknowledged`: an H3 restriction was acknowledged by the officer.
 * The server decides; this only warns before sending.
 */
export function forwardRule(l: Labels, from: string, to: string, acknowledged = true): ForwardRule | null {
  if (l.tlp !== 'CLEAR' && l.tlp !== 'GREEN' && !named(l).has(from))
    return confined(l) ? 'tlp-confined' : 'not-recipient';
  if (named(l).has(to)) return null;
  if (confined(l)) return 'tlp-confined';
  if (l.tlp === 'AMBER') return 'tlp-amber';
  if (l.handlingCode === 'H2' && !permitted(l, 'forward', to)) return 'h2-permission';
  if (l.handlingCode === 'H3' && !acknowledged) return 'h3-restriction';
  return null;
}
