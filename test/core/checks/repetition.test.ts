import t from 'tap';
import { createRepetitionCheck, mayHaveRepetition, mayHaveSquare, NEVER_REDUPLICATED_CHARS } from '../../../src/core/checks/repetition.js';
import { mulberry32 } from '../../helpers/random.js';
import { runCases, type CheckCase } from '../../helpers/check-cases.js';

const cases: CheckCase[] = [
  { name: 'doubled particle 的', text: '政府网站的的建设', expect: [{ match: '的的', suggestions: ['的'], rule: 'repetition:doubled-char:的', severity: 'warning' }] },
  { name: 'doubled 了', text: '完成了了任务', expect: [{ match: '了了', suggestions: ['了'] }] },
  { name: 'doubled 在', text: '工作在在推进', expect: [{ match: '在在', suggestions: ['在'] }] },
  { name: 'tripled 的', text: '我们的的的工作', expect: [{ match: '的的的', suggestions: ['的'] }] },
  { name: 'doubled pronoun word', text: '我们我们要加强管理', expect: [{ match: '我们我们', suggestions: ['我们'], rule: 'repetition:doubled-word:我们' }] },
  { name: 'doubled dummy verb', text: '对网站进行进行了整改', expect: [{ match: '进行进行', suggestions: ['进行'] }] },
  { name: 'doubled noun', text: '服务服务群众', expect: [{ match: '服务服务', suggestions: ['服务'] }] },
  { name: 'copy glued to the next word', text: '各级人民人民政府', expect: [{ match: '人民人民', suggestions: ['人民'] }] },
  { name: 'copy glued to the previous word', text: '晋中市人民政府政府办公室', expect: [{ match: '政府政府', suggestions: ['政府'] }] },

  { name: 'doubled plural suffix', text: '我们们要加强', expect: [{ match: '们们', suggestions: ['们'], rule: 'repetition:doubled-char:们' }] },
  { name: 'filler words', text: '这个这个问题', expect: [{ match: '这个这个', suggestions: ['这个'] }] },

  // Legitimate reduplication and look-alikes that must stay quiet.
  { name: 'AA verbs and nouns', text: '大家看看，谢谢，常常想想，人人有责，天天向上', expect: [] },
  { name: 'ABAB verbs', text: '这个问题要研究研究，再讨论讨论，大家商量商量。', expect: [] },
  { name: 'AABB adjectives', text: '高高兴兴，明明白白，干干净净，实实在在，的的确确', expect: [] },
  { name: 'idioms with doubled function chars', text: '不了了之，了了分明', expect: [] },
  { name: 'same character across words', text: '实现目的的方法，关键是是否落实，为了了解情况', expect: [] },
  { name: 'one by one', text: '一步一步推进，一个一个落实', expect: [] },
  { name: 'emphatic degree word', text: '这非常非常重要', expect: [] },
  { name: 'speech: assent, thanks, cheers', text: '是是是，谢谢谢谢，加油加油，对对对', expect: [] },
  { name: 'same characters across words', text: '他在在线平台，我在在职期间，到了了解，说的的确有道理，他是是非分明', expect: [] },
  { name: 'doubled content character', text: '年年有余', expect: [] },
  { name: 'repetition across a line break', text: '工作\n工作要点', expect: [] },
  { name: 'repeated Latin words', text: 'the the Debian', expect: [] },
];

runCases(t, createRepetitionCheck(), cases);

t.test('raw-text pre-check: a repetition needs a Han string twice in a row', async (t) => {
  for (const text of ['的的', '政府网站的的建设', '我们们要加强', '各级人民人民政府', '晋中市人民政府政府办公室', '对网站进行进行了整改', '大家看看', 'x𠀀y']) {
    t.ok(mayHaveSquare(text), text);
  }
  for (const text of ['', '政府网站建设', '工作\n工作要点', 'the the Debian', '一、二、三', '目的是方法']) {
    t.notOk(mayHaveSquare(text), text);
  }
  const distinct = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');
  t.notOk(mayHaveSquare(distinct.slice(0, 200)), 'no square in 200 distinct characters');
  t.ok(mayHaveSquare(distinct), 'runs over 256 characters are left to the segmentation');
});

t.test('narrowed pre-check: only squares the check can report', async (t) => {
  for (const text of ['的的', '我们们要加强', '各级人民人民政府', '人民人人民人', 'x𠀀y']) {
    t.ok(mayHaveRepetition(text), text);
  }
  for (const text of ['大家看看', '人人有责，处处留心', '政府网站建设', '目的是方法']) {
    t.notOk(mayHaveRepetition(text), text);
  }
});

t.test('pre-checks agree with a brute-force square search on random text', async (t) => {
  const random = mulberry32(2024);
  const reportable = new Set([...NEVER_REDUPLICATED_CHARS, '们']);
  /** Some w w inside one Han run, |w| = 1 only if `single(w)`. */
  const bruteForce = (text: string, single: (ch: string) => boolean): boolean =>
    text.split(/[^\p{Script=Han}]/u).some((run) => {
      for (let period = 1; 2 * period <= run.length; period++) {
        for (let p = 0; p + 2 * period <= run.length; p++) {
          const w = run.slice(p, p + period);
          if (w === run.slice(p + period, p + 2 * period) && (period > 1 || single(w))) return true;
        }
      }
      return false;
    });
  for (const alphabet of ['人民的', '人民政府的们，', '甲乙丙丁的了 x']) {
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let k = Math.floor(random() * 30); k > 0; k--) text += alphabet[Math.floor(random() * alphabet.length)];
      if (mayHaveSquare(text) !== bruteForce(text, () => true) || mayHaveRepetition(text) !== bruteForce(text, (w) => reportable.has(w))) {
        t.fail(`disagrees on ${JSON.stringify(text)}`);
        return;
      }
    }
  }
  t.pass('agree on 6,000 texts');
});

t.test('word class decides ABAB reduplication (tagged segmentation)', async (t) => {
  const { jiebaSegmenter } = await import('../../../src/core/segment/jieba.js');
  const segmenter = jiebaSegmenter();
  const check = createRepetitionCheck();
  const found = (text: string): string[] => check.run({ text, segmenter }).map((f) => f.match);
  const grammatical = [
    '他大步大步地走', // adverbial, before 地
    '小口小口地喝着茶',
    '这个问题很大很大', // adjective
    '脸冻得通红通红的',
    '雨哗啦哗啦地下', // onomatopoeia
    '周末把房间打扫打扫', // volitional verb
    '计算校验和和签名', // 校验和 | 和 (taught to jieba below)
    '中国一冶集团PPP项目项目常务经理', // a Latin-led name ends with the first copy
    '我问他他怎么了', // object of 问, then subject
    '你告诉我们我们就去', // object of 告诉, then subject
  ];
  segmenter.cut('');
  jiebaSegmenter(['校验和']);
  for (const text of grammatical) t.same(found(text), [], text);
  const typedTwice: Array<[string, string]> = [
    ['如果如果明天下雨', '如果如果'],
    ['操作系统系统很稳定', '系统系统'],
    ['政府网站的的建设', '的的'],
    ['对网站进行进行了整改', '进行进行'],
    ['要加强加强管理', '加强加强'],
    ['服务服务群众', '服务服务'],
    ['这个这个问题', '这个这个'],
  ];
  for (const [text, match] of typedTwice) t.same(found(text), [match], text);
});
