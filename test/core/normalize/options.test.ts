import t from 'tap';
import { DEFAULT_NORMALIZE_OPTIONS, Normalizer, type NormalizeOptions } from '../../../src/core/normalize/index.js';

const NONE: NormalizeOptions = { width: false, case: false, compatibility: false, traditional: false, noise: false };

interface FoldCase {
  name: string;
  options: Partial<NormalizeOptions>;
  input: string;
  output: string;
}

function only(option: keyof NormalizeOptions): NormalizeOptions {
  return { ...NONE, [option]: true };
}

const CASES: FoldCase[] = [
  { name: 'nothing enabled keeps everything', options: NONE, input: 'Ａ賭 *博①\u200b', output: 'Ａ賭 *博①\u200b' },

  { name: 'width: full-width ASCII', options: only('width'), input: 'ＡＢＣ１２３', output: 'ABC123' },
  { name: 'width: ideographic space', options: only('width'), input: '赌\u3000博', output: '赌 博' },
  { name: 'width: half-width katakana', options: only('width'), input: 'ｶﾀｶﾅ', output: 'カタカナ' },
  { name: 'width: full-width punctuation', options: only('width'), input: '！？，；：', output: '!?,;:' },
  { name: 'width alone keeps case and compat forms', options: only('width'), input: 'Ａ①賭', output: 'A①賭' },

  { name: 'case: ASCII', options: only('case'), input: 'CaSiNo', output: 'casino' },
  { name: 'case: full-width without width folding', options: only('case'), input: 'ＣＡＳＩＮＯ', output: 'ｃａｓｉｎｏ' },
  { name: 'case: Greek and Cyrillic', options: only('case'), input: 'ΣΑΛΑΤ ПРИВЕТ', output: 'σαλατ привет' },
  { name: 'case: circled capital to circled small', options: only('case'), input: 'Ⓐ', output: 'ⓐ' },
  { name: 'case: CJK untouched', options: only('case'), input: '賭博', output: '賭博' },

  { name: 'compatibility: circled digits', options: only('compatibility'), input: '①②③', output: '123' },
  { name: 'compatibility: circled ten expands', options: only('compatibility'), input: '⑩', output: '10' },
  { name: 'compatibility: circled letter', options: only('compatibility'), input: 'Ⓐⓑ', output: 'Ab' },
  { name: 'compatibility: full-width word', options: only('compatibility'), input: 'ｃａｓｉｎｏ', output: 'casino' },
  { name: 'compatibility: parenthesized', options: only('compatibility'), input: '⑴⒜㈠', output: '(1)(a)(一)' },
  { name: 'compatibility: digit full stop', options: only('compatibility'), input: '⒈', output: '1.' },
  { name: 'compatibility: circled ideograph', options: only('compatibility'), input: '㊙㊣', output: '秘正' },
  { name: 'compatibility: letterlike', options: only('compatibility'), input: 'ℂ℃™', output: 'C°CTM' },
  { name: 'compatibility: Roman numeral', options: only('compatibility'), input: 'Ⅻ', output: 'XII' },
  { name: 'compatibility: superscript', options: only('compatibility'), input: 'x²', output: 'x2' },
  { name: 'compatibility: CJK compatibility ideograph', options: only('compatibility'), input: '\uf900', output: '豈' },
  { name: 'compatibility: Kangxi radical', options: only('compatibility'), input: '⼈⼝', output: '人口' },
  { name: 'compatibility: radicals supplement untouched', options: only('compatibility'), input: '⺟⻳', output: '⺟⻳' },
  { name: 'compatibility: spacing macron untouched', options: only('compatibility'), input: '￣', output: '￣' },
  { name: 'compatibility: no case folding', options: only('compatibility'), input: 'ＡＢ', output: 'AB' },

  { name: 'traditional: characters', options: only('traditional'), input: '賭博簡體國家', output: '赌博简体国家' },
  { name: 'traditional: simplified unchanged', options: only('traditional'), input: '赌博简体国家', output: '赌博简体国家' },
  { name: 'traditional: resolved chain', options: only('traditional'), input: '薴', output: '苎' },

  { name: 'noise: space', options: only('noise'), input: '赌 博', output: '赌博' },
  { name: 'noise: asterisk', options: only('noise'), input: '赌*博', output: '赌博' },
  { name: 'noise: zero-width space', options: only('noise'), input: '赌\u200b博', output: '赌博' },
  { name: 'noise: other invisibles', options: only('noise'), input: '赌\u200c\u200d\u2060\ufeff\u00ad博', output: '赌博' },
  { name: 'noise: Unicode spaces', options: only('noise'), input: '赌\u00a0\u2003\u3000\t博', output: '赌博' },
  { name: 'noise: symbols', options: only('noise'), input: '赌._-|~·•+/\\`\'"^=#@博', output: '赌博' },
  { name: 'noise: full-width symbols', options: only('noise'), input: '赌＊．－＿｜～博', output: '赌博' },
  { name: 'noise: look-alikes', options: only('noise'), input: '赌‧・–−〜博', output: '赌博' },
  { name: 'noise: variation selector', options: only('noise'), input: '❤\ufe0f', output: '❤' },
  { name: 'noise: Chinese sentence punctuation stays', options: only('noise'), input: '赌。博，赌！博？赌；博：赌、博', output: '赌。博，赌！博？赌；博：赌、博' },
  { name: 'noise: ASCII sentence punctuation stays', options: only('noise'), input: '赌,博!赌?博;赌:博', output: '赌,博!赌?博;赌:博' },
  { name: 'noise: line breaks stay', options: only('noise'), input: '赌\n博\r\n', output: '赌\n博\r\n' },
  { name: 'noise: brackets and quotes stay', options: only('noise'), input: '(赌)“博”《a》', output: '(赌)“博”《a》' },

  { name: 'all: full-width upper case', options: {}, input: 'ＣＡＳＩＮＯ', output: 'casino' },
  { name: 'all: circled letters', options: {}, input: 'Ⓒⓐⓢⓘⓝⓞ', output: 'casino' },
  { name: 'all: traditional with noise', options: {}, input: '賭 * 博', output: '赌博' },
  { name: 'all: expansion loses its noise', options: {}, input: '⒈賭', output: '1赌' },
  { name: 'all: expansion is folded too', options: {}, input: '㈶', output: '(财)' },
  { name: 'all: full-width noise', options: {}, input: 'Ａ．Ｂ', output: 'ab' },
  { name: 'all: full-width comma stays as comma', options: {}, input: '赌，博', output: '赌,博' },
  { name: 'all: ideographic full stop stays', options: {}, input: '赌。博', output: '赌。博' },
  { name: 'all: Roman numeral lower-cased', options: {}, input: 'Ⅻ', output: 'xii' },
  { name: 'all: empty', options: {}, input: '', output: '' },
  { name: 'all: nothing but noise', options: {}, input: ' *\u200b·', output: '' },
];

