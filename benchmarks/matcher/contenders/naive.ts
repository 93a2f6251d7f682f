import type { Contender } from './contender.js';

/** One indexOf loop per word, overlapping occurrences included: O(words x text), 1k words only. */
export const contender: Contender<readonly string[]> = {
  name: 'naive indexOf',
  build: (words) => [...words],
  count(words, text) {
    let hits = 0;
    for (const word of words) {
      for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) hits++;
    }
    return hits;
  },
};
