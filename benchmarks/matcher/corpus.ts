/**
 * Inputs shared by every contender process: the text (weicheng.utf8, or it mixed with the
 * Debian FAQ) and seeded dictionaries
 * drawn from jieba.dict.utf8. Each child rebuilds them from the seed, so all see the same data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MatcherBuilder } from '../../src/core/matcher/index.js';
import { mulberry32 } from '../../test/helpers/random.js';

const require = createRequire(import.meta.url);
const cppjieba = require.resolve('nodejieba/package.json').replace(/package\.json$/, 'submodules/cppjieba/');
export const TEXT_PATH = `${cppjieba}test/testdata/weicheng.utf8`;
export const DICTIONARY_PATH = `${cppjieba}dict/jieba.dict.utf8`;
export const SEED = 20240601;

/** `full`: every drawn word. `flat`: the substring-free, caseless subset that mint-filter can count exactly. */
export type Variant = 'full' | 'flat';

export interface Corpus {
  text: string;
  utf8Bytes: number;
}

/** Modern technical prose, much of it ASCII (commands, package names, URLs): ../shared/data, not in the repo. */
export const FAQ_PATH = fileURLToPath(new URL('../../../shared/data/corpora/debian-faq.zh-cn.txt', import.meta.url));

/** `novel`: weicheng.utf8. `mixed`: the Debian FAQ's paragraphs interleaved with as many units of the novel's lines. */
export type TextKind = 'novel' | 'mixed';

export function mixedTextAvailable(): boolean {
  return existsSync(FAQ_PATH);
}

export function loadText(kind: TextKind = 'novel'): Corpus {
  const novel = readFileSync(TEXT_PATH, 'utf8');
  if (kind === 'novel') return { text: novel, utf8Bytes: Buffer.byteLength(novel) };
  const faq = readFileSync(FAQ_PATH, 'utf8').split(/\n\s*\n/);
  const lines = novel.split('\n');
  // One FAQ paragraph, then novel lines until the novel's share catches up with the FAQ's:
  // about half the text each, mixed at paragraph grain (the kind of page a site publishes).
  const parts: string[] = [];
  let faqUnits = 0;
  let novelUnits = 0;
  let line = 0;
  for (const paragraph of faq) {
    parts.push(paragraph);
    faqUnits += paragraph.length;
    while (novelUnits < faqUnits && line < lines.length) {
      parts.push(lines[line]);
      novelUnits += lines[line++].length;
    }
  }
  const text = parts.join('\n');
  return { text, utf8Bytes: Buffer.byteLength(text) };
}


/** `size` distinct words drawn without replacement (partial Fisher-Yates) with the fixed seed. */
export function drawWords(size: number): string[] {
  const all = [
    ...new Set(
      readFileSync(DICTIONARY_PATH, 'utf8')
        .split('\n')
        .map((line) => line.split(' ')[0])
        .filter((w) => w.length > 0),
    ),
  ];
  const random = mulberry32(SEED + size);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (all.length - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, size);
}

/**
 * mint-filter reports one hit per end position (the deepest trie state, no output links) and
 * lower-cases. On a dictionary where no word contains another and no word has cased letters,
 * that is exactly the full Aho-Corasick answer: two words ending at one position would be
 * nested, and a deeper trie state ending there would contain the word.
 */
export function flatten(words: readonly string[]): string[] {
  const caseless = words.filter((w) => w.toLowerCase() === w && w.toUpperCase() === w);
  const matcher = new MatcherBuilder().build(caseless);
  return caseless.filter((word, id) => {
    let containsAnother = false;
    matcher.scanString(word, (hit) => {
      if (hit !== id) containsAnother = true;
    });
    return !containsAnother;
  });
}

export function dictionary(size: number, variant: Variant): string[] {
  const words = drawWords(size);
  return variant === 'full' ? words : flatten(words);
}
