/**
 * `npm run bench:service`: autocannon against the proofreading service (the production
 * build, `dist/service/server.js`) and, in the same run, against a bare Fastify route that
 * only parses and echoes the same JSON. Reports requests/s, latency and the ratio to the
 * echo. Each server runs in its own process; answers are checked before anything is timed.
 *
 * Options (environment): BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createProofreader } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = `${ROOT}dist/service/server.js`;
const REPORT = fileURLToPath(new URL('../../../shared/data/gov/jinzhong-government-websites-report.md', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

if (!existsSync(SERVER)) {
  console.error(`${SERVER} is missing: run \`npm run build\` first`);
  process.exit(1);
}

/** A 3 KB article (UTF-8): the start of the Jinzhong report, or a stand-in when it is absent. */
function article(): string {
  const source = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '截止目前，全市政府网站运行平稳，信息发布及时准确。'.repeat(200);
  let text = '';
  for (const character of source) {
    if (Buffer.byteLength(text + character) > 3072) break;
    text += character;
  }
  return text;
}

interface Contender {
  name: string;
  command: string[];
  env: Record<string, string>;
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

interface Measured {
  name: string;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(name: string, url: string, body: string): Promise<Measured> {
  const options = { url: `${url}/v1/check`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: SECONDS });
  return { name, requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

const text = article();
const body = JSON.stringify({ text });
const expected = (await createProofreader()).check(text).findings;
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown cpu'}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
console.log(`article: ${text.length} characters, ${Buffer.byteLength(body)} bytes of JSON, ${expected.length} findings; ${CONNECTIONS} connections, ${SECONDS} s each\n`);

const service = (name: string, env: Record<string, string>): Contender => ({ name, command: [SERVER], env });
const contenders: Contender[] = [
  { name: 'echo', command: ['--import', 'tsx', 'benchmarks/service/echo-server.ts'], env: {} },
  service('service, cache off', { CACHE_BYTES: '0' }),
  service('service, cache off, all checks on workers', { CACHE_BYTES: '0', FAST_PATH_CHARS: '0' }),
  service('service, cache hits', {}),
];

const results: Measured[] = [];
let failed = false;
for (const contender of contenders) {
  const { child, url } = await start(contender);
  try {
    const response = await fetch(`${url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await response.json()) as { text?: string; findings?: unknown[] };
    const ok = contender.name === 'echo' ? answer.text === text : JSON.stringify(answer.findings) === JSON.stringify(expected);
    if (!ok) {
      console.error(`${contender.name}: wrong answer, not timed`);
      failed = true;
      continue;
    }
    results.push(await measure(contender.name, url, body));
  } finally {
    await stop(child);
  }
}

const echo = results.find((result) => result.name === 'echo');
console.log('| contender | requests/s | vs echo | p50 ms | p99 ms | errors | non-2xx |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const result of results) {
  const ratio = echo ? `${((100 * result.requests) / echo.requests).toFixed(0)}%` : '-';
  console.log(`| ${result.name} | ${result.requests.toFixed(0)} | ${ratio} | ${result.p50} | ${result.p99} | ${result.errors} | ${result.non2xx} |`);
  if (result.errors > 0 || result.non2xx > 0) failed = true;
}
const ratio = (name: string) => (echo ? (results.find((result) => result.name === name)?.requests ?? 0) / echo.requests : 0);
const off = results.find((result) => result.name === 'service, cache off');
console.log(`\ntargets: cache off >= 50% of echo: ${(ratio('service, cache off') * 100).toFixed(0)}%; p99 < 25 ms: ${off?.p99 ?? '-'} ms; cache hits >= 90% of echo: ${(ratio('service, cache hits') * 100).toFixed(0)}%`);
process.exit(failed ? 1 : 0);
