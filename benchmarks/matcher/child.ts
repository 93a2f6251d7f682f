/**
 * One contender, one dictionary, one process: `node --import tsx --expose-gc child.ts <json>`.
 * Builds, counts hits (checked by the parent before timings are trusted), times the search,
 * and sends one result back over IPC.
 */
import { performance, PerformanceObserver } from 'node:perf_hooks';
import type { Contender } from './contenders/contender.js';
import { dictionary, loadText, type TextKind, type Variant } from './corpus.js';

export interface ChildTask {
  contender: string;
  size: number;
  variant: Variant;
  /** Which text is searched (corpus.ts); `novel` when absent. */
  text?: TextKind;
}

export interface ChildResult extends ChildTask {
  name: string;
  terms: number;
  hits: number;
  buildMs: number;
  buildCpuMs: number;
  /** UTF-8 megabytes (10^6 bytes) per second of CPU time, median run. */
  mbPerSecond: number;
  wallMbPerSecond: number;
  runs: number;
  heapBytesPerTerm: number;
  heapAndBuffersBytesPerTerm: number;
  snapshotBytes?: number;
  snapshotLoadMs?: number;
  snapshotColdLoadMs?: number;
  /**
   * V8 heap bytes one search allocates, divided by its hits: the heap growth over one search
   * during which no GC ran (median of up to 9 such searches), so transient objects count too.
   * Array buffers are left out (a contender's reused buffer is not per-search allocation).
   */
  heapBytesPerHit?: number;
  /** Heap bytes still held, after a full GC, while the search's result is kept, per hit. */
  keptBytesPerHit?: number;
}

const CONTENDERS: Record<string, () => Promise<Contender>> = {
  jiaodui: async () => (await import('./contenders/jiaodui.js')).contender as Contender,
  'jiaodui-js': async () => (await import('./contenders/jiaodui-js.js')).contender as Contender,
  'jiaodui-count': async () => (await import('./contenders/jiaodui-count.js')).contender as Contender,
  'jiaodui-findall': async () => (await import('./contenders/jiaodui-findall.js')).contender as Contender,
  'jiaodui-into': async () => (await import('./contenders/jiaodui-into.js')).contender as Contender,
  ahocorasick: async () => (await import('./contenders/ahocorasick.js')).contender as Contender,
  monyone: async () => (await import('./contenders/monyone.js')).contender as Contender,
  'mint-filter': async () => (await import('./contenders/mint-filter.js')).contender as Contender,
  naive: async () => (await import('./contenders/naive.js')).contender as Contender,
};

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function memory(): { heap: number; buffers: number } {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Heap bytes of one call of `search`: `allocated`, the heap growth over a call during which no
 * GC ran (GC entries arrive asynchronously, hence the pauses; median of up to 9 such calls),
 * transient objects included; `kept`, the growth from before the call to after a full GC
 * while its result is still held (what the caller holds on to).
 */
async function heapBytesPerSearch(search: () => unknown): Promise<{ allocated: number; kept: number }> {
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const allocated: number[] = [];
  const kept: number[] = [];
  for (let attempt = 0; attempt < 30 && allocated.length < 9; attempt++) {
    gc!();
    await pause();
    const seen = gcs;
    const before = process.memoryUsage().heapUsed;
    let result = search();
    const after = process.memoryUsage().heapUsed;
    await pause();
    if (gcs === seen) allocated.push(after - before);
    gc!();
    kept.push(process.memoryUsage().heapUsed - before);
    result = undefined;
  }
  observer.disconnect();
  return { allocated: allocated.length === 0 ? Number.NaN : median(allocated), kept: median(kept) };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as ChildTask;
  const contender = await CONTENDERS[task.contender]();
  const { text, utf8Bytes } = loadText(task.text ?? 'novel');
  const words = dictionary(task.size, task.variant);

  const before = memory();
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  let built: unknown = contender.build(words);
  const buildCpu = process.cpuUsage(startedCpu);
  const buildMs = performance.now() - started;
  const after = memory();

  const hits = contender.count(built, text);
  // Warm-up, then enough runs for ~2 s of search (at least 5, at most 21); median reported.
  // CPU time of this process, not wall time: the 2-core machine is shared, and a runnable
  // neighbour would otherwise count as our time. Wall time is reported next to it.
  const cpu: number[] = [];
  const wall: number[] = [];
  const deadline = performance.now() + 2000;
  for (let warm = 0; warm < 2; warm++) contender.count(built, text);
  while (cpu.length < 5 || (cpu.length < 21 && performance.now() < deadline)) {
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    contender.count(built, text);
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - w0);
    cpu.push((c.user + c.system) / 1000);
  }

  const result: ChildResult = {
    ...task,
    name: contender.name,
    terms: words.length,
    hits,
    buildMs,
    buildCpuMs: (buildCpu.user + buildCpu.system) / 1000,
    mbPerSecond: utf8Bytes / 1e6 / (median(cpu) / 1000),
    wallMbPerSecond: utf8Bytes / 1e6 / (median(wall) / 1000),
    runs: cpu.length,
    heapBytesPerTerm: (after.heap - before.heap) / words.length,
    heapAndBuffersBytesPerTerm:
      (after.heap + after.buffers + (contender.offHeapBytes?.(built) ?? 0) - before.heap - before.buffers) / words.length,
  };
  const heap = await heapBytesPerSearch(() => contender.search?.(built, text) ?? contender.count(built, text));
  result.heapBytesPerHit = heap.allocated / hits;
  result.keptBytesPerHit = heap.kept / hits;
  if (contender.snapshot) {
    const bytes = contender.snapshot.save(built);
    built = undefined;
    const loads: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const loaded = contender.snapshot.load(bytes);
      loads.push(performance.now() - t0);
      if (i === 0 && contender.count(loaded, text) !== hits) throw new Error('snapshot answers differ');
    }
    result.snapshotBytes = bytes.length;
    result.snapshotColdLoadMs = loads[0];
    result.snapshotLoadMs = median(loads);
  }
  process.send!(result);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
