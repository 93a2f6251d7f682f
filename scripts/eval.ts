/**
 * Evaluates wrong-character detection on the development data in ../shared/data:
 *
 *   npm run eval [-- --direct] [-- --sets ecspell-A,sighan13] [-- --prose-only] [-- --prose-list]
 *
 * Per set: sentence-level detection precision / recall / F1 (a sentence counts as found
 * when a `typo` finding covers one of its wrong characters; a flagged sentence that is not
 * found is a false detection), the accuracy of the top suggestion on the wrong characters
 * found, and the share of clean sentences with any `typo` finding. Each row is given for
 * all findings and for warnings only (what a CMS verdict sees). Speed is measured through
 * `createProofreader().check()` with all checks on, one thread.
 *
 * Then false alarms of every check on clean prose (README "Evaluation"): findings per 10,000
 * characters, info and non-info apart, on the Debian FAQ, the Jinzhong report and the help texts
 * of the Debian packages libreoffice-help-zh-cn and gimp-help-zh-cn (read from $JIAODUI_HELP_DIR,
 * default /tmp/help-zh, the packages extracted there with `dpkg-deb -x`; skipped when absent),
 * and the share of clean development sentences (source == target) with a content finding
 * (any type but punctuation) of warning or worse. `--prose-list` prints the non-info findings.
 *
 * ecspell-odw.train.tsv is split in halves: A (first half) is the tuning half, B is held out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createContextTypoCheck } from '../src/core/checks/context-typo/index.js';
import { extractHtmlText } from '../src/core/html/index.js';
import { jiebaSegmenter } from '../src/core/segment/jieba.js';
import type { Finding } from '../src/core/types.js';
import { loadContextTypoModel } from '../src/loader/context-typo-model.js';

const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
if (!existsSync(`${DATA}typos/ecspell-odw.train.tsv`)) {
  console.log(`eval skipped: development data not found at ${DATA}`);
  process.exit(0);
}

interface Sample {
  source: string;
  /** Wrong positions (UTF-16 offsets, each one character) and their corrections. */
  wrong: Map<number, string>;
}

function pair(source: string, target: string): Sample {
  const wrong = new Map<number, string>();
  if (source.length === target.length) {
    for (let i = 0; i < source.length; i++) if (source[i] !== target[i]) wrong.set(i, target[i]!);
  }
  return { source, wrong };
}

function readEcspell(): Sample[] {
  return readFileSync(`${DATA}typos/ecspell-odw.train.tsv`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, source = '', target = ''] = line.split('\t');
      return pair(source, target);
    });
}

function readSighan(name: string): Sample[] {
  return readFileSync(`${DATA}typos/${name}.tsv`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, source = '', target = ''] = line.split('\t');
      return pair(source, target);
    });
}

/** The Debian FAQ is hard-wrapped: join paragraph lines, then cut at sentence ends. */
function readFaqSentences(): Sample[] {
  const text = readFileSync(`${DATA}corpora/debian-faq.zh-cn.txt`, 'utf8');
  const out: Sample[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const joined = para
      .split('\n')
      .map((l) => l.trim())
      .reduce((acc, l) => (acc && /[\u4e00-\u9fff，。、]$/u.test(acc) && /^[\u4e00-\u9fff]/u.test(l) ? acc + l : acc ? `${acc} ${l}` : l), '');
    for (const s of joined.split(/(?<=[。！？])/u)) {
      const sentence = s.trim();
      if ((sentence.match(/[\u4e00-\u9fff]/gu) ?? []).length >= 8) out.push({ source: sentence, wrong: new Map() });
    }
  }
  return out;
}

const args = process.argv.slice(2);
const direct = args.includes('--direct');
/** Only the clean-prose part (faster while tuning). */
const proseOnly = args.includes('--prose-only');
const only = args.includes('--sets') ? new Set(args[args.indexOf('--sets') + 1]!.split(',')) : undefined;

const ecspell = readEcspell();
const half = Math.floor(ecspell.length / 2);
const sets = ([
  ['ecspell-A (tuning half)', ecspell.slice(0, half)],
  ['ecspell-B (held out)', ecspell.slice(half)],
  ['sighan13', readSighan('sighan13')],
  ['sighan14', readSighan('sighan14')],
  ['debian-faq (clean)', readFaqSentences()],
] as Array<[string, Sample[]]>).filter(([name]) => !proseOnly && (!only || only.has(name.split(' ')[0]!)));

