import t from 'tap';
import { MatcherBuildError, MatcherBuilder } from '../../../src/core/matcher/index.js';

t.test('an empty pattern throws with its index', async (t) => {
  const builder = new MatcherBuilder();
  for (const [patterns, index] of [
    [[''], 0],
    [['中文', '校对', '', 'x'], 2],
    [['a', 'b', 'c', ''], 3],
  ] as Array<[string[], number]>) {
    try {
      builder.build(patterns);
      t.fail(`expected a MatcherBuildError for ${JSON.stringify(patterns)}`);
    } catch (error) {
      t.type(error, MatcherBuildError);
      t.equal((error as MatcherBuildError).patternIndex, index);
      t.match((error as Error).message, new RegExp(`pattern ${index}`));
    }
  }
});

t.test('a non-string pattern is rejected the same way', async (t) => {
  t.throws(() => new MatcherBuilder().build(['a', 3 as unknown as string]), { name: 'MatcherBuildError', patternIndex: 1 });
});

t.test('a builder can be reused and matchers are independent', async (t) => {
  const builder = new MatcherBuilder();
  const a = builder.build(['中华']);
  const b = builder.build(['人民']);
  t.same(a.findAll('中华人民').map((m) => m.pattern), ['中华']);
  t.same(b.findAll('中华人民').map((m) => m.pattern), ['人民']);
});

t.test('a large alphabet (every BMP CJK ideograph) builds and matches', async (t) => {
  const patterns: string[] = [];
  for (let u = 0x4e00; u <= 0x9fff; u++) patterns.push(String.fromCharCode(u, u + 1 > 0x9fff ? 0x4e00 : u + 1));
  const matcher = new MatcherBuilder().build(patterns);
  t.same(
    matcher.findAll('一丁丂').map((m) => [m.pattern, m.start]),
    [
      ['一丁', 0],
      ['丁丂', 1],
    ],
  );
  t.ok(matcher.stats().states <= patterns.length * 2 + 1);
});

t.test('an alphabet of more than 65534 distinct code units is a build error', async (t) => {
  const units = new Uint16Array(0xffff);
  for (let u = 0; u < units.length; u++) units[u] = u;
  let everything = '';
  for (let i = 0; i < units.length; i += 8192) {
    everything += String.fromCharCode(...units.subarray(i, i + 8192));
  }
  t.throws(() => new MatcherBuilder().build(['中文', everything]), { name: 'MatcherBuildError', patternIndex: 1 });
});

t.test('a chain of 2000 nested outputs builds and reports every suffix, longest first', async (t) => {
  // 好, 好好, ... : the state after n units has n patterns in its output chain, which the
  // builder encodes as shared pairs (DESIGN.md, "Outputs") without recursing down the chain.
  const n = 2000;
  const patterns = Array.from({ length: n }, (_, k) => '好'.repeat(k + 1));
  const matcher = new MatcherBuilder().build(patterns);
  const text = '好'.repeat(n);
  t.equal(matcher.scanStringInto(text, new Int32Array(0)), (n * (n + 1)) / 2);
  const atEnd: number[] = [];
  matcher.scanString(text, (id, end) => {
    if (end === n) atEnd.push(id);
  });
  t.same(atEnd, Array.from({ length: n }, (_, k) => n - 1 - k));
});
