import { describe, expect, it } from 'vitest';
import {
  type Instrument,
  type InstrumentId,
  loadRegistry,
  type Sourced,
} from '../../../src/modules/legal/index.ts';

// Facts of shared/reference/legal-instruments.md as encoded in the registry: every fact marked
// `[unverified]` there must be `verified: false` here, and facts with a source must be `verified: true`.

const registry = loadRegistry();

function instrument(id: InstrumentId): Instrument {
  const i = registry.instrumentsById.get(id);
  if (!i) throw new Error(`missing instrument ${id}`);
  return i;
}
const deadline = (id: InstrumentId, rule: string) => instrument(id).deadlineRules.find((d) => d.id === rule);
const content = (id: InstrumentId, item: string) =>
  instrument(id).requiredContents.find((c) => c.id === item);
const ground = (id: InstrumentId, g: string) => instrument(id).refusalGrounds.find((r) => r.id === g);
const channel = (id: InstrumentId, c: string) => instrument(id).channelRules.find((r) => r.id === c);
const coverage = (id: InstrumentId, m: string) => instrument(id).measures.find((x) => x.measure === m);
const exception = (id: InstrumentId, s: string) => instrument(id).exceptions.find((e) => e.state === s);
const declaration = (id: InstrumentId, s: string) =>
  instrument(id).parties.find((p) => p.state === s)?.declarations;

type Fact = readonly [description: string, get: () => Sourced | undefined];

