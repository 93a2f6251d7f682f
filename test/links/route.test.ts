import t from 'tap';
import { loadConfig } from '../../src/service/config.js';
import { loadLinksConfig } from '../../src/links/index.js';
import { testApp, testConfig } from '../helpers/service-app.js';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';
import { html, redirect, startFixture } from '../helpers/links-fixture.js';

const fixture = await startFixture({
  '/ok': html('<title>市政府门户网站</title><p>欢迎访问</p>'),
  '/gone': html('<title>404</title>', 404),
  '/old-domain': redirect('/casino'),
  '/casino': html('<title>网络赌场</title><p>欢迎光临</p>'),
});
t.teardown(() => fixture.close());

const base = testConfig();
const app = await testApp({
  workers: 1,
  sitesDir: writeDictionaryFolder({ 'city-a/site.json': JSON.stringify({ name: '甲市', retiredHosts: ['old.city-a.gov.cn'] }) }),
  sitesPollMs: 0,
  links: {
    ...base.links,
    checker: { ...base.links.checker, allow: ['127.0.0.1/32'], ports: [fixture.port], confirmDelayMs: 20, minIntervalMs: 0 },
    maxUrls: 5,
    maxPageLinks: 3,
  },
});
t.teardown(() => app.close());

async function post(path: string, payload: unknown) {
  const response = await app.inject({ method: 'POST', url: path, payload: payload as Record<string, unknown> });
  return { status: response.statusCode, body: response.json() };
}

t.test('LINKS_* variables: allow-list empty by default, comma-separated CIDRs and names', async (t) => {
  t.same(loadConfig({}).links.checker.allow, []);
  t.same(loadLinksConfig({ LINKS_ALLOW: '10.0.0.0/8, intranet.example.gov.cn,' }).checker.allow, ['10.0.0.0/8', 'intranet.example.gov.cn']);
  t.same(loadLinksConfig({ LINKS_RETIRED_HOSTS: 'old.gov.cn' }).checker.retiredHosts, ['old.gov.cn']);
  t.throws(() => loadConfig({ LINKS_PER_HOST: '0' }), /LINKS_PER_HOST/);
});

t.test('POST /v1/links with urls: a fine URL gives nothing, a broken one a finding with its URL', async (t) => {
  const { status, body } = await post('/v1/links', { urls: [fixture.url('/ok'), fixture.url('/gone')] });
  t.equal(status, 200);
  t.same(body.findings.map((f: { code: string; url: string; severity: string }) => [f.code, f.url, f.severity]), [['link.broken', fixture.url('/gone'), 'error']]);
  t.match(body.findings[0], { type: 'link', evidence: { status: 404, chain: [{ url: fixture.url('/gone'), status: 404 }] } });
  t.match(body.stats, { links: 2, distinct: 2 });
});

t.test('POST /v1/links with html: offsets of attribute values; the real sensitive matcher finds the casino', async (t) => {
  const page = fixture.url('/news/1.html');
  const source =
    '<p>相关链接：</p><a href="/old-domain">旧站</a> <a href="/ok">首页</a>' +
    '<div style="display:none"><a href="https://casino.example.com/">博彩</a></div>';
  const { status, body } = await post('/v1/links', { url: page, html: source, retiredHosts: ['casino.example.com'] });
  t.equal(status, 200);
  const got = body.findings.map((f: { code: string; severity: string; start: number; end: number }) => [f.code, f.severity, source.slice(f.start, f.end)]);
  t.same(got, [
    ['link.poisoned', 'critical', '/old-domain'],
    ['link.hidden', 'critical', 'https://casino.example.com/'],
    ['link.retired-host', 'error', 'https://casino.example.com/'],
  ]);
  t.match(body.findings[0].evidence.found, ['gambling:网络赌场']);
});

t.test('a site\'s retired hosts apply when the request names the site', async (t) => {
  const urls = ['http://www.old.city-a.gov.cn/x.html'];
  const withSite = await post('/v1/links', { urls, site: 'city-a' });
  t.match(withSite.body.findings, [{ code: 'link.retired-host', severity: 'error', url: urls[0], evidence: { reason: 'old.city-a.gov.cn' } }]);
  const checks = await post('/v1/check', { html: `<a href="${urls[0]}">旧站</a>`, url: fixture.url('/p.html'), checks: ['links'], site: 'city-a' });
  t.match(checks.body.findings, [{ code: 'link.retired-host', start: 9, end: 9 + urls[0].length }]);
});

t.test('limits and errors', async (t) => {
  const many = await post('/v1/links', { urls: Array.from({ length: 6 }, (_, i) => fixture.url(`/ok?${i}`)) });
  t.match(many, { status: 400, body: { error: { code: 'JD_TOO_MANY_LINKS' } } });
  const page = await post('/v1/links', { url: fixture.url('/'), html: '<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a><a href="/d">d</a>' });
  t.match(page, { status: 400, body: { error: { code: 'JD_TOO_MANY_LINKS' } } });
  t.match(await post('/v1/links', { urls: [fixture.url('/ok')], url: fixture.url('/ok') }), { status: 400, body: { error: { code: 'JD_SCHEMA_VIOLATION' } } });
  t.match(await post('/v1/links', { html: '<a href="x">x</a>' }), { status: 400, body: { error: { code: 'JD_SCHEMA_VIOLATION' } } });
  t.match(await post('/v1/links', { urls: [] }), { status: 400, body: { error: { code: 'JD_SCHEMA_VIOLATION' } } });
  t.match(await post('/v1/links', { urls: [fixture.url('/ok')], site: 'no-such-site' }), { status: 400, body: { error: { code: 'JD_UNKNOWN_SITE' } } });
  t.match(await post('/v1/links', { urls: [fixture.url('/ok')], extra: 1 }), { status: 400, body: { error: { code: 'JD_SCHEMA_VIOLATION' } } });
});

t.test('/v1/check with checks ["links", ...]: link findings beside the others, one verdict', async (t) => {
  const page = fixture.url('/news/2.html');
  const source = '<p>通知</p><a href="/gone">失效链接</a><p>网络赌场</p>';
  const { status, body } = await post('/v1/check', { html: source, url: page, checks: ['sensitive', 'links'] });
  t.equal(status, 200);
  t.same(body.findings.map((f: { code: string; start: number; end: number }) => [f.code, source.slice(f.start, f.end)]), [
    ['link.broken', '/gone'],
    ['sensitive.gambling', '网络赌场'],
  ]);
  t.equal(body.findings[0].url, fixture.url('/gone'));
  t.equal(body.verdict, 'block');
  t.match(await post('/v1/check', { text: '文本', checks: ['links'] }), { status: 400, body: { error: { code: 'JD_SCHEMA_VIOLATION' } } });
  const plain = await post('/v1/check', { html: source });
  t.notOk(plain.body.findings.some((f: { type: string }) => f.type === 'link'), 'not part of the default profile');
});

t.test('metrics: fetches, checks, outcomes', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  t.match(response.body, /jiaodui_link_fetches_total\{method="GET"\} [1-9]/);
  t.match(response.body, /jiaodui_link_outcomes_total\{outcome="broken"\} [1-9]/);
  t.match(response.body, /jiaodui_link_checks_total\{via="cache"\} [1-9]/);
});
