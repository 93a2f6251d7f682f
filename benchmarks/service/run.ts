/**
 * `npm run bench:service`: autocannon against the proofreading service (the production
 * build, `dist/service/server.js`) and, in the same run, against a bare Fastify route that
 * only parses and echoes the same JSON. Reports requests/s, latency and the ratio to the
 * echo. Each server runs in its own process; answers are checked before anything is timed.
 *
 * Options (environment): BENCH_SECONDS per measurement (default 10), BENCH_ROUNDS (default 3; each round also times the in-process bound and the
 * p99 at 80% of each all-checks server's own peak and of the echo's),
 * BENCH_CONNECTIONS (default 10), BENCH_ONLY (comma-separated substrings of contender names,
 * e.g. `hits,sensitive`: only those contenders run, plus the echo that ratios refer to;
 * default all), BENCH_RATE (requests/s: instead of saturating one server at a time, load all
 * of them at once at this rate each and compare CPU per request; see README.md), BENCH_BEFORE
 * (an older build's server.js, run as one more all-checks contender: before/after in one run).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = `${ROOT}dist/service/server.js`;
const REPORT = fileURLToPath(new URL('../../../shared/data/gov/jinzhong-government-websites-report.md', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

if (!existsSync(SERVER)) {
  console.error(`${SERVER} is missing: run \`npm run build\` first`);
  process.exit(1);
}

/** Characters in the benchmark's article: a typical news page (about 9 KB of UTF-8). */
const ARTICLE_CHARS = 3000;

/**
 * About 3,000 characters of real official prose: the Jinzhong report's paragraphs (headings
 * and list markers left out), whole sentences, none twice (a repeated sentence would make the
 * repetition check dearer than on a real page). It holds a real usage error (截止目前).
 */
function article(): string | undefined {
  if (!existsSync(REPORT)) return undefined;
  const paragraphs = readFileSync(REPORT, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('|') && !line.startsWith('---'))
    .map((line) => line.replace(/^([-*]|\d+[.、])\s*/, ''));
  const seen = new Set<string>();
  const kept: string[] = [];
  let length = 0;
  for (const paragraph of paragraphs) {
    let text = '';
    for (const sentence of paragraph.match(/[^。！？；]+[。！？；]?/g) ?? []) {
      if (seen.has(sentence) || length + text.length + sentence.length > ARTICLE_CHARS) continue;
      seen.add(sentence);
      text += sentence;
    }
    if (text === '') continue;
    kept.push(text);
    length += text.length + 1;
  }
  return kept.join('\n');
}

interface Contender {
  name: string;
  command: string[];
  env: Record<string, string>;
  /** The request body, when not the plain `{ text }` article. */
  body?: string;
}

/** A port nobody listens on now (the servers are told which port to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function start(contender: Contender): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, contender.command, {
    cwd: ROOT,
    // Request logging off (warn) for the service, as the echo has none.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...contender.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const probe = contender.name === 'echo' ? `${url}/` : `${url}/readyz`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${contender.name} exited with ${child.exitCode}`);
    const up = await fetch(probe).then((response) => contender.name === 'echo' || response.ok, () => false);
    if (up) return { child, url };
    if (i > 1200) throw new Error(`${contender.name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * CPU seconds (user + system) a process has used, from /proc; NaN elsewhere. All threads, or
 * with `mainThread` only the thread that runs the event loop (it bounds requests/s when
 * checks run elsewhere).
 */
