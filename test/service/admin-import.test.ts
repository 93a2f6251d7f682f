import t from 'tap';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';
import { ADMIN_TOKEN, testApp } from '../helpers/service-app.js';

/**
 * POST /v1/admin/sites/:site/import: a public list is audited (src/lexicon) on a worker
 * thread; the entries that pass are added to the site in one version, the doubtful ones come
 * back as the review list, and a list that cannot be read changes nothing.
 */
const LIST = ['六合彩投注站', '网上真钱赌场', '网上真钱赌场', '赌', '测试', 'ab', '12345'].join('\n');
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

t.test('import a public list into a site', async (t) => {
  const sitesDir = writeDictionaryFolder({ 'city/site.json': '{"name":"甲市"}', 'town/site.json': '{}' });
  const app = await testApp({
    sitesDir,
    sitesPollMs: 0,
    workers: 1,
    apiKeys: JSON.stringify([
      { name: 'town-editor', key: 'town-editor-key-0123', role: 'editor', sites: ['town'] },
      { name: 'cms', key: 'cms-check-key-0123', role: 'check' },
    ]),
  });
  t.teardown(() => app.close());
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const url = '/v1/admin/sites/city/import';
  const payload = { files: [{ name: 'public.txt', base64: b64(LIST) }], into: 'sensitive:public' };

  t.equal((await app.inject({ method: 'POST', url, payload })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url, payload, headers: { authorization: 'Bearer wrong-key-0123456' } })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url, payload, headers: { authorization: 'Bearer cms-check-key-0123' } })).statusCode, 403);
  t.equal((await app.inject({ method: 'POST', url, payload, headers: { authorization: 'Bearer town-editor-key-0123' } })).statusCode, 403);
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/sites/_global/import', payload, headers: { authorization: 'Bearer town-editor-key-0123' } })).statusCode, 403);

  const dry = await app.inject({ method: 'POST', url, headers, payload: { ...payload, dryRun: true } });
  t.equal(dry.statusCode, 200, dry.body);
  const audit = dry.json();
  t.equal(audit.dryRun, true);
  t.notOk('change' in audit);
  const parkedTerms = audit.parked.map((entry: { term: string }) => entry.term);
  for (const term of ['赌', 'ab', '12345']) t.ok(parkedTerms.includes(term), `${term} is parked`);
  for (const entry of audit.parked) t.ok(entry.reasons.length > 0 && entry.details.length > 0, `${entry.term}: ${entry.reasons}`);
  t.ok(audit.accepted >= 1, `${audit.accepted} accepted`);
  t.ok(audit.dropped >= 1, 'the duplicate is dropped');
  t.equal(app.jiaodui.sites.layer('city')?.seq, 0, 'a dry run changes nothing');

  const done = await app.inject({ method: 'POST', url, headers, payload });
  t.equal(done.statusCode, 200, done.body);
  const body = done.json();
  t.equal(body.accepted, audit.accepted);
  t.equal(body.change.version, 1);
  const entries = app.jiaodui.sites.layer('city')?.state.entries ?? [];
  t.equal(entries.length, body.accepted);
  t.ok(entries.every((entry) => entry.kind === 'sensitive' && entry.category === 'public'));
  t.notOk(entries.some((entry) => parkedTerms.includes(entry.term)), 'no parked entry went live');
  const accepted = entries[0].term;
  const check = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: `据报道，${accepted}已被查封。`, site: 'city', checks: ['sensitive'] } });
  t.ok(check.json().findings.some((finding: { match: string }) => finding.match === accepted), `the imported ${accepted} is found for the site`);
  const other = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: `据报道，${accepted}已被查封。`, site: 'town', checks: ['sensitive'] } });
  t.notOk(other.json().findings.some((finding: { match: string }) => finding.match === accepted), 'not for another site');
  const records = (await app.inject({ method: 'GET', url: '/v1/admin/audit?site=city', headers })).json().records;
  t.match(records[0], { actor: 'admin-token', action: /^import \d+ into sensitive\/public from public.txt$/ });

  const binary = await app.inject({ method: 'POST', url, headers, payload: { files: [{ name: 'blob.bin', base64: b64(Buffer.alloc(4096, 0)) }] } });
  t.equal(binary.statusCode, 422, binary.body);
  t.equal(binary.json().error.code, 'JD_LEXICON_INVALID');
  const badInto = await app.inject({ method: 'POST', url, headers, payload: { ...payload, into: 'typo' } });
  t.equal(badInto.json().error.code, 'JD_LEXICON_INVALID');
  t.equal(app.jiaodui.sites.layer('city')?.seq, 1, 'failed imports change nothing');
});
