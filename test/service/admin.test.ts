import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';
import { ADMIN_TOKEN, testApp } from '../helpers/service-app.js';

/** The management API: roles on every route, validation, ETag/If-Match, versions, rollback, audit. */
const KEYS = {
  check: 'check-key-0123456789',
  editorA: 'editor-a-key-0123456789',
  editorB: 'editor-b-key-0123456789',
  admin: 'admin-key-0123456789',
};
const API_KEYS = JSON.stringify([
  { name: 'cms', key: KEYS.check, role: 'check' },
  { name: 'alice', key: KEYS.editorA, role: 'editor', sites: ['city-a'] },
  { name: 'bob', key: KEYS.editorB, role: 'editor', sites: ['city-b'] },
  { name: 'ops', key: KEYS.admin, role: 'admin' },
]);
const SITES = {
  'city-a/sensitive/local.txt': '某某矿业\n',
  'city-a/site.json': JSON.stringify({ name: '甲市' }),
  'city-b/site.json': JSON.stringify({ name: '乙市' }),
};
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

t.test('management API', async (t) => {
  const sitesDir = writeDictionaryFolder(SITES);
  const app = await testApp({ sitesDir, apiKeys: API_KEYS, sitesPollMs: 0, workers: 1 });
  t.teardown(() => app.close());
  const check = async (text: string, site = 'city-a') => {
    const response = await app.inject({ method: 'POST', url: '/v1/check', payload: { text, site, checks: ['sensitive', 'normative'] } });
    return response.json() as { findings: Array<{ match: string; severity: string }>; stats: { dictionaryVersion: string } };
  };

  t.test('every route for every role', async (t) => {
    // [method, url, body, who may]: 'editor' = an editor of city-a (and admins).
    const routes: Array<[string, string, object | undefined, 'manager' | 'editor' | 'admin']> = [
      ['GET', '/v1/admin/sites', undefined, 'manager'],
      ['POST', '/v1/admin/sites', { id: 'new-site' }, 'admin'],
      ['GET', '/v1/admin/sites/city-a/entries', undefined, 'editor'],
      ['POST', '/v1/admin/sites/city-a/entries', { add: [{ kind: 'whitelist', term: '白名单词' }] }, 'editor'],
      ['PUT', `/v1/admin/sites/city-a/entries/sensitive/${encodeURIComponent('测试词')}`, { category: 'local' }, 'editor'],
      ['DELETE', `/v1/admin/sites/city-a/entries/sensitive/${encodeURIComponent('测试词')}`, undefined, 'editor'],
      ['GET', '/v1/admin/sites/city-a/settings', undefined, 'editor'],
      ['PUT', '/v1/admin/sites/city-a/settings', { name: '甲市' }, 'editor'],
      ['GET', '/v1/admin/sites/city-a/versions', undefined, 'editor'],
      ['POST', '/v1/admin/sites/city-a/rollback', { version: 1 }, 'editor'],
      ['GET', '/v1/admin/sites/city-a/versions/1', undefined, 'editor'],
      ['GET', '/v1/admin/sites/_global/entries', undefined, 'admin'],
      ['POST', '/v1/admin/sites/_global/entries', { add: [{ kind: 'whitelist', term: '全局词' }] }, 'admin'],
      ['PUT', '/v1/admin/sites/_global/settings', {}, 'admin'],
      ['GET', '/v1/admin/audit', undefined, 'manager'],
      ['POST', '/v1/dictionaries/reload', undefined, 'admin'],
    ];
    for (const [method, url, payload, who] of routes) {
      const call = (headers: Record<string, string>) => app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
      const none = await call({});
      t.equal(none.statusCode, 401, `${method} ${url} without a key`);
      t.equal(none.json().error.code, 'JD_UNAUTHORIZED');
      t.equal((await call(bearer('not-a-configured-key'))).statusCode, 401, `${method} ${url} with a wrong key`);
      const checkRole = await call(bearer(KEYS.check));
      t.equal(checkRole.statusCode, 403, `${method} ${url} with a check key`);
      t.equal(checkRole.json().error.code, 'JD_FORBIDDEN');
      const wrongEditor = await call({ 'x-api-key': KEYS.editorB });
      t.equal(wrongEditor.statusCode, who === 'manager' ? 200 : 403, `${method} ${url} as an editor of another site`);
      const editor = await call(bearer(KEYS.editorA));
      if (who === 'admin') t.equal(editor.statusCode, 403, `${method} ${url} as an editor`);
      else t.ok(editor.statusCode < 300, `${method} ${url} as the site's editor: ${editor.statusCode} ${editor.body.slice(0, 200)}`);
      const admin = await call(bearer(who === 'admin' && url.includes('reload') ? ADMIN_TOKEN : KEYS.admin));
      // The create and rollback succeed once (the editor ran them first for the editor routes).
      t.ok(admin.statusCode < 300 || (url === '/v1/admin/sites' && admin.statusCode === 409) || admin.statusCode === 404, `${method} ${url} as admin: ${admin.statusCode} ${admin.body.slice(0, 200)}`);
    }
    // An editor sees only its own sites and audit records.
    const listed = await app.inject({ method: 'GET', url: '/v1/admin/sites', headers: bearer(KEYS.editorB) });
    t.same(listed.json().sites.map((site: { site: string }) => site.site), ['city-b']);
    const audit = await app.inject({ method: 'GET', url: '/v1/admin/audit', headers: bearer(KEYS.editorB) });
    t.same(audit.json().records, []);
    t.equal((await app.inject({ method: 'GET', url: '/v1/admin/audit?site=city-a', headers: bearer(KEYS.editorB) })).statusCode, 403);
  });

  t.test('changes are validated like dictionary files, versioned, audited and served at once', async (t) => {
    const headers = bearer(KEYS.editorA);
    const read = await app.inject({ method: 'GET', url: '/v1/admin/sites/city-a/entries?kind=sensitive', headers });
    t.equal(read.statusCode, 200);
    const etag = read.headers.etag as string;
    t.equal(read.json().etag, etag);
    t.same(read.json().entries.map((entry: { term: string }) => entry.term), ['某某矿业']);

    const invalid = async (payload: object, message: string | RegExp) => {
      const response = await app.inject({ method: 'POST', url: '/v1/admin/sites/city-a/entries', headers, payload });
      t.equal(response.statusCode, 422, response.body);
      t.equal(response.json().error.code, 'JD_ENTRY_INVALID');
      t.match(response.json().error.message, message);
    };
    await invalid({ add: [{ kind: 'sensitive', term: '好词', category: 'local' }, { kind: 'whitelist', term: '坏词', severity: 'error' }] }, 'add[1]: a whitelist entry has no severity');
    await invalid({ add: [{ kind: 'sensitive', term: '＊＊', category: 'local' }] }, "add[0]: term '＊＊' is empty after normalization");
    await invalid({ add: [{ kind: 'typo', term: '布署', suggestions: ['布署'] }] }, "add[0]: '布署' lists itself as its correction");
    await invalid({ add: [{ kind: 'sensitive', term: '坏词' }] }, 'add[0]: a sensitive entry needs a category');
    await invalid({ add: [{ kind: 'normative', term: '北韩', suggestions: ['朝鲜'], note: '' }] }, 'add[0]: empty note');
    await invalid({ add: [{ kind: 'sensitive', term: '坏\t词', category: 'local' }] }, /add\[0\]: term .* must not contain a tab/);
    await invalid({ add: [{ kind: 'sensitive', term: '某词', category: 'a', severity: 'warning' }, { kind: 'sensitive', term: '某 词', category: 'b', severity: 'critical' }] }, "add[1]: duplicate sensitive term '某 词' with conflicting severity critical vs warning (first defined at add[0])");
    const settings = await app.inject({ method: 'PUT', url: '/v1/admin/sites/city-a/settings', headers, payload: { profile: 'nope' } });
    t.equal(settings.statusCode, 422);
    t.match(settings.json().error.message, "settings: profile: unknown profile 'nope'");
    const missing = await app.inject({ method: 'DELETE', url: `/v1/admin/sites/city-a/entries/sensitive/${encodeURIComponent('没有的词')}`, headers });
    t.equal(missing.statusCode, 404);
    t.equal(missing.json().error.code, 'JD_ENTRY_NOT_FOUND');
    t.equal(missing.json().error.message, "no sensitive entry '没有的词' in this list");
    const badPut = await app.inject({ method: 'PUT', url: `/v1/admin/sites/city-a/entries/typo/${encodeURIComponent('布署')}`, headers, payload: { suggestions: ['布署'] } });
    t.equal(badPut.json().error.message, "typo '布署': '布署' lists itself as its correction");
    t.equal((await app.inject({ method: 'GET', url: '/v1/admin/sites/nowhere/entries', headers: bearer(KEYS.admin) })).json().error.code, 'JD_UNKNOWN_SITE');
    // Nothing above changed anything.
    t.equal((await app.inject({ method: 'GET', url: '/v1/admin/sites/city-a/entries', headers })).headers.etag, etag);

    const before = await check('某某矿业和乙乙集团，北韩。');
    const changed = await app.inject({
      method: 'POST',
      url: '/v1/admin/sites/city-a/entries',
      headers: { ...headers, 'if-match': etag },
      payload: { add: [{ kind: 'sensitive', term: '乙乙集团', category: 'local', severity: 'warning' }, { kind: 'normative', term: '北韩', suggestions: ['朝鲜'], note: '应使用正式国名' }], remove: [{ kind: 'sensitive', term: '某某矿业' }] },
    });
    t.equal(changed.statusCode, 200, changed.body);
    const body = changed.json();
    t.equal(body.changes, 3);
    t.equal(changed.headers.etag, body.etag);
    t.not(body.etag, etag);
    const after = await check('某某矿业和乙乙集团，北韩。');
    t.same(before.findings.map((f) => f.match), ['某某矿业']);
    t.same(after.findings.map((f) => `${f.match}:${f.severity}`), ['乙乙集团:warning', '北韩:error']);
    t.not(after.stats.dictionaryVersion, before.stats.dictionaryVersion);
    t.ok(after.stats.dictionaryVersion.endsWith(body.overlayVersions['city-a']));
    // The other site is untouched.
    t.same((await check('某某矿业和乙乙集团', 'city-b')).findings, []);

    // A stale ETag: 412, nothing changed.
    const stale = await app.inject({ method: 'PUT', url: `/v1/admin/sites/city-a/entries/whitelist/${encodeURIComponent('乙乙集团')}`, headers: { ...headers, 'if-match': etag }, payload: {} });
    t.equal(stale.statusCode, 412);
    t.equal(stale.json().error.code, 'JD_PRECONDITION_FAILED');
    t.match(stale.json().error.message, body.etag);

    // Versions, then a rollback to the version before the change.
    const versions = (await app.inject({ method: 'GET', url: '/v1/admin/sites/city-a/versions', headers })).json();
    t.equal(versions.current, body.version);
    t.equal(versions.versions[0].version, body.version);
    t.equal(versions.versions[0].actor, 'alice');
    const earlier = (await app.inject({ method: 'GET', url: `/v1/admin/sites/city-a/versions/${body.previousVersion}`, headers })).json();
    t.match(earlier, { site: 'city-a', version: body.previousVersion });
    t.ok(earlier.entries.some((entry: { term: string }) => entry.term === '某某矿业'), 'the earlier version still lists what the change removed');
    t.equal((await app.inject({ method: 'GET', url: '/v1/admin/sites/city-a/versions/999', headers })).json().error.code, 'JD_VERSION_NOT_FOUND');
    const rollback = await app.inject({ method: 'POST', url: '/v1/admin/sites/city-a/rollback', headers, payload: { version: body.previousVersion } });
    t.equal(rollback.statusCode, 200, rollback.body);
    t.same((await check('某某矿业和乙乙集团，北韩。')).findings.map((f) => f.match), ['某某矿业']);
    const gone = await app.inject({ method: 'POST', url: '/v1/admin/sites/city-a/rollback', headers, payload: { version: 999 } });
    t.equal(gone.json().error.code, 'JD_VERSION_NOT_FOUND');

    // The audit log: who, when, what, from what to what; never a key.
    const audit = (await app.inject({ method: 'GET', url: '/v1/admin/audit?site=city-a&limit=5', headers })).json().records;
    t.match(audit[0], { actor: 'alice', role: 'editor', site: 'city-a', action: `rollback to ${body.previousVersion}`, fromVersion: rollback.json().previousVersion, toVersion: rollback.json().version });
    t.match(audit[1], { actor: 'alice', action: 'add 2, remove 1', toVersion: body.version });
    t.match(audit[1].changes, [
      { what: "sensitive '乙乙集团'", before: null, after: { kind: 'sensitive', term: '乙乙集团', severity: 'warning' } },
      { what: "normative '北韩'", before: null },
      { what: "sensitive '某某矿业'", before: { term: '某某矿业' }, after: null },
    ]);
    const log = readFileSync(path.join(sitesDir, '.jiaodui', 'audit.log'), 'utf8');
    for (const key of Object.values(KEYS)) t.notOk(log.includes(key), 'no key in the audit log');
    t.notOk(log.includes(ADMIN_TOKEN));

    // Bulk upload: replace the whole whitelist in one version.
    const bulk = await app.inject({
      method: 'POST',
      url: '/v1/admin/sites/city-a/entries',
      headers,
      payload: { replace: true, kinds: ['whitelist'], add: Array.from({ length: 500 }, (_, i) => ({ kind: 'whitelist', term: `白名单${i}号` })) },
    });
    t.equal(bulk.statusCode, 200, bulk.body);
    const whitelist = (await app.inject({ method: 'GET', url: '/v1/admin/sites/city-a/entries?kind=whitelist&limit=10', headers })).json();
    t.equal(whitelist.total, 500);
    t.equal(whitelist.entries.length, 10);
    t.equal(whitelist.counts.sensitive, 1, 'replace of whitelist kept the sensitive entries');
  });

  t.test('the global layer reaches every site and requests without one; sites are created by admins', async (t) => {
    const headers = bearer(KEYS.admin);
    const global = await app.inject({ method: 'POST', url: '/v1/admin/sites/_global/entries', headers, payload: { add: [{ kind: 'sensitive', term: '丙丙公司', category: 'fraud' }] } });
    t.equal(global.statusCode, 200, global.body);
    for (const site of ['city-a', 'city-b']) t.same((await check('丙丙公司', site)).findings.map((f) => f.match), ['丙丙公司'], site);
    const plain = (await app.inject({ method: 'POST', url: '/v1/check', payload: { text: '丙丙公司', checks: ['sensitive'] } })).json();
    t.same(plain.findings.map((f: { match: string }) => f.match), ['丙丙公司']);
    // A site switches the global term off.
    await app.inject({ method: 'PUT', url: '/v1/admin/sites/city-b/settings', headers, payload: { name: '乙市', disabled: ['丙丙公司'] } });
    t.same((await check('丙丙公司', 'city-b')).findings, []);

    const created = await app.inject({ method: 'POST', url: '/v1/admin/sites', headers, payload: { id: 'district-c', settings: { name: '丙区', profile: 'strict' }, entries: [{ kind: 'names', term: '李四', titles: ['区长'] }] } });
    t.equal(created.statusCode, 201, created.body);
    t.same((await app.inject({ method: 'GET', url: '/v1/sites' })).json().sites.map((site: { id: string }) => site.id), ['city-a', 'city-b', 'district-c', 'new-site']);
    const named = (await app.inject({ method: 'POST', url: '/v1/check', payload: { text: '李四副区长指出', site: 'district-c', checks: ['name'] } })).json();
    t.same(named.findings.map((f: { match: string; type: string }) => `${f.type}:${f.match}`), ['name:副区长']);
    const again = await app.inject({ method: 'POST', url: '/v1/admin/sites', headers, payload: { id: 'district-c' } });
    t.equal(again.json().error.code, 'JD_SITE_EXISTS');
    const badId = await app.inject({ method: 'POST', url: '/v1/admin/sites', headers, payload: { id: '../etc' } });
    t.equal(badId.json().error.code, 'JD_ENTRY_INVALID');
  });
});

