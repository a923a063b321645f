import type { Instrument } from '../legal.types.ts';
import { buildUnMlaInstrument } from './un-mla-article.ts';

// UN Convention against Corruption, Art. 46 (reference §6). Everything here is [unverified] in the
// reference file: the citation and dates, and that paragraphs (13)-(24) mirror UNTOC Art. 18.

export const UNCAC: Instrument = buildUnMlaInstrument({
  id: 'uncac',
  prefix: 'UNCAC Art. 46',
  title: 'United Nations Convention against Corruption, Article 46 (mutual legal assistance)',
  shortTitle: 'UNCAC',
  citation: 'UNCAC, New York 31.10.2003, in force 14.12.2005',
  verified: false,
  note: 'Citation and dates unverified in the reference file.',
  version: '2003 text',
  inForce: { from: '2005-12-14', citation: 'UNCAC', verified: false },
  paragraphs13and14Verified: false,
  // Offences established under UNCAC Chapter III: corruption and laundering of its proceeds.
  subjectScope: {
    description: 'Offences established in accordance with UNCAC (Chapter III): corruption-related offences',
    offenceCategories: ['corruption', 'laundering-of-proceeds'],
    citation: 'UNCAC Art. 46(1); Chapter III',
    verified: false,
    note: 'Scope articles not in the reference file; category mapping from general knowledge.',
  },
});