const UNVERIFIED: readonly Fact[] = [
  // §1 EIO
  ['EIO: Denmark not bound', () => exception('eio', 'DK')],
  ['EIO: Ireland not bound', () => exception('eio', 'IE')],
  ['EIO 32(2): provisional measure within 24 h', () => deadline('eio', 'eio-provisional-measure-decision')],
  ['EIO 31(3): interception objection 96 h', () => deadline('eio', 'eio-interception-objection')],
  ['EIO Art. 3 measure scope', () => coverage('eio', 'search-seizure')],
  ['EIO article map: videoconference Art. 24', () => coverage('eio', 'videoconference')],
  ['EIO article map: interception Arts 30-31', () => coverage('eio', 'interception')],
  ['EIO article map: freezing Art. 32', () => coverage('eio', 'freezing')],
  ['EIO Annex A labels: urgency section B', () => instrument('eio').urgencyRule],
  ['EIO Annex A labels: proceedings section F', () => content('eio', 'type-of-proceedings')],
  ['EIO Art. 2(c) validation wording', () => content('eio', 'validating-authority')],
  // §2 e-Evidence
  ['e-Evidence 4(5): ex-post validation 48 h', () => deadline('e-evidence', 'epoc-emergency-validation')],
  ['e-Evidence 12(1): immunity ground', () => ground('e-evidence', 'immunity_privilege_press')],
  ['e-Evidence 12(1): fundamental rights ground', () => ground('e-evidence', 'fundamental_rights_manifest')],
  ['e-Evidence 12(1): ne bis in idem ground', () => ground('e-evidence', 'ne_bis_in_idem')],
  ['e-Evidence 12(1): dual criminality ground', () => ground('e-evidence', 'dual_criminality')],
  ['e-Evidence Art. 9 languages', () => instrument('e-evidence').languageRule],
  ['e-Evidence Art. 8 notification', () => content('e-evidence', 'enforcing-authority-notification')],
  ['e-Evidence Annex I / Art. 3 numbering', () => content('e-evidence', 'data-category-and-items')],
  // §3 CoE 1959
  ['CoE 1959 Art. 14(1)(a)', () => content('coe-mla-1959', 'requesting-authority')],
  ['CoE 1959 Art. 14(1)(b)', () => content('coe-mla-1959', 'object-and-reason')],
  ['CoE 1959 Art. 14(1)(c)', () => content('coe-mla-1959', 'person-identity-nationality')],
  ['CoE 1959 Art. 14(1)(d)', () => content('coe-mla-1959', 'addressee-name-address')],
  ['CoE 1959 Art. 14(2)', () => content('coe-mla-1959', 'offence-and-facts')],
  ['CoE 1959 Art. 5 search and seizure', () => coverage('coe-mla-1959', 'search-seizure')],
  ['CoE 1959 Art. 7 service', () => coverage('coe-mla-1959', 'service-of-documents')],
  ['CoE 1959 Art. 11 transfer', () => coverage('coe-mla-1959', 'transfer-detained-person')],
  ['ETS 182 Art. 9 videoconference content', () => coverage('coe-mla-1959', 'videoconference')],
  ['ETS 182 Art. 4 channel', () => channel('coe-mla-1959', 'coe-1959-p2-direct')],
  ['CoE 1959 Art. 16 wording', () => instrument('coe-mla-1959').languageRule],
  // §4 EU 2000
  ['EU 2000 OJ C 197 citation', () => instrument('eu-mla-2000')],
  ['EU 2000 Art. 4 number', () => instrument('eu-mla-2000').executionPace],
  ['EU 2000 Art. 10 number (videoconference)', () => coverage('eu-mla-2000', 'videoconference')],
  ['EU 2000 Art. 12 number (controlled delivery)', () => coverage('eu-mla-2000', 'controlled-delivery')],
  ['EU 2000 Arts 17-22 interception', () => coverage('eu-mla-2000', 'interception')],
  ['EU 2000 Art. 20: 96 h objection', () => deadline('eu-mla-2000', 'eu-2000-interception-objection')],
  ['EU 2000: refusal inherits CoE 1959 Art. 2', () => ground('eu-mla-2000', 'essential_interests')],
  ['EU 2000: 2001 Protocol (banking)', () => coverage('eu-mla-2000', 'banking-information')],
  // §5 Budapest
  ['Budapest 29(5) refusal', () => ground('budapest', 'political_offence')],
  ['Budapest Art. 34 interception', () => coverage('budapest', 'interception')],
  ['Budapest Art. 35 24/7 network', () => channel('budapest', 'budapest-24-7')],
  ['Budapest 25(3)/27(9) urgent channel', () => channel('budapest', 'budapest-urgent-direct')],
  ['Budapest Art. 27 central authorities', () => channel('budapest', 'budapest-central-authority')],
  ['CETS 224 7(7): 30 days', () => deadline('budapest-2ap', 'p2-direct-order-window')],
  ['CETS 224 8(7): serve within 45 days', () => deadline('budapest-2ap', 'p2-serve-provider')],
  ['CETS 224 8(7): subscriber 20 days', () => deadline('budapest-2ap', 'p2-return-subscriber')],
  ['CETS 224 8(7): traffic 45 days', () => deadline('budapest-2ap', 'p2-return-traffic')],
  // §6 UNTOC / UNCAC
  ['UNTOC 18(15)(a)', () => content('untoc', 'requesting-authority')],
  ['UNTOC 18(15)(c)', () => content('untoc', 'facts-summary')],
  ['UNTOC 18(15)(f)', () => content('untoc', 'purpose')],
  ['UNTOC 18(21)(a)', () => ground('untoc', 'request_not_conforming')],
  ['UNTOC 18(21)(d)', () => ground('untoc', 'contrary_to_legal_system')],
  ['UNTOC 18(13): Interpol if urgent', () => channel('untoc', 'untoc-interpol')],
  ['UNTOC 18(24): no fixed period', () => instrument('untoc').executionPace],
  ['UNTOC 18(9): dual criminality optional', () => instrument('untoc').dualCriminality],
  ['UNCAC citation and dates', () => instrument('uncac')],
  ['UNCAC 46(13) mirrors UNTOC', () => channel('uncac', 'uncac-central-authority')],
  ['UNCAC 46(14) mirrors UNTOC', () => instrument('uncac').languageRule],
  ['UNCAC 46(15) contents', () => content('uncac', 'facts-summary')],
  // §7 bilateral
  ['US–UK central authorities (US)', () => declaration('us-uk-mlat', 'US')],
  ['US–UK central authorities (GB)', () => declaration('us-uk-mlat', 'GB')],
  ['US–UK Art. 4 contents', () => content('us-uk-mlat', 'purpose')],
  ['US–UK Art. 3 limitations', () => ground('us-uk-mlat', 'essential_interests')],
  ['US–EU Art. 4 bank information', () => coverage('us-eu-mla', 'banking-information')],
  ['US–EU Art. 6 videoconference', () => coverage('us-eu-mla', 'videoconference')],
  ['US–EU Art. 7 expedited transmission', () => channel('us-eu-mla', 'us-eu-expedited')],
  ['US–EU Art. 9 use limitation', () => ground('us-eu-mla', 'use_limitation')],
  // §8 extradition
  ['EAW 23(2): surrender within 10 days', () => deadline('eaw', 'eaw-surrender')],
  ['EAW 3(1) amnesty', () => ground('eaw', 'amnesty')],
  ['EAW 3(2) ne bis in idem', () => ground('eaw', 'ne_bis_in_idem')],
  ['EAW Art. 4 optional grounds', () => ground('eaw', 'optional_grounds')],
  ['EAW Arts 9-10 channel', () => channel('eaw', 'eaw-direct')],
  ['ETS 024 Art. 12 request', () => content('coe-extradition-1957', 'conviction-or-warrant')],
  [
    'ETS 024 Art. 16 provisional arrest 18 days',
    () => deadline('coe-extradition-1957', 'provisional-arrest-request-window'),
  ],
  [
    'ETS 024 Art. 16 provisional arrest 40 days',
    () => deadline('coe-extradition-1957', 'provisional-arrest-maximum'),
  ],
  ['ETS 024 Art. 23 language', () => instrument('coe-extradition-1957').languageRule],
  ['ETS 024 Art. 3 political offence (content)', () => ground('coe-extradition-1957', 'political_offence')],
  [
    'ETS 024 Art. 11 capital punishment (content)',
    () => ground('coe-extradition-1957', 'capital_punishment'),
  ],
];

