/**
 * Sentence throughput of `createProofreader().check()` with all checks on (the issue's
 * target: >= 5,000 sentences/s on one core), beside two baselines measured in the same run:
 * `check()` with `contextTypos: false`, and `nodejieba.cut` alone on the same sentences.
 *
 *   node --import tsx benchmarks/sentences.ts [--runs 7]
 *   node --import tsx benchmarks/sentences.ts --ab <src dir>... [--runs 15] [--all]
 *
 * With --ab: same-process A/B of copies of the context typo check alone (each <src dir> a copy
 * of src/, e.g. `mkdir -p scratch/base && git archive <rev> src | tar -x -C scratch/base`, then
 * `scratch/base/src`; each loads its own model from models/ at the package root, so link
 * `scratch/base/models` to it, and `scratch/base/dictionaries` for --all). Findings must agree; in turns, rotating the order every round,
 * each copy checks every sentence of each corpus and 200 distinct 1,065-unit articles cut from
 * weicheng (one article repeated keeps its cache lines warm, a stream of texts does not). Prints
 * CPU µs per text (median) and the median per-round ratio against the first copy. With --all,
 * each copy's `createProofreader().check()` with all checks instead of the context check alone.
 *
 * Corpora: the source column of ../shared/data/typos/ecspell-odw.train.tsv (skipped with a
 * message when absent) and weicheng.utf8 from nodejieba's test data, cut into sentences at
 * 。！？. Figures are sentences per CPU second (process.cpuUsage: the machine is shared, wall
 * time measures the neighbours too), median of several runs after a warm-up pass; wall-clock
 * figures in parentheses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createProofreader } from '../src/index.js';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 7;

const ECSPELL = fileURLToPath(new URL('../../shared/data/typos/ecspell-odw.train.tsv', import.meta.url));
const WEICHENG = fileURLToPath(new URL('../node_modules/nodejieba/submodules/cppjieba/test/testdata/weicheng.utf8', import.meta.url));

const corpora: Array<[string, string[]]> = [];
if (existsSync(ECSPELL)) {
  const sentences = readFileSync(ECSPELL, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[1] ?? '')
    .filter(Boolean);
  corpora.push(['ecspell (source column)', sentences]);
} else {
  console.log(`ecspell skipped: ${ECSPELL} not found`);
}
if (existsSync(WEICHENG)) {
  const sentences = readFileSync(WEICHENG, 'utf8')
    .split(/(?<=[。！？])/u)
    .map((s) => s.trim())
    .filter(Boolean);
  corpora.push(['weicheng (split at 。！？)', sentences]);
} else {
  console.log(`weicheng skipped: ${WEICHENG} not found`);
}
if (corpora.length === 0) {
  console.log('no corpus found');
  process.exit(0);
}

if (args.includes('--ab')) {
  await abContextTypo(args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs'));
  process.exit(0);
}

const proofreader = await createProofreader();
const jieba = require('nodejieba') as { cut(text: string, hmm?: boolean): string[] };

interface Rate {
  cpu: number;
  wall: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Sentences per CPU second and per wall second, median of RUNS runs after one warm-up pass. */
function measure(sentences: string[], pass: (text: string) => number): Rate {
  let sink = 0;
  for (const s of sentences) sink += pass(s);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    for (const s of sentences) sink += pass(s);
    const used = process.cpuUsage(c0);
    cpu.push(sentences.length / ((used.user + used.system) / 1e6));
    wall.push(sentences.length / ((performance.now() - w0) / 1000));
  }
  if (sink < 0) console.log(sink);
  return { cpu: median(cpu), wall: median(wall) };
}

