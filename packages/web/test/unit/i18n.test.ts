import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ADVISORY_CODES,
  AuditOutcome,
  agencyKinds,
  CHANNEL_KINDS,
  COMPETENCE_FUNCTIONS,
  COMPETENCE_MATCHES,
  CONTACT_KINDS,
  DEADLINE_ACTIONS,
  DEADLINE_EVENTS,
  DUAL_CRIMINALITY_REQUIRED,
  FINDING_CODES,
  INBOX_VIEWS,
  INSTRUMENT_IDS,
  INSTRUMENT_KINDS,
  INSTRUMENT_SCOPES,
  MEASURE_IDS,
  NOT_APPLIES_CODES,
  NOTIFICATION_KINDS,
  OFFENCE_CATEGORIES,
  PERSON_ROLES,
  PROCEEDINGS_TYPES,
  problemCodes,
  REQUEST_KINDS,
  REQUEST_STATES,
  RULE_KINDS,
  roles,
  TASK_TIMELINE_ACTIONS,
  TRANSITION_ACTIONS,
  tokenScopes,
} from '@comity/contracts';
import { describe, expect, it } from 'vitest';
import { LIVE_EVENTS } from '../../src/app/notifications/NotificationsMenu.tsx';
import * as life from '../../src/features/requests/lifecycle/vocab.ts';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));
const srcDir = path.join(webRoot, 'src');
const localesDir = path.join(srcDir, 'i18n', 'locales');
const languages = ['en', 'fr', 'de', 'es'] as const;

type Catalogue = Record<string, unknown>;

/** "a.b.c" → value, for every leaf string of a nested catalogue. */
function flatten(obj: Catalogue, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Catalogue, key, out);
    else out.set(key, String(v));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const catalogues = Object.fromEntries(
  languages.map((l) => [
    l,
    flatten(JSON.parse(readFileSync(path.join(localesDir, `${l}.json`), 'utf8')) as Catalogue),
  ]),
) as Record<(typeof languages)[number], Map<string, string>>;

const sources = sourceFiles(srcDir).map((file) => ({
  file: path.relative(webRoot, file),
  text: readFileSync(file, 'utf8'),
}));

