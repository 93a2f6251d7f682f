import { writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';
import { ADMIN_TOKEN, testApp } from '../helpers/service-app.js';

/**
 * Reloads while requests are in flight: none may fail, and each response must come from
 * exactly one dictionary version (version A knows only 赌博, version B only 博彩).
 */
const VERSION_A = { 'sensitive/gambling.txt': '赌博\n' };
const VERSION_B = { 'sensitive/gambling.txt': '博彩\n' };
const EXPECTED: Record<'A' | 'B', string> = { A: '赌博', B: '博彩' };

t.test('reloads under load: no failures, no mixed versions, malformed dictionaries rejected', async (t) => {
  const folder = writeDictionaryFolder(VERSION_A);
  const write = (files: Record<string, string>) => {
    for (const [relative, content] of Object.entries(files)) writeFileSync(path.join(folder, relative), content);
  };
  // Short texts take the main-thread fast path, long ones the workers: both must be pinned.
  const app = await testApp({ dictionariesDir: folder, workers: 1, fastPathChars: 16, queueLimit: 10_000 });
  t.teardown(() => app.close());
  const reload = () => app.inject({ method: 'POST', url: '/v1/dictionaries/reload', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

  const versionName = new Map<string, 'A' | 'B'>([[app.jiaodui.store.current.version, 'A']]);
  let stop = false;
  const failures: string[] = [];
  let served = 0;
  const seen = new Set<string>();

  function verify(version: string, findings: Array<{ match: string }>, what: string) {
    const name = versionName.get(version);
    if (name === undefined) return failures.push(`${what}: unknown version ${version}`);
    seen.add(name);
    const matches = findings.map((finding) => finding.match).filter((match) => match !== '');
    if (matches.length !== 1 || !matches[0].includes(EXPECTED[name])) failures.push(`${what}: version ${name} found ${JSON.stringify(matches)}`);
  }

  // Dictionary checks only: the text checks (punctuation, ...) do not depend on the version.
  const checks = ['sensitive'];

  async function client(lane: number) {
    for (let i = 0; !stop; i++) {
      const padding = lane % 2 === 0 ? '' : '。这是一段较长的正文，用来走工作线程。'.repeat(i % 5 + 1);
      const text = `${lane}-${i}赌博，博彩${padding}`;
      if (lane === 3) {
        const response = await app.inject({ method: 'POST', url: '/v1/check/batch', payload: { documents: [{ id: 1, text }, { id: 2, html: `<p>${text}</p>` }], checks } });
        if (response.statusCode !== 200) failures.push(`batch: ${response.statusCode} ${response.body}`);
        else for (const result of response.json().results) verify(result.stats.dictionaryVersion, result.findings, 'batch');
      } else {
        const response = await app.inject({ method: 'POST', url: '/v1/check', payload: lane === 2 ? { html: `<p>${text}</p>`, checks } : { text, checks } });
        if (response.statusCode !== 200) failures.push(`check: ${response.statusCode} ${response.body}`);
        else verify(response.json().stats.dictionaryVersion, response.json().findings, 'check');
      }
      served++;
    }
  }

  const clients = [0, 1, 2, 3].map(client);
  for (let round = 0; round < 4; round++) {
    const next = round % 2 === 0 ? 'B' : 'A';
    write(next === 'B' ? VERSION_B : VERSION_A);
    const response = await reload();
    t.equal(response.statusCode, 200, `reload ${round + 1} to ${next}`);
    versionName.set(response.json().version, next);
    t.equal(app.jiaodui.store.current.version, response.json().version);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  // A malformed dictionary: rejected with file:line, the current version keeps serving.
  const before = app.jiaodui.store.current.version;
  write({ 'sensitive/gambling.txt': '博彩\n赌博\tsevere\n' });
  const rejected = await reload();
  t.equal(rejected.statusCode, 422);
  t.same(rejected.json(), { error: { code: 'JD_DICTIONARY_INVALID', message: "sensitive/gambling.txt:2: unknown severity 'severe' (expected info, warning, error or critical)" } });
  t.equal(app.jiaodui.store.current.version, before, 'old version still current');
  await new Promise((resolve) => setTimeout(resolve, 50));

  stop = true;
  await Promise.all(clients);
  t.same(failures, [], `${served} requests during 5 reloads, none failed or mixed versions`);
  t.same([...seen].sort(), ['A', 'B'], 'both versions were served');
  const after = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: '赌博，博彩' } });
  t.equal(after.json().stats.dictionaryVersion, before);

  const concurrent = await Promise.all([reload(), reload()]);
  t.same(concurrent.map((response) => response.statusCode), [422, 422], 'concurrent reloads share one attempt');

  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(metrics, /jiaodui_dictionary_reloads_total\{result="ok"\} 4/);
  t.match(metrics, /jiaodui_dictionary_reloads_total\{result="rejected"\} 3/);
});
