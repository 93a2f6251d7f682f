import t from 'tap';
import { confusionSet, createContextTypoCheck, homophones, lookalikes } from '../../../../src/core/checks/context-typo/index.js';
import { ContextTypoModel, ContextTypoModelError, encodeCharNgramModel } from '../../../../src/core/checks/context-typo/model.js';
import { BigramScreen, forEachConfusable, LEVEL_CEILING, SCREEN_STEPS } from '../../../../src/core/checks/context-typo/screen.js';
import { jiebaSegmenter } from '../../../../src/core/segment/jieba.js';
import type { Finding } from '../../../../src/core/types.js';
import { loadContextTypoModel } from '../../../../src/loader/context-typo-model.js';

const model = loadContextTypoModel();
const check = createContextTypoCheck(model);
const segmenter = jiebaSegmenter();
const run = (text: string): Finding[] => check.run({ text, segmenter });

/** Clear typos in official prose, the wrong character and the expected first suggestion. */
const POSITIVES: ReadonlyArray<{ text: string; match: string; suggestion: string }> = [
  { text: '我们要进一步提高服务质量和办事效律。', match: '律', suggestion: '率' },
  { text: '要求各部门密切配和，确保工作落到实处。', match: '和', suggestion: '合' },
  { text: '加快推进基础设施建设，提升公共服务水评。', match: '评', suggestion: '平' },
  { text: '会议由市政府付市长主持。', match: '付', suggestion: '副' },
  { text: '进一步加强安全生产监督管里工作。', match: '里', suggestion: '理' },
  { text: '各级政府要认真贯彻落实党中央的决策部署，切实加强组织领道。', match: '道', suggestion: '导' },
  { text: '要切实转变工作作风，提高工作效绿。', match: '绿', suggestion: '率' },
  { text: '认真贯彻落实党中央决策布属。', match: '布', suggestion: '部' },
  // Two adjacent wrong characters, found as one pair.
  { text: '牢牢把握正确郑志方向。', match: '郑志', suggestion: '政治' },
];

/** Correct official sentences, including real-word traps (法制, 截至, 部、). */
const NEAR_MISSES: readonly string[] = [
  '各单位要高度重视，认真组织实施，确保取得实效。',
  '截至目前，全市已完成年度目标任务的百分之八十。',
  '生态环境部、农业农村部等部门联合印发通知。',
  '本条例自发布之日起施行。',
  '各地区各部门要结合实际认真贯彻执行。',
  '请各县区于每月五日前报送上月工作进展情况。',
  '要坚持问题导向，狠抓工作落实。',
  '深入开展党史学习教育，推动党员干部学史明理、学史增信。',
  '各地要加大资金投入力度，改善农村人居环境。',
  '对违反规定的，依法依规严肃处理。',
  '进一步优化营商环境，激发市场主体活力。',
  '要严格落实防火责任制，坚决遏制重特大事故发生。',
  '本次招聘工作坚持公开、平等、竞争、择优的原则。',
  '区政府办公室负责本办法的解释工作。',
  '全面推进依法治国，建设社会主义法制国家。',
  '推动经验互鉴和资源共享。',
  '请各单位认真抓好贯彻落实。',
  '请阅读第 12.1 节和附录 A。',
];

const PADDINGS: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  ['😀 ok\n', '\n中文 𠮷'],
];

t.test('finds clear typos and suggests the right character', async (t) => {
  for (const { text, match, suggestion } of POSITIVES) {
    for (const [before, after] of PADDINGS) {
      const padded = before + text + after;
      const found = run(padded).filter((f) => f.match === match);
      t.equal(found.length, 1, `${text}: one finding on ${match}`);
      const f = found[0];
      if (!f) continue;
      t.equal(f.start, before.length + text.indexOf(match), 'offset in UTF-16 units');
      t.equal(padded.slice(f.start, f.end), f.match, 'match is text.slice(start, end)');
      t.equal(f.suggestions[0], suggestion, `${text}: suggests ${suggestion}`);
      t.match(f, { type: 'typo', category: 'context', rule: 'typo:context' });
      t.ok(f.severity === 'warning' || f.severity === 'info');
      t.ok(f.confidence! >= 0 && f.confidence! <= 1, 'confidence in 0..1');
    }
  }
});

t.test('leaves correct official sentences alone', async (t) => {
  for (const text of NEAR_MISSES) t.same(run(text), [], text);
});

t.test('text the model cannot read yields nothing', async (t) => {
  for (const text of ['', '。', 'ASCII only, 2024.', '😀😀', '中']) t.same(run(text), [], JSON.stringify(text));
});