const fmt = (r: Rate): string => `${Math.round(r.cpu).toString().padStart(7)} /s CPU (${Math.round(r.wall)} /s wall)`;
console.log(`node ${process.version}, ${RUNS} runs per figure (median), after one warm-up pass`);
for (const [name, sentences] of corpora) {
  const chars = Math.round(sentences.reduce((n, s) => n + s.length, 0) / sentences.length);
  const all = measure(sentences, (t) => proofreader.check(t).findings.length);
  const noContext = measure(sentences, (t) => proofreader.check(t, { contextTypos: false }).findings.length);
  const cut = measure(sentences, (t) => jieba.cut(t, true).length);
  console.log(`\n${name}: ${sentences.length} sentences, ${chars} UTF-16 units avg`);
  console.log(`  check(), all checks           ${fmt(all)}`);
  console.log(`  check(), contextTypos: false  ${fmt(noContext)}   all / this = ${(all.cpu / noContext.cpu).toFixed(2)}`);
  console.log(`  nodejieba.cut alone           ${fmt(cut)}   all / this = ${(all.cpu / cut.cpu).toFixed(2)}`);
  const perAll = 1e6 / all.cpu;
  const perNo = 1e6 / noContext.cpu;
  console.log(`  CPU µs per sentence: all ${perAll.toFixed(1)}, without context ${perNo.toFixed(1)}, context check share ${(perAll - perNo).toFixed(1)}`);
}

async function abContextTypo(dirs: string[]): Promise<void> {
  type Run = (text: string) => unknown[];
  const checks: Array<{ dir: string; run: Run }> = [];
  for (const dir of dirs) {
    const src = resolve(dir);
    const typo = await import(pathToFileURL(`${src}/core/checks/context-typo/index.ts`).href);
    const loader = await import(pathToFileURL(`${src}/loader/context-typo-model.ts`).href);
    const jieba = await import(pathToFileURL(`${src}/core/segment/jieba.ts`).href);
    if (args.includes('--all')) {
      const library = await import(pathToFileURL(`${src}/index.ts`).href);
      const copy = await library.createProofreader({ cacheDir: false });
      checks.push({ dir, run: (text) => copy.check(text).findings });
      continue;
    }
    const check = typo.createContextTypoCheck(loader.loadContextTypoModel());
    const segmenter = jieba.jiebaSegmenter();
    checks.push({ dir, run: (text) => check.run({ text, segmenter }) });
  }
  const sets = [...corpora];
  if (existsSync(WEICHENG)) {
    const novel = readFileSync(WEICHENG, 'utf8');
    const articles: string[] = [];
    for (let at = 0; at + 1065 <= novel.length && articles.length < 200; at += 1065) articles.push(novel.slice(at, at + 1065));
    sets.push(['weicheng articles (1,065 units)', articles]);
  }
  for (const [name, texts] of sets) {
    const expected = texts.map((t) => JSON.stringify(checks[0]!.run(t)));
    for (const { dir, run } of checks) {
      texts.forEach((t, i) => {
        if (JSON.stringify(run(t)) !== expected[i]) throw new Error(`${dir}: ${name}, text ${i}: findings differ from ${checks[0]!.dir}`);
      });
    }
  }
  const what = args.includes('--all') ? 'check(), all checks' : 'context check alone';
  console.log(`node ${process.version}, ${RUNS} rounds, ${what}; CPU µs per text (median), x = median paired speed-up against the first copy`);
  for (const [name, texts] of sets) {
    const seconds = checks.map(() => [] as number[]);
    for (let round = 0; round < RUNS; round++) {
      for (let k = 0; k < checks.length; k++) {
        const b = (k + round) % checks.length;
        const start = process.cpuUsage();
        for (const t of texts) checks[b]!.run(t);
        const used = process.cpuUsage(start);
        seconds[b]!.push((used.user + used.system) / texts.length);
      }
    }
    const chars = Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length);
    console.log(`${name}: ${texts.length} texts, ${chars} units avg`);
    checks.forEach(({ dir }, b) => {
      const ratio = median(seconds[0]!.map((base, r) => base / seconds[b]![r]!));
      console.log(`  ${dir}: ${median(seconds[b]!).toFixed(1)} µs (x${ratio.toFixed(3)})`);
    });
  }
}
