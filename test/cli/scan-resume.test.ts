import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { JobStore } from '../../src/scan/job-store.js';
import { CLI, archive, readJson, run } from '../helpers/scan-cli.js';

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
