import { AhoCorasick } from '@monyone/aho-corasick/fast';
import type { Contender } from './contender.js';

/** `@monyone/aho-corasick/fast`: its double-array variant (the fastest it offers). */
export const contender: Contender<AhoCorasick> = {
  name: '@monyone/aho-corasick/fast',
  build: (words) => new AhoCorasick(words),
  count: (ac, text) => ac.matchInText(text).length,
  search: (ac, text) => ac.matchInText(text),
};
