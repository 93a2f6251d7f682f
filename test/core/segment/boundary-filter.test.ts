import t from 'tap';
import { BoundaryFilter } from '../../../src/core/segment/boundary-filter.js';
import { jiebaSegmenter } from '../../../src/core/segment/jieba.js';
import { createProofreader } from '../../../src/index.js';
import { writeDictionaryFolder } from '../../helpers/dictionaries.js';

// Conformance cases of the boundary filter (src/core/segment/boundary-filter.ts), through the
// proofreader with a dictionary that lists short terms on purpose.
const proofreader = await createProofreader({
  dictionaries: writeDictionaryFolder({
    'sensitive/gambling.txt': '# test\n赌博\n赌场\n博彩\n六合\n',
    'sensitive/drugs.txt': '# test\n吸毒\n贩毒\n冰毒\n大麻\n鸦片\n毒品\n',
    'sensitive/violence.txt': '# test\n枪支\n',
    'sensitive/cult.txt': '# test\n大法\n',
    'sensitive/pornography.txt': '# test\n性交\n',
    'sensitive/fraud.txt': '# test\n办证\n套现\n',
    'sensitive/separatism.txt': '# test\n藏独\tcritical\n台独\tcritical\n',
    'typo/words.txt': '# test\n资询\t咨询\n协带\t携带\n布署\t部署\n',
  }),
  cacheDir: false,
});
const found = (text: string, type: 'sensitive' | 'typo' = 'sensitive'): string[] =>
  proofreader.check(text, { checks: [type], contextTypos: false }).findings.map((f) => f.match);

/** The term is a unit of the longer word jieba keeps whole: reported. */
const compounds: Array<[text: string, expected: string[]]> = [
  ['警方破获一起聚众赌博案', ['赌博']],
  ['非法私藏枪支弹药', ['枪支']],
  ['吸毒贩毒是违法犯罪', ['吸毒', '贩毒']],
  ['店里摆着几台赌博机', ['赌博']],
  ['社区戒毒帮助吸毒者', ['吸毒']],
  ['以赌博罪判处', ['赌博']],
  ['犯非法持有枪支罪', ['枪支']],
  ['打掉一个贩毒集团', ['贩毒']],
  ['抓获贩毒分子三名', ['贩毒']],
  ['他经营博彩业多年', ['博彩']],
  ['侦破一起毒品案', ['毒品']],
];

/** The term's characters inside a word that means something else, or a name: not reported. */
const innocent: Array<[text: string, why: string]> = [
  ['西藏独特的风光', 'straddles 西藏/独特'],
  ['他走上台独唱一曲', 'straddles 走上台/独唱'],
  ['这是个性交友平台', 'straddles 个性/交友'],
  ['举办证书颁发仪式', 'straddles 举办/证书'],
  ['完善配套现代化设施', 'straddles 配套/现代化'],
  ['最高法院的大法官', '大法官 splits as 大/法官'],
  ['大麻子油可以入药', '大麻子 splits as 大/麻子'],
  ['河里游着大麻哈鱼', '大麻哈鱼 splits as 大/麻哈鱼'],
  ['他住在六合县城', 'a place name (ns)'],
  ['南京市六合区人民政府', 'a place name by its suffix 区'],
];

t.test('a term that is a unit of a compound word is kept', async (t) => {
  for (const [text, expected] of compounds) t.same(found(text), expected, text);
});

t.test('a term inside an innocent word or a name is dropped', async (t) => {
  for (const [text, why] of innocent) t.same(found(text), [], `${text}: ${why}`);
});

t.test('the same terms standing as words are kept', async (t) => {
  t.same(found('坚决反对台独分裂'), ['台独']);
  t.same(found('贩卖冰毒被抓'), ['冰毒']);
  t.same(found('专业办证刻章'), ['办证']);
  t.same(found('信用卡套现'), ['套现']);
  t.same(found('严禁赌博'), ['赌博']);
});

t.test('explain says why a contained hit was kept or dropped', async (t) => {
  const kept = proofreader.check('警方破获一起聚众赌博案', { checks: ['sensitive'], explain: true });
  t.match(kept.findings[0]?.explain, /unit of a compound word \(split 聚众\/赌博\)/);
  const dropped = proofreader.check('最高法院的大法官', { checks: ['sensitive'], explain: true }).dropped;
  t.match(dropped, [{ match: '大法', reason: /straddles the hit/ }]);
  const place = proofreader.check('他住在六合县城', { checks: ['sensitive'], explain: true }).dropped;
  t.match(place, [{ match: '六合', reason: /inside the name '六合县'/ }]);
});

t.test('a listed misspelling across two dictionary words is dropped; standing alone it is kept', async (t) => {
  t.same(found('欢迎投资询问', 'typo'), [], '投资/询问');
  t.same(found('全国政协带来新气象', 'typo'), [], '政协/带来');
  t.same(found('提供资询服务', 'typo'), ['资询']);
  t.same(found('禁止协带危险品', 'typo'), ['协带']);
  t.same(found('全面布署工作', 'typo'), ['布署']);
  const { dropped } = proofreader.check('欢迎投资询问', { checks: ['typo'], contextTypos: false, explain: true });
  t.match(dropped, [{ match: '资询', reason: /crosses the dictionary words of .*投资\/询问/ }]);
});

t.test('without tags or splits the filter keeps only hits on word boundaries', async (t) => {
  const jieba = jiebaSegmenter();
  const filter = new BoundaryFilter({ cut: (text) => jieba.cut(text) });
  const units = Uint16Array.from('聚众赌博。西藏独特', (c) => c.charCodeAt(0));
  t.equal(filter.judge(units, units.length, 2, 4).keep, false, '聚众赌博 is one word and cannot be split');
  t.equal(filter.judge(units, units.length, 6, 8).keep, false, '西藏/独特');
  t.equal(filter.judge(units, units.length, 2, 4, 'typo').keep, true, 'an untagged typo hit is kept');
});
