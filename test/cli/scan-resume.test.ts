import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { JobStore } from '../../src/scan/job-store.js';

/** The CLI as a user runs it, under tsx (no build needed). */
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SENTENCES = [
  '截止目前，全市网站要按步就班地完成集约化建设。',
  '各单位要再接再励，取得更大成绩。',
  '市政府召开常务会议，研究部署下一阶段重点工作。',
  '坚持以人民为中心的发展思想，切实保障和改善民生。',
  '严厉打击网络赌场等违法犯罪活动。',
  '加快推进政务服务一网通办，提升群众办事便利度。',
];

/** An archive of `pages` small pages over two sites and three columns, with typos here and there. */
function archive(pages: number): string {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-cli-scan-'));
  for (let i = 0; i < pages; i++) {
    const site = i % 2 === 0 ? 'gov-a' : 'gov-b';
    const column = ['news', 'notice', 'policy'][i % 3]!;
    mkdirSync(join(root, site, column), { recursive: true });
    const body = Array.from({ length: 4 }, (_, k) => SENTENCES[(i * 7 + k * 3) % SENTENCES.length]).join('');
    writeFileSync(join(root, site, column, `${String(i).padStart(5, '0')}.html`), `<html><head><meta charset="utf-8"></head><body><h1>第${i}号通知</h1><p>${body}</p></body></html>`);
  }
  writeFileSync(join(root, 'gov-a', 'news', 'broken.txt'), Buffer.from([0xe4, 0xb8]));
  return root;
}

type JsonReport = { findings: Array<Record<string, unknown>>; problems: unknown[]; job: { id: number; state: string } };

function readJson(file: string): JsonReport {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
}

t.test('kill -9 mid-job, then the same command finishes the job; the report equals an uninterrupted run', async (t) => {
  const root = archive(1500);
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-cli-db-'));
  const clean = join(dir, 'clean.db');
  const killed = join(dir, 'killed.db');
  // The report is written by the scan itself at the end (--format/--out): no extra process.
  const args = (db: string) => ['scan', root, '--db', db, '--workers', '1', '--progress-interval', '50', '--fail-on', 'warning', '--format', 'json', '--out', `${db}.json`];

  const uninterrupted = run(args(clean));
  t.equal(uninterrupted.code, 1, `findings at or above warning (exit 1): ${uninterrupted.stderr.slice(-500)}`);
  t.match(uninterrupted.stderr, /scan: new job 1 finished/);
  const expected = readJson(`${clean}.json`);
  t.ok(expected.findings.length > 1000, `${expected.findings.length} findings`);

  // Kill the second run once it has checked some documents but is far from done.
  const child = spawn(process.execPath, [...CLI, ...args(killed)], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  const killedAt = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const done = [...stderr.matchAll(/(\d+) docs \(/g)].map((match) => Number(match[1]));
      const latest = done.at(-1) ?? 0;
      if (latest >= 300 && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        resolve(latest);
      }
    });
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? undefined : reject(new Error(`scan ended (${code}) before it could be killed: ${stderr.slice(-500)}`))));
  });
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  t.equal(child.signalCode, 'SIGKILL');
  const partial = new JobStore(killed, { readonly: true });
  const job = partial.latestJob()!;
  const stored = partial.documentCount(job.id).documents;
  partial.close();
  t.equal(job.state, 'running', 'the job was left unfinished');
  t.ok(stored > 0 && stored < 1500, `killed after ${killedAt} documents, ${stored} stored`);

  const resumed = run(args(killed));
  t.equal(resumed.code, 1, resumed.stderr.slice(-500));
  t.match(resumed.stderr, new RegExp(`scan: resumed job ${job.id} finished`));
  t.match(resumed.stdout, /job 1: 1500 documents \(1500 checked, 0 unchanged since job -, 0 failed\)/);
  const actual = readJson(`${killed}.json`);
  t.equal(actual.job.state, 'finished');
  t.equal(actual.findings.length, expected.findings.length);
  t.same(actual.findings, expected.findings, 'the same findings, none lost or doubled');
  t.same(actual.problems, expected.problems);
  t.equal(actual.problems.length, 1, 'the broken page is reported once');
  const store = new JobStore(killed, { readonly: true });
  t.same(store.listJobs().map((j) => j.id), [job.id], 'no second job');
  t.equal(store.documentCount(job.id).documents, 1500);
  t.equal(store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM findings').get()!.n, expected.findings.length, 'no finding stored twice');
  store.close();
});
