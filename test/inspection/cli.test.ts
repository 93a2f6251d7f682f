import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { JobStore, type StoredFinding } from '../../src/scan/job-store.js';
import { loadInspectionConfigs } from '../../src/inspection/load.js';

/** `jiaodui readiness` as a user runs it (under tsx), against a store and SITES_DIR in a temporary folder. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SITE = 'https://www.sxjz.gov.cn';

/** A loopback webhook receiver: records each delivery, answers with `status(n)` for the n-th. */
async function receiver(t: Test, status: (n: number) => number) {
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (c: Buffer) => (body += c.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(status(received.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { received, hook: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

t.test('readiness command: JSON summary, exit code, alerts to a loopback webhook', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-readiness-'));
  const db = join(dir, 'scan.db');
  const store = new JobStore(db);
  for (const [i, finishedAt] of ['2024-03-01T04:00:00Z', '2024-03-12T04:00:00Z'].entries()) {
    const job = store.createJob({ scope: 's', inputs: ['x'], options: {}, dictionaryVersion: 'v', previousJob: null, full: true });
    const finding: StoredFinding = { type: 'secrecy', category: 'marking', code: 'secrecy.marking', severity: 'critical', rule: 'secrecy:star', start: 0, end: 5, match: '秘密★一年', suggestions: [], message: 'm', contextBefore: '', contextAfter: '' };
    store.putChecked(job.id, { input: 'x', document: 'a.html', site: 'city', column: '要闻动态', url: `${SITE}/ywdt/a.html`, published: '2024-02-28', contentHash: 'h', dictionaryVersion: 'v', bytes: 1 }, i === 1 ? [finding] : []);
    store.finishJob(job.id);
    store.db.prepare('UPDATE jobs SET finished_at = ? WHERE id = ?').run(finishedAt, job.id);
  }
  store.close();

  const { received, hook } = await receiver(t, (n) => (n === 1 ? 503 : 200));

  const sites = join(dir, 'sites');
  mkdirSync(join(sites, 'city'), { recursive: true });
  writeFileSync(
    join(sites, 'city', 'inspection.json'),
    JSON.stringify({ columns: [{ name: '要闻动态', type: 'news' }, { name: '政策文件', type: 'policy' }], alerts: { webhook: hook, secretEnv: 'CITY_ALERT_SECRET' } }),
  );
  const configs = await loadInspectionConfigs(sites);
  t.same([...configs.sites.keys()], ['city']);

  const log = join(dir, 'alerts.log');
  const result = await run(['readiness', '--db', db, '--sites', sites, '--alert', '--alert-log', log], { CITY_ALERT_SECRET: 'k' });
  t.equal(result.code, 1, 'a veto exits 1');
  const summary = JSON.parse(result.stdout) as { jobId: number; sites: Array<{ site: string; vetoes: Array<{ code: string }>; trend: unknown[] }> };
  t.equal(summary.jobId, 2);
  t.same(summary.sites[0].vetoes.map((v) => v.code), ['veto.secrets']);
  t.equal(summary.sites[0].trend.length, 2);
  t.match(result.stderr, /alert for city to .*: delivered after 2 attempt\(s\)/);
  t.equal(received.length, 2, 'retried once after the 503');
  const { headers, body } = received[1];
  t.equal(headers['x-jiaodui-signature'], `sha256=${createHmac('sha256', 'k').update(`${headers['x-jiaodui-timestamp']}.${body}`).digest('hex')}`);
  const codes = (JSON.parse(body) as { items: Array<{ code: string }> }).items.map((i) => i.code);
  // 政策文件 was empty in job 1 already: not news. 要闻动态 turned 13 days old: due, and the homepage with it.
  t.same(codes, ['veto.secrets', 'freshness.homepage', 'freshness.column-due'], 'only what is new since job 1');
  const attempts = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { status: number; ok: boolean });
  t.same(attempts.map((a) => [a.status, a.ok]), [[503, false], [200, true]]);

  const text = await run(['readiness', '1', '--db', db, '--sites', sites, '--format', 'text']);
  t.equal(text.code, 0, 'job 1 has no veto');
  t.match(text.stdout, /city: at-risk, estimated score 100\/100/);

  const report = await run(['report', '--db', db, '--format', 'readiness', '--sites', sites]);
  const embedded = JSON.parse(report.stdout) as typeof summary;
  t.same(embedded.sites[0].vetoes.map((v) => v.code), ['veto.secrets'], 'jiaodui report --format readiness gives the same summary');

  writeFileSync(join(sites, 'city', 'inspection.json'), '{"columns": [{"name": "x", "type": "blog"}]}');
  const bad = await run(['readiness', '--db', db, '--sites', sites]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /city\/inspection\.json: columns\[0\]\.type/);
});

t.test('scan --alert: a veto item new in this job is sent once, signed; the same scan again sends nothing; the HTML report leads with it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-scan-alert-'));
  const archive = join(dir, 'archive');
  mkdirSync(join(archive, 'city', 'notice'), { recursive: true });
  writeFileSync(join(archive, 'city', 'notice', 'a.html'), '<html><head><meta charset="utf-8"></head><body><p>本文件密级：秘密★一年，请各单位认真学习。</p></body></html>');
  writeFileSync(join(archive, 'city', 'notice', 'b.html'), '<html><head><meta charset="utf-8"></head><body><p>市政府召开常务会议，研究部署下一阶段重点工作。</p></body></html>');
  const { received, hook } = await receiver(t, () => 200);
  const sites = join(dir, 'sites');
  mkdirSync(join(sites, 'city'), { recursive: true });
  writeFileSync(join(sites, 'city', 'inspection.json'), JSON.stringify({ alerts: { webhook: hook, secretEnv: 'CITY_ALERT_SECRET' } }));
  const db = join(dir, 'scan.db');
  const html = join(dir, 'report.html');
  const args = ['scan', archive, '--db', db, '--sites-dir', sites, '--alert', '--alert-log', join(dir, 'alerts.log'), '--workers', '0', '--no-progress', '--format', 'html', '--out', html, '--fail-on', 'critical'];
  const first = await run(args, { CITY_ALERT_SECRET: 'k' });
  t.equal(first.code, 1, `the critical marking fails the scan: ${first.stderr.slice(-400)}`);
  t.match(first.stderr, /scan: alert for city to .*: delivered after 1 attempt\(s\)/);
  t.equal(received.length, 1);
  const { headers, body } = received[0]!;
  t.equal(headers['x-jiaodui-signature'], `sha256=${createHmac('sha256', 'k').update(`${headers['x-jiaodui-timestamp']}.${body}`).digest('hex')}`);
  t.ok((JSON.parse(body) as { items: Array<{ code: string }> }).items.some((item) => item.code === 'veto.secrets'));
  const page = readFileSync(html, 'utf8');
  t.ok(page.indexOf('检查准备度') >= 0 && page.indexOf('检查准备度') < page.indexOf('问题页面'), 'the readiness section comes before the pages');
  t.match(page, /city <span class="badge">单项否决风险<\/span>/);

  const again = await run(args, { CITY_ALERT_SECRET: 'k' });
  t.equal(again.code, 1);
  t.equal(received.length, 1, 'the same veto item is not alerted again');
  t.notMatch(again.stderr, /alert for/);

  const refused = await run(['scan', archive, '--db', join(dir, 'other.db'), '--alert']);
  t.equal(refused.code, 2);
  t.match(refused.stderr, /--alert needs --sites-dir/);
});