function cpuSeconds(pid: number | undefined, mainThread = false): number {
  try {
    const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Measured {
  name: string;
  requests: number;
  /** Server CPU time per request, in microseconds: independent of what else the machine runs. */
  cpuPerRequest: number;
  /** The same, event-loop thread only. */
  mainCpuPerRequest: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Paced load only: p99 of how late the generator sent its requests, ms. */
  lateP99?: number;
}

/**
 * Open-loop load at `rate` requests/s, evenly spaced, for `seconds`: a request is sent when
 * it is due whether or not earlier ones have been answered (up to 256 connections), and its
 * latency counts from when it was due, so a stall shows in every request it delays.
 * autocannon's rate limit is not this: each connection sends back to back until it has made
 * its share of the second, then waits for the next second, so "80% load" is saturation for
 * most of every second (its p99 at 80% is its p99 at saturation).
 */
async function paced(url: string, body: string, rate: number, seconds: number): Promise<{ p50: number; p99: number; errors: number; lateP99: number }> {
  const pool = new Pool(url, { connections: 256, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  /** How late each request left (the generator's own lag: a busy machine delays its timers). */
  const late: number[] = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      for (; sent < total && started + (sent * 1000) / rate <= now; sent++) {
        const due = started + (sent * 1000) / rate;
        late.push(now - due);
        inFlight.push(
          pool
            .request({ path: '/v1/check', method: 'POST', headers: { 'content-type': 'application/json' }, body })
            .then(async (response) => {
              await response.body.dump();
              if (response.statusCode !== 200) errors++;
              latencies.push(performance.now() - due);
            })
            .catch(() => {
              errors++;
            }),
        );
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  await pool.close();
  const at = (values: number[], q: number): number => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;
  return { p50: at(latencies, 0.5), p99: at(latencies, 0.99), errors, lateP99: at(late, 0.99) };
}

/** Saturation with CONNECTIONS connections, or `overallRate` requests/s in all (below saturation, for latency). */
async function measure(name: string, url: string, body: string, pid: number | undefined, overallRate?: number): Promise<Measured> {
  const options = {
    url: `${url}/v1/check`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    ...(overallRate === undefined ? {} : { overallRate }),
  };
  await autocannon({ ...options, duration: 2 });
  const cpuBefore = cpuSeconds(pid);
  const mainCpuBefore = cpuSeconds(pid, true);
  const result = await autocannon({ ...options, duration: SECONDS });
  const cpuPerRequest = ((cpuSeconds(pid) - cpuBefore) / result.requests.total) * 1e6;
  const mainCpuPerRequest = ((cpuSeconds(pid, true) - mainCpuBefore) / result.requests.total) * 1e6;
  return { name, requests: result.requests.average, cpuPerRequest, mainCpuPerRequest, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

const articleText = article();
if (articleText === undefined) {
  console.log(`skipped: ${REPORT} is absent (../shared/data); the benchmark needs its 3,000 characters of real official prose`);
  process.exit(0);
}
const text: string = articleText;
// The library as shipped, the same build as the server's (src may be mid-edit).
const { createProofreader } = (await import(pathToFileURL(`${ROOT}dist/index.js`).href)) as typeof import('../../src/index.js');
const body = JSON.stringify({ text });
const proofreader = await createProofreader();
const expected = proofreader.check(text).findings;
const sensitiveBody = JSON.stringify({ text, profile: 'sensitive-only' });
const expectedSensitive = proofreader.check(text, { checks: ['sensitive'] }).findings;
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown cpu'}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
console.log(`article: ${text.length} characters, ${Buffer.byteLength(body)} bytes of JSON, ${expected.length} findings; ${CONNECTIONS} connections, ${SECONDS} s each`);

/** CPU µs of one `check()` of the article in this process: what a request costs before any HTTP. */
function libraryCpu(options: Parameters<typeof proofreader.check>[1]): number {
  for (let i = 0; i < 30; i++) proofreader.check(text, options);
  const runs = 300;
  const before = process.cpuUsage();
  for (let i = 0; i < runs; i++) proofreader.check(text, options);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / runs;
}
const libraryAll = libraryCpu(undefined);
const librarySensitive = libraryCpu({ checks: ['sensitive'] });
// Two cores at 100% on the check alone, before parsing or answering a single request.
console.log(
  `library check() of the article, one thread: ${libraryAll.toFixed(0)} µs CPU with all checks, ${librarySensitive.toFixed(0)} µs sensitive-only; ` +
    `2 cores of check alone bound the service at ${Math.round(2e6 / libraryAll)} articles/s with all checks\n`,
);

const BOUND_WORKER = fileURLToPath(new URL('./bound-worker.mjs', import.meta.url));
const CORES = Number(process.env.WORKERS ?? os.availableParallelism());

/**
 * The in-process bound: one library instance per core (worker threads, as the service's
 * pool), all checking the article in a loop at once for `seconds`; articles/s of all of them.
 * Cores share memory bandwidth and caches, so this is less than cores × one thread.
 */
async function inProcessBound(seconds: number): Promise<number> {
  const workers = Array.from({ length: CORES }, () => new Worker(BOUND_WORKER, { workerData: { text, seconds, warmupSeconds: 2, library: `${ROOT}dist/index.js` } }));
  try {
    await Promise.all(workers.map((worker) => new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject))));
    const results = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<{ checks: number; ms: number }>((resolve, reject) => {
            worker.once('message', resolve).once('error', reject);
            worker.postMessage('go');
          }),
      ),
    );
    return results.reduce((sum, { checks, ms }) => sum + (checks / ms) * 1000, 0);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

const service = (name: string, env: Record<string, string>): Contender => ({ name, command: [SERVER], env });
const allContenders: Contender[] = [
  { name: 'echo', command: ['--import', 'tsx', 'benchmarks/service/echo-server.ts'], env: {} },
  service('service, cache off', { CACHE_BYTES: '0' }),
  service('service, cache off, all checks on workers', { CACHE_BYTES: '0', FAST_PATH_CHARS: '0' }),
  service('service, cache hits', {}),
  // The service's own overhead: the same article with the cheapest profile (dictionary
  // lookups only), cache off.
  { ...service('service, cache off, sensitive-only', { CACHE_BYTES: '0' }), body: sensitiveBody },
  // BENCH_BEFORE=<an older build's dist/service/server.js>: the same, before a change, in this run.
  ...(process.env.BENCH_BEFORE ? [{ name: 'before: service, cache off', command: [process.env.BENCH_BEFORE], env: { CACHE_BYTES: '0' } }] : []),
];
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim()).filter((part) => part !== '');
// The echo always runs (first): every ratio is to it.
const contenders = only === undefined || only.length === 0
  ? allContenders
  : allContenders.filter((contender, index) => index === 0 || only.some((part) => contender.name.includes(part)));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** JSON with every object's keys sorted: the service writes findings' fields in its schema's order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** Starts a contender, checks its answer, then keeps it up for all rounds. */
async function prepare(contender: Contender): Promise<{ child: ChildProcess; url: string }> {
  const started = await start(contender);
  const response = await fetch(`${started.url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: contender.body ?? body });
  const answer = (await response.json()) as { text?: string; findings?: unknown[] };
  const want = contender.body === sensitiveBody ? expectedSensitive : expected;
  const ok = contender.name === 'echo' ? answer.text === text : canonical(answer.findings) === canonical(want);
  if (!ok) {
    await stop(started.child);
    throw new Error(`${contender.name}: wrong answer, nothing timed:\n${JSON.stringify(answer.findings ?? answer)}\nthe library says:\n${JSON.stringify(want)}`);
  }
  return started;
}

const RATE = process.env.BENCH_RATE === undefined ? undefined : Number(process.env.BENCH_RATE);

/**
 * One round at a fixed rate: every contender loaded at once, `RATE` requests/s each, so that
 * whatever else the machine runs weighs on all of them alike; CPU per request, not requests/s,
 * is the result. Below saturation a server also pays for waking up per request, alike for all.
 */
async function measureAtRate(running: Array<{ contender: Contender; child: ChildProcess; url: string }>): Promise<Measured[]> {
  const before = running.map(({ child }) => [cpuSeconds(child.pid), cpuSeconds(child.pid, true)]);
  const results = await Promise.all(
    running.map(({ contender, url }) =>
      autocannon({ url: `${url}/v1/check`, method: 'POST', headers: { 'content-type': 'application/json' }, body: contender.body ?? body, connections: CONNECTIONS, overallRate: RATE, duration: SECONDS }),
    ),
  );
  return running.map(({ contender, child }, i) => {
    const result = results[i];
    const perRequest = (seconds: number) => (seconds / result.requests.total) * 1e6;
    return {
      name: contender.name,
      requests: result.requests.average,
      cpuPerRequest: perRequest(cpuSeconds(child.pid) - before[i][0]),
      mainCpuPerRequest: perRequest(cpuSeconds(child.pid, true) - before[i][1]),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  });
}

// All servers stay up; the rounds interleave them so that drifting background load on a
// shared machine hits every contender alike. Each round's ratio is to that round's echo.
const running: Array<{ contender: Contender; child: ChildProcess; url: string }> = [];
const rounds: Measured[][] = [];
/** Per round: the in-process bound (articles/s), and p99 at 80% of each server's own peak. */
const bounds: number[] = [];
/**
 * The 1-minute load average before any contender started: above the core count, other
 * processes compete with the bound's threads and the service's alike, and the ratios do not
 * measure the targets (the benchmark's own load, a server and its load generator, comes on top).
 */
const loadBefore = os.loadavg()[0];
const loaded: Array<Map<string, Measured>> = [];
/** Contenders whose p99 at 80% of their own peak is measured: the all-checks paths and the echo. */
const AT_80 = (name: string): boolean =>
  name === 'echo' || name === 'service, cache off' || name === 'service, cache off, all checks on workers' || name === 'before: service, cache off';
let failed = false;
try {
  for (const contender of contenders) running.push({ contender, ...(await prepare(contender)) });
  if (RATE !== undefined) await measureAtRate(running); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    if (RATE !== undefined) {
      rounds.push(await measureAtRate(running));
      continue;
    }
    // The servers are idle meanwhile (up, but no load).
    bounds.push(await inProcessBound(SECONDS));
    const measured: Measured[] = [];
    for (const { contender, url, child } of running) measured.push(await measure(contender.name, url, contender.body ?? body, child.pid));
    rounds.push(measured);
    const at80 = new Map<string, Measured>();
    for (const [i, { contender, url, child }] of running.entries()) {
      if (!AT_80(contender.name)) continue;
      const offered = Math.round(0.8 * measured[i].requests);
      await paced(url, contender.body ?? body, offered, 1); // warm-up
      const latency = await paced(url, contender.body ?? body, offered, SECONDS);
      at80.set(contender.name, { ...measured[i], requests: offered, p50: latency.p50, p99: latency.p99, errors: latency.errors, non2xx: 0, lateP99: latency.lateP99 });
    }
    loaded.push(at80);
  }
} finally {
  for (const { child } of running) await stop(child);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
if (RATE !== undefined) {
  console.log(`all contenders at once, ${RATE} requests/s each, ${ROUNDS} rounds\n`);
  console.log('| contender | main-thread CPU µs/request | vs echo (median of paired rounds) | server CPU µs/request | p99 ms | errors | non-2xx |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (let i = 0; i < contenders.length; i++) {
    const runs = rounds.map((measured) => measured[i]);
    const delta = median(rounds.map((measured) => measured[i].mainCpuPerRequest - measured[0].mainCpuPerRequest));
    const errors = runs.reduce((sum, run) => sum + run.errors, 0);
    const non2xx = runs.reduce((sum, run) => sum + run.non2xx, 0);
    console.log(
      `| ${contenders[i].name} | ${median(runs.map((run) => run.mainCpuPerRequest)).toFixed(0)} | ${delta >= 0 ? '+' : ''}${delta.toFixed(1)} | ${median(runs.map((run) => run.cpuPerRequest)).toFixed(0)} | ${median(runs.map((run) => run.p99))} | ${errors} | ${non2xx} |`,
    );
    if (errors > 0 || non2xx > 0) failed = true;
  }
  console.log(`\nload average after: ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  process.exit(failed ? 1 : 0);
}
console.log('| contender | requests/s (median) | vs echo (median of rounds) | p50 ms | p99 ms | server CPU µs/request | echo CPU / this CPU | main-thread CPU µs/request | errors | non-2xx |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const summary = new Map<string, { ratio: number; p99: number }>();
for (let i = 0; i < contenders.length; i++) {
  const runs = rounds.map((measured) => measured[i]);
  const ratio = median(rounds.map((measured) => measured[i].requests / measured[0].requests));
  const p99 = median(runs.map((run) => run.p99));
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  const non2xx = runs.reduce((sum, run) => sum + run.non2xx, 0);
  const cpu = median(runs.map((run) => run.cpuPerRequest));
  const cpuRatio = median(rounds.map((measured) => measured[0].cpuPerRequest / measured[i].cpuPerRequest));
  const mainCpu = median(runs.map((run) => run.mainCpuPerRequest));
  summary.set(contenders[i].name, { ratio, p99 });
  console.log(
    `| ${contenders[i].name} | ${median(runs.map((run) => run.requests)).toFixed(0)} | ${(ratio * 100).toFixed(0)}% | ${median(runs.map((run) => run.p50))} | ${p99} | ${cpu.toFixed(0)} | ${(cpuRatio * 100).toFixed(0)}% | ${mainCpu.toFixed(0)} | ${errors} | ${non2xx} |`,
  );
  if (errors > 0 || non2xx > 0) failed = true;
}
const spread = (values: number[]): string => `${Math.round(Math.min(...values) * 100)}-${Math.round(Math.max(...values) * 100)}%`;
const pct = (value: number): string => `${Math.round(value * 100)}%`;
const index = (name: string): number => contenders.findIndex((contender) => contender.name === name);
console.log(
  `\nin-process bound (${CORES} worker threads, each check() in a loop): ${bounds.map((bound) => bound.toFixed(0)).join(' / ')} articles/s by round`,
);
console.log('\np99 at 80% of each server\'s own peak (requests/s of that round), open-loop paced load (undici, evenly spaced):\n');
console.log('| contender | requests/s offered | p50 ms | p99 ms (median of rounds) | p99 over the echo\'s, ms (median of paired rounds) | generator lag p99 ms |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const name of contenders.map((contender) => contender.name).filter(AT_80)) {
  const runs = loaded.map((round) => round.get(name)!);
  const over = loaded.map((round) => round.get(name)!.p99 - round.get('echo')!.p99);
  console.log(
    `| ${name} | ${median(runs.map((run) => run.requests)).toFixed(0)} | ${median(runs.map((run) => run.p50)).toFixed(1)} | ${median(runs.map((run) => run.p99)).toFixed(1)} | ${median(over).toFixed(1)} | ${median(runs.map((run) => run.lateP99 ?? 0)).toFixed(1)} |`,
  );
  if (runs.some((run) => run.errors > 0 || run.non2xx > 0)) failed = true;
}
console.log('\ntargets:');
/** A paced run whose generator sent late measured the generator, not the server. */
const GENERATOR_LAG_LIMIT_MS = 5;
const busy = loadBefore > CORES;
const busyNote = busy
  ? ` (machine busy: load average ${loadBefore.toFixed(1)} on ${CORES} cores before the run, so the bound's ${CORES} threads and the service's ${CORES} + 1 shared the cores with other processes)`
  : '';
const offIndex = index('service, cache off');
if (offIndex >= 0) {
  const ofBound = rounds.map((measured, round) => measured[offIndex].requests / bounds[round]);
  const pairs = loaded.map((round) => [round.get('service, cache off')!, round.get('echo')!] as const);
  const valid = pairs.filter(([service, echo]) => (service.lateP99 ?? 0) <= GENERATOR_LAG_LIMIT_MS && (echo.lateP99 ?? 0) <= GENERATOR_LAG_LIMIT_MS);
  console.log(`- all checks, cache off: ${pct(median(ofBound))} of the in-process bound (>= 80%; rounds ${spread(ofBound)}) ${busy ? 'NOT MEASURED' : median(ofBound) >= 0.8 ? 'ok' : 'MISSED'}${busyNote}`);
  if (valid.length === 0) {
    console.log(`- all checks, cache off: p99 at 80% of its peak over the echo's: NOT MEASURED (the load generator sent late, over ${GENERATOR_LAG_LIMIT_MS} ms at p99, in every round)`);
  } else {
    const overEcho = median(valid.map(([service, echo]) => service.p99 - echo.p99));
    console.log(`- all checks, cache off: p99 at 80% of its peak ${overEcho.toFixed(1)} ms over the echo's at 80% of its peak (<= 25 ms; ${valid.length} of ${pairs.length} rounds with the generator on time) ${overEcho <= 25 ? 'ok' : 'MISSED'}`);
  }
}
for (const [name, goal, label] of [
  ['service, cache off, sensitive-only', 0.5, 'sensitive-only, cache off'],
  ['service, cache hits', 0.9, 'cache hits'],
] as const) {
  const i = index(name);
  if (i < 0) continue;
  const ratios = rounds.map((measured) => measured[i].requests / measured[0].requests);
  console.log(`- ${label}: ${pct(median(ratios))} of the echo (>= ${pct(goal)}; rounds ${spread(ratios)}) ${median(ratios) >= goal ? 'ok' : 'MISSED'}${busy ? ' (machine busy)' : ''}`);
}
console.log(`load average after: ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
process.exit(failed ? 1 : 0);
