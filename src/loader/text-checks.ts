import type { TextCheck } from '../core/checks/check.js';
import { createConfusablePairsCheck } from '../core/checks/confusable-pairs.js';
import { createContextTypoCheck, homophones, lookalikes, protectedTermsOf } from '../core/checks/context-typo/index.js';
import { createDateCheck } from '../core/checks/date.js';
import { createNameCheck } from '../core/checks/name.js';
import { createPrivacyCheck } from '../core/checks/privacy.js';
import { createPunctuationCheck } from '../core/checks/punctuation.js';
import { createRepetitionCheck } from '../core/checks/repetition.js';
import { createSecrecyCheck } from '../core/checks/secrecy.js';
import type { CompiledDictionaries } from '../core/dictionaries/compiled.js';
import { loadContextTypoModel } from './context-typo-model.js';

/**
 * The checks that read the text itself, for one dictionary version (the name registry comes
 * from the dictionaries; the n-gram model is read once per process).
 */
export function loadTextChecks(dictionaries: CompiledDictionaries): Array<TextCheck & { statistical?: boolean }> {
  return [
    createContextTypoCheck(loadContextTypoModel(), { protectedTerms: protectedTermsOf(dictionaries) }),
    createConfusablePairsCheck(),
    createNameCheck(dictionaries.names, { homophones, lookalikes }),
    createPunctuationCheck(),
    createRepetitionCheck(),
    createDateCheck(),
    createPrivacyCheck(),
    createSecrecyCheck(),
  ];
}
