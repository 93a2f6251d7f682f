import t from 'tap';
import { createProofreader } from '../../src/index.js';
import { SiteRegistry } from '../../src/sites/registry.js';
import { ENGINE_FIXTURE, writeDictionaryFolder } from '../helpers/dictionaries.js';

/**
 * Site overlays on one shared base: each site's terms, whitelist, names, switched-off terms
 * and severities apply to that site's checks only.
 */
const SITES: Record<string, string> = {
  // Site A: a local sensitive word, a local whitelist entry that covers a base term, a leader.
  'city-a/sensitive/local.txt': '某某矿业\n',
  'city-a/whitelist/local.txt': '赌场路\n',
  'city-a/names/leaders.txt': '王建国\t市长\n',
  'city-a/site.json': JSON.stringify({ name: '甲市', profile: 'strict', severities: { 'sensitive.drugs': 'critical', punctuation: 'off' }, retiredHosts: ['Old.Example.gov.cn'] }),
  // Site B: its own word, and switches a base term off.
  'city-b/sensitive/local.txt': '乙乙集团\twarning\n',
  'city-b/site.json': JSON.stringify({ name: '乙市', disabled: ['冰毒'] }),
};

t.test('a site sees its own overlay on top of the base, never another site\'s', async (t) => {
  const proofreader = await createProofreader({ dictionaries: writeDictionaryFolder(ENGINE_FIXTURE), cacheDir: false });
  const registry = await SiteRegistry.open(writeDictionaryFolder(SITES), { pollMs: 0 });
  t.teardown(() => registry.close());
  const a = registry.get('city-a');
  const b = registry.get('city-b');
  if (!a || !b) throw new Error('sites not loaded');
  t.same(registry.list().map((site) => [site.id, site.name]), [['city-a', '甲市'], ['city-b', '乙市']]);
  t.same(registry.retiredHosts('city-a'), ['old.example.gov.cn']);
  t.same(registry.retiredHosts('city-b'), []);
  t.equal(registry.get('city-c'), undefined);

  const text = '某某矿业与乙乙集团在赌场路开会，有人贩卖冰毒。';
  const matches = (overlay?: typeof a.overlay) =>
    proofreader.check(text, { checks: ['sensitive'], overlay }).findings.map((finding) => `${finding.match}:${finding.severity}`);
  // The base alone: 赌场 (inside 赌场路) and 冰毒.
  t.same(matches(), ['赌场:error', '冰毒:error']);
  // A: its term, its whitelist hides 赌场 in 赌场路, drugs raised to critical; B's term unseen.
  t.same(matches(a.overlay), ['某某矿业:error', '冰毒:critical']);
  // B: its term at its severity, 冰毒 switched off; A's term and whitelist unseen.
  t.same(matches(b.overlay), ['乙乙集团:warning', '赌场:error']);

  // Severity `off` drops a whole type; A's leader is registered for A only.
  const punctuated = '王建国副市长说:要抓紧。';
  const types = (overlay?: typeof a.overlay) => proofreader.check(punctuated, { checks: ['punctuation', 'name'], overlay }).findings.map((finding) => `${finding.type}:${finding.match}`);
  t.same(types(a.overlay), ['name:副市长']);
  t.same(types(b.overlay), ['punctuation::']);
  t.same(types(), ['punctuation::']);

  // Explain mode says why a base hit vanished for B.
  const explained = proofreader.check('贩卖冰毒', { checks: ['sensitive'], overlay: b.overlay, explain: true });
  t.same(explained.findings, []);
  t.match(explained.dropped, [{ match: '冰毒', reason: 'switched off for this site' }]);

  // Overlay versions differ by content and are stable.
  t.not(a.version, b.version);
  const again = await SiteRegistry.open(registry.sitesDir, { pollMs: 0 });
  t.equal(again.get('city-a')?.version, a.version);
  again.close();
});

t.test('a malformed site folder names the site, file and line', async (t) => {
  const dir = writeDictionaryFolder({ 'bad/sensitive/local.txt': '好词\n坏词\tsevere\n' });
  await t.rejects(SiteRegistry.open(dir, { pollMs: 0 }), { code: 'JD_DICTIONARY_INVALID', message: "bad/sensitive/local.txt:2: unknown severity 'severe' (expected info, warning, error or critical)" });
  const json = writeDictionaryFolder({ 'bad/site.json': '{"profile": 3}' });
  await t.rejects(SiteRegistry.open(json, { pollMs: 0 }), { message: 'bad/site.json:0: profile must be a non-empty string of at most 64 characters' });
  const field = writeDictionaryFolder({ 'bad/site.json': '{"thresholds": {"block": "info"}}' });
  await t.rejects(SiteRegistry.open(field, { pollMs: 0 }), { message: "bad/site.json:0: thresholds.block: 'info' is not warning, error or critical" });
});
