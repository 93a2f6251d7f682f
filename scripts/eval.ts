/**
 * Evaluates wrong-character detection on the development data in ../shared/data:
 *
 *   npm run eval [-- --direct] [-- --sets ecspell-A,sighan13]
 *
 * Per set: sentence-level detection precision / recall / F1 (a sentence counts as found
 * when a `typo` finding covers one of its wrong characters; a flagged sentence that is not
 * found is a false detection), the accuracy of the top suggestion on the wrong characters
 * found, and the share of clean sentences with any `typo` finding. Each row is given for
 * all findings and for warnings only (what a CMS verdict sees). Speed is measured through
 * `createProofreader().check()` with all checks on, one thread.
 *
 * ecspell-odw.train.tsv is split in halves: A (first half) is the tuning half, B is held out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createContextTypoCheck } from '../src/core/checks/context-typo/index.js';
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
const only = args.includes('--sets') ? new Set(args[args.indexOf('--sets') + 1]!.split(',')) : undefined;

const ecspell = readEcspell();
const half = Math.floor(ecspell.length / 2);
const sets = ([
  ['ecspell-A (tuning half)', ecspell.slice(0, half)],
  ['ecspell-B (held out)', ecspell.slice(half)],
  ['sighan13', readSighan('sighan13')],
  ['sighan14', readSighan('sighan14')],
  ['debian-faq (clean)', readFaqSentences()],
] as Array<[string, Sample[]]>).filter(([name]) => !only || only.has(name.split(' ')[0]!));

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