t.test('confusable tables are derived, small and independent of the model', async (t) => {
  t.ok(homophones('在').includes('再'), '在/再 sound alike');
  t.ok(homophones('率').includes('律'), '率/律 sound alike (other tone)');
  t.ok(lookalikes('清').includes('请'), '清/请 share 青');
  t.ok(lookalikes('列').includes('例'), '列/例: one contains the other');
  t.notOk(homophones('在').includes('在'), 'a character is not its own confusable');
  t.same(confusionSet('a'), { sameTone: '', otherTone: '', shape: '', nearSound: '' });
  t.ok(confusionSet('生').nearSound.includes('身'), '生/身: sh-eng and sh-en merge');
});

t.test('screen position bits say exactly whether some candidate can pass next to a neighbour', async (t) => {
  const screen = BigramScreen.of(model);
  const level = (matrix: Uint8Array, row: number, col: number): number => (matrix[row * screen.rowBytes + (col >> 1)]! >> ((col & 1) << 2)) & 15;
  const bit = (bits: Uint8Array, row: number, x: number): boolean => ((bits[row * screen.bitBytes + (x >> 3)]! >> (x & 7)) & 1) === 1;
  // Characters of a real sentence against every neighbour, both directions, by brute force.
  let set = 0;
  let pairs = 0;
  for (const ch of '要求各部门密切配合确保工作落到实处的一是在了') {
    const id = model.id(ch.charCodeAt(0));
    const dx = screen.dense[id]!;
    const ys: number[] = [];
    forEachConfusable(model, id, (cid) => ys.push(screen.dense[cid]!));
    for (let b = 0; b < screen.size; b++) {
      for (const [matrix, bits] of [
        [screen.after, screen.raisesAfter],
        [screen.before, screen.raisesBefore],
      ] as const) {
        const need = level(matrix, b, dx) + SCREEN_STEPS;
        const expected = ys.some((dy) => level(matrix, b, dy) >= need);
        if (bit(bits, b, dx) !== expected) t.fail(`${ch} next to dense ${b}: bit ${!expected}, brute force ${expected}`);
        pairs++;
        if (expected) set++;
      }
    }
  }
  t.ok(set > 0 && set < pairs, `${set} of ${pairs} (character, neighbour) bits set, all as brute force says`);
});

t.test('score bounds: a bigram stays under the ceiling of its screen level, a present trigram has its presence bit', async (t) => {
  const screen = BigramScreen.of(model);
  let over = 0;
  let seen = 0;
  model.forEachBigram((p, q, log) => {
    const dp = screen.dense[p]!;
    const dq = screen.dense[q]!;
    if (dp < 0 || dq < 0) return;
    seen++;
    const level = (screen.after[dp * screen.rowBytes + (dq >> 1)]! >> ((dq & 1) << 2)) & 15;
    if (level === 0 || log > LEVEL_CEILING[level]!) over++;
  });
  t.equal(over, 0, `all ${seen} bigrams of the screen have a level >= 1 and lie under its ceiling`);
  const text = '各级政府要认真贯彻落实党中央的决策部署切实加强组织领导进一步提高服务质量和办事效率';
  let present = 0;
  for (let i = 2; i < text.length; i++) {
    const [a, b, c] = [i - 2, i - 1, i].map((j) => model.id(text.charCodeAt(j)));
    if (model.trigramLog(a!, b!, c!) < 0) continue;
    present++;
    if (!model.mayHaveTrigram(a!, b!, c!)) t.fail(`${text.slice(i - 2, i + 1)} is present but its bit is clear`);
  }
  t.ok(present > 20, `${present} present trigrams have their presence bit`);
});

