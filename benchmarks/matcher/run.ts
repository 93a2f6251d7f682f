/**
 * Matcher benchmark: `node --import tsx benchmarks/matcher/run.ts`.
 * Every contender runs in its own process on weicheng.utf8 with seeded jieba dictionaries; its
 * hit count must equal ours on the same dictionary before its timing is printed, or the run
 * exits non-zero. Prints a markdown table (record it in benchmarks/README.md).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildResult, ChildTask } from './child.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const CHILD_TIMEOUT_MS = 10 * 60 * 1000;

/** Which contenders run on which dictionary; naive is O(words x text), so only on 1k. */
const PLAN: Array<{ size: number; variant: ChildTask['variant']; contenders: string[] }> = [
  { size: 1000, variant: 'full', contenders: ['jiaodui', 'jiaodui-into', 'jiaodui-js', 'ahocorasick', 'monyone', 'naive'] },
  { size: 20000, variant: 'full', contenders: ['jiaodui', 'jiaodui-into', 'jiaodui-js', 'ahocorasick', 'monyone'] },
  { size: 100000, variant: 'full', contenders: ['jiaodui', 'jiaodui-into', 'jiaodui-js', 'ahocorasick', 'monyone'] },
  { size: 1000, variant: 'flat', contenders: ['jiaodui', 'ahocorasick', 'mint-filter'] },
  { size: 20000, variant: 'flat', contenders: ['jiaodui', 'ahocorasick', 'mint-filter'] },
  { size: 100000, variant: 'flat', contenders: ['jiaodui', 'ahocorasick', 'mint-filter'] },
];

function runChild(task: ChildTask): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(task)], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildResult | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('message', (message) => {
      result = message as ChildResult;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result && code === 0) resolve(result);
      else reject(new Error(`${task.contender} on ${task.size}/${task.variant} exited with ${signal ?? code}`));
    });
  });
}

const fixed = (n: number | undefined, digits = 1): string => (n === undefined ? '—' : n.toFixed(digits));

async function main(): Promise<void> {
  const rows: string[] = [];
  const problems: string[] = [];
  const targets: string[] = [];
  for (const { size, variant, contenders } of PLAN) {
    const results: ChildResult[] = [];
    for (const contender of contenders) {
      const result = await runChild({ contender, size, variant });
      results.push(result);
      process.stderr.write(`${variant} ${size} ${result.name}: ${result.hits} hits, ${result.mbPerSecond.toFixed(1)} MB/s\n`);
    }
    const ours = results.find((r) => r.contender === 'jiaodui')!;
    const baseline = results.find((r) => r.contender === 'ahocorasick');
    for (const r of results) {
      const agrees = r.hits === ours.hits;
      if (!agrees) problems.push(`${r.name} on ${variant} ${size}: ${r.hits} hits, ours ${ours.hits}`);
      const ratio = baseline ? r.mbPerSecond / baseline.mbPerSecond : undefined;
      rows.push(
        `| ${variant} ${size / 1000}k (${r.terms} terms) | ${r.name} | ${r.hits}${agrees ? '' : ' ✗'} | ${fixed(r.buildCpuMs, 0)} (${fixed(r.buildMs, 0)}) | ` +
          `${agrees ? `${fixed(r.mbPerSecond)} (${fixed(r.wallMbPerSecond)})` : 'not timed'} | ${fixed(ratio)}x | ${fixed(r.heapBytesPerTerm)} | ` +
          `${fixed(r.heapAndBuffersBytesPerTerm)} | ${r.snapshotBytes === undefined ? '—' : (r.snapshotBytes / 1024).toFixed(0)} | ` +
          `${fixed(r.snapshotColdLoadMs, 2)} / ${fixed(r.snapshotLoadMs, 2)} |`,
      );
    }
    if (variant === 'full' && size >= 20000 && baseline) {
      // The callback API (the engine's hot path) and the buffer API, each against the same baseline.
      for (const r of results.filter((x) => x.contender === 'jiaodui' || x.contender === 'jiaodui-into')) {
        const ratio = r.mbPerSecond / baseline.mbPerSecond;
        targets.push(`${size / 1000}k ${r.name}: ${ratio.toFixed(1)}x ahocorasick (>= 35x) ${ratio >= 35 ? 'ok' : 'MISSED'}`);
        targets.push(`${size / 1000}k ${r.name}: ${r.mbPerSecond.toFixed(1)} MB/s (>= 150) ${r.mbPerSecond >= 150 ? 'ok' : 'MISSED'}`);
      }
    }
    if (variant === 'full' && size === 100000) {
      const ok = (b: boolean): string => (b ? 'ok' : 'MISSED');
      targets.push(`100k: build ${ours.buildCpuMs.toFixed(0)} ms CPU, ${ours.buildMs.toFixed(0)} ms wall (< 2000 CPU) ${ok(ours.buildCpuMs < 2000)}`);
      targets.push(`100k: snapshot load ${fixed(ours.snapshotColdLoadMs, 2)} ms cold (< 100) ${ok(ours.snapshotColdLoadMs! < 100)}`);
      targets.push(
        `100k: ${ours.heapAndBuffersBytesPerTerm.toFixed(1)} B/term heap + array buffers (< 60) ${ok(ours.heapAndBuffersBytesPerTerm < 60)}`,
      );
    }
  }
  console.log('| dictionary | contender | hits | build ms CPU (wall) | MB/s CPU (wall) | vs ahocorasick | heap B/term | heap+buffers B/term | snapshot KiB | snapshot load ms (cold / median) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('\nTargets (full dictionaries):');
  for (const t of targets) console.log(`- ${t}`);
  if (problems.length > 0) {
    console.error('\nHit counts disagree with jiaodui:');
    for (const p of problems) console.error(`- ${p}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