t.test('management routes are disabled without keys or without SITES_DIR; checking can be closed', async (t) => {
  const noKeys = await testApp({ sitesDir: writeDictionaryFolder(SITES), adminToken: undefined, sitesPollMs: 0, workers: 1 });
  t.teardown(() => noKeys.close());
  const disabled = await noKeys.inject({ method: 'GET', url: '/v1/admin/sites', headers: bearer(KEYS.admin) });
  t.equal(disabled.statusCode, 403);
  t.equal(disabled.json().error.code, 'JD_ADMIN_DISABLED');

  const closed = await testApp({ apiKeys: API_KEYS, checkRequiresKey: true, workers: 1 });
  t.teardown(() => closed.close());
  const payload = { text: '赌博' };
  t.equal((await closed.inject({ method: 'POST', url: '/v1/check', payload })).json().error.code, 'JD_UNAUTHORIZED');
  t.equal((await closed.inject({ method: 'POST', url: '/v1/check', payload, headers: bearer('wrong-key-0123456789') })).statusCode, 401);
  for (const key of Object.values(KEYS)) t.equal((await closed.inject({ method: 'POST', url: '/v1/check', payload, headers: bearer(key) })).statusCode, 200);
  t.equal((await closed.inject({ method: 'POST', url: '/v1/check/batch', payload: { documents: [payload] } })).statusCode, 401);
  t.equal((await closed.inject({ method: 'POST', url: '/v1/check/stream', headers: { 'content-type': 'application/x-ndjson' }, payload: '{"text":"x"}\n' })).statusCode, 401);
  t.equal((await closed.inject({ method: 'GET', url: '/v1/sites' })).statusCode, 401);
  const noSites = await closed.inject({ method: 'GET', url: '/v1/admin/sites', headers: bearer(KEYS.admin) });
  t.equal(noSites.json().error.code, 'JD_SITES_NOT_CONFIGURED');
});