const VERIFIED: readonly Fact[] = [
  ['EIO 16(1): acknowledge within 7 days [S3]', () => deadline('eio', 'eio-acknowledge-receipt')],
  ['EIO 12(3): decide within 30 days [S1]', () => deadline('eio', 'eio-recognition-decision')],
  ['EIO 12(5): +30 days [S1]', () => deadline('eio', 'eio-recognition-decision')?.extension],
  ['EIO 12(4): execute within 90 days [S1]', () => deadline('eio', 'eio-execution')],
  ['EIO 5(1)(a) issuing authority [S4]', () => content('eio', 'issuing-authority-email')],
  ['EIO 11(1)(d) ne bis in idem [S2]', () => ground('eio', 'ne_bis_in_idem')],
  ['EIO Annex D waiver [S2]', () => instrument('eio').offenceList],
  ['e-Evidence: Denmark not bound [S9]', () => exception('e-evidence', 'DK')],
  ['e-Evidence: applies from 18.8.2026 [S9]', () => instrument('e-evidence').inForce],
  ['e-Evidence 10(3): 10 days [S7]', () => deadline('e-evidence', 'epoc-produce')],
  ['e-Evidence 10(4): 8 hours [S7]', () => deadline('e-evidence', 'epoc-produce-emergency')],
  ['e-Evidence 11(1): 60 days [S7b]', () => deadline('e-evidence', 'epoc-pr-preservation')],
  ['e-Evidence Art. 19 IT system [S7c]', () => channel('e-evidence', 'epoc-it-system')],
  ['CoE 1959 Art. 2(b) essential interests [S10]', () => ground('coe-mla-1959', 'essential_interests')],
  ['CoE 1959: Latvia requires English [S10c]', () => declaration('coe-mla-1959', 'LV')],
  ['EU 2000 Art. 6 direct channel [S12]', () => channel('eu-mla-2000', 'eu-2000-direct')],
  ['Budapest 29(2) contents [S13]', () => content('budapest', 'offence-and-facts')],
  ['Budapest 29(7): at least 60 days [S13b]', () => deadline('budapest', 'budapest-preservation-minimum')],
  ['Budapest 30(2) refusal [S13c]', () => ground('budapest', 'political_offence_disclosure')],
  ['CETS 224 Art. 7 direct orders [S14c]', () => coverage('budapest-2ap', 'subscriber-data')],
  ['UNTOC 18(13) central authority [S15]', () => channel('untoc', 'untoc-central-authority')],
  ['UNTOC: Latvia EN/LV [S15]', () => declaration('untoc', 'LV')],
  ['UNTOC: Lithuania EN/RU/LT [S15]', () => declaration('untoc', 'LT')],
  ['US–UK Art. 2 central authorities [S16]', () => channel('us-uk-mlat', 'us-uk-central-authorities')],
  ['EAW 8(1)(a) identity [S17c]', () => content('eaw', 'person-identity-nationality')],
  ['EAW 17(2): 10 days after consent [S17b]', () => deadline('eaw', 'eaw-decision-after-consent')],
  ['EAW 17(3): 60 days after arrest [S17a]', () => deadline('eaw', 'eaw-decision-after-arrest')],
  ['EAW 3(3) under age [S17f]', () => ground('eaw', 'under_age')],
  ['ETS 024 Art. 2(1) threshold [S18]', () => instrument('coe-extradition-1957').penaltyThreshold],
];

