import { Matcher, MatcherBuilder } from '../../../src/core/matcher/index.js';
import type { Contender } from './contender.js';

/** The public path that materializes hits: `findAll()`, one `Match` object per hit. */
export const contender: Contender<Matcher> = {
  name: 'jiaodui (findAll)',
  build: (words) => new MatcherBuilder().build(words),
  offHeapBytes: (matcher) => matcher.stats().linearMemoryBytes,
  count: (matcher, text) => matcher.findAll(text).length,
  search: (matcher, text) => matcher.findAll(text),
};
