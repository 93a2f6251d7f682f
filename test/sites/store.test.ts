import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { SiteStore, StoreConflictError } from '../../src/sites/store.js';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';

const state = (term: string) => ({ entries: [{ kind: 'sensitive' as const, term, category: 'local' }], settings: {} });
const meta = { actor: 'test', action: 'test' };

t.test('a writer killed mid-commit leaves the previous version, and the next commit works', async (t) => {
  const dir = writeDictionaryFolder({});
  const store = new SiteStore(dir);
  await store.commit('city', 1, state('第一版'), meta);
  const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', writer, dir, 'city', '2'], { encoding: 'utf8' });
  t.equal(child.signal, 'SIGKILL', `the writer died: ${child.stderr}`);
  // Its synced temporary file is there, unpublished.
  const files = readdirSync(store.layerDir('city'));
  t.ok(files.some((name) => name.endsWith('.tmp')), `a temporary file remains: ${files}`);
  t.same(await store.sequences('city'), [1]);
  t.match(await store.latest('city'), { seq: 1, state: state('第一版') });
  // A fresh reader (another replica, or this one restarted) sees the same.
  t.match(await new SiteStore(dir).latest('city'), { seq: 1 });
  await store.commit('city', 2, state('第二版'), meta);
  t.match(await store.latest('city'), { seq: 2, state: state('第二版') });
});

t.test('two writers cannot both publish the same version', async (t) => {
  const dir = writeDictionaryFolder({});
  const one = new SiteStore(dir);
  const two = new SiteStore(dir);
  const results = await Promise.allSettled([one.commit('city', 1, state('甲'), meta), two.commit('city', 1, state('乙'), meta)]);
  t.same(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  t.type(rejected.reason, StoreConflictError);
  t.same(await one.sequences('city'), [1]);
  t.notOk(readdirSync(one.layerDir('city')).some((name) => name.endsWith('.tmp')), 'the loser cleaned up');
});

t.test('a damaged newest version falls back to the one before; a torn audit line is skipped; old versions are pruned', async (t) => {
  const dir = writeDictionaryFolder({});
  const store = new SiteStore(dir, { keep: 3 });
  for (let seq = 1; seq <= 5; seq++) await store.commit('city', seq, state(`第${seq}版`), meta);
  t.same(await store.sequences('city'), [3, 4, 5]);
  writeFileSync(path.join(store.layerDir('city'), 'v000006.json'), '{"layer":"city","seq":6,"state":{"entries":[],"settings":{}},"checksum":"bad"}');
  t.match(await store.latest('city'), { seq: 5 });
  t.same((await store.history('city', 10)).map((v) => v.seq), [5, 4, 3]);

  const record = { at: 'now', actor: 'a', role: 'admin', layer: 'city', action: 'x', fromVersion: 0, toVersion: 1, changes: [] };
  await store.appendAudit(record);
  await Promise.all([store.appendAudit({ ...record, toVersion: 2 }), store.appendAudit({ ...record, toVersion: 3 })]);
  appendFileSync(store.auditFile, '{"at":"torn');
  t.same((await store.readAudit({ limit: 10 })).map((r) => r.toVersion), [3, 2, 1]);
  t.same(await store.readAudit({ layer: 'other', limit: 10 }), []);
});

t.test('polling alone carries a change from one registry to another', async (t) => {
  const { SiteRegistry } = await import('../../src/sites/registry.js');
  const { addEntries } = await import('../../src/sites/manage.js');
  const dir = writeDictionaryFolder({ 'city/whitelist/local.txt': '白名单\n' });
  const writer = await SiteRegistry.open(dir, { pollMs: 0 });
  const reader = await SiteRegistry.open(dir, { pollMs: 100, watchFiles: false });
  // The registry's timers are unref'd (they never keep a service alive); this test must wait.
  const keepAlive = setInterval(() => {}, 1000);
  t.teardown(() => {
    clearInterval(keepAlive);
    writer.close();
    reader.close();
  });
  await reader.watch();
  const swapped = new Promise<string[]>((resolve) => {
    reader.onSwap = resolve;
  });
  const { to } = await addEntries(writer, 'city', [{ kind: 'sensitive', term: '某某矿业', category: 'local' }], { actor: 'importer', role: 'admin', action: 'import' });
  t.same(await swapped, ['city']);
  t.equal(reader.layer('city')?.etag, to.etag);
  t.equal(reader.get('city')?.version, writer.get('city')?.version);
  t.same(reader.layer('city')?.state.entries.map((entry) => entry.term), ['白名单', '某某矿业']);
  // A batch with one bad entry changes nothing.
  await t.rejects(addEntries(writer, 'city', [{ kind: 'sensitive', term: '好词', category: 'local' }, { kind: 'sensitive', term: '' }], { actor: 'importer', role: 'admin', action: 'import' }), { message: 'add[1]: empty term' });
  t.equal(writer.layer('city')?.seq, to.seq);
});

t.test('reloadFolders re-reads hand-edited site folders, keeps the old overlays on a malformed one, leaves managed sites alone', async (t) => {
  const { SiteRegistry } = await import('../../src/sites/registry.js');
  const { addEntries } = await import('../../src/sites/manage.js');
  const dir = writeDictionaryFolder({ 'city/sensitive/local.txt': '甲词\n', 'managed/sensitive/local.txt': '乙词\n' });
  const registry = await SiteRegistry.open(dir, { pollMs: 0 });
  t.teardown(() => registry.close());
  await addEntries(registry, 'managed', [{ kind: 'whitelist', term: '丙词' }], { actor: 'a', role: 'admin', action: 'x' });
  writeFileSync(path.join(dir, 'city', 'sensitive', 'local.txt'), '丁词\n');
  writeFileSync(path.join(dir, 'managed', 'sensitive', 'local.txt'), '戊词\n');
  writeDictionaryFolderInto(dir, { 'town/whitelist/local.txt': '己词\n' });
  t.same((await registry.reloadFolders()).sort(), ['city', 'town']);
  t.same(registry.layer('city')?.state.entries.map((entry) => entry.term), ['丁词']);
  t.same(registry.layer('managed')?.state.entries.map((entry) => entry.term), ['乙词', '丙词'], 'the store wins for managed sites');
  const version = registry.get('city')?.version;
  writeFileSync(path.join(dir, 'city', 'sensitive', 'local.txt'), '庚词\tloud\n');
  await t.rejects(registry.reloadFolders(), { message: "city/sensitive/local.txt:1: unknown severity 'loud' (expected info, warning, error or critical)" });
  t.equal(registry.get('city')?.version, version);
});

function writeDictionaryFolderInto(root: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
}
