import t, { type Test } from 'tap';
import { Normalizer, type NormalizedText } from '../../../src/core/normalize/index.js';

/** The original slice covered by normalized units [a, b). */
function originalSlice(text: string, n: NormalizedText, a: number, b: number): string {
  return text.slice(n.origStart[a], n.origEnd[b - 1]);
}

function codeUnits(s: string): number[] {
  const units: number[] = [];
  for (let i = 0; i < s.length; i++) units.push(s.charCodeAt(i));
  return units;
}

/** Where `needle` (already normalized) occurs in the normalized units, or -1. */
function findUnits(n: NormalizedText, needle: string): number {
  return n.toString().indexOf(needle);
}

/**
 * Every unit points at exactly one source character (a code point of the original), spans never
 * go backwards, and the source character on its own normalizes to a string containing the unit.
 */
function assertUnitOffsets(t: Test, normalizer: Normalizer, text: string, label: string): void {
  const n = normalizer.normalize(text);
  let previousStart = -1;
  let ok = true;
  for (let i = 0; i < n.length; i++) {
    const start = n.origStart[i];
    const end = n.origEnd[i];
    const source = text.slice(start, end);
    const isCodePoint = source.length === 1 || (source.length === 2 && source.codePointAt(0)! > 0xffff);
    if (!isCodePoint || start < previousStart || !normalizer.normalizeTerm(source).includes(String.fromCharCode(n.units[i]))) {
      ok = false;
      t.fail(`${label}: unit ${i} (${n.units[i].toString(16)}) maps to ${JSON.stringify(source)} [${start}, ${end})`);
      break;
    }
    previousStart = start;
  }
  if (ok) t.pass(`${label}: every unit maps to its source character`);
}

interface HitCase {
  name: string;
  text: string;
  /** The normalized term to look for. */
  term: string;
  /** The original slice the hit must map back to. */
  slice: string;
}

const HITS: HitCase[] = [
  { name: 'noise between the halves', text: 'xx赌 *博yy', term: '赌博', slice: '赌 *博' },
  { name: 'zero-width between', text: '在线赌\u200b\u200d博网站', term: '赌博', slice: '赌\u200b\u200d博' },
  { name: 'traditional', text: '這是賭博網站', term: '赌博', slice: '賭博' },
  { name: 'full-width word', text: '进入ＣＡＳＩＮＯ吧', term: 'casino', slice: 'ＣＡＳＩＮＯ' },
  { name: 'circled letters with dots', text: '来Ⓒ.ⓐ.ⓢ.ⓘ.ⓝ.ⓞ玩', term: 'casino', slice: 'Ⓒ.ⓐ.ⓢ.ⓘ.ⓝ.ⓞ' },
  { name: 'expansion at the start of a hit', text: '第⑩号', term: '10号', slice: '⑩号' },
  { name: 'half of an expansion', text: '第⑩号', term: '0号', slice: '⑩号' },
  { name: 'astral inside a hit', text: 'a赌😀博b', term: '赌😀博', slice: '赌😀博' },
  { name: 'noise before and after is outside the hit', text: ' * 赌博 * ', term: '赌博', slice: '赌博' },
];

const PADDINGS = ['', 'abc ', '中文内容', '𠀀😀', 'a𠀀中 *😀', '\u200b'];

t.test('hits map back to the original slice, noise included, under every padding', async (t) => {
  const normalizer = new Normalizer();
  for (const c of HITS) {
    for (const before of PADDINGS) {
      for (const after of PADDINGS) {
        const text = before + c.text + after;
        const n = normalizer.normalize(text);
        const at = findUnits(n, c.term);
        t.not(at, -1, `${c.name} [${before}|${after}]: found`);
        t.equal(originalSlice(text, n, at, at + c.term.length), c.slice, `${c.name} [${before}|${after}]: slice`);
        assertUnitOffsets(t, normalizer, text, `${c.name} [${before}|${after}]`);
      }
    }
  }
});

t.test('unit offsets in detail', async (t) => {
  const normalizer = new Normalizer();
  const text = 'Ａ 賭⑩😀\ud800。';
  const n = normalizer.normalize(text);
  t.equal(n.toString(), 'a赌10😀\ud800。');
  t.same(Array.from(n.origStart.subarray(0, n.length)), [0, 2, 3, 3, 4, 4, 6, 7]);
  t.same(Array.from(n.origEnd.subarray(0, n.length)), [1, 3, 4, 4, 6, 6, 7, 8]);
  t.same(Array.from(n.units.subarray(0, n.length)), codeUnits('a赌10😀\ud800。'));
});

