/**
 * Cache model of the scan: `node --import tsx benchmarks/matcher/cache-model.ts [size]`.
 *
 * Replays `Matcher.scanString` on weicheng.utf8 with a seeded jieba dictionary (default 100k
 * words) and feeds every array read to two LRU set-associative caches, 32 KiB and 512 KiB,
 * 8-way, 64-byte lines (the L1d and L2 of the benchmark machine). Prints reads and misses per
 * code unit for each array, and how many cache lines the visited states occupy. The machine
 * has no hardware counters to read (perf reports them "not supported"), and its timings swing
 * with the neighbours; the model is deterministic, so layout ideas can be compared here before
 * they are timed (benchmarks/README.md, "Matcher").
 *
 * The replay mirrors the loop in src/core/matcher/matcher.ts and reads the matcher's private
 * arrays; change both together. It counts hits and fails if they differ from scanString's.
 * The text's own reads are left out: they stream (a new line every 32 units) and, modelled,
 * they push the automaton's misses at 100k words from 0.068 to 0.086 per unit.
 */
import { MatcherBuilder } from '../../src/core/matcher/index.js';
import { drawWords, loadText } from './corpus.js';

const LINE = 64;

class LruCache {
  private readonly sets: number;
  private readonly tags: Float64Array;
  private readonly used: Float64Array;
  private clock = 0;

  constructor(
    bytes: number,
    private readonly ways: number,
  ) {
    this.sets = bytes / LINE / ways;
    this.tags = new Float64Array(this.sets * ways).fill(-1);
    this.used = new Float64Array(this.sets * ways);
  }

  /** True on a hit; on a miss the least recently used way of the set takes the line. */
  read(line: number): boolean {
    const first = (line % this.sets) * this.ways;
    let victim = first;
    this.clock++;
    for (let w = first; w < first + this.ways; w++) {
      if (this.tags[w] === line) {
        this.used[w] = this.clock;
        return true;
      }
      if (this.used[w] < this.used[victim]) victim = w;
    }
    this.tags[victim] = line;
    this.used[victim] = this.clock;
    return false;
  }
}

interface Counts {
  reads: number;
  l1: number;
  l2: number;
}

/** The matcher's arrays (private fields, read for the model only). */
interface Internals {
  codeOf: Uint16Array;
  nodes: Int32Array;
  probe: Uint8Array;
  outputs: Int32Array;
}

function main(): void {
  const size = Number(process.argv[2] ?? 100000);
  const { text } = loadText();
  const matcher = new MatcherBuilder().build(drawWords(size));
  const { codeOf, nodes, probe, outputs } = matcher as unknown as Internals;

  // Each array gets its own address range; addresses are bytes.
  const region = { codeOf: 0, nodes: 1 << 28, probe: 2 << 28, outputs: 3 << 28 };
  const l1 = new LruCache(32 * 1024, 8);
  const l2 = new LruCache(512 * 1024, 8);
  const counts = new Map<string, Counts>();
  const read = (what: string, address: number): void => {
    let c = counts.get(what);
    if (!c) counts.set(what, (c = { reads: 0, l1: 0, l2: 0 }));
    c.reads++;
    const line = Math.floor(address / LINE);
    if (l1.read(line)) return;
    c.l1++;
    if (!l2.read(line)) c.l2++;
  };

  const rootBase = nodes[0];
  const visitedLines = new Set<number>();
  const visited = new Set<number>();
  let hits = 0;
  // Two passes: the first warms the caches, the second is counted.
  for (let pass = 0; pass < 2; pass++) {
    counts.clear();
    hits = 0;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      read('codeOf', region.codeOf + unit * 2);
      const c = codeOf[unit];
      if (c === 0) {
        s = 0;
        continue;
      }
      const low = c & 0xff;
      for (;;) {
        read('slot of the state', region.nodes + s * 16);
        const only = nodes[(s << 2) + 1] >>> 16;
        if (only === c) {
          s = nodes[s << 2] + c;
          break;
        }
        if (only === 0xffff) {
          const t = nodes[s << 2] + c;
          read('probe', region.probe + t);
          if (probe[t] === low) {
            read('slot of the child', region.nodes + t * 16);
            if ((nodes[(t << 2) + 1] & 0xffff) === c) {
              s = t;
              break;
            }
          }
        }
        if (s === 0) break;
        s = nodes[(s << 2) + 3];
        if (s === 0) {
          const t = rootBase + c;
          read('probe', region.probe + t);
          if (probe[t] === low) read('slot of a root child', region.nodes + t * 16);
          s = probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c ? t : 0;
          break;
        }
      }
      read('slot of the state', region.nodes + s * 16 + 8);
      visited.add(s);
      visitedLines.add(Math.floor((s * 16) / LINE));
      let o = nodes[(s << 2) + 2];
      if (o !== 0) {
        for (; o > 0; o = outputs[(o << 1) + 1]) {
          read('outputs', region.outputs + o * 8);
          hits++;
        }
        hits++;
      }
    }
  }
  let expected = 0;
  matcher.scanString(text, () => {
    expected++;
  });
  if (hits !== expected) throw new Error(`the model found ${hits} hits, scanString ${expected}: update the replay`);

  const units = text.length;
  const perUnit = (n: number): string => (n / units).toFixed(3);
  console.log(`${size} words, ${units} code units, ${hits} hits, ${JSON.stringify(matcher.stats())}`);
  console.log(`visited states: ${visited.size} in ${visitedLines.size} lines of 64 bytes`);
  console.log('| array | reads / unit | L1 misses / unit | L2 misses / unit |');
  console.log('|---|---:|---:|---:|');
  let l1Total = 0;
  let l2Total = 0;
  for (const [what, c] of counts) {
    l1Total += c.l1;
    l2Total += c.l2;
    console.log(`| ${what} | ${perUnit(c.reads)} | ${perUnit(c.l1)} | ${perUnit(c.l2)} |`);
  }
  console.log(`| total | | ${perUnit(l1Total)} | ${perUnit(l2Total)} |`);
}

main();