/** Literal keys: t('…'), i18n.t('…'), k('…') (keys kept for a later t(key)), i18nKey="…". */
const literalKey = /\b(?:t|k)\(\s*(['"])([^'"`$]+?)\1/g;
const i18nKeyProp = /\bi18nKey=(['"])([^'"]+)\1/g;
/** Template keys: t(`prefix.${x}…`); only prefixes whose values come from a known list are allowed. */
const templateKey = /\bt\(\s*`([^`$]*)\$\{/g;

/** The dynamic keys: a prefix and every value that can follow it. */
const enumerated: Record<string, readonly (string | number)[]> = {
  'roles.': roles,
  'agencyKind.': agencyKinds,
  'clearance.': [0, 1, 2, 3, 4],
  'problems.': [...Object.keys(problemCodes), 'network', 'unknown'],
  'tokenScope.': tokenScopes,
  'tokenScopeHint.': tokenScopes,
  'tokens.state.': ['active', 'expired', 'revoked'],
  'auditOutcome.': AuditOutcome.options,
  'userStatus.': ['active', 'locked', 'disabled'],
  'caseStatus.': ['open', 'closed'],
  'notifications.status.': ['connecting', 'open', 'retrying'],
  // Legal registry, advisor, validator and requests
  'measure.': MEASURE_IDS,
  'offenceCategory.': OFFENCE_CATEGORIES,
  'instrumentName.': INSTRUMENT_IDS,
  'requestKind.': REQUEST_KINDS,
  'personRole.': PERSON_ROLES,
  'channelKind.': CHANNEL_KINDS,
  'requestState.': REQUEST_STATES,
  'deadlineAction.': DEADLINE_ACTIONS,
  'deadlineEvent.': DEADLINE_EVENTS,
  'notApplies.': NOT_APPLIES_CODES,
  'advisory.': ADVISORY_CODES,
  'advisoryText.': ADVISORY_CODES,
  'finding.': FINDING_CODES,
  'ruleKind.': RULE_KINDS,
  'instrumentKind.': INSTRUMENT_KINDS,
  'instrumentScope.': INSTRUMENT_SCOPES,
  'competenceFunction.': COMPETENCE_FUNCTIONS,
  'contactKind.': CONTACT_KINDS,
  'competenceMatch.': COMPETENCE_MATCHES,
  'proceedingsType.': PROCEEDINGS_TYPES,
  'dualCriminality.': DUAL_CRIMINALITY_REQUIRED,
  'attachmentKind.': ['translation', 'document', 'other'],
  // Request lifecycle, tasks, inbox, notifications
  'transitionAction.': TRANSITION_ACTIONS,
  'transitionHelp.': TRANSITION_ACTIONS,
  'taskStatus.': life.TASK_STATUSES,
  'liveEvent.': LIVE_EVENTS,
  'translationStatus.': life.TRANSLATION_STATUSES,
  'receiptKind.': life.RECEIPT_KINDS,
  'clocks.statusName.': life.DEADLINE_STATUSES,
  'clocks.side.': ['requesting', 'requested'],
  'side.': life.SIDES,
  'consent.': ['given', 'refused'],
  'timelineDetail.': life.TIMELINE_DETAILS,
  'timelineTask.': TASK_TIMELINE_ACTIONS,
  'timelineTask.field.': life.TASK_CHANGED_FIELDS,
  'inboxView.': INBOX_VIEWS,
  'inboxEmpty.': INBOX_VIEWS,
  'inboxSort.': ['due', '-due', 'updated', '-updated', 'created', '-created'],
  'notificationKind.': NOTIFICATION_KINDS,
  'notificationTitle.': NOTIFICATION_KINDS,
  'request.tab.': [
    'overview',
    'content',
    'clocks',
    'tasks',
    'timeline',
    'deliveries',
    'versions',
    'document',
  ],
  'users.confirm.': ['lock', 'unlock', 'reset-mfa'].flatMap((a) => [
    `${a}.title`,
    `${a}.button`,
    `${a}.body`,
  ]),
};

function usedKeys(): Map<string, string> {
  const used = new Map<string, string>(); // key → first file using it
  for (const { file, text } of sources) {
    for (const re of [literalKey, i18nKeyProp]) {
      for (const m of text.matchAll(re)) if (m[2] && !used.has(m[2])) used.set(m[2], file);
    }
  }
  for (const [prefix, values] of Object.entries(enumerated)) {
    for (const v of values) used.set(`${prefix}${v}`, `(enumerated ${prefix}*)`);
  }
  return used;
}

describe('i18n catalogues', () => {
  it('finds the keys used in the source', () => {
    expect(usedKeys().size).toBeGreaterThan(100);
  });

  it.each(languages)('%s has every key the source uses', (lang) => {
    const missing = [...usedKeys()]
      .filter(([key]) => !catalogues[lang].has(key))
      .map(([key, file]) => `${key}  (${file})`);
    expect(missing, `missing in ${lang}.json`).toEqual([]);
  });

  it('every template-literal key has an enumerated prefix', () => {
    const unknown: string[] = [];
    for (const { file, text } of sources) {
      for (const m of text.matchAll(templateKey)) {
        if (!(m[1]! in enumerated)) unknown.push(`${file}: t(\`${m[1]}\${…}\`)`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it.each(languages.filter((l) => l !== 'en'))('%s has exactly the keys of en', (lang) => {
    const en = [...catalogues.en.keys()].sort();
    const other = [...catalogues[lang].keys()].sort();
    expect(
      other.filter((k) => !catalogues.en.has(k)),
      `keys only in ${lang}.json`,
    ).toEqual([]);
    expect(
      en.filter((k) => !catalogues[lang].has(k)),
      `keys missing from ${lang}.json`,
    ).toEqual([]);
  });

  it.each(languages.filter((l) => l !== 'en'))('%s uses the same {{placeholders}} as en', (lang) => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const differing = [...catalogues.en].filter(
      ([key, text]) =>
        catalogues[lang].has(key) && vars(text).join() !== vars(catalogues[lang].get(key)!).join(),
    );
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it.each(languages)('%s has no empty strings', (lang) => {
    expect([...catalogues[lang]].filter(([, v]) => v.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('has no unused keys in en (dead strings rot in translation)', () => {
    const used = usedKeys();
    expect([...catalogues.en.keys()].filter((key) => !used.has(key))).toEqual([]);
  });
});
