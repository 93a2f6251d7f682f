/**
 * Paired A/B of two or more server builds under the same load:
 * `node --import tsx benchmarks/service/ab.ts <server.js>... [--rounds 5] [--seconds 5] [--rate N]`,
 * e.g. `dist/service/server.js` against a copy of an older `dist/` (the copy resolves its
 * packages through a `node_modules` link next to it). Every server gets the same environment
 * (`CACHE_BYTES=0` unless set, and whatever else is set, e.g. `WORKERS`) and the same
 * 3,000-character article; rounds alternate the order. Prints per build the median
 * requests/s at saturation (or, with `--rate`, p99 at that rate) and the median over rounds
 * of the paired ratio to the first build.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import autocannon from 'autocannon';

const REPORT = new URL('../../../shared/data/gov/jinzhong-government-websites-report.md', import.meta.url);

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

const rounds = option('--rounds', 5);
const seconds = option('--seconds', 5);
const rate = process.argv.includes('--rate') ? option('--rate', 0) : undefined;
const servers = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (servers.length === 0) throw new Error('usage: ab.ts <server.js>... [--rounds n] [--seconds n] [--rate n]');
if (!existsSync(REPORT)) {
  console.log('skipped: the Jinzhong report is absent (../shared/data)');
  process.exit(0);
}
const text = readFileSync(REPORT, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .join('\n')
  .slice(0, 3000);
const body = JSON.stringify({ text, ...(process.env.AB_PROFILE ? { profile: process.env.AB_PROFILE } : {}) });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

async function start(script: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(script)], {
    env: { CACHE_BYTES: '0', LOG_LEVEL: 'warn', ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return { child, url };
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${script} did not start`);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
const running = [];
for (const script of servers) running.push(await start(script));
const results = servers.map(() => [] as number[]);
try {
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < running.length; k++) {
      const b = (k + round) % running.length;
      const options = {
        url: `${running[b].url}/v1/check`,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        body,
        connections: 10,
        ...(rate === undefined ? {} : { overallRate: rate }),
      };
      if (round === 0) await autocannon({ ...options, duration: 2 });
      const result = await autocannon({ ...options, duration: seconds });
      if (result.errors > 0 || result.non2xx > 0) throw new Error(`${servers[b]}: ${result.errors} errors, ${result.non2xx} non-2xx`);
      results[b].push(rate === undefined ? result.requests.average : result.latency.p99);
    }
  }
} finally {
  for (const { child } of running) child.kill('SIGTERM');
}
const what = rate === undefined ? 'requests/s at saturation' : `p99 ms at ${rate} requests/s`;
console.log(`${rounds} rounds of ${seconds} s, ${what}; x = median paired ratio to the first build`);
for (let b = 0; b < servers.length; b++) {
  const ratio = median(results[b].map((value, r) => (rate === undefined ? value / results[0][r] : results[0][r] / value)));
  console.log(`${servers[b]}: ${median(results[b]).toFixed(1)} (x${ratio.toFixed(3)}) [${results[b].map((v) => v.toFixed(0)).join(' ')}]`);
}
process.exit(0);
