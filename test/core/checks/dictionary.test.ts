import t from 'tap';
import { createProofreader } from '../../../src/index.js';
import { ENGINE_FIXTURE, writeDictionaryFolder } from '../../helpers/dictionaries.js';

const proofreader = await createProofreader({ dictionaries: writeDictionaryFolder(ENGINE_FIXTURE), cacheDir: false });

type Expected = Array<[type: string, match: string, start: number]>;
// The dictionary checks alone: the statistical typo check and the text checks have tests of their own.
const DICTIONARY_ONLY = { checks: ['sensitive', 'typo', 'normative'], contextTypos: false } as const;
const found = (text: string): Expected => proofreader.check(text, { ...DICTIONARY_ONLY, checks: [...DICTIONARY_ONLY.checks] }).findings.map((f) => [f.type, f.match, f.start]);

interface Case {
  name: string;
  text: string;
  expected: Expected;
}

/** Evasion forms: each must still be found, reporting exactly what the writer typed. */
const evasion: Case[] = [
  { name: 'plain', text: '他在赌博', expected: [['sensitive', '赌博', 2]] },
  { name: 'full-width Latin', text: '来ｃａｓｉｎｏ玩', expected: [['sensitive', 'ｃａｓｉｎｏ', 1]] },
  { name: 'upper case', text: 'Online CASINO now', expected: [['sensitive', 'CASINO', 7]] },
  { name: 'compatibility forms', text: 'ⓒⓐⓢⓘⓝⓞ', expected: [['sensitive', 'ⓒⓐⓢⓘⓝⓞ', 0]] },
  { name: 'traditional characters', text: '參與賭博', expected: [['sensitive', '賭博', 2]] },
  { name: 'space inside', text: '参与赌 博', expected: [['sensitive', '赌 博', 2]] },
  { name: 'asterisk inside', text: '参与赌*博', expected: [['sensitive', '赌*博', 2]] },
  { name: 'zero-width space inside', text: '参与赌\u200b博', expected: [['sensitive', '赌\u200b博', 2]] },
  { name: 'several noise symbols', text: '参与赌_-|~.博', expected: [['sensitive', '赌_-|~.博', 2]] },
  { name: 'spaced Latin letters', text: 'play c a s i n o', expected: [['sensitive', 'c a s i n o', 5]] },
];

/** Near-misses that must stay silent. */
const silent: Case[] = [
  { name: 'sentence punctuation never joins halves', text: '他在赌，博弈论很难', expected: [] },
  { name: 'ideographic full stop', text: '这是赌。博物馆', expected: [] },
  { name: 'Latin inside a word (Essex)', text: 'Essex and sextant', expected: [] },
  { name: 'Latin inside a longer word', text: 'casinos', expected: [] },
  { name: 'whitelisted compound', text: '严厉打击赌博违法犯罪', expected: [] },
  { name: 'whitelist covers the inner term', text: '开展禁毒宣传', expected: [] },
];

/** Segmentation traps from the issue: short terms inside innocent words. */
const segmentation: Case[] = [
  { name: '藏独 in 西藏独特', text: '西藏独特的风光', expected: [] },
  { name: '台独 in 走上台独唱', text: '他走上台独唱一曲', expected: [] },
  { name: '性交 in 个性交友', text: '这是个性交友平台', expected: [] },
  { name: '办证 in 举办证书', text: '举办证书颁发仪式', expected: [] },
  { name: '套现 in 配套现代化', text: '完善配套现代化设施', expected: [] },
  { name: '台独 as a word is kept', text: '坚决反对台独分裂', expected: [['sensitive', '台独', 4]] },
  { name: '冰毒 is kept', text: '贩卖冰毒被抓', expected: [['sensitive', '冰毒', 2]] },
  { name: '办证 as a word is kept', text: '专业办证刻章', expected: [['sensitive', '办证', 2]] },
  { name: '套现 as a word is kept', text: '信用卡套现', expected: [['sensitive', '套现', 3]] },
];

