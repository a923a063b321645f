/**
 * Dissemination control as pure functions: given an item's labels and what someone wants to do
 * with it, say whether it is allowed and, if not, which rule refuses it and what can be done.
 * Every read, forward, export and download path asks these functions; nothing here touches I/O.
 *
 * Rules (docs: Europol handling codes, FIRST TLP 2.0):
 *  - tlp-confined: RED and AMBER+STRICT never leave the originator and the named recipients.
 *  - tlp-amber: AMBER goes to named recipients; onward sharing to another agency needs the agency
 *    to be named (AMBER's "own organisation and clients" does not cross agencies here).
 *  - h2-permission: H2 onward sharing to an agency not named needs the originator's permission
 *    (the caller then files a permission request instead of forwarding).
 *  - h3-restriction: H3 onward sharing only when the forwarder acknowledges the restriction text.
 *  - h1-judicial: H1 items are left out of court packages unless judicial permission is recorded.
 *  - speciality: items limited to named proceedings are used only in those proceedings.
 */
import type { Labels, LabelsInput } from '@comity/contracts';

export type Decision =
  | { allowed: true; conditions: string[] }
  | { allowed: false; rule: RefusalRule; reason: string; remedy: 'permission-request' | null };

export type RefusalRule =
  | 'not-recipient'
  | 'tlp-confined'
  | 'tlp-amber'
  | 'h2-permission'
  | 'h3-restriction'
  | 'h1-judicial'
  | 'speciality';

const allow = (conditions: string[] = []): Decision => ({ allowed: true, conditions });
const refuse = (rule: RefusalRule, reason: string, remedy: 'permission-request' | null = null): Decision => ({
  allowed: false,
  rule,
  reason,
  remedy,
});

export const isConfined = (l: Pick<Labels, 'tlp'>): boolean => l.tlp === 'RED' || l.tlp === 'AMBER+STRICT';

/** The originator and the named recipients. */
export const namedAgencies = (l: Labels): Set<string> => new Set([l.originatorAgencyId, ...l.recipients]);

const hasPermission = (l: Labels, kind: 'forward' | 'judicial', agencyId: string) =>
  l.permissions.some((p) => p.kind === kind && p.agencyId === agencyId);

/** Completes caller-supplied labels: the originator is the caller's agency, defaults filled in. */
export function labelsFrom(
  input: LabelsInput,
  originatorAgencyId: string,
  extraRecipients: string[] = [],
): Labels {
  const recipients = [...new Set([...(input.recipients ?? []), ...extraRecipients])].filter(
    (a) => a !== originatorAgencyId,
  );
  return {
    tlp: input.tlp,
    handlingCode: input.handlingCode,
    handlingText: input.handlingText ?? null,
    sourceReliability: input.sourceReliability ?? 'X',
    informationAssessment: input.informationAssessment ?? '4',
    originatorAgencyId,
    recipients,
    useLimitations: { proceedings: input.useLimitations?.proceedings ?? [] },
    permissions: [],
  };
}

/**
 * May an officer of `agencyId` read (or download) the item? CLEAR and GREEN items are readable by
 * any agency that can otherwise see the object; AMBER and above only by the named agencies.
 */
export function canRead(l: Labels, agencyId: string): Decision {
  if (l.tlp === 'CLEAR' || l.tlp === 'GREEN') return allow();
  if (namedAgencies(l).has(agencyId)) return allow();
  if (isConfined(l)) return refuse('tlp-confined', `TLP:${l.tlp} is confined to the named recipients.`);
  return refuse('not-recipient', 'TLP:AMBER items are for the named recipients only.');
}

/** May `fromAgencyId` share the item onward with `toAgencyId`? */
export function canForward(
  l: Labels,
  fromAgencyId: string,
  toAgencyId: string,
  opts: { acknowledgeRestriction?: boolean } = {},
): Decision {
  const read = canRead(l, fromAgencyId);
  if (!read.allowed) return read;
  const named = namedAgencies(l);
  if (named.has(toAgencyId)) return allow();
  if (isConfined(l)) return refuse('tlp-confined', `TLP:${l.tlp} never leaves the named recipients.`);
  if (l.tlp === 'AMBER')
    return refuse('tlp-amber', 'TLP:AMBER may only be shared with the named recipient agencies.');
  if (l.handlingCode === 'H2' && !hasPermission(l, 'forward', toAgencyId))
    return refuse(
      'h2-permission',
      'H2: no onward sharing without the permission of the originator.',
      'permission-request',
    );
  if (l.handlingCode === 'H3') {
    if (!opts.acknowledgeRestriction)
      return refuse('h3-restriction', `H3: acknowledge the restriction first: ${l.handlingText ?? ''}`);
    return allow([l.handlingText ?? '']);
  }
  if (l.handlingCode === 'H0') return allow(['H0: use only for the purpose it was provided for.']);
  return allow();
}

/**
 * May the item go into an export package? `court` packages are for judicial proceedings (H1 needs
 * judicial permission for the exporting agency); `proceedings` is checked against speciality;
 * `recipientAgencyId` is who receives the package (confined items only to named agencies).
 */
export function canExport(
  l: Labels,
  exporterAgencyId: string,
  target: { purpose: 'court' | 'agency'; proceedings?: string | null; recipientAgencyId?: string | null },
): Decision {
  const read = canRead(l, exporterAgencyId);
  if (!read.allowed) return read;
  if (target.recipientAgencyId && target.recipientAgencyId !== exporterAgencyId) {
    const fwd = canForward(l, exporterAgencyId, target.recipientAgencyId, { acknowledgeRestriction: true });
    if (!fwd.allowed) return fwd;
  } else if (isConfined(l) && target.purpose === 'court' && !target.recipientAgencyId) {
    return refuse('tlp-confined', `TLP:${l.tlp} items go only to a named recipient agency.`);
  }
  if (
    target.purpose === 'court' &&
    l.handlingCode === 'H1' &&
    !hasPermission(l, 'judicial', exporterAgencyId)
  )
    return refuse(
      'h1-judicial',
      'H1: not for judicial proceedings without the permission of the originator.',
      'permission-request',
    );
  const limited = l.useLimitations.proceedings;
  if (limited.length > 0 && (!target.proceedings || !limited.includes(target.proceedings)))
    return refuse('speciality', `Speciality: usable only in ${limited.join(', ')}.`);
  return allow(l.handlingCode === 'H3' ? [l.handlingText ?? ''] : []);
}

/** Human-readable one-line label, for PDF headers and footers and export metadata. */
export function labelLine(l: Labels): string {
  const h = l.handlingCode === 'H3' ? `H3 (${l.handlingText})` : l.handlingCode;
  return `TLP:${l.tlp} · ${h} · ${l.sourceReliability}${l.informationAssessment}`;
}
