import type { Instrument } from '../legal.types.ts';
import { buildUnMlaInstrument } from './un-mla-article.ts';

// UN Convention against Transnational Organized Crime (Palermo), Art. 18 (reference §6).
// [S15] central authorities and language declarations; [S15c] citation, entry into force, 192 Parties.

const ART = 'UNTOC Art. 18';

export const UNTOC: Instrument = buildUnMlaInstrument({
  id: 'untoc',
  prefix: ART,
  title:
    'United Nations Convention against Transnational Organized Crime, Article 18 (mutual legal assistance)',
  shortTitle: 'UNTOC',
  citation: 'UNTOC, New York 15.11.2000, in force 29.9.2003, UNTS vol. 2225 p. 209 [S15c]',
  verified: true,
  version: '2000 text; 192 Parties (May 2024) [S15c]',
  inForce: { from: '2003-09-29', citation: 'UNTOC [S15c]', verified: true },
  // The reference file confirms (13) central authorities and (14) language declarations [S15].
  paragraphs13and14Verified: true,
  declarations: {
    LV: {
      languages: ['en', 'lv'],
      channel: 'central-authority',
      citation: `Latvia, declaration under ${ART}(14) [S15]`,
      verified: true,
    },
    LT: {
      languages: ['en', 'ru', 'lt'],
      centralAuthority: 'Ministry of Justice; Prosecutor General’s Office',
      channel: 'central-authority',
      citation: `Lithuania, declarations under ${ART}(13)-(14) [S15]`,
      verified: true,
    },
  },
  subjectScope: {
    description:
      'Offences established under UNTOC and serious crime, transnational in nature and involving an organised criminal group (Art. 3)',
    citation: 'UNTOC Art. 3; Art. 18(1)',
    verified: false,
    note: 'Scope article not in the reference file; cannot be decided from the offence category alone.',
  },
});
