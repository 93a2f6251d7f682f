import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { TextCheck } from '../../../src/core/checks/check.js';
import { createConfusablePairsCheck } from '../../../src/core/checks/confusable-pairs.js';
import { createDateCheck } from '../../../src/core/checks/date.js';
import { createNameCheck } from '../../../src/core/checks/name.js';
import { createPunctuationCheck } from '../../../src/core/checks/punctuation.js';
import { createRepetitionCheck } from '../../../src/core/checks/repetition.js';
import { homophones } from '../../../src/core/checks/context-typo/confusables.js';
import { parseDictionaries } from '../../../src/core/dictionaries/parse.js';
import { jiebaSegmenter } from '../../../src/core/segment/jieba.js';
import type { Finding } from '../../../src/core/types.js';

/** Real text from ../shared/data (not shipped): the name, punctuation, repetition, date and usage checks together. */
const shared = (path: string): string => fileURLToPath(new URL(`../../../../shared/data/${path}`, import.meta.url));
const REPORT = shared('gov/jinzhong-government-websites-report.md');
const FAQ = shared('corpora/debian-faq.zh-cn.txt');

const checks: TextCheck[] = [
  createNameCheck([
    { name: '中华人民共和国国务院', titles: [] },
    { name: '国务院办公厅', titles: [] },
    { name: '山西省人民政府', titles: [] },
    { name: '晋中市人民政府', titles: [] },
    { name: '晋中市人民政府办公厅', titles: [] },
    { name: '国家互联网信息办公室', titles: [] },
    { name: '自由软件基金会', titles: [] },
    { name: '张三', titles: ['市长'] },
  ]),
  createPunctuationCheck(),
  createRepetitionCheck(),
  createDateCheck(),
  createConfusablePairsCheck(),
];

function runAll(text: string): Finding[] {
  const segmenter = jiebaSegmenter();
  return checks.flatMap((c) => c.run({ text, segmenter }));
}

function show(text: string, f: Finding): string {
  const context = text.slice(Math.max(0, f.start - 10), f.end + 10).replace(/\s+/gu, ' ');
  return `${f.severity} ${f.rule} ${JSON.stringify(f.match)} -> ${JSON.stringify(f.suggestions)} in “${context}”`;
}

t.test('Jinzhong government-website report', { skip: existsSync(REPORT) ? false : `${REPORT} is absent` }, async (t) => {
  const text = readFileSync(REPORT, 'utf8');
  const findings = runAll(text);
  for (const f of findings) t.comment(show(text, f));
  const at = text.indexOf('截止目前');
  t.ok(findings.some((f) => f.start === at && f.match === '截止' && f.suggestions[0] === '截至'), '截止目前 is reported with 截至');
  t.equal(findings.length, 1, 'and nothing else in this carefully written report');
});

t.test('Debian FAQ: false alarms', { skip: existsSync(FAQ) ? false : `${FAQ} is absent` }, async (t) => {
  const text = readFileSync(FAQ, 'utf8');
  const started = performance.now();
  const findings = runAll(text);
  const ms = performance.now() - started;
  const serious = findings.filter((f) => f.severity !== 'info');
  for (const f of serious) t.comment(show(text, f));
  t.comment(`${findings.length} findings (${serious.length} above info) on ${text.length} characters in ${ms.toFixed(0)} ms`);
  // The FAQ is edited prose, nearly free of errors, but hard-wrapped, full of URLs, commands
  // and version numbers: exactly what trips these checks. One warning per ~30,000
  // characters (5 here) is the most an editor should have to dismiss.
  t.ok(serious.length <= 5, `at most 5 findings above info, got ${serious.length}`);
  t.ok(findings.every((f) => f.match === text.slice(f.start, f.end)), 'offsets match the text');
});

t.test('random text never breaks a check or its offsets', async (t) => {
  // Seeded, so a failure replays; the alphabet mixes what the checks look for with surrogate pairs.
  const alphabet = ['的', '了', '我们', '截止', '截至', '目前', '张三', '市长', '副', '2024', '年', '2', '月', '30', '日', '星期三', '（', '）', '“', '”', '‘', '’', '《', '》', '，', '。', '...', '…', ',', '.', ' ', '\n', '\u3000', '𠮷', '😀', 'a', '国家发展和改革委员会', '改格'];
  let seed = 20241128;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let count = 0;
  for (let i = 0; i < 400; i++) {
    let text = '';
    for (let k = random(40); k > 0; k--) text += alphabet[random(alphabet.length)];
    for (const f of runAll(text)) {
      count++;
      if (!(f.start >= 0 && f.start < f.end && f.end <= text.length && f.match === text.slice(f.start, f.end))) {
        t.fail(`bad offsets for ${f.rule} in ${JSON.stringify(text)}`);
        return;
      }
    }
  }
  t.pass(`400 random texts, ${count} findings, all with valid offsets`);
});

t.test('bundled names registry: quiet on real text, finds homophone slips', async (t) => {
  const dir = fileURLToPath(new URL('../../../dictionaries/names/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({ path: `names/${f}`, content: readFileSync(dir + f, 'utf8') }));
  const { names } = parseDictionaries(files, (term) => term);
  const check = createNameCheck(names);
  const segmenter = { cut: (s: string) => [s] };
  for (const path of [REPORT, FAQ].filter((p) => existsSync(p))) {
    t.same(check.run({ text: readFileSync(path, 'utf8'), segmenter }), [], `no findings on ${path.split('/').pop()}`);
  }
  t.same(check.run({ text: names.map((n) => n.name).join('，'), segmenter }), [], 'registered names next to each other');

  // One homophone in the middle of each institution name, the commonest slip.
  let slips = 0;
  const missed: string[] = [];
  for (const { name, titles } of names) {
    if (titles.length > 0 || name.length < 4) continue;
    const i = name.length >> 1;
    const other = [...homophones(name[i])].find((c) => c !== name[i]);
    if (other === undefined) continue;
    slips++;
    const slip = name.slice(0, i) + other + name.slice(i + 1);
    const found = check.run({ text: `关于${slip}的通知`, segmenter });
    if (found.length !== 1 || found[0].suggestions[0] !== name) missed.push(slip);
  }
  t.ok(slips > 100, `${slips} slips made`);
  t.same(missed, [], 'every slip found with its registered name');
});
