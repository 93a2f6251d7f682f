/**
 * Throughput of Normalizer.normalize on a real Chinese novel (weicheng.utf8, ~730 KB).
 *
 *   node --import tsx benchmarks/normalize.ts [file]
 *
 * MB/s counts UTF-8 bytes of input. Before timing, the script checks the answer: the normalized
 * text must equal normalizeTerm() of the same input and every offset must point into the input.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Normalizer, type NormalizeOptions } from '../src/core/normalize/index.js';

const file = process.argv[2] ?? 'node_modules/nodejieba/submodules/cppjieba/test/testdata/weicheng.utf8';
const text = readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(text, 'utf8');

function check(normalizer: Normalizer): number {
  const result = normalizer.normalize(text);
  if (result.toString() !== normalizer.normalizeTerm(text)) throw new Error('normalize and normalizeTerm disagree');
  for (let i = 0; i < result.length; i++) {
    const start = result.origStart[i];
    const end = result.origEnd[i];
    if (!(start >= 0 && start < end && end <= text.length)) throw new Error(`bad offsets at unit ${i}`);
  }
  return result.length;
}

/**
 * Best and median of several batches, by wall clock and by CPU time of this process: the machine
 * may be shared, and CPU time is less disturbed by other processes than the wall clock.
 */
function measure(label: string, options: Partial<NormalizeOptions>): void {
  const normalizer = new Normalizer(options);
  const units = check(normalizer);
  for (let i = 0; i < 50; i++) normalizer.normalize(text);
  const wall: number[] = [];
  const cpu: number[] = [];
  const rounds = 40;
  for (let batch = 0; batch < 15; batch++) {
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) normalizer.normalize(text);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpuStarted);
    wall.push((bytes * rounds) / seconds / 1e6);
    cpu.push((bytes * rounds) / ((used.user + used.system) / 1e6) / 1e6);
  }
  const summary = (mbs: number[]): string => {
    mbs.sort((a, b) => b - a);
    return `best ${mbs[0].toFixed(0).padStart(4)}, median ${mbs[Math.floor(mbs.length / 2)].toFixed(0).padStart(4)} MB/s`;
  };
  console.log(`${label.padEnd(12)} wall: ${summary(wall)}   cpu: ${summary(cpu)}   (${text.length} -> ${units} units)`);
}

console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}`);
console.log(`${file}: ${bytes} bytes UTF-8, ${text.length} UTF-16 units`);
measure('all options', {});
measure('no options', { width: false, case: false, compatibility: false, traditional: false, noise: false });
measure('noise only', { width: false, case: false, compatibility: false, traditional: false, noise: true });
