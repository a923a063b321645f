import type { Instrument } from '../legal.types.ts';
import { BUDAPEST } from './budapest.ts';
import { BUDAPEST_2AP } from './budapest-2ap.ts';
import { COE_EXTRADITION_1957 } from './coe-extradition-1957.ts';
import { COE_MLA_1959 } from './coe-mla-1959.ts';
import { E_EVIDENCE } from './e-evidence.ts';
import { EAW } from './eaw.ts';
import { EIO } from './eio.ts';
import { EU_MLA_2000 } from './eu-mla-2000.ts';
import { UNCAC } from './uncac.ts';
import { UNTOC } from './untoc.ts';
import { US_EU_MLA } from './us-eu-mla.ts';
import { US_UK_MLAT } from './us-uk-mlat.ts';

// Every instrument the registry knows, one file each. Order here carries no meaning: ranking is the
// advisor's job (legal-advisor.ts).
export const INSTRUMENTS: readonly Instrument[] = [
  EIO,
  E_EVIDENCE,
  COE_MLA_1959,
  EU_MLA_2000,
  BUDAPEST,
  BUDAPEST_2AP,
  UNTOC,
  UNCAC,
  EAW,
  COE_EXTRADITION_1957,
  US_UK_MLAT,
  US_EU_MLA,
];

export { MEASURES } from './measures.ts';
export { OFFENCE_CATEGORIES } from './offence-categories.ts';
export { STATES } from './states.ts';
