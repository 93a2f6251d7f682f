import { readFileSync } from 'node:fs';
import t from 'tap';
import { MatcherBuilder } from '../../../src/core/matcher/index.js';
import { assembleScanModule, GENERATED_PATH } from '../../../scripts/build-wasm.js';
import { mulberry32, referenceHits, scanHits, scanIntoHits, scanStringHits } from './reference.js';

/** The WebAssembly loop's own concerns: a current build of wasm/scan-wat.ts, and chunk boundaries. */

t.test('generated/scan-wasm.ts is the assembly of wasm/scan-wat.ts (run `npm run build:wasm`)', async (t) => {
  t.equal(readFileSync(GENERATED_PATH, 'utf8'), await assembleScanModule());
});

t.test('hits across chunk boundaries and full hit areas, with long patterns and lone surrogates', async (t) => {
  const random = mulberry32(7);
  const alphabet = ['中', '华', 'a', '\ud83d', '😀', '，'];
  const word = (length: number): string =>
    Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  for (const longest of [1, 40, 3000, 40000]) {
    // 50,000 units cross the 32,768-unit chunk boundary inside hits, and ~60,000 hits fill the
    // 16,384-pair hit area several times: the walk stops and resumes with its state.
    const text = word(50000);
    const patterns = [text.slice(1000, 1000 + longest), ...Array.from({ length: 30 }, () => word(1 + Math.floor(random() * 4)))];
    const expected = referenceHits(patterns, text);
    const matcher = new MatcherBuilder().build(patterns);
    t.ok(expected.length > 1000, `longest ${longest}: ${expected.length} hits`);
    t.ok(expected.some((h) => h.pattern === patterns[0]), `longest ${longest}: the long pattern is found`);
    t.same(scanStringHits(matcher, text), expected, `scanString, longest ${longest}`);
    t.same(scanHits(matcher, text), expected, `scan, longest ${longest}`);
    t.same(scanIntoHits(matcher, text), expected, `scanInto, longest ${longest}`);
  }
});

t.test('long output chains: every unit ends 100 patterns (a, aa, ..., a x 100)', async (t) => {
  const patterns = Array.from({ length: 100 }, (_, k) => 'a'.repeat(k + 1));
  const text = 'a'.repeat(3000);
  const expected = referenceHits(patterns, text);
  t.equal(expected.length, 100 * 3000 - (100 * 99) / 2);
  const matcher = new MatcherBuilder().build(patterns);
  t.same(scanStringHits(matcher, text), expected, 'scanString');
  t.same(scanIntoHits(matcher, text), expected, 'scanInto');
});
