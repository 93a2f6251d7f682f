import { createRequire } from 'node:module';
import type { Contender } from './contender.js';

interface AhoCorasick {
  search(text: string): Array<[number, string[]]>;
}
const require = createRequire(import.meta.url);
const AhoCorasickClass = require('ahocorasick') as new (keywords: string[]) => AhoCorasick;

/** The `ahocorasick` package (object-map trie): the baseline of the ratio column. */
export const contender: Contender<AhoCorasick> = {
  name: 'ahocorasick',
  build: (words) => new AhoCorasickClass(words),
  count(ac, text) {
    let hits = 0;
    for (const [, keywords] of ac.search(text)) hits += keywords.length;
    return hits;
  },
  search: (ac, text) => ac.search(text),
};
