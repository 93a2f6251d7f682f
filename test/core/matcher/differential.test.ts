import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';
import { Matcher, MatcherBuilder } from '../../../src/core/matcher/index.js';
import { findAllHits, mulberry32, referenceHits, scanHits, scanIntoHits, scanStringHits } from './reference.js';

/** The compiled automaton against the `ahocorasick` oracle, hit for hit, on seeded random input. */

const require = createRequire(import.meta.url);
const cppjieba = require.resolve('nodejieba/package.json').replace(/package\.json$/, 'submodules/cppjieba/');

// Small alphabet so that patterns nest and overlap often: CJK, Latin, an astral CJK char, emoji halves.
const ALPHABET = ['中', '华', '人', '民', '国', 'a', 'b', '𠀀', '😀', '😁', '\ud83d', '，'];
const ENGINES = ['wasm', 'js'] as const;

function randomWord(random: () => number, maxChars: number): string {
  let word = '';
  const chars = 1 + Math.floor(random() * maxChars);
  for (let i = 0; i < chars; i++) word += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return word;
}

t.test('random dictionaries and texts over a small alphabet', async (t) => {
  const random = mulberry32(0x5eed);
  const rounds = 2000;
  let hits = 0;
  let failures = 0;
  for (let round = 0; round < rounds && failures < 3; round++) {
    const patterns: string[] = [];
    const count = 1 + Math.floor(random() * 12);
    for (let i = 0; i < count; i++) patterns.push(randomWord(random, 4));
    // Nested patterns on purpose: a random slice of an existing pattern.
    const host = patterns[Math.floor(random() * patterns.length)];
    const from = Math.floor(random() * host.length);
    const sliced = host.slice(from, from + 1 + Math.floor(random() * (host.length - from)));
    if (sliced.length > 0) patterns.push(sliced);
    const text = randomWord(random, 40) + patterns.join(random() < 0.5 ? '' : '，');
    const expected = referenceHits(patterns, text);
    hits += expected.length;
    for (const engine of ENGINES) {
      const matcher = new MatcherBuilder().engine(engine).build(patterns);
      // One assertion per API at the end keeps 2,000 rounds fast; the first mismatch is shown in full.
      for (const [api, actual] of [
        ['scanString', scanStringHits(matcher, text)],
        ['scan', scanHits(matcher, text)],
        ['scanInto', scanIntoHits(matcher, text)],
        ['findAll', findAllHits(matcher, text)],
      ] as const) {
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          failures++;
          t.same(actual, expected, `${engine} ${api}, round ${round}: ${JSON.stringify({ patterns, text })}`);
        }
      }
    }
  }
  t.equal(failures, 0, `${rounds} rounds agree with the reference`);
  t.ok(hits > rounds, `the random cases produce hits (${hits})`);
});

t.test('jieba words over the first 50 KB of weicheng.utf8', async (t) => {
  const words = readFileSync(`${cppjieba}dict/jieba.dict.utf8`, 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((w) => w.length > 0);
  const text = readFileSync(`${cppjieba}test/testdata/weicheng.utf8`).subarray(0, 50 * 1024).toString('utf8');
  const random = mulberry32(2024);
  const dictionaries: Array<[string, string[]]> = [];
  for (let round = 0; round < 3; round++) {
    dictionaries.push([`2,000 random jieba words #${round}`, Array.from({ length: 2000 }, () => words[Math.floor(random() * words.length)])]);
  }
  // Random jieba words hit rarely; slices of the text itself (1-6 units, nested by construction) hit often.
  const slices = Array.from({ length: 2000 }, () => {
    const at = Math.floor(random() * (text.length - 6));
    return text.slice(at, at + 1 + Math.floor(random() * 6));
  });
  dictionaries.push(['2,000 slices of the text', slices]);
  for (const [name, patterns] of dictionaries) {
    const expected = referenceHits(patterns, text);
    t.ok(expected.length > 40, `${name}: ${expected.length} hits`);
    for (const engine of ENGINES) {
      const matcher = new MatcherBuilder().engine(engine).build(patterns);
      t.same(scanStringHits(matcher, text), expected, `${engine} scanString, ${name}`);
      t.same(scanHits(matcher, text), expected, `${engine} scan, ${name}`);
      t.same(scanIntoHits(matcher, text), expected, `${engine} scanInto, ${name}`);
      t.same(findAllHits(Matcher.fromSnapshot(matcher.toSnapshot(), undefined, engine), text), expected, `${engine} snapshot, ${name}`);
    }
  }
});
