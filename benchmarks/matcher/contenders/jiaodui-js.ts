import { MatcherBuilder, type Matcher } from '../../../src/core/matcher/index.js';
import type { Contender } from './contender.js';

/** Ours on the JavaScript scan loop (`engine('js')`): what the WebAssembly loop gains, in the same run. */
export const contender: Contender<Matcher> = {
  name: 'jiaodui (scanString, js engine)',
  build: (words) => new MatcherBuilder().engine('js').build(words),
  count(matcher, text) {
    let hits = 0;
    matcher.scanString(text, () => {
      hits++;
    });
    return hits;
  },
};
