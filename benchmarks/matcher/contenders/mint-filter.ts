import { createRequire } from 'node:module';
import type { Mint } from 'mint-filter';
import type { Contender } from './contender.js';

const require = createRequire(import.meta.url);
const MintClass = (require('mint-filter') as { Mint: typeof Mint }).Mint;

/**
 * `mint-filter` misses nested hits (one hit per end position, no output links) and
 * lower-cases, so it only runs on the `flat` dictionaries, where that is the exact answer.
 */
export const contender: Contender<Mint> = {
  name: 'mint-filter',
  build: (words) => new MintClass(words),
  count: (mint, text) => mint.filter(text, { replace: false }).words.length,
};
