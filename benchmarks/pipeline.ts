/**
 * The full check() pipeline on clean text, against segmenting the same text with nodejieba
 * in the same process (the baseline the ratio is measured against).
 * Run: node --import tsx benchmarks/pipeline.ts
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { createProofreader, type CheckType } from '../src/index.js';

const require = createRequire(import.meta.url);
const WEICHENG = 'node_modules/nodejieba/submodules/cppjieba/test/testdata/weicheng.utf8';
const FAQ = '../shared/data/corpora/debian-faq.zh-cn.txt';

function medianSeconds(run: () => void, rounds: number): number {
  run(); // warm-up: JIT and lazy tables
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    run();
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const proofreader = await createProofreader({ cacheDir: false });
const jieba = require('nodejieba') as { cut(text: string, hmm: boolean): string[] };
const corpora: Array<[string, string]> = [['weicheng.utf8', readFileSync(WEICHENG, 'utf8')]];
if (existsSync(FAQ)) corpora.push(['debian-faq.zh-cn.txt', readFileSync(FAQ, 'utf8')]);
else console.log(`(skipping ${FAQ}: not present)`);

const DICTIONARY_CHECKS: CheckType[] = ['sensitive', 'typo', 'normative'];
const rows: string[] = [];
for (const [name, text] of corpora) {
  const megabytes = Buffer.byteLength(text) / 1e6;
  const lines = text.split(/\n/).filter((line) => line.trim() !== '');
  const jiebaSeconds = medianSeconds(() => jieba.cut(text, true), 5);
  const measure = (label: string, options: Parameters<typeof proofreader.check>[1]): void => {
    const findings = proofreader.check(text, options).findings.length;
    const seconds = medianSeconds(() => proofreader.check(text, options), 7);
    const perLine = medianSeconds(() => {
      for (const line of lines) proofreader.check(line, options);
    }, 3);
    rows.push(
      `| ${name} | ${label} | ${(megabytes / seconds).toFixed(1)} | ${(jiebaSeconds / seconds).toFixed(1)}x | ${Math.round(lines.length / perLine).toLocaleString('en')} | ${findings} |`,
    );
  };
  measure('sensitive+typo+normative, dictionary only (contextTypos off)', { checks: DICTIONARY_CHECKS, contextTypos: false });
  measure('sensitive+typo+normative', { checks: DICTIONARY_CHECKS });
  measure('all checks', {});
  rows.push(`| ${name} | nodejieba.cut (baseline) | ${(megabytes / jiebaSeconds).toFixed(1)} | 1.0x | | |`);
}

console.log(`\ncheck() pipeline, bundled dictionaries (${proofreader.info.counts.sensitive?.total ?? 0} sensitive, ${proofreader.info.counts.typo?.total ?? 0} typo, ${proofreader.info.counts.normative?.total ?? 0} normative terms), node ${process.version}\n`);
console.log('| text | checks | MB/s (whole text) | vs jieba | lines/s (line by line) | findings |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