t.test('each option alone and all together', async (t) => {
  for (const c of CASES) {
    const normalizer = new Normalizer(c.options);
    t.equal(normalizer.normalize(c.input).toString(), c.output, `${c.name} (normalize)`);
    t.equal(normalizer.normalizeTerm(c.input), c.output, `${c.name} (normalizeTerm)`);
  }
});

t.test('options', async (t) => {
  t.same(DEFAULT_NORMALIZE_OPTIONS, { width: true, case: true, compatibility: true, traditional: true, noise: true });
  t.ok(Object.isFrozen(DEFAULT_NORMALIZE_OPTIONS));
  t.same(new Normalizer().options, DEFAULT_NORMALIZE_OPTIONS);
  t.same(new Normalizer({ case: false }).options, { ...DEFAULT_NORMALIZE_OPTIONS, case: false });
  t.same(new Normalizer({ noise: undefined }).options, DEFAULT_NORMALIZE_OPTIONS, 'undefined means default');
  t.ok(Object.isFrozen(new Normalizer().options));
  t.throws(() => new Normalizer({ width: 1 as unknown as boolean }), TypeError);
  t.throws(() => new Normalizer({ wdith: true } as unknown as NormalizeOptions), TypeError);
});

t.test('every option combination folds consistently', async (t) => {
  const sample = 'ＣＡＳＩＮＯ 賭*博①⑩Ⓐ\u200b，。𠀀';
  const keys = Object.keys(NONE) as (keyof NormalizeOptions)[];
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    const options = Object.fromEntries(keys.map((k, bit) => [k, (mask & (1 << bit)) !== 0])) as unknown as NormalizeOptions;
    const normalizer = new Normalizer(options);
    const text = normalizer.normalize(sample).toString();
    t.equal(normalizer.normalizeTerm(sample), text, `mask ${mask}: term equals text`);
    t.equal(normalizer.normalizeTerm(text), text, `mask ${mask}: idempotent on the sample`);
    t.ok(text.includes('，') || text.includes(','), `mask ${mask}: comma kept`);
    t.ok(text.includes('。'), `mask ${mask}: full stop kept`);
    t.ok(text.endsWith('𠀀'), `mask ${mask}: astral char kept`);
  }
});
