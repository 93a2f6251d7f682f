import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { JobStore } from '../../src/scan/job-store.js';
import { startRedis } from '../helpers/redis.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const SENTENCES = ['截止目前，全市网站要按步就班地完成集约化建设。', '各单位要再接再励，取得更大成绩。', '市政府召开常务会议，研究部署下一阶段重点工作。', '加快推进政务服务一网通办。'];

const redis = await startRedis();
if ('skip' in redis) {
  t.comment(`skipping the distributed scan tests: ${redis.skip}`);
  t.pass('skipped: no redis-server');
} else {
  t.teardown(() => redis.stop());

  const root = mkdtempSync(join(tmpdir(), 'jiaodui-queue-'));
  for (let i = 0; i < 200; i++) {
    const column = ['news', 'notice'][i % 2]!;
    mkdirSync(join(root, 'gov', column), { recursive: true });
    writeFileSync(join(root, 'gov', column, `${String(i).padStart(4, '0')}.txt`), `第${i}号。${SENTENCES[i % 4]}${SENTENCES[(i + 1) % 4]}`);
  }
  // HTML pages with a URL (--base-url) get page-compliance findings, which need the URL on the worker too.
  for (let i = 0; i < 10; i++) {
    writeFileSync(join(root, 'gov', 'news', `page-${i}.html`), `<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="通知${i}"></head><body><p>${SENTENCES[i % 4]}</p></body></html>`);
  }
  const baseUrl = ['--base-url', 'https://www.example.gov.cn/'];

  /** A child process whose stderr is collected; `until` waits for a line matching a pattern. */
  function start(args: string[], env: Record<string, string> = {}) {
    const child: ChildProcess = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    const state = { stderr: '', stdout: '' };
    child.stderr!.on('data', (chunk: Buffer) => (state.stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => (state.stdout += chunk.toString()));
    const until = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const look = () => {
          const match = pattern.exec(state.stderr);
          if (match) {
            child.stderr!.off('data', look);
            child.off('exit', exited);
            resolve(match);
          }
        };
        const exited = (code: number | null) => reject(new Error(`process exited (${code}) before ${pattern}: ${state.stderr.slice(-800)}`));
        child.stderr!.on('data', look);
        child.once('exit', exited);
        look();
      });
    const exit = () => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
    return { child, state, until, exit };
  }

  t.test('a worker killed mid-chunk loses nothing and nothing is stored twice (real redis-server, BullMQ)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'jiaodui-queue-db-'));
    const embeddedDb = join(dir, 'embedded.db');
    const queuedDb = join(dir, 'queued.db');
    const queue = ['--queue', redis.url, '--queue-name', `test-${process.pid}`];

    // Worker A holds every chunk 20 s after checking it: it is certainly mid-chunk when killed.
    const slow = start(['worker', ...queue, '--workers', '1', '--concurrency', '1', '--lock-ms', '1500'], { JIAODUI_WORKER_CHUNK_DELAY_MS: '20000' });
    await slow.until(/worker: ready/);
    const scan = start(['scan', root, '--db', queuedDb, ...queue, ...baseUrl, '--chunk-size', '20', '--no-progress', '--format', 'json', '--out', `${queuedDb}.json`, '--fail-on', 'critical']);
    const [, chunkId] = await slow.until(/worker: chunk (\S+) started/);
    slow.child.kill('SIGKILL');
    await slow.exit();
    t.equal(slow.child.signalCode, 'SIGKILL', 'worker A killed mid-chunk');
    t.notMatch(slow.state.stderr, /chunk \S+ done/, 'worker A finished no chunk');

    const fast = start(['worker', ...queue, '--workers', '1', '--lock-ms', '1500']);
    t.teardown(() => {
      if (fast.child.exitCode === null) fast.child.kill('SIGKILL');
    });
    const code = await scan.exit();
    t.equal(code, 0, scan.state.stderr.slice(-800));
    t.match(scan.state.stdout, /job 1: 210 documents \(210 checked, 0 unchanged since job -, 0 failed\)/);
    t.match(fast.state.stderr, new RegExp(`worker: chunk ${chunkId} started`), "the killed worker's chunk was handed to the other worker");
    fast.child.kill('SIGTERM');
    t.equal(await fast.exit(), 0, 'worker B stops cleanly on SIGTERM');

    const embedded = spawnSync(process.execPath, [...CLI, 'scan', root, '--db', embeddedDb, ...baseUrl, '--workers', '0', '--no-progress', '--format', 'json', '--out', `${embeddedDb}.json`, '--fail-on', 'critical'], { encoding: 'utf8' });
    t.equal(embedded.status, 0, embedded.stderr);
    const expected = JSON.parse(readFileSync(`${embeddedDb}.json`, 'utf8')) as { findings: unknown[] };
    const actual = JSON.parse(readFileSync(`${queuedDb}.json`, 'utf8')) as { findings: unknown[] };
    t.ok(expected.findings.length >= 200, `${expected.findings.length} findings`);
    t.same(actual.findings, expected.findings, 'the distributed job found exactly what the embedded one did');
    t.ok((actual.findings as Array<{ type: string }>).some((finding) => finding.type === 'compliance'), 'page-compliance findings (they need the page URL) came back from the workers');
    const store = new JobStore(queuedDb, { readonly: true });
    const rows = store.db.prepare<[], { n: number; distinct_n: number }>(`SELECT count(*) AS n, count(DISTINCT input || char(0) || document || char(0) || start || char(0) || code || char(0) || message) AS distinct_n FROM findings`).get()!;
    t.equal(rows.n, expected.findings.length, 'no finding stored twice');
    t.equal(rows.distinct_n, rows.n);
    t.equal(store.documentCount(1).documents, 210);
    store.close();
  });
}
