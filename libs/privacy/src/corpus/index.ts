import { ADDRESSES } from './addresses';
import { CLEAN } from './clean';
import { CONTACTS } from './contacts';
import { HOLDOUT, HOLDOUT_CLEAN } from './holdout';
import { HOLDOUT2, HOLDOUT2_CLEAN } from './holdout2';
import { HOLDOUT3, HOLDOUT3_CLEAN } from './holdout3';
import { HOLDOUT4, HOLDOUT4_CLEAN } from './holdout4';
import { snippet, type CorpusSnippet } from './corpus';
import { NAMES } from './names';

export * from './corpus';

/**
 * The scrubber's test corpus: realistic Italian free text written for the test (suspension reasons, case notes,
 * public replies, complaints, survey comments, FAQ proposals, Open311 descriptions), each with its personal-data
 * spans and its expected output. `clean-*` snippets carry no personal data and must come out unchanged.
 */
export const CORPUS: readonly CorpusSnippet[] = [
  ...NAMES.map(([source, text, known], i) => snippet(`names-${i + 1}`, source, text, known)),
  ...CONTACTS.map(([source, text, known], i) => snippet(`contacts-${i + 1}`, source, text, known)),
  ...ADDRESSES.map(([source, text, known], i) => snippet(`addresses-${i + 1}`, source, text, known)),
  ...CLEAN.map(([source, text], i) => snippet(`clean-${i + 1}`, source, text)),
  ...HOLDOUT.map(([source, text, known], i) => snippet(`holdout-${i + 1}`, source, text, known)),
  ...HOLDOUT_CLEAN.map(([source, text], i) => snippet(`holdout-clean-${i + 1}`, source, text)),
  ...HOLDOUT2.map(([source, text, known], i) => snippet(`holdout2-${i + 1}`, source, text, known)),
  ...HOLDOUT2_CLEAN.map(([source, text], i) => snippet(`holdout2-clean-${i + 1}`, source, text)),
  ...HOLDOUT3.map(([source, text, known], i) => snippet(`holdout3-${i + 1}`, source, text, known)),
  ...HOLDOUT3_CLEAN.map(([source, text], i) => snippet(`holdout3-clean-${i + 1}`, source, text)),
  ...HOLDOUT4.map(([source, text, known], i) => snippet(`holdout4-${i + 1}`, source, text, known)),
  ...HOLDOUT4_CLEAN.map(([source, text], i) => snippet(`holdout4-clean-${i + 1}`, source, text)),
];
