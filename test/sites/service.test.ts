import t from 'tap';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';
import { testApp } from '../helpers/service-app.js';

/** `site` on every checking route, through the workers and the main-thread fast path. */
const SITES: Record<string, string> = {
  'city-a/sensitive/local.txt': '某某矿业\n',
  'city-a/whitelist/local.txt': '赌场路\n',
  'city-a/site.json': JSON.stringify({ name: '甲市', profile: 'lenient', retiredHosts: ['old.city-a.gov.cn'] }),
  'city-b/sensitive/local.txt': '乙乙集团\twarning\n',
  'city-b/site.json': JSON.stringify({ name: '乙市', thresholds: { block: 'critical' } }),
};
const TEXT = '某某矿业与乙乙集团在赌场路开会。';

for (const fastPathChars of [0, 100_000]) {
  t.test(`site overlays on check, batch and stream (${fastPathChars === 0 ? 'workers' : 'fast path'})`, async (t) => {
    const app = await testApp({ sitesDir: writeDictionaryFolder(SITES), fastPathChars, sitesPollMs: 0, workers: 1 });
    t.teardown(() => app.close());
    const base = app.jiaodui.store.current.version;
    const check = async (payload: object) => {
      const response = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: TEXT, checks: ['sensitive'], ...payload } });
      t.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const none = await check({});
    t.same(none.findings.map((f: { match: string }) => f.match), ['赌场']);
    t.equal(none.stats.dictionaryVersion, base);
    t.notOk('site' in none.stats);

    const a = await check({ site: 'city-a' });
    t.same(a.findings.map((f: { match: string }) => f.match), ['某某矿业']);
    t.equal(a.stats.site, 'city-a');
    t.match(a.stats.dictionaryVersion, new RegExp(`^${base}\\+city-a:[0-9a-f]{16}$`));
    // city-a's default profile is lenient: an error only asks for review.
    t.equal(a.verdict, 'review');
    // Cached per site: the same text for city-b is not city-a's cached result.
    const b = await check({ site: 'city-b' });
    t.same(b.findings.map((f: { match: string; severity: string }) => `${f.match}:${f.severity}`), ['乙乙集团:warning', '赌场:error']);
    t.equal(b.verdict, 'review', 'city-b blocks only at critical');
    t.equal((await check({ site: 'city-a' })).stats.cached, true);
    t.equal((await check({ site: 'city-b', profile: 'strict' })).verdict, 'review', 'site thresholds replace the profile\'s');

    const unknown = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: TEXT, site: 'nowhere' } });
    t.equal(unknown.statusCode, 400);
    t.equal(unknown.json().error.code, 'JD_UNKNOWN_SITE');

    const batch = await app.inject({
      method: 'POST',
      url: '/v1/check/batch',
      payload: { site: 'city-a', checks: ['sensitive'], documents: [{ id: 1, text: TEXT }, { id: 2, text: TEXT, site: 'city-b' }, { id: 3, text: TEXT, site: 'gone' }, { id: 4, html: `<p>${TEXT}</p>` }] },
    });
    t.equal(batch.statusCode, 200, batch.body);
    const results = batch.json().results;
    t.same(results.map((r: { findings?: Array<{ match: string }> }) => r.findings?.map((f) => f.match)), [['某某矿业'], ['乙乙集团', '赌场'], undefined, ['某某矿业']]);
    t.same(results.map((r: { stats?: { site?: string } }) => r.stats?.site), ['city-a', 'city-b', undefined, 'city-a']);
    t.equal(results[2].error.code, 'JD_UNKNOWN_SITE');
    const badBatch = await app.inject({ method: 'POST', url: '/v1/check/batch', payload: { site: 'gone', documents: [{ text: TEXT }] } });
    t.equal(badBatch.json().error.code, 'JD_UNKNOWN_SITE');

    const stream = await app.inject({
      method: 'POST',
      url: '/v1/check/stream?checks=sensitive&site=city-b',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify({ id: 'x', text: TEXT })}\n${JSON.stringify({ id: 'y', text: TEXT, site: 'city-a' })}\n`,
    });
    t.equal(stream.statusCode, 200, stream.body);
    const lines = stream.body.trim().split('\n').map((line) => JSON.parse(line));
    t.same(lines.map((line) => line.findings.map((f: { match: string }) => f.match)), [['乙乙集团', '赌场'], ['某某矿业']]);
    const badStream = await app.inject({ method: 'POST', url: '/v1/check/stream?site=gone', headers: { 'content-type': 'application/x-ndjson' }, payload: '{"text":"x"}\n' });
    t.equal(badStream.json().error.code, 'JD_UNKNOWN_SITE');

    const listing = await app.inject({ method: 'GET', url: '/v1/sites' });
    t.same(listing.json().sites.map((s: { id: string; name: string; profile: string }) => [s.id, s.name, s.profile]), [['city-a', '甲市', 'lenient'], ['city-b', '乙市', 'default']]);
    t.notOk(JSON.stringify(listing.json()).includes('某某矿业'), 'the listing shows no lists');
    t.same(app.jiaodui.sites.retiredHosts('city-a'), ['old.city-a.gov.cn']);
    t.match((await app.inject({ method: 'GET', url: '/metrics' })).body, /^jiaodui_sites 2$/m);
  });
}

t.test('without SITES_DIR every site is unknown', async (t) => {
  const app = await testApp({ workers: 1 });
  t.teardown(() => app.close());
  const response = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: TEXT, site: 'city-a' } });
  t.equal(response.statusCode, 400);
  t.equal(response.json().error.code, 'JD_UNKNOWN_SITE');
  t.same((await app.inject({ method: 'GET', url: '/v1/sites' })).json(), { sites: [] });
});
