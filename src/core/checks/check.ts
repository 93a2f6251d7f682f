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
  run(input: CheckInput): Finding[];
}