const semantics: Case[] = [
  { name: 'leftmost-longest: 网络赌场 wins over 赌场', text: '取缔网络赌场', expected: [['sensitive', '网络赌场', 2]] },
  { name: 'typo list', text: '要按步就班地布署工作', expected: [['typo', '按步就班', 1], ['typo', '布署', 6]] },
  { name: 'normative', text: '北朝鲜发射卫星', expected: [['normative', '北朝鲜', 0]] },
  { name: 'types are independent', text: '再接再励，打击网络赌场', expected: [['typo', '再接再励', 0], ['sensitive', '网络赌场', 7]] },
];

const PADDINGS = ['', 'abc ', '中文内容。', '𠀀😀', '😀😀。'];

for (const [group, cases] of Object.entries({ evasion, silent, segmentation, semantics })) {
  t.test(group, async (t) => {
    for (const { name, text, expected } of cases) {
      for (const pad of PADDINGS) {
        const padded = pad + text + [...pad].reverse().join('');
        const shifted = expected.map(([type, match, start]) => [type, match, start + pad.length]);
        t.same(found(padded), shifted, `${name} (padding ${JSON.stringify(pad)})`);
      }
    }
  });
}

t.test('every finding slices back to exactly what was typed', async (t) => {
  const text = '😀ｃａｓｉｎｏ和賭*博，北朝鲜的按步就班😀';
  const { findings } = proofreader.check(text, { contextTypos: false });
  t.equal(findings.length, 4);
  for (const finding of findings) t.equal(text.slice(finding.start, finding.end), finding.match);
});

t.test('checks option selects check types', async (t) => {
  const text = '按步就班参与赌博';
  t.same(proofreader.check(text, { checks: ['typo'] }).findings.map((f) => f.type), ['typo']);
  t.same(proofreader.check(text, { checks: ['sensitive'] }).findings.map((f) => f.type), ['sensitive']);
  t.same(proofreader.check(text, { checks: [] }).findings, []);
});

t.test('explain mode shows why hits were kept or dropped', async (t) => {
  const result = proofreader.check('西藏独特，坚决反对台独', { checks: ['sensitive'], explain: true });
  t.equal(result.findings.length, 1);
  t.match(result.findings[0].explain, /on word boundaries: .*台独/);
  t.equal(result.dropped?.length, 1);
  t.match(result.dropped?.[0], { match: '藏独', start: 1, end: 3, reason: /straddles the hit: 西藏\/独特/ });
  t.equal(proofreader.check('西藏独特').dropped, undefined, 'no dropped list without explain');
});

t.test('findings carry the full shape', async (t) => {
  const [finding] = proofreader.check('再接再励', { contextTypos: false }).findings;
  t.same(finding, {
    type: 'typo',
    category: 'common',
    severity: 'warning',
    rule: 'typo:common:再接再励',
    code: 'typo.common',
    start: 0,
    end: 4,
    match: '再接再励',
    suggestions: ['再接再厉'],
    message: '疑似错别字：“再接再励”应为“再接再厉”',
  });
});

t.test('hostile text never throws', async (t) => {
  for (const text of ['', '\u0000赌博\u0000', '\ud800赌博\udfff', '赌'.repeat(100000), '赌博'.repeat(20000)]) {
    t.doesNotThrow(() => proofreader.check(text));
  }
  t.equal(proofreader.check('赌博。'.repeat(2000), { checks: ['sensitive'] }).findings.length, 2000);
});

t.test('the whitelist covers findings of every check, not only dictionary hits', async (t) => {
  const repeated = '这是是一个测试';
  const plain = await createProofreader({ dictionaries: writeDictionaryFolder(ENGINE_FIXTURE), cacheDir: false });
  t.match(plain.check(repeated, { checks: ['repetition'] }).findings, [{ type: 'repetition', match: '是是' }]);
  const covered = await createProofreader({ dictionaries: writeDictionaryFolder({ ...ENGINE_FIXTURE, 'whitelist/extra.txt': '是是一个\n' }), cacheDir: false });
  const result = covered.check(repeated, { checks: ['repetition'], explain: true });
  t.same(result.findings, []);
  t.match(result.dropped, [{ type: 'repetition', match: '是是', reason: "covered by whitelist term '是是一个'" }]);
});
