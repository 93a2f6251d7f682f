import { Matcher, MatcherBuilder } from '../../../src/core/matcher/index.js';
import type { Contender } from './contender.js';

/** Ours without a call per hit: scanStringInto into a reused buffer, grown and rescanned when short. */
let out = new Int32Array(1 << 16);

export const contender: Contender<Matcher> = {
  name: 'jiaodui (scanStringInto)',
  build: (words) => new MatcherBuilder().build(words),
  offHeapBytes: (matcher) => matcher.stats().linearMemoryBytes,
  count(matcher, text) {
    let hits = matcher.scanStringInto(text, out);
    if (hits * 2 > out.length) {
      out = new Int32Array(hits * 2);
      hits = matcher.scanStringInto(text, out);
    }
    return hits;
  },
};
