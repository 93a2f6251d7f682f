/**
 * Link checking at scale: 50k links (500 pages x 100) to 3,000 distinct URLs on 200 loopback
 * hosts with 20 ms latency, checked by jiaodui's LinkChecker and by linkinator, each in its own
 * process against the same fixture process. Both must report the same broken URLs, or the run
 * fails. Reported: wall time against the politeness bound, requests per distinct URL, peak
 * requests in flight to one host.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FixtureInfo, FixtureStats } from './fixture.js';
import { LATENCY_MS } from './fixture.js';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** The next message of `child` that has `key`: its value, or the whole message with `whole`. */
function message<T>(child: ChildProcess, key: string, whole = false): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', onMessage);
        resolve((whole ? m : m[key]) as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before sending ${key}`)));
  });
}

interface ContenderResult {
  elapsedMs: number;
  broken: string[];
  findings: number;
  pagesReadMs?: number;
  reasons?: Record<string, number>;
  metrics?: Record<string, unknown>;
  politeness?: { perHost: number; minIntervalMs: number };
}

async function contender(script: string, info: FixtureInfo): Promise<ContenderResult> {
  const child = fork(here(script), [JSON.stringify(info)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = await message<ContenderResult>(child, 'elapsedMs', true).catch(async () => {
    throw new Error(`${script} failed`);
  });
  return result;
}

async function run(): Promise<void> {
  const fixture = fork(here('fixture.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  process.on('exit', () => fixture.kill());
  const info = await message<FixtureInfo>(fixture, 'info');
  const stats = async () => {
    fixture.send('stats');
    return message<FixtureStats>(fixture, 'stats');
  };
  const reset = async () => {
    fixture.send('reset');
    await message(fixture, 'reset');
  };
  console.log(`${info.links} links on ${info.pages.length} pages, ${info.distinctUrls} distinct URLs on 200 hosts, ${info.broken.length} broken, ${LATENCY_MS} ms latency`);
  const rows: Array<Record<string, string>> = [];
  let failed = false;
  for (const [name, script] of [['jiaodui', 'jiaodui.ts'], ['linkinator 7', 'linkinator.ts']] as const) {
    await reset();
    const result = await wrap(contender(script, info));
    const s = await stats();
    if (result === undefined) {
      failed = true;
      continue;
    }
    const correct = JSON.stringify(result.broken) === JSON.stringify([...info.broken].sort());
    if (!correct) {
      console.error(`${name}: reports ${result.broken.length} broken URLs, expected ${info.broken.length}${result.reasons ? ` (${JSON.stringify(result.reasons)})` : ''}`);
      failed = true;
    }
    const byHost = Object.values(s.perHost);
    // The politeness bound: the busiest host's requests, one start per min interval, plus one latency.
    const bound = result.politeness !== undefined ? (Math.max(...byHost) - 1) * result.politeness.minIntervalMs + LATENCY_MS : undefined;
    rows.push({
      contender: name,
      'time s': (result.elapsedMs / 1000).toFixed(2),
      'politeness bound s': bound !== undefined ? (bound / 1000).toFixed(2) : '-',
      'time / bound': bound !== undefined ? `x${(result.elapsedMs / bound).toFixed(2)}` : '-',
      requests: String(s.requests),
      'requests / distinct URL': (s.requests / info.distinctUrls).toFixed(3),
      'HEAD/GET': `${s.methods.HEAD ?? 0}/${s.methods.GET ?? 0}`,
      'peak in flight per host': String(s.peakPerHost),
      'broken found': `${result.broken.length}${correct ? '' : ' (WRONG)'}`,
    });
    if (result.metrics !== undefined) console.log(`${name} metrics: ${JSON.stringify(result.metrics)}`);
    if (result.pagesReadMs !== undefined) console.log(`${name}: all pages read and their links queued after ${(result.pagesReadMs / 1000).toFixed(2)} s`);
  }
  fixture.send('exit');
  console.table(rows);
  const [ours, peer] = rows;
  if (ours !== undefined && peer !== undefined) {
    console.log(`jiaodui / linkinator: time x${(Number(ours['time s']) / Number(peer['time s'])).toFixed(2)}, requests x${(Number(ours.requests) / Number(peer.requests)).toFixed(2)}`);
  }
  // The fixture child and its IPC channel would keep this process alive.
  fixture.kill();
  process.exit(failed ? 1 : 0);
}

async function wrap<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    console.error(String(error));
    return undefined;
  }
}

await run();
