import t from 'tap';
import { Matcher, MatcherBuilder, type MatcherEngine } from '../../../src/core/matcher/index.js';
import { findAllHits, normalize, referenceHits, scanHits, scanIntoHits, scanStringHits, type Hit } from './reference.js';

/** One table, every engine: our findAll/scan/scanString, a snapshot round trip, and the reference. */
interface Case {
  name: string;
  patterns: string[];
  text: string;
  /** [pattern, start, end], UTF-16 offsets, end exclusive. */
  matches: Array<[string, number, number]>;
}

const CASES: Case[] = [
  { name: 'empty text', patterns: ['a', '中'], text: '', matches: [] },
  { name: 'no patterns', patterns: [], text: 'abc', matches: [] },
  { name: 'no hit', patterns: ['xyz', '中国'], text: 'abc中文', matches: [] },
  {
    name: 'single-char patterns',
    patterns: ['a', '中', '。'],
    text: 'a中。b中',
    matches: [
      ['a', 0, 1],
      ['中', 1, 2],
      ['。', 2, 3],
      ['中', 4, 5],
    ],
  },
  {
    name: 'he/she/his/hers',
    patterns: ['he', 'she', 'his', 'hers'],
    text: 'ushers',
    matches: [
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ],
  },
  {
    name: 'nested CJK, longest one absent',
    patterns: ['中华人民', '华人', '人民'],
    text: '中华人才',
    matches: [['华人', 1, 3]],
  },
  {
    name: 'nested CJK, all present',
    patterns: ['中华人民', '华人', '人民', '中华人民共和国', '共和国'],
    text: '中华人民共和国',
    matches: [
      ['华人', 1, 3],
      ['中华人民', 0, 4],
      ['人民', 2, 4],
      ['中华人民共和国', 0, 7],
      ['共和国', 4, 7],
    ],
  },
  { name: 'pattern equals text', patterns: ['校对引擎'], text: '校对引擎', matches: [['校对引擎', 0, 4]] },
  {
    name: 'repeated chars',
    patterns: ['aa', 'aaa'],
    text: 'aaaa',
    matches: [
      ['aa', 0, 2],
      ['aa', 1, 3],
      ['aaa', 0, 3],
      ['aa', 2, 4],
      ['aaa', 1, 4],
    ],
  },
  {
    name: 'repeated CJK chars',
    patterns: ['哈哈', '哈'],
    text: '哈哈哈',
    matches: [
      ['哈', 0, 1],
      ['哈', 1, 2],
      ['哈哈', 0, 2],
      ['哈', 2, 3],
      ['哈哈', 1, 3],
    ],
  },
  {
    name: 'astral and emoji patterns',
    patterns: ['😀', '𠀀', '😀😀', '\ud83d'],
    text: 'a😀😀𠀀',
    matches: [
      ['\ud83d', 1, 2],
      ['😀', 1, 3],
      ['\ud83d', 3, 4],
      ['😀', 3, 5],
      ['😀😀', 1, 5],
      ['𠀀', 5, 7],
    ],
  },
  {
    name: 'emoji inside CJK pattern',
    patterns: ['好😀', '😀好'],
    text: '好😀好',
    matches: [
      ['好😀', 0, 3],
      ['😀好', 1, 4],
    ],
  },
  {
    name: 'duplicates',
    patterns: ['华人', '华人', '人'],
    text: '华人',
    matches: [
      ['人', 1, 2],
      ['华人', 0, 2],
    ],
  },
  {
    name: 'CJK and Latin mix',
    patterns: ['AI', 'AI芯片', '芯片', 'GPU', '5G网络'],
    text: '发展AI芯片与5G网络，GPU',
    matches: [
      ['AI', 2, 4],
      ['AI芯片', 2, 6],
      ['芯片', 4, 6],
      ['5G网络', 7, 11],
      ['GPU', 12, 15],
    ],
  },
  {
    name: 'fail link chain across patterns',
    patterns: ['abcd', 'bcde', 'cdef', 'c'],
    text: 'abcdef',
    matches: [
      ['c', 2, 3],
      ['abcd', 0, 4],
      ['bcde', 1, 5],
      ['cdef', 2, 6],
    ],
  },
];

const PADDINGS: Array<[string, string]> = [
  ['', ''],
  ['xyz ', ' xyz'],
  ['中文校对', '测试文本'],
  ['𠀀😀', '😀𠀀'],
];

const builder = new MatcherBuilder();

/** Every case runs against both scan loops. */
const ENGINES: readonly MatcherEngine[] = ['wasm', 'js'];