t.test('one-word bigram slots give every key back, and trigram entries their context bigram', async (t) => {
  // 300 characters: keys of 17 bits in a table of 4,096 slots, 5 bits of each hash kept in its slot.
  const n = 300;
  let seed = 12345;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const bigramKeys = new Set<number>();
  while (bigramKeys.size < 2000) bigramKeys.add(Math.floor(random() * n * n));
  const bigrams = [...bigramKeys].sort((p, q) => p - q).map((key) => [key, 10 ** (1 + 5 * random())] as const);
  const trigramKeys = new Set<number>();
  for (const [key] of bigrams.slice(0, 1500)) trigramKeys.add(key * n + Math.floor(random() * n));
  // Trigrams whose context bigram is absent: the back-off term is then the trigram's own level.
  while (trigramKeys.size < 1800) trigramKeys.add(Math.floor(random() * n * n * n));
  const trigrams = [...trigramKeys].sort((p, q) => p - q).map((key) => [key, 10 ** (1 + 3 * random())] as const);
  const chars = String.fromCharCode(...Array.from({ length: n }, (_, i) => 0x4e00 + i));
  const m = ContextTypoModel.fromBytes(
    encodeCharNgramModel({ chars, unigramCounts: Array.from({ length: n }, () => 1e6), bigrams, trigrams, sourceHash: new Uint8Array(8) }),
  );
  const level = (count: number): number => Math.round(Math.log10(count) * 20) / 20;
  const seen = new Map<number, number>();
  m.forEachBigram((a, b, log) => seen.set(a * n + b, log));
  t.equal(seen.size, bigrams.length, 'every bigram once');
  let wrong = 0;
  for (const [key, count] of bigrams) {
    if (seen.get(key) !== level(count) || m.bigramLog(Math.floor(key / n), key % n) !== level(count)) wrong++;
  }
  for (let i = 0; i < 20000; i++) {
    const key = Math.floor(random() * n * n);
    if (!bigramKeys.has(key) && m.bigramLog(Math.floor(key / n), key % n) !== -1) wrong++;
  }
  t.equal(wrong, 0, 'levels of present bigrams, -1 for absent ones');
  const cond = (a: number, b: number, c: number): number => {
    const tri = m.trigramLog(a, b, c);
    return tri < 0 ? 1 : tri - Math.max(tri, m.bigramLog(a, b));
  };
  let differ = 0;
  for (const [key] of trigrams) {
    const [a, b, c] = [Math.floor(key / n / n), Math.floor(key / n) % n, key % n];
    if (m.trigramCond(a, b, c) !== cond(a, b, c) || !(m.trigramCond(a, b, c) <= 0)) differ++;
  }
  for (let i = 0; i < 20000; i++) {
    const [a, b, c] = [0, 0, 0].map(() => Math.floor(random() * n)) as [number, number, number];
    if (m.trigramCond(a, b, c) !== cond(a, b, c)) differ++;
  }
  t.equal(differ, 0, 'trigramCond is trigramLog less the level of the context bigram (1 when absent)');
  const copy = ContextTypoModel.fromParts(m.toParts());
  t.equal(copy.bigramLog(Math.floor(bigrams[7]![0] / n), bigrams[7]![0] % n), level(bigrams[7]![1]), 'the same lookups from the parts');
});

t.test('model artifact', async (t) => {
  t.ok(model.charCount > 5000, model.describe());
  const tiny = encodeCharNgramModel({
    chars: '\u0001中国人',
    unigramCounts: [1e6, 1e5, 1e5, 1e4],
    bigrams: [
      [1 * 4 + 2, 5e4],
      [2 * 4 + 3, 3e3],
    ],
    trigrams: [[(1 * 4 + 2) * 4 + 3, 2e3]],
    sourceHash: new Uint8Array(8),
  });
  const m = ContextTypoModel.fromBytes(tiny);
  t.equal(m.id('国'.charCodeAt(0)), 2);
  t.equal(m.id('x'.charCodeAt(0)), -1);
  t.ok(Math.abs(m.bigramLog(1, 2) - Math.log10(5e4)) < 0.03, 'bigram level round-trips');
  t.equal(m.bigramLog(2, 1), -1, 'absent bigram');
  t.ok(Math.abs(m.trigramLog(1, 2, 3) - Math.log10(2e3)) < 0.03, 'trigram level round-trips');
  t.equal(m.trigramLog(1, 2, 2), -1, 'absent trigram');

  const flipped = Uint8Array.from(tiny);
  flipped[flipped.length - 1]! ^= 0xff;
  t.throws(() => ContextTypoModel.fromBytes(flipped), ContextTypoModelError, 'corrupt payload');
  t.throws(() => ContextTypoModel.fromBytes(tiny.subarray(0, tiny.length - 3)), ContextTypoModelError, 'truncated');
  const magic = Uint8Array.from(tiny);
  magic[0] = 0;
  t.throws(() => ContextTypoModel.fromBytes(magic), /bad magic/);
  t.throws(() => ContextTypoModel.fromBytes(new Uint8Array(10)), ContextTypoModelError, 'too short');
  t.throws(
    () => encodeCharNgramModel({ chars: 'ab', unigramCounts: [1, 1], bigrams: [[3, 1], [1, 1]], trigrams: [], sourceHash: new Uint8Array(8) }),
    ContextTypoModelError,
    'unsorted keys are a build error',
  );
});

t.test('regional variant forms are normative findings, not typos', async (t) => {
  // 著 is Taiwan's standard form of the particle 着: a non-standard form here, not a wrong character.
  const text = '他一边笑著一边说。';
  const found = run(text).filter((f) => f.match === '著');
  t.equal(found.length, 1, 'found');
  t.match(found[0], { type: 'normative', category: 'variant', rule: 'normative:variant', suggestions: ['着'] });
  t.equal(check.type, 'typo');
  t.same(check.alsoReports, ['normative'], 'declares the second type it reports');
  // 著 in its own words (显著, 著名) is left alone.
  t.same(run('这项工作取得了显著成效，他是著名的作家。'), []);
});
