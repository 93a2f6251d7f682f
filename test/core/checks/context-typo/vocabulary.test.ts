import t from 'tap';
import { Vocabulary, protectedTermsOf } from '../../../../src/core/checks/context-typo/vocabulary.js';
import { jiebaSegmenter } from '../../../../src/core/segment/jieba.js';
import { createProofreader } from '../../../../src/index.js';

// The vocabulary's say on statistical typo suspicions (src/core/checks/context-typo/vocabulary.ts),
// through the bundled dictionaries and model, and the judgement alone.
const proofreader = await createProofreader({ cacheDir: false });
const segmenter = jiebaSegmenter();
const nonInfo = (text: string): string[] =>
  proofreader
    .check(text)
    .findings.filter((f) => f.severity !== 'info' && f.type !== 'punctuation')
    .map((f) => `${f.rule} ${f.match}`);
const typos = (text: string): string[] =>
  proofreader
    .check(text, { checks: ['typo'] })
    .findings.map((f) => `${f.rule} ${f.match}`);

t.test('technical vocabulary asks nothing of an editor', async (t) => {
  for (const text of ['将光标移到行尾即可。', '按鼠标中键粘贴选中的文字。', '函数调用时会创建栈帧。', '计算文件的校验和和签名。']) t.same(nonInfo(text), [], text);
});

t.test('a correction that fits the words around it worse than the text is not a warning', async (t) => {
  // The n-gram gain of these came from a bigram across a word boundary: 周 would stand alone
  // (纵向|周|旋转), 十 would pull 复数 apart (复|数十|部).
  for (const text of ['让图形绕纵向轴旋转一周。', '选中复数实部所在的单元格。']) t.same(nonInfo(text), [], text);
  const vocabulary = new Vocabulary([], { dictionaryWord: 1, name: 1, noWord: 0.5, code: 0.5, wordBonus: 0 });
  const judge = (text: string, match: string, suggestion: string) => vocabulary.judge(text, text.indexOf(match), suggestion, 0, segmenter.cut(text), () => false, segmenter);
  t.match(judge('系统默认只保存最近的记录', '只', '识'), { warningExtra: 1, reasons: [/pull the word '默认' apart/] });
  t.match(judge('让图形绕纵向轴旋转一周', '轴', '周'), { warningExtra: 1, reasons: [/'周' would stand alone/] });
  t.same(judge('提高服务质量和办事效律', '律', '率').reasons, [], 'a real correction makes a word (效率) and leaves its neighbours whole');
  t.same(judge('我们再一起努力', '再', '在').reasons, [], 'function characters stand alone by nature');
});

t.test('political and administrative terms are never suspected', async (t) => {
  for (const text of ['各级干部要践行三严三实。', '推行惠企政策免申即享、直达快享。', '深入开展两学一做学习教育。']) t.same(typos(text), [], text);
});

t.test('true findings in clean-looking text stay', async (t) => {
  t.match(nonInfo('其中一部份内容需要修改。'), [/typo:.*一部份/]);
  t.match(nonInfo('赋于新的时代内涵。'), [/typo:.*赋于/]);
  t.match(nonInfo('政府网站的的建设。'), [/repetition:.*的的/]);
  t.ok(typos('路径中的斜扛需要转义。').some((f) => f.endsWith('扛')), '斜扛 is suspected');
  t.match(nonInfo('我们要进一步提高服务质量和办事效律。'), [/typo:context 律/]);
});

t.test('judge(): names, code nearby, protected terms, words', async (t) => {
  const vocabulary = new Vocabulary(['国家发展和改革委员会'], { dictionaryWord: 1, name: 1, noWord: 0.5, code: 0.5, wordBonus: 0.3 });
  const judge = (text: string, match: string, suggestion: string) => {
    const at = text.indexOf(match);
    return vocabulary.judge(text, at, suggestion, 0, segmenter.cut(text), () => true, segmenter);
  };
  t.match(judge('晋中市榆次区郭家堡乡党委书记', '郭', '国').reasons.join(), /name/, 'a place name before 乡');
  t.match(judge('局长王平说', '平', '萍').reasons.join(), /name/, 'after a title');
  t.match(judge('按 Ctrl 键粘贴', '键', '间').reasons.join(), /Latin letters/);
  const protectedHit = judge('国家发展和改革委员会', '改', '该');
  t.equal(protectedHit.extra, Infinity, 'inside a protected term');
  t.match(judge('将光标移到行尾', '尾', '为'), { warningExtra: 1, reasons: [/inside the word '行尾', rarely seen/] }, 'a warning needs more inside a dictionary word the model has rarely seen');
  t.match(judge('提高服务质量和办事效律', '律', '率'), { warningExtra: -0.3 }, 'the candidate makes a word where the text makes none');
  t.match(judge('函数调用时会创建栈帧', '帧', '证'), { extra: 0.5 }, 'a candidate that makes no word needs more');
});

t.test('protectedTermsOf(): normative right forms, long typo right forms, registered names', async (t) => {
  const terms = protectedTermsOf({
    rules: [[{ kind: 'normative', suggestions: ['朝鲜'] }], [{ kind: 'typo', suggestions: ['部署'] }], [{ kind: 'typo', suggestions: ['按部就班'] }], [{ kind: 'sensitive', suggestions: [] }]],
    names: [{ name: '国务院办公厅' }],
  });
  t.same(terms.sort(), ['国务院办公厅', '按部就班', '朝鲜'].sort());
});
