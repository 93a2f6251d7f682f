import { readFileSync } from 'node:fs';
import t from 'tap';
import { MatcherBuilder } from '../../../src/core/matcher/index.js';
import { assembleScanModule, GENERATED_PATH } from '../../../scripts/build-wasm.js';
import { findAllHits, mulberry32, referenceHits, scanHits, scanIntoHits, scanStringHits } from './reference.js';

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
    t.same(findAllHits(matcher, text), expected, `findAll and count, longest ${longest}`);
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
  // 100 hits an end over 300,000 hits: one end's group must come out whole, shortest first,
  // however the walk splits its hits between hand-overs of the hit area.
  const all = matcher.findAll(text);
  t.equal(all.length, expected.length);
  t.equal(matcher.count(text), expected.length);
  let ordered = true;
  for (let k = 1; k < all.length; k++) {
    const a = all[k - 1];
    const b = all[k];
    if (!(a.end < b.end || (a.end === b.end && a.start > b.start))) ordered = false;
  }
  t.ok(ordered, 'findAll: end ascending, then start descending');
  t.equal(all[0].pattern, 'a');
  t.equal(all[all.length - 1].pattern, 'a'.repeat(100));
});

t.test('findAll: one pattern string per pattern, shared by its hits', async (t) => {
  for (const engine of ['wasm', 'js'] as const) {
    const matcher = new MatcherBuilder().engine(engine).build(['中华', '人民', '华人']);
    const all = matcher.findAll('中华人民中华人民');
    t.same(all.map((m) => m.pattern), ['中华', '华人', '人民', '中华', '华人', '人民'], engine);
    t.ok(all[0].pattern === all[3].pattern, `${engine}: the same string`);
    t.equal(matcher.count('中华人民中华人民'), 6, `${engine}: count`);
    t.equal(matcher.count(''), 0, `${engine}: count of the empty text`);
    t.same(matcher.findAll(''), [], `${engine}: findAll of the empty text`);
  }
});

t.test('a matcher that cannot get a WebAssembly memory runs the JS loops, with the same answers', async (t) => {
  const Instance = WebAssembly.Instance;
  // What V8 throws once the address space for linear memories is used up (~12,000 live matchers).
  const failing = function () {
    throw new RangeError('WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory for new instance');
  };
  (WebAssembly as { Instance: unknown }).Instance = failing;
  let matcher;
  try {
    matcher = new MatcherBuilder().build(['中华人民', '华人']);
  } finally {
    (WebAssembly as { Instance: unknown }).Instance = Instance;
  }
  t.equal(matcher.engine, 'js');
  t.same(matcher.findAll('中华人才').map((m) => m.pattern), ['华人']);
  t.equal(new MatcherBuilder().build(['华人']).engine, 'wasm', 'the next matcher gets its memory again');
});
