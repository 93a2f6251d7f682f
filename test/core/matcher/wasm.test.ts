import { readFileSync } from 'node:fs';
import t from 'tap';
import { MatcherBuilder } from '../../../src/core/matcher/index.js';
import { assembleScanModule, GENERATED_PATH } from '../../../scripts/build-wasm.js';
import { mulberry32, referenceHits, scanHits, scanIntoHits, scanStringHits } from './reference.js';

/** The WebAssembly loop's own concerns: a current build of scan.wat, and chunk boundaries. */

t.test('generated/scan-wasm.ts is the assembly of wasm/scan.wat (run `npm run build:wasm`)', async (t) => {
  t.equal(readFileSync(GENERATED_PATH, 'utf8'), await assembleScanModule());
});

t.test('hits across chunk boundaries, with long patterns (short chunks) and lone surrogates', async (t) => {
  const random = mulberry32(7);
  const alphabet = ['中', '华', 'a', '\ud83d', '😀', '，'];
  const word = (length: number): string =>
    Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  for (const longest of [1, 40, 3000, 40000]) {
    // A pattern of `longest` units shortens the chunk to HIT_PAIRS / longest units (1 for
    // 40000): every boundary then falls inside hits, and the state crosses it.
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
