/**
 * `npm run bench`: every benchmark, each in its own process so that one contender's heap
 * and JIT state cannot colour another's. Fails when any benchmark fails (including a
 * contender reporting different answers).
 */
import { spawnSync } from 'node:child_process';

const BENCHMARKS = ['benchmarks/matcher/run.ts', 'benchmarks/normalize.ts', 'benchmarks/pipeline.ts', 'benchmarks/sentences.ts', 'benchmarks/sites/memory.ts', 'benchmarks/links/run.ts', 'benchmarks/scan/run.ts', 'benchmarks/lexicon/import.ts'];

console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores (${(await import('node:os')).cpus()[0]?.model ?? 'unknown cpu'})`);
let failed = false;
for (const script of BENCHMARKS) {
  console.log(`\n## ${script}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${script} failed with exit code ${result.status}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
