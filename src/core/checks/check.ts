import type { CheckType, Finding, Segmenter } from '../types.js';

/** What every check receives: the caller's text and the shared (lazy) segmenter. */
export interface CheckInput {
  text: string;
  segmenter: Segmenter;
}

/**
 * A check that looks at the text itself rather than at the dictionary automaton
 * (context typos, names, punctuation, repetition, dates). Pure and synchronous.
 */
export interface TextCheck {
  readonly type: CheckType;
  /**
   * Other types its findings may carry (the context typo check reports regional variant
   * forms as `normative`). The check runs when `type` is enabled (it costs what it costs),
   * and only findings of enabled types are kept.
   */
  readonly alsoReports?: readonly CheckType[];
  run(input: CheckInput): Finding[];
}
