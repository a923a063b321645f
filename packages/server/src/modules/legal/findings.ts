import type { FindingCode } from '@comity/contracts';
import type { Severity } from './legal.types.ts';

// Findings of the draft validator: stable codes, i18n keys (`legal.findings.<code>`), and the English
// default text with `{param}` placeholders. The web app translates by key with the same params.

export { FINDING_CODES, type FindingCode } from '@comity/contracts';

export type FindingParams = Readonly<Record<string, string | number>>;

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** Dotted field path in the draft, e.g. `issuingAuthority.email`, `measures.0.id`. */
  readonly path: string;
  readonly messageKey: string;
  readonly params: FindingParams;
  readonly message: string;
  readonly citation: string;
  readonly verified: boolean;
}

export const FINDING_MESSAGES: Readonly<Record<FindingCode, string>> = {
  'same-state':
    'The requesting and requested state are the same ({state}); no mutual legal assistance is needed.',
  'unknown-state': 'Unknown state "{state}".',
  'unknown-instrument': 'Unknown legal instrument "{instrumentId}".',
  'unknown-measure': 'Unknown measure "{measure}".',
  'unknown-offence-category': 'Unknown offence category "{category}".',
  'kind-instrument-mismatch': 'A request of kind "{kind}" cannot be made under the {instrument}.',
  'instrument-not-in-force': 'The {instrument} does not apply yet: {reason}.',
  'state-not-party': '{reason}.',
  'instrument-replaced':
    'Between these states the {replacedBy} replaces the corresponding provisions of the {instrument}.',
  'missing-content': 'Missing: {label}.',
  'measure-not-covered': 'The {instrument} does not cover the measure "{measure}".',
  'surrender-under-evidence-instrument':
    'Surrender cannot be requested under the {instrument}, an evidence instrument; use the EAW or an extradition convention.',
  'evidence-under-surrender-instrument':
    'The measure "{measure}" cannot be requested under the {instrument}, a surrender instrument.',
  'offence-outside-scope': 'Offence category "{category}" is outside the scope of the {instrument}.',
  'language-not-accepted':
    'Language "{language}" is not accepted by {state} under the {instrument}; accepted: {accepted}.',
  'dual-criminality-risk':
    'Dual criminality may be checked: {reason}. Confirm the act is punishable in {state}.',
  'below-penalty-threshold':
    'Maximum penalty of {months} months is below the {threshold} months required by the {instrument}.',
  'urgency-without-reasons': 'The request is marked urgent but gives no reasons for the urgency.',
  'person-data-missing': 'The measure "{measure}" needs identity data of the person concerned: {problem}.',
  'person-role-mismatch':
    'The measure "{measure}" concerns a person with role {roles}, but the person is recorded as "{role}".',
};

/**
 * Texts the validator puts into a finding's parameters (a label, the problem with a person, why dual
 * criminality may be checked). Each such parameter `x` comes with `xKey` naming its entry here, so
 * findings-i18n.ts can render it in the user's language too; `{param}`s are the finding's params.
 */
export const PARAM_MESSAGES = {
  'label.language': 'language of the request',
  'label.instrumentId': 'legal basis',
  'label.measures': 'measures requested',
  'problem.no-person': 'no identified person is linked to the measure',
  'problem.no-such-person': 'person {personIndex} does not exist',
  'problem.unidentified': 'neither a name nor an identifier is given',
  'dc.no-list': 'the {instrument} has no offence list that waives the check',
  'dc.below-threshold':
    'the category waives the check only with a maximum penalty of at least {threshold} months in the issuing state',
  'dc.not-listed': 'the offence is not in a listed category',
} as const satisfies Record<string, string>;
export type ParamMessageKey = keyof typeof PARAM_MESSAGES;

/** `{ [name]: English text, [name + 'Key']: key }` plus the params the text uses. */
export function paramText(
  name: string,
  key: ParamMessageKey,
  params: FindingParams = {},
): Record<string, string | number> {
  return { ...params, [name]: formatMessage(PARAM_MESSAGES[key], params), [`${name}Key`]: key };
}

export function formatMessage(template: string, params: FindingParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}

export interface FindingInput {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly path: string;
  readonly params?: FindingParams;
  readonly citation: string;
  readonly verified: boolean;
}

export function finding(input: FindingInput): Finding {
  const params = input.params ?? {};
  return {
    code: input.code,
    severity: input.severity,
    path: input.path,
    messageKey: `legal.findings.${input.code}`,
    params,
    message: formatMessage(FINDING_MESSAGES[input.code], params),
    citation: input.citation,
    verified: input.verified,
  };
}