for (const engine of ENGINES)
for (const c of CASES) {
  t.test(`${c.name} (${engine})`, async (t) => {
    const matcher = new MatcherBuilder().engine(engine).build(c.patterns);
    t.equal(matcher.engine, engine);
    const restored = Matcher.fromSnapshot(matcher.toSnapshot('h'), 'h', engine);
    for (const [before, after] of PADDINGS) {
      const text = before + c.text + after;
      const shift = before.length;
      const expected = normalize(c.matches.map(([pattern, start, end]) => ({ pattern, start: start + shift, end: end + shift })));
      // Padding may itself hold (parts of) hits, e.g. 中 or 😀: only hits inside the case text are tabled.
      const reference = referenceHits(c.patterns, text);
      const inPadding = (h: Hit): boolean => h.start < shift || h.end > shift + c.text.length;
      const label = `${c.name} [${JSON.stringify(before)}]`;
      t.same(
        reference.filter((h) => !inPadding(h)),
        expected.filter((h) => !inPadding(h)),
        `reference agrees with the table: ${label}`,
      );
      t.same(findAllHits(matcher, text), reference, `findAll: ${label}`);
      t.same(scanStringHits(matcher, text), reference, `scanString: ${label}`);
      t.same(scanHits(matcher, text), reference, `scan: ${label}`);
      t.same(scanIntoHits(matcher, text), reference, `scanInto/scanStringInto: ${label}`);
      t.same(findAllHits(restored, text), reference, `snapshot findAll: ${label}`);
    }
  });
}

t.test('findAll order: end ascending, then start descending', async (t) => {
  const matcher = builder.build(['中华人民', '华人', '人民', '民']);
  t.same(
    matcher.findAll('中华人民').map((m) => [m.pattern, m.start, m.end, m.patternId]),
    [
      ['华人', 1, 3, 1],
      ['民', 3, 4, 3],
      ['人民', 2, 4, 2],
      ['中华人民', 0, 4, 0],
    ],
  );
});

t.test('scan order: end ascending, longest first at one end', async (t) => {
  const matcher = builder.build(['民', '人民', '中华人民']);
  const seen: Array<[number, number]> = [];
  matcher.scanString('中华人民', (id, end) => seen.push([id, end]));
  t.same(seen, [
    [2, 4],
    [1, 4],
    [0, 4],
  ]);
});

for (const engine of ENGINES)
t.test(`scanInto (${engine}): pairs in scan order; a short buffer keeps the first hits and the full count`, async (t) => {
  const matcher = new MatcherBuilder().engine(engine).build(['民', '人民', '中华人民']);
  const out = new Int32Array(7).fill(-1);
  t.equal(matcher.scanStringInto('中华人民民', out), 4);
  t.same(Array.from(out), [2, 4, 1, 4, 0, 4, -1]);
  const units = new Uint16Array([...'中华人民民'].map((ch) => ch.charCodeAt(0)));
  const full = new Int32Array(8);
  t.equal(matcher.scanInto(units, units.length, full), 4);
  t.same(Array.from(full), [2, 4, 1, 4, 0, 4, 0, 5]);
  t.equal(matcher.scanInto(units, 3, full), 0);
  t.equal(matcher.scanStringInto('中华人民', new Int32Array(0)), 3);
});

t.test('duplicates collapse to the first index', async (t) => {
  const matcher = builder.build(['人', '华人', '人', '华人']);
  t.equal(matcher.patternCount, 4);
  t.equal(matcher.pattern(2), '人');
  t.equal(matcher.patternLength(3), 2);
  t.same(
    matcher.findAll('华人').map((m) => m.patternId),
    [0, 1],
  );
});

t.test('stats and pattern accessors', async (t) => {
  const matcher = builder.build(['he', 'she', '😀']);
  const stats = matcher.stats();
  t.equal(stats.kind, 'double-array-aho-corasick');
  t.equal(stats.engine, 'wasm');
  t.equal(new MatcherBuilder().engine('js').build(['he']).stats().engine, 'js');
  t.throws(() => new MatcherBuilder().engine('c' as MatcherEngine), TypeError);
  t.equal(stats.patterns, 3);
  t.equal(stats.states, 8); // root, h, he, s, sh, she, high surrogate, 😀
  t.ok(stats.bytes > 0);
  t.equal(matcher.patternLength(2), 2);
  t.throws(() => matcher.pattern(3), RangeError);
  t.throws(() => matcher.patternLength(-1), RangeError);
});