const model = loadContextTypoModel();
/** `--opt name=value` overrides a ContextTypoOptions default (for tuning on ecspell-A). */
const overrides: Record<string, number> = {};
args.forEach((a, i) => {
  if (a === '--opt') {
    const [k, v] = args[i + 1]!.split('=');
    overrides[k!] = Number(v);
  }
});
const contextCheck = createContextTypoCheck(model, overrides);
const segmenter = jiebaSegmenter();
type Check = (text: string, options?: { contextTypos?: boolean }) => { findings: Finding[] };
let proofreader: { check: Check } = { check: () => ({ findings: [] }) };
let proofreaderError = '';
if (!direct) {
  try {
    const { createProofreader } = await import('../src/index.js');
    proofreader = await createProofreader();
  } catch (err) {
    proofreaderError = ` (createProofreader failed: ${(err as Error).message})`;
  }
}

/** Until the proofreader wires the context check in, run it beside the proofreader. */
const probe = '内蒙古自治区乌兰察布市大力培育发展大数局产业。';
const wired = Object.keys(overrides).length === 0 && proofreader.check(probe).findings.some((f) => f.rule === 'typo:context');
const mode = proofreaderError ? `context check alone${proofreaderError}` : direct ? 'context check alone' : wired ? 'createProofreader().check()' : 'createProofreader().check() + context check beside it (not wired yet)';
function typoFindings(text: string): Finding[] {
  if (direct) return contextCheck.run({ text, segmenter });
  const found = proofreader.check(text).findings.filter((f) => f.type === 'typo');
  return wired ? found : found.concat(contextCheck.run({ text, segmenter }));
}

interface Tally {
  wrongSentences: number;
  flagged: number;
  found: number;
  wrongCharsFound: number;
  corrected: number;
  clean: number;
  cleanFlagged: number;
}

function score(samples: Sample[], keep: (f: Finding) => boolean, findings: Finding[][]): Tally {
  const t: Tally = { wrongSentences: 0, flagged: 0, found: 0, wrongCharsFound: 0, corrected: 0, clean: 0, cleanFlagged: 0 };
  samples.forEach((s, i) => {
    const fs = findings[i]!.filter(keep);
    if (s.wrong.size === 0) {
      t.clean++;
      if (fs.length) t.cleanFlagged++;
    } else t.wrongSentences++;
    if (fs.length) t.flagged++;
    let hit = false;
    for (const [pos, right] of s.wrong) {
      const f = fs.find((x) => x.start <= pos && pos < x.end);
      if (!f) continue;
      hit = true;
      t.wrongCharsFound++;
      const top = f.suggestions[0];
      if (top !== undefined && top[pos - f.start] === right) t.corrected++;
    }
    if (hit) t.found++;
  });
  return t;
}

const pct = (a: number, b: number): string => (b ? (a / b).toFixed(3) : '  -  ');
console.log(`mode: ${mode}; ${model.describe()}`);
console.log('set                       | level   | sents | wrong |  P    |  R    |  F1   | top-1 corr | clean FA');
console.log('--------------------------|---------|-------|-------|-------|-------|-------|------------|---------');
let totalSentences = 0;
for (const [name, samples] of sets) {
  const findings = samples.map((s) => typoFindings(s.source));
  totalSentences += samples.length;
  for (const [level, keep] of [
    ['all', () => true],
    ['warning', (f: Finding) => f.severity !== 'info'],
  ] as const) {
    const t = score(samples, keep, findings);
    const p = t.flagged ? t.found / t.flagged : 0;
    const r = t.wrongSentences ? t.found / t.wrongSentences : 0;
    const f1 = p + r ? (2 * p * r) / (p + r) : 0;
    console.log(
      `${name.padEnd(26)}| ${level.padEnd(8)}| ${String(samples.length).padStart(5)} | ${String(t.wrongSentences).padStart(5)} | ` +
        `${t.wrongSentences ? p.toFixed(3) : '  -  '} | ${pct(t.found, t.wrongSentences)} | ${t.wrongSentences ? f1.toFixed(3) : '  -  '} | ` +
        `${pct(t.corrected, t.wrongCharsFound).padStart(10)} | ${pct(t.cleanFlagged, t.clean)} (${t.cleanFlagged}/${t.clean})`,
    );
  }
}

