import t from 'tap';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';
import { ADMIN_TOKEN, testApp } from '../helpers/service-app.js';

/**
 * Changes under load: clients check continuously (main thread and workers, text, HTML,
 * batch) while an admin swaps city-a between two versions in single changes (A has 甲甲矿业
 * and not 乙乙集团, B the other way round). Every response must come from exactly one
 * version: the one its stats.dictionaryVersion names, never a mix.
 */
t.test('a request sees the old overlay or the new one, never a mix', async (t) => {
  const sitesDir = writeDictionaryFolder({ 'city-a/sensitive/local.txt': '甲甲矿业\n', 'city-b/sensitive/local.txt': '乙乙集团\n' });
  const app = await testApp({ sitesDir, workers: 1, fastPathChars: 16, queueLimit: 10_000, sitesPollMs: 0 });
  t.teardown(() => app.close());
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const versions = new Map<string, 'A' | 'B'>([[app.jiaodui.sites.get('city-a')?.version as string, 'A']]);
  const EXPECTED = { A: '甲甲矿业', B: '乙乙集团' };
  const failures: string[] = [];
  const seen = new Set<string>();
  let stop = false;
  let served = 0;

  // Verified at the end: a new version is served before the change's response names it.
  const answers: Array<{ overlay: string; matches: string[]; what: string }> = [];
  function verify(stats: { dictionaryVersion: string }, findings: Array<{ match: string }>, what: string) {
    answers.push({ overlay: stats.dictionaryVersion.split(':').pop() as string, matches: findings.map((finding) => finding.match), what });
  }
  function judge({ overlay, matches, what }: { overlay: string; matches: string[]; what: string }) {
    const name = versions.get(overlay);
    if (name === undefined) return failures.push(`${what}: unknown overlay ${overlay}`);
    seen.add(name);
    if (matches.length !== 1 || matches[0] !== EXPECTED[name]) failures.push(`${what}: version ${name} found ${JSON.stringify(matches)}`);
  }

  async function client(lane: number) {
    for (let i = 0; !stop; i++) {
      const padding = lane % 2 === 0 ? '' : '。这是一段较长的正文，用来走工作线程。'.repeat((i % 5) + 1);
      const text = `${lane}-${i}甲甲矿业，乙乙集团${padding}`;
      const checks = ['sensitive'];
      if (lane === 3) {
        const response = await app.inject({ method: 'POST', url: '/v1/check/batch', payload: { site: 'city-a', checks, documents: [{ id: 1, text }, { id: 2, html: `<p>${text}</p>` }] } });
        if (response.statusCode !== 200) failures.push(`batch: ${response.statusCode} ${response.body}`);
        else for (const result of response.json().results) verify(result.stats, result.findings, 'batch');
      } else {
        const response = await app.inject({ method: 'POST', url: '/v1/check', payload: lane === 2 ? { html: `<p>${text}</p>`, checks, site: 'city-a' } : { text, checks, site: 'city-a' } });
        if (response.statusCode !== 200) failures.push(`check: ${response.statusCode} ${response.body}`);
        else verify(response.json().stats, response.json().findings, 'check');
      }
      served++;
    }
  }

  const clients = [0, 1, 2, 3].map(client);
  for (let round = 0; round < 6; round++) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    const toB = round % 2 === 0;
    const payload = toB
      ? { add: [{ kind: 'sensitive', term: '乙乙集团', category: 'local' }], remove: [{ kind: 'sensitive', term: '甲甲矿业' }] }
      : { add: [{ kind: 'sensitive', term: '甲甲矿业', category: 'local' }], remove: [{ kind: 'sensitive', term: '乙乙集团' }] };
    const response = await app.inject({ method: 'POST', url: '/v1/admin/sites/city-a/entries', headers, payload });
    if (response.statusCode !== 200) failures.push(`change: ${response.statusCode} ${response.body}`);
    else versions.set(response.json().overlayVersions['city-a'], toB ? 'B' : 'A');
  }
  await new Promise((resolve) => setTimeout(resolve, 60));
  stop = true;
  await Promise.all(clients);
  answers.forEach(judge);
  t.same(failures.slice(0, 5), [], `${failures.length} failures`);
  t.same([...seen].sort(), ['A', 'B'], 'both versions were served');
  t.ok(served > 40, `${served} requests`);
  t.equal(versions.size, 2, 'the same content is the same overlay version');
});
