import { Matcher, MatcherBuilder } from '../../../src/core/matcher/index.js';
import type { Contender } from './contender.js';

/** Ours: the double-array automaton, through the engine's hot path (scanString). */
export const contender: Contender<Matcher> = {
  name: 'jiaodui (scanString)',
  build: (words) => new MatcherBuilder().build(words),
  offHeapBytes: (matcher) => matcher.stats().linearMemoryBytes,
  count(matcher, text) {
    let hits = 0;
    matcher.scanString(text, () => {
      hits++;
    });
    return hits;
  },
  snapshot: {
    save: (matcher) => matcher.toSnapshot('benchmark'),
    load: (bytes) => Matcher.fromSnapshot(bytes, 'benchmark'),
  },
};