// False alarms of all checks on clean prose. Not every finding there is false (the texts
// contain real errors: 一部份, 截止目前): --prose-list prints them for reading.
const HELP_DIR = process.env.JIAODUI_HELP_DIR ?? '/tmp/help-zh';
const PROSE_LIMIT = Number(process.env.JIAODUI_PROSE_CHARS ?? 400_000);
function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.html')) out.push(path);
    }
  };
  walk(dir);
  return out;
}
/** Lines of running prose from help pages: at least 8 Han characters, each distinct line once (navigation repeats), up to PROSE_LIMIT chars, files taken evenly. */
function helpProse(dir: string): string[] {
  const files = htmlFiles(dir);
  if (files.length === 0) return [];
  const seen = new Set<string>();
  const lines: string[] = [];
  let chars = 0;
  const step = Math.max(1, Math.floor(files.length / 400));
  for (let i = 0; i < files.length && chars < PROSE_LIMIT; i += step) {
    for (const raw of extractHtmlText(readFileSync(files[i]!, 'utf8')).text.split('\n')) {
      const line = raw.trim();
      if (seen.has(line) || (line.match(/[\u4e00-\u9fff]/gu) ?? []).length < 8) continue;
      seen.add(line);
      lines.push(line);
      chars += line.length;
    }
  }
  return lines;
}
/** The Debian FAQ by paragraph, hard-wrapped lines joined without a space where Chinese meets Chinese. */
function readFaqParagraphs(): string[] {
  const cjk = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u;
  return readFileSync(`${DATA}corpora/debian-faq.zh-cn.txt`, 'utf8')
    .split(/\n\s*\n/)
    .map((para) =>
      para
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .reduce((acc, l) => (!acc ? l : cjk.test(acc.at(-1)!) || cjk.test(l[0]!) ? acc + l : `${acc} ${l}`), ''),
    )
    .filter((p) => (p.match(/[\u4e00-\u9fff]/gu) ?? []).length >= 8);
}
const proseSets: Array<[string, string[]]> = [
  ['debian-faq', readFaqParagraphs()],
  ['libreoffice-help', helpProse(join(HELP_DIR, 'usr/share/libreoffice/help/zh-CN'))],
  ['gimp-help', helpProse(join(HELP_DIR, 'usr/share/gimp/2.0/help/zh_CN'))],
];
if (existsSync(`${DATA}gov/jinzhong-government-websites-report.md`)) {
  proseSets.push(['jinzhong-report (gov)', readFileSync(`${DATA}gov/jinzhong-government-websites-report.md`, 'utf8').split('\n').filter((l) => /[\u4e00-\u9fff]/u.test(l))]);
}
const listProse = args.includes('--prose-list');
const per10k = (n: number, chars: number): string => (chars ? ((n * 10000) / chars).toFixed(2) : '-');
console.log('\nclean prose, all checks  |   chars | content non-info /10k | punct. non-info /10k | info /10k    | top content non-info rules');
console.log('-------------------------|---------|-----------------------|----------------------|--------------|---------------------------');
let proseNonInfo = 0;
let proseChars = 0;
for (const [name, texts] of proseSets) {
  if (texts.length === 0) {
    console.log(`${name.padEnd(25)}| skipped: not found (set JIAODUI_HELP_DIR; see the header of scripts/eval.ts)`);
    continue;
  }
  let chars = 0;
  let info = 0;
  let content = 0;
  let punct = 0;
  const rules = new Map<string, number>();
  for (const text of texts) {
    chars += text.length;
    for (const f of proofreader.check(text).findings) {
      if (f.severity === 'info') {
        info++;
        continue;
      }
      if (f.type === 'punctuation') {
        punct++;
        if (listProse) console.log(`  ${name} ${f.severity} ${f.rule} «${f.match}» → ${f.suggestions[0] ?? ''} | ${text.slice(Math.max(0, f.start - 12), f.end + 12)}`);
        continue;
      }
      content++;
      const key = f.rule.startsWith('typo:context') ? 'typo:context' : f.rule;
      rules.set(key, (rules.get(key) ?? 0) + 1);
      if (listProse) console.log(`  ${name} ${f.severity} ${f.rule} «${f.match}» → ${f.suggestions[0] ?? ''} | ${text.slice(Math.max(0, f.start - 12), f.end + 12)}`);
    }
  }
  if (!name.includes('(gov)')) {
    proseNonInfo += content;
    proseChars += chars;
  }
  const top = [...rules].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([r, n]) => `${r} ${n}`).join(', ');
  const cell = (n: number, w: number): string => `${String(n).padStart(5)} ${per10k(n, chars).padStart(6)}`.padEnd(w);
  console.log(`${name.padEnd(25)}| ${String(chars).padStart(7)} | ${cell(content, 22)}| ${cell(punct, 21)}| ${cell(info, 13)}| ${top}`);
}
if (proseChars) console.log(`technical prose overall: ${per10k(proseNonInfo, proseChars)} content non-info findings per 10k chars (${proseNonInfo} in ${proseChars}; punctuation and info counted apart above)`);

