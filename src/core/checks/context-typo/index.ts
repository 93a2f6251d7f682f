import type { TextCheck } from '../check.js';
import { ContextTypoCheck, type ContextTypoOptions } from './check.js';
import type { ContextTypoModel } from './model.js';

export { ContextTypoCheck, type ContextTypoOptions } from './check.js';
export { ContextTypoModel, ContextTypoModelError } from './model.js';
export { confusionSet, homophones, lookalikes, type ConfusionSet } from './confusables.js';
export { protectedTermsOf } from './vocabulary.js';

/** The statistical part of the `typo` check, over a model decoded with `ContextTypoModel.fromBytes`. */
export function createContextTypoCheck(model: ContextTypoModel, options?: ContextTypoOptions): TextCheck & { statistical: true } {
  return new ContextTypoCheck(model, options);
}
