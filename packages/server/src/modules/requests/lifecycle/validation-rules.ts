import type { AgencyKind, RequestDraft } from '@comity/contracts';
import type { LegalRegistry } from '../../legal/index.ts';

// When a request must be validated by a judicial authority before it leaves, and by whom. Pure.
// - EIO, Dir. 2014/41/EU Art. 2(c)(ii): an EIO issued by another investigating authority (police,
//   customs…) is validated by a judge, court, investigating judge or public prosecutor.
// - e-evidence, Reg. (EU) 2023/1543 Art. 4: subscriber and identification data: a prosecutor may
//   issue or validate (4(1)); traffic and content data: only a judge or court (4(2)); preservation
//   orders also a prosecutor (4(3), unverified in the reference file).

export interface ValidationRequirement {
  required: boolean;
  /** Kinds of agency whose prosecutors may validate. */
  validatorKinds: readonly AgencyKind[];
  citation: string;
  verified: boolean;
}

const JUDICIAL: readonly AgencyKind[] = ['prosecution', 'court'];

export function validationRequirement(
  registry: LegalRegistry,
  draft: RequestDraft,
  issuerKind: string,
): ValidationRequirement | null {
  if (draft.instrumentId === 'eio') {
    const rule = registry.instrumentsById
      .get('eio')
      ?.requiredContents.find((r) => r.id === 'validating-authority');
    return {
      required: !JUDICIAL.includes(issuerKind as AgencyKind),
      validatorKinds: JUDICIAL,
      citation: rule?.citation ?? 'Dir. 2014/41/EU Art. 2(c)(ii)',
      verified: rule?.verified ?? false,
    };
  }
  if (draft.instrumentId === 'e-evidence') {
    const ids = (draft.measures ?? []).map((m) => m.id);
    if (ids.includes('traffic-data') || ids.includes('content-data'))
      return {
        required: issuerKind !== 'court',
        validatorKinds: ['court'],
        citation: 'Reg. (EU) 2023/1543 Art. 4(2)',
        verified: true,
      };
    const preservation = draft.kind === 'preservation';
    return {
      required: !JUDICIAL.includes(issuerKind as AgencyKind),
      validatorKinds: JUDICIAL,
      citation: preservation ? 'Reg. (EU) 2023/1543 Art. 4(3)' : 'Reg. (EU) 2023/1543 Art. 4(1)',
      verified: !preservation,
    };
  }
  return null;
}