// Clean sentences of the development sets (source == target). ECSpell's are government
// documents and news (what "clean news sentences" means here); SIGHAN's are learners' essays
// converted from traditional characters, where 著 and 甚么 are true (regional-form) findings.
// A content finding is any type but punctuation.
for (const [label, pool] of [
  ['ECSpell (gov documents/news)', readEcspell()],
  ['SIGHAN13+14 (learner essays)', [...readSighan('sighan13'), ...readSighan('sighan14')]],
] as Array<[string, Sample[]]>) {
  const cleanSentences = pool.filter((s) => s.wrong.size === 0 && s.source.length > 0);
  let warned = 0;
  let anyWarned = 0;
  let infos = 0;
  let chars = 0;
  const rules = new Map<string, number>();
  for (const s of cleanSentences) {
    chars += s.source.length;
    const fs = proofreader.check(s.source).findings;
    infos += fs.filter((f) => f.severity === 'info').length;
    const nonInfo = fs.filter((f) => f.severity !== 'info');
    if (nonInfo.length) anyWarned++;
    const content = nonInfo.filter((f) => f.type !== 'punctuation');
    if (!content.length) continue;
    warned++;
    for (const f of content) {
      const key = f.rule.startsWith('typo:context') ? 'typo:context' : f.rule;
      rules.set(key, (rules.get(key) ?? 0) + 1);
      if (listProse) console.log(`  clean ${f.severity} ${f.rule} «${f.match}» | ${s.source}`);
    }
  }
  console.log(
    `clean sentences, ${label}: ${cleanSentences.length}; content finding >= warning in ${pct(warned, cleanSentences.length)} (${warned}); ` +
      `any finding >= warning ${pct(anyWarned, cleanSentences.length)} (${anyWarned}); info ${per10k(infos, chars)} per 10k chars; ` +
      `top: ${[...rules].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([r, n]) => `${r} ${n}`).join(', ')}`,
  );
}

if (proseOnly) process.exit(0);

// Speed: every sentence of every set, all checks on, after one warm-up pass. CPU time of
// this (single-threaded) process is the one-core figure; wall time also counts whatever
// else the machine runs.
const corpus = sets.flatMap(([, s]) => s.map((x) => x.source));
const run = (text: string): number =>
  wired || direct ? proofreader.check(text).findings.length : proofreader.check(text).findings.length + contextCheck.run({ text, segmenter }).length;
function measure(pass: (text: string) => unknown): { cpu: number; wall: number } {
  for (const text of corpus.slice(0, 500)) pass(text);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (const text of corpus) pass(text);
  const used = process.cpuUsage(cpu);
  return { cpu: corpus.length / ((used.user + used.system) / 1e6), wall: corpus.length / ((performance.now() - wall) / 1000) };
}
const all = measure(run);
const alone = measure((text) => contextCheck.run({ text, segmenter }));
const without = measure((text) => proofreader.check(text, { contextTypos: false }));
const chars = Math.round(corpus.reduce((n, s) => n + s.length, 0) / corpus.length);
console.log(
  `speed (${corpus.length} sentences, ${chars} chars avg, node ${process.version}): all checks ${Math.round(all.cpu)} sentences/s per CPU second ` +
    `(${Math.round(all.wall)}/s wall); without the context check ${Math.round(without.cpu)}/s CPU; ` +
    `context check alone, with its own segmentation ${Math.round(alone.cpu)}/s CPU (${Math.round(alone.wall)}/s wall)`,
);
