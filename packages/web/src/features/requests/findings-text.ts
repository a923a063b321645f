import { FINDING_CODES } from '@comity/contracts';
import type { TFunction } from 'i18next';
import type { FindingT } from '../../api/types.ts';
import { k } from '../../i18n/index.ts';
import type { Names } from '../legal/names.ts';
import { isIn } from '../legal/vocab.ts';
import { fieldLabel } from './fields.ts';

/** The validator's English explanations of missing person data, as catalogue keys. */
const personProblems: [RegExp, string][] = [
  [/^no identified person is linked/, k('finding.problem.noPerson')],
  [/^neither a name nor an identifier/, k('finding.problem.unidentified')],
  [/^person \d+ does not exist/, k('finding.problem.noSuchPerson')],
];

/** Codes whose parameters carry the registry's English prose: the server's message is used as it is. */
const proseCodes = new Set(['instrument-not-in-force', 'state-not-party', 'dual-criminality-risk']);

/**
 * A finding in the user's language, built from its code and parameters (the web app's catalogue),
 * with field paths, measures, states and languages named in that language. For the few findings
 * whose parameters are the registry's own prose, the server's message (asked for in the user's
 * language) is shown.
 */
export function findingMessage(f: FindingT, t: TFunction, names: Names): string {
  if (!isIn(FINDING_CODES, f.code) || proseCodes.has(f.code)) return f.message;
  const p = f.params;
  const s = (key: string) => (p[key] === undefined ? '' : String(p[key]));
  switch (f.code) {
    case 'missing-content':
      return t('finding.missing-content', { field: fieldLabel(f.path, t) ?? s('label') });
    case 'same-state':
    case 'unknown-state':
      return t(`finding.${f.code}`, { state: names.state(s('state')) });
    case 'unknown-measure':
    case 'measure-not-covered':
    case 'evidence-under-surrender-instrument':
      return t(`finding.${f.code}`, { measure: names.measure(s('measure')), instrument: s('instrument') });
    case 'unknown-offence-category':
    case 'offence-outside-scope':
      return t(`finding.${f.code}`, { category: names.offence(s('category')), instrument: s('instrument') });
    case 'kind-instrument-mismatch':
      return t('finding.kind-instrument-mismatch', {
        kind: names.kind(s('kind')),
        instrument: s('instrument'),
      });
    case 'language-not-accepted':
      return t('finding.language-not-accepted', {
        language: names.language(s('language')),
        state: names.state(s('state')),
        instrument: s('instrument'),
        accepted: s('accepted')
          .split(/,\s*/)
          .filter(Boolean)
          .map((l) => names.language(l))
          .join(', '),
      });
    case 'person-data-missing': {
      const problem = personProblems.find(([re]) => re.test(s('problem')))?.[1];
      return t('finding.person-data-missing', {
        measure: names.measure(s('measure')),
        problem: problem ? t(problem) : s('problem'),
      });
    }
    case 'person-role-mismatch':
      return t('finding.person-role-mismatch', {
        measure: names.measure(s('measure')),
        roles: s('roles')
          .split('/')
          .map((r) => names.role(r))
          .join(' / '),
        role: names.role(s('role')),
      });
    case 'unknown-instrument':
      return t('finding.unknown-instrument', { instrument: s('instrumentId') });
    default:
      return t(`finding.${f.code}`, { ...p });
  }
}