t.test('surrogates', async (t) => {
  const normalizer = new Normalizer();
  const cases: [string, string, number[], number[]][] = [
    ['𠀀', '𠀀', [0, 0], [2, 2]],
    ['a😀b', 'a😀b', [0, 1, 1, 3], [1, 3, 3, 4]],
    ['\udc00\ud800', '\udc00\ud800', [0, 1], [1, 2]],
    ['\ud800a', '\ud800a', [0, 1], [1, 2]],
    ['a\ud83d', 'a\ud83d', [0, 1], [1, 2]],
    ['\ud83d\ud83d\ude00', '\ud83d😀', [0, 1, 1], [1, 3, 3]],
  ];
  for (const [input, output, starts, ends] of cases) {
    const n = normalizer.normalize(input);
    t.equal(n.toString(), output, JSON.stringify(input));
    t.same(Array.from(n.origStart.subarray(0, n.length)), starts, `${JSON.stringify(input)} starts`);
    t.same(Array.from(n.origEnd.subarray(0, n.length)), ends, `${JSON.stringify(input)} ends`);
  }
});

t.test('the sentinel code points U+FFFE and U+FFFF survive', async (t) => {
  const normalizer = new Normalizer();
  const n = normalizer.normalize('a\ufffe\uffffb');
  t.equal(n.toString(), 'a\ufffe\uffffb');
  t.same(Array.from(n.origStart.subarray(0, n.length)), [0, 1, 2, 3]);
});

t.test('sentence punctuation never joins the halves of a term', async (t) => {
  const normalizer = new Normalizer();
  for (const mark of ['。', '，', '！', '？', '；', '：', '、', ',', '!', '?', ';', ':', '\n']) {
    const n = normalizer.normalize(`赌${mark}博`);
    t.equal(findUnits(n, '赌博'), -1, `赌${mark}博`);
    t.equal(n.length, 3, `赌${mark}博 keeps the mark`);
  }
});

t.test('buffers are reused: a long text then a short one', async (t) => {
  const normalizer = new Normalizer();
  const long = '賭博⑩ Ａ'.repeat(5000);
  const first = normalizer.normalize(long);
  t.equal(first.length, 5 * 5000);
  const firstUnits = first.units;
  const short = normalizer.normalize('國 家');
  t.equal(short.toString(), '国家');
  t.equal(short.length, 2);
  t.same(Array.from(short.origStart.subarray(0, 2)), [0, 2]);
  t.same(Array.from(short.origEnd.subarray(0, 2)), [1, 3]);
  t.equal(short.units, firstUnits, 'same buffer');
  const again = normalizer.normalize(long);
  t.equal(again.toString(), '赌博10a'.repeat(5000));
  t.equal(again.origEnd[again.length - 1], long.length);
  t.equal(normalizer.normalize('').length, 0);
});

t.test('buffers grow when expansions outrun the input', async (t) => {
  const normalizer = new Normalizer();
  for (const text of ['⑽', '⑽'.repeat(3), '⑽'.repeat(1000), 'a'.repeat(100) + '⑽'.repeat(100), '⑽'.repeat(100) + 'a'.repeat(100)]) {
    const n = normalizer.normalize(text);
    const expected = text.replaceAll('⑽', '(10)');
    t.equal(n.toString(), expected, `${text.length} units`);
    t.equal(n.origEnd[n.length - 1], text.length);
    assertUnitOffsets(t, normalizer, text, `${text.length} units`);
  }
});

t.test('normalizeTerm does not disturb the buffers of normalize', async (t) => {
  const normalizer = new Normalizer();
  const n = normalizer.normalize('賭博');
  t.equal(normalizer.normalizeTerm('國家'), '国家');
  t.equal(n.toString(), '赌博');
  t.equal(normalizer.normalizeTerm(' * '), '');
});

t.test('normalizers do not share buffers', async (t) => {
  const a = new Normalizer();
  const b = new Normalizer();
  const na = a.normalize('賭博');
  b.normalize('國家');
  t.equal(na.toString(), '赌博');
});
