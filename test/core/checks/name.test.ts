import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { pinyin } from 'pinyin-pro';
import * as contextTypoConfusables from '../../../src/core/checks/context-typo/confusables.js';
import { createNameCheck, type Confusables, type NameEntry } from '../../../src/core/checks/name.js';
import { runCases, type CheckCase } from '../../helpers/check-cases.js';

const registry: NameEntry[] = [
  { name: '全国人民代表大会常务委员会', titles: [] },
  { name: '国家发展和改革委员会', titles: [] },
  { name: '中华人民共和国', titles: [] },
  { name: '中华人民共和国国务院', titles: [] },
  { name: '马来西亚', titles: [] },
  { name: '晋中市人民政府', titles: [] },
  { name: '晋中市第一中学', titles: [] },
  { name: '美国', titles: [] },
  { name: '晋中市财政局', titles: [] },
  { name: '中华人民共和国财政部', titles: [] },
  { name: '张三', titles: ['市长'] },
  { name: '李四', titles: ['副市长', '市委副书记'] },
  { name: '王小明', titles: ['市委书记'] },
  { name: '吴富', titles: ['市长'] },
];

const cases: CheckCase[] = [
  // Institutions and countries.
  { name: 'look-alike in a long name', text: '全国人民代表大会堂务委员会审议', expect: [{ match: '全国人民代表大会堂务委员会', suggestions: ['全国人民代表大会常务委员会'], rule: 'name:near-miss:全国人民代表大会常务委员会', severity: 'critical' }] },
  { name: 'homophone', text: '国家发展和改格委员会印发', expect: [{ match: '国家发展和改格委员会', suggestions: ['国家发展和改革委员会'] }] },
  { name: 'two homophones in a long name', text: '全国人民代表大会长务委员惠', expect: [{ match: '全国人民代表大会长务委员惠' }] },
  { name: 'a slip inside nested names is reported once, for the longest', text: '中华人民共合国国务院，中华人民共合国', expect: [{ match: '中华人民共合国国务院', suggestions: ['中华人民共和国国务院'] }, { match: '中华人民共合国', nth: 1, suggestions: ['中华人民共和国'] }] },
  { name: 'four-character country', text: '出访马莱西亚', expect: [{ match: '马莱西亚', suggestions: ['马来西亚'] }] },
  { name: 'exact names', text: '全国人民代表大会常务委员会、中华人民共和国国务院、马来西亚、晋中市人民政府、美国', expect: [] },
  { name: 'another city is not a slip', text: '晋城市人民政府', expect: [] },
  { name: 'another school number is not a slip', text: '晋中市第二中学', expect: [] },
  { name: 'another office is not a slip', text: '晋中市民政局，中华人民共和国民政部', expect: [] },
  { name: 'short names are not matched loosely', text: '每国都有', expect: [] },
  { name: 'two non-confusable slips', text: '全国人民代表大会法律委员会', expect: [] },

  // People.
  { name: 'homophone in a name next to the title', text: '张叁市长出席会议', expect: [{ match: '张叁', suggestions: ['张三'], rule: 'name:near-miss:张三' }] },
  { name: 'title before the misspelled name', text: '市长章三出席', expect: [{ match: '章三', suggestions: ['张三'] }] },
  { name: 'three-character name with two slips', text: '市委书记王晓铭讲话', expect: [{ match: '王晓铭', suggestions: ['王小明'] }] },
  { name: 'misspelled name without a title is left alone', text: '张叁说，张山来了', expect: [] },
  { name: 'a different name next to the title', text: '王大明市委书记，赵六市长', expect: [] },
  { name: 'deputy title that is not theirs', text: '张三副市长主持会议', expect: [{ match: '副市长', suggestions: ['市长'], rule: 'name:title:张三' }] },
  { name: 'title before the name', text: '副市长张三、市委书记张三', expect: [{ match: '副市长', suggestions: ['市长'] }, { match: '市委书记', suggestions: ['市长'] }] },
  { name: 'someone else’s title', text: '张三市委副书记', expect: [{ match: '市委副书记', suggestions: ['市长'] }] },
  { name: 'right titles', text: '市长张三，张三市长，李四副市长，市委副书记李四，王小明市委书记', expect: [] },
  { name: 'title before binds, not the one after', text: '市长张三副市长李四出席', expect: [] },
  { name: 'characters of a longer title are not a name', text: '吴副市长，常务副市长', expect: [] },
  { name: 'a slip next to a title that is not theirs', text: '张叁副市长', expect: [] },
  { name: 'a longer name containing the person', text: '张三丰道长', expect: [] },
];

t.test('default confusables (pinyin-pro homophones)', async (t) => {
  runCases(t, createNameCheck(registry), cases);
});

/** The interface the context-typo engineer exports, built here from pinyin-pro and the shared look-alike groups. */
function testConfusables(): Confusables {
  const bySound = new Map<string, string>();
  const soundsOf = (ch: string): string[] => pinyin(ch, { toneType: 'none', type: 'array', multiple: true });
  for (let code = 0x4e00; code <= 0x9fff; code++) {
    const ch = String.fromCharCode(code);
    for (const s of soundsOf(ch)) bySound.set(s, (bySound.get(s) ?? '') + ch);
  }
  const strokes = fileURLToPath(new URL('../../../../shared/data/confusion/same_stroke.txt', import.meta.url));
  const groups = existsSync(strokes) ? readFileSync(strokes, 'utf8').split('\n').map((l) => l.split('\t').join('')) : [];
  return {
    homophones: (ch) => soundsOf(ch).map((s) => bySound.get(s) ?? '').join(''),
    lookalikes: (ch) => groups.filter((g) => g.includes(ch)).join(''),
  };
}

t.test('injected confusables (pinyin-pro and the shared look-alike groups)', async (t) => {
  runCases(t, createNameCheck(registry, testConfusables()), cases);
});

t.test('the context-typo confusion sets', async (t) => {
  runCases(t, createNameCheck(registry, contextTypoConfusables), cases);
});

t.test('look-alikes in short names need a confusion table', async (t) => {
  const text = '弦三市长出席';
  const segmenter = { cut: (s: string) => [s] };
  t.same(createNameCheck(registry).run({ text, segmenter }), [], 'pinyin alone: 弦 does not sound like 张');
  const found = createNameCheck(registry, contextTypoConfusables).run({ text, segmenter });
  t.same(found.map((f) => [f.match, f.suggestions]), [['弦三', ['张三']]], 'with look-alikes: 弦 looks like 张');
});

t.test('near-misses are found by anchors, not by scanning the registry', async (t) => {
  const many: NameEntry[] = [];
  for (let i = 0; i < 5000; i++) many.push({ name: `第${String.fromCharCode(0x4e00 + i)}号${String.fromCharCode(0x5000 + i)}委员会办公室`, titles: [] });
  many.push(...registry);
  const check = createNameCheck(many);
  const text = '国家发展和改格委员会印发通知。'.repeat(2000);
  const started = performance.now();
  const findings = check.run({ text, segmenter: { cut: (s) => [s] } });
  const ms = performance.now() - started;
  t.equal(findings.length, 2000, 'every near-miss found');
  t.ok(ms < 2000, `30k characters against 5000 names in ${ms.toFixed(0)} ms`);
});
