/**
 * Same-process A/B of matcher builds:
 * `node --import tsx benchmarks/matcher/ab.ts <dir>... [--size 100000] [--rounds 31] [--text mixed]
 * [--kinds scanString,scanStringInto,count,findAll] [--reps 1]`.
 *
 * Each <dir> holds a copy of src/core/matcher (e.g. an older commit:
 * `mkdir -p scratch/base && git archive <rev> src/core/matcher | tar -x -C scratch/base`, then
 * `scratch/base/src/core/matcher`). All builds index the same seeded jieba dictionary and scan
 * weicheng.utf8 (or the mixed text of corpus.ts) in turns, `scanString` (counting callback) then
 * `scanStringInto` by default, or the listed kinds (`count`, `findAll`: the public path),
 * rotating the order every round; hit counts must agree. Prints the median MB/s of CPU time per build and
 * the median over rounds of (first build's time / this build's time): paired within a round,
 * that ratio is far less sensitive to the neighbours on a shared machine than either median
 * (an A/A pair stays within about 1 %; see benchmarks/README.md, "Matcher").
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { drawWords, loadText, type TextKind } from './corpus.js';

type MatcherModule = typeof import('../../src/core/matcher/index.js');
type Matcher = import('../../src/core/matcher/index.js').Matcher;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

function stringOption(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : process.argv[at + 1];
}

const KINDS = ['scanString', 'scanStringInto', 'count', 'findAll'] as const;
type Kind = (typeof KINDS)[number];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const size = option('--size', 100000);
  const rounds = option('--rounds', 31);
  const reps = option('--reps', 1);
  const dirs = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (dirs.length === 0) throw new Error('usage: ab.ts <matcher dir>... [--size n] [--rounds n]');
  const { text, utf8Bytes } = loadText(stringOption('--text', 'novel') as TextKind);
  const kinds = stringOption('--kinds', 'scanString,scanStringInto').split(',') as Kind[];
  for (const kind of kinds) if (!KINDS.includes(kind)) throw new Error(`unknown kind ${kind}; one of ${KINDS.join(', ')}`);
  const words = drawWords(size);
  const builds: Array<{ dir: string; matcher: Matcher }> = [];
  for (const dir of dirs) {
    const module = (await import(pathToFileURL(resolve(dir, 'index.ts')).href)) as MatcherModule;
    builds.push({ dir, matcher: new module.MatcherBuilder().build(words) });
  }

  const buffer = new Int32Array(1 << 20);
  const run = (matcher: Matcher, kind: Kind): number => {
    if (kind === 'scanStringInto') return matcher.scanStringInto(text, buffer);
    if (kind === 'count') return matcher.count(text);
    if (kind === 'findAll') return matcher.findAll(text).length;
    let hits = 0;
    matcher.scanString(text, () => {
      hits++;
    });
    return hits;
  };
  const expected = run(builds[0].matcher, 'scanString');
  for (let warm = 0; warm < 3; warm++) {
    for (const { dir, matcher } of builds) {
      for (const kind of kinds) {
        const hits = run(matcher, kind);
        if (hits !== expected) throw new Error(`${dir} ${kind}: ${hits} hits, first build ${expected}`);
      }
    }
  }

  const seconds = builds.map(() => Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<Kind, number[]>);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < builds.length; k++) {
      const b = (k + round) % builds.length;
      for (let q = 0; q < kinds.length; q++) {
        // Kinds rotate too, and each is timed over `reps` calls in a row, so that the GC its
        // garbage triggers mostly lands in its own time (findAll's objects), not a neighbour's.
        const kind = kinds[(q + round) % kinds.length];
        const start = process.cpuUsage();
        for (let rep = 0; rep < reps; rep++) run(builds[b].matcher, kind);
        const used = process.cpuUsage(start);
        seconds[b][kind].push((used.user + used.system) / 1e6 / reps);
      }
    }
  }

  console.log(`${size} words, ${rounds} rounds, ${text.length} units; MB/s CPU (median), x = paired speed-up against the first build`);
  for (let b = 0; b < builds.length; b++) {
    const cells = kinds.map((kind) => {
      const ratio = median(seconds[0][kind].map((base, r) => base / seconds[b][kind][r]));
      return `${kind} ${(utf8Bytes / 1e6 / median(seconds[b][kind])).toFixed(1)} (x${ratio.toFixed(3)})`;
    });
    console.log(`${builds[b].dir}: ${cells.join('  ')}`);
    const internal = kinds.filter((kind) => kind === 'scanString' || kind === 'scanStringInto');
    if (internal.length > 0) {
      // The public path against the faster internal scan of the same round (paired).
      const fastest = seconds[b][internal[0]].map((_, r) => Math.min(...internal.map((kind) => seconds[b][kind][r])));
      const shares = kinds
        .filter((kind) => kind === 'count' || kind === 'findAll')
        .map((kind) => `${kind} ${(100 * median(fastest.map((f, r) => f / seconds[b][kind][r]))).toFixed(0)}%`);
      if (shares.length > 0) console.log(`  of the fastest internal scan (paired, median): ${shares.join('  ')}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