describe('reference-file facts', () => {
  it.each(UNVERIFIED.map(([d, get]) => [d, get] as const))('[unverified] %s is verified:false', (_d, get) => {
    const fact = get();
    expect(fact).toBeDefined();
    expect(fact?.verified).toBe(false);
  });

  it.each(VERIFIED.map(([d, get]) => [d, get] as const))('sourced %s is verified:true', (_d, get) => {
    const fact = get();
    expect(fact).toBeDefined();
    expect(fact?.verified).toBe(true);
  });

  it('marks every party list from general knowledge unverified, except the US–UK treaty parties', () => {
    for (const i of registry.instruments) {
      for (const p of i.parties) expect(p.verified, `${i.id} ${p.state}`).toBe(i.id === 'us-uk-mlat');
    }
  });

  it('marks declared languages unverified unless the reference file gives them', () => {
    const sourced = new Set(['coe-mla-1959:LV', 'untoc:LV', 'untoc:LT']);
    for (const i of registry.instruments) {
      for (const p of i.parties)
        expect(p.declarations.verified, `${i.id} ${p.state}`).toBe(sourced.has(`${i.id}:${p.state}`));
    }
  });

  it('marks the offence-category headings unverified (wording not in the reference file)', () => {
    expect(registry.offenceCategories.every((c) => c.verified === false)).toBe(true);
  });

  it('uses no [S#] source tag on an unverified rule without saying so in a note', () => {
    // A citation naming a source (e.g. "[S16]") on a verified:false rule would look verified.
    for (const i of registry.instruments) {
      for (const d of i.deadlineRules)
        if (!d.verified) expect(d.citation, `${i.id}.${d.id}`).not.toMatch(/\[S\d+/);
      for (const g of i.refusalGrounds)
        if (!g.verified) expect(g.citation, `${i.id}.${g.id}`).not.toMatch(/\[S\d+/);
      for (const c of i.requiredContents)
        if (!c.verified) expect(c.citation, `${i.id}.${c.id}`).not.toMatch(/\[S\d+/);
    }
  });
});
