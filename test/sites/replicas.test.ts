import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { ENGINE_FIXTURE, writeDictionaryFolder } from '../helpers/dictionaries.js';

/**
 * Two real service processes on loopback ports sharing one SITES_DIR: a change made through
 * one is served by the other within seconds (fs.watch, with polling as the fallback), and
 * concurrent edits through both with If-Match do not lose each other.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'replica-admin-token';

async function startServer(t: Test, env: Record<string, string>): Promise<string> {
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/service/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WORKERS: '1', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });
  let output = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

const json = { 'content-type': 'application/json' };
const admin = { ...json, authorization: `Bearer ${TOKEN}` };

async function findings(base: string, text: string, site: string): Promise<string[]> {
  const response = await fetch(`${base}/v1/check`, { method: 'POST', headers: json, body: JSON.stringify({ text, site, checks: ['sensitive'] }) });
  const body = await response.json();
  if (response.status !== 200) return [`${response.status} ${body.error?.code}`];
  return body.findings.map((finding: { match: string }) => finding.match);
}

/** Milliseconds until `probe` is true, or throws after `limit` ms. */
async function within(limit: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > limit) throw new Error(`not within ${limit} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

t.test('a change through one replica is served by the other within seconds', async (t) => {
  const sitesDir = writeDictionaryFolder({ 'city/sensitive/local.txt': '甲甲矿业\n' });
  const env = { SITES_DIR: sitesDir, DICTIONARIES_DIR: writeDictionaryFolder(ENGINE_FIXTURE), SITES_POLL_MS: '1000' };
  const [one, two] = await Promise.all([startServer(t, env), startServer(t, env)]);
  const text = '甲甲矿业与乙乙集团';
  t.same(await findings(two, text, 'city'), ['甲甲矿业']);

  const changed = await fetch(`${one}/v1/admin/sites/city/entries`, { method: 'POST', headers: admin, body: JSON.stringify({ add: [{ kind: 'sensitive', term: '乙乙集团', category: 'local' }] }) });
  t.equal(changed.status, 200);
  t.same(await findings(one, text, 'city'), ['甲甲矿业', '乙乙集团'], 'the replica that took the change serves it at once');
  const lag = await within(5000, async () => (await findings(two, text, 'city')).length === 2);
  t.pass(`the other replica served it after ${lag} ms`);

  // A site created through the second replica reaches the first.
  const created = await fetch(`${two}/v1/admin/sites`, { method: 'POST', headers: admin, body: JSON.stringify({ id: 'district', entries: [{ kind: 'sensitive', term: '丙丙公司', category: 'local' }] }) });
  t.equal(created.status, 201);
  const createdLag = await within(5000, async () => (await findings(one, '丙丙公司', 'district'))[0] === '丙丙公司');
  t.pass(`a new site reached the other replica after ${createdLag} ms`);

  // Both replicas edit from the same ETag: one wins, the other gets 412, nothing is lost silently.
  const etag = (await fetch(`${one}/v1/admin/sites/city/entries`, { headers: admin })).headers.get('etag') as string;
  await within(5000, async () => (await fetch(`${two}/v1/admin/sites/city/entries`, { headers: admin })).headers.get('etag') === etag);
  const edit = (base: string, term: string) =>
    fetch(`${base}/v1/admin/sites/city/entries`, { method: 'POST', headers: { ...admin, 'if-match': etag }, body: JSON.stringify({ add: [{ kind: 'whitelist', term }] }) });
  const statuses = (await Promise.all([edit(one, '白名单一'), edit(two, '白名单二')])).map((response) => response.status).sort();
  t.same(statuses, [200, 412]);
  // Without If-Match both land, one after the other.
  const both = await Promise.all([
    fetch(`${one}/v1/admin/sites/city/entries`, { method: 'POST', headers: admin, body: JSON.stringify({ add: [{ kind: 'whitelist', term: '白名单三' }] }) }),
    fetch(`${two}/v1/admin/sites/city/entries`, { method: 'POST', headers: admin, body: JSON.stringify({ add: [{ kind: 'whitelist', term: '白名单四' }] }) }),
  ]);
  t.same(both.map((response) => response.status), [200, 200]);
  const terms = async (base: string) => ((await (await fetch(`${base}/v1/admin/sites/city/entries?kind=whitelist`, { headers: admin })).json()).entries as Array<{ term: string }>).map((entry) => entry.term).sort();
  await within(5000, async () => (await terms(one)).length === 3 && (await terms(two)).length === 3);
  t.same(await terms(one), await terms(two));
  t.ok((await terms(one)).includes('白名单三') && (await terms(one)).includes('白名单四'), 'neither concurrent edit was lost');
});
