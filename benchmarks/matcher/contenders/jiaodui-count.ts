import { Matcher, MatcherBuilder } from '../../../src/core/matcher/index.js';
import type { Contender } from './contender.js';

/** The public path a user calls: `MatcherBuilder().build()` then `count()`. */
export const contender: Contender<Matcher> = {
  name: 'jiaodui (count)',
  build: (words) => new MatcherBuilder().build(words),
  offHeapBytes: (matcher) => matcher.stats().linearMemoryBytes,
  count: (matcher, text) => matcher.count(text),
};
