import t, { type Test } from 'tap';
import { createProofreader } from '../../src/index.js';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';
import { testApp } from '../helpers/service-app.js';

// The contract of issue 15: privacy and secrecy findings through check() and /v1/check, in the
// default profile and selectable through `checks`.
const TEXT = '公示名单：张三，身份证号140702199001011231，电话13800138000，卡号6222021234567890128。\n秘密★一年\n依法保护商业秘密。';

t.test('check() reports privacy and secrecy findings by default', async (t) => {
  const proofreader = await createProofreader({ cacheDir: false });
  const { findings } = proofreader.check(TEXT);
  const codes = findings.filter((f) => f.type === 'privacy' || f.type === 'secrecy').map((f) => [f.type, f.code, f.match]);
  t.same(codes, [
    ['privacy', 'privacy.id-number', '140702199001011231'],
    ['privacy', 'privacy.mobile', '13800138000'],
    ['privacy', 'privacy.bank-card', '6222021234567890128'],
    ['secrecy', 'secrecy.marking', '秘密★一年'],
  ]);
  const only = proofreader.check(TEXT, { checks: ['secrecy'] }).findings;
  t.same(only.map((f) => f.code), ['secrecy.marking']);
});

// One app for the service tests: starting one (workers, dictionaries) takes seconds.
let shared: Awaited<ReturnType<typeof testApp>> | undefined;
async function appOnce(t: Test) {
  if (shared === undefined) {
    // A site whose 公示 pages make mobiles an error and that does not want the meta-tag findings.
    const sitesDir = writeDictionaryFolder({ 'city/site.json': JSON.stringify({ severities: { 'privacy.mobile': 'error', 'compliance.meta-missing': 'off' } }) });
    shared = await testApp({ workers: 1, sitesDir, sitesPollMs: 0 });
    void t;
  }
  return shared;
}
t.teardown(() => shared?.close());

t.test('/v1/check: default profile and checks', async (t) => {
  const app = await appOnce(t);
  const all = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: TEXT } });
  t.equal(all.statusCode, 200);
  const body = all.json() as { verdict: string; findings: Array<{ type: string; code: string; start: number; end: number; match: string }> };
  t.equal(body.verdict, 'block', 'a critical marking blocks');
  t.same(
    body.findings.filter((f) => f.type === 'privacy' || f.type === 'secrecy').map((f) => f.code),
    ['privacy.id-number', 'privacy.mobile', 'privacy.bank-card', 'secrecy.marking'],
  );
  for (const f of body.findings) t.equal(TEXT.slice(f.start, f.end), f.match);

  const privacyOnly = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: TEXT, checks: ['privacy'] } });
  t.same(
    (privacyOnly.json() as typeof body).findings.map((f) => f.code),
    ['privacy.id-number', 'privacy.mobile', 'privacy.bank-card'],
  );
  const html = `<p>联系人手机：<b>139 1234 5678</b></p><p>密级：秘密</p>`;
  const fromHtml = await app.inject({ method: 'POST', url: '/v1/check', payload: { html, checks: ['privacy', 'secrecy'] } });
  const htmlFindings = (fromHtml.json() as typeof body).findings;
  t.same(htmlFindings.map((f) => [f.code, f.match]), [
    ['privacy.mobile', '139 1234 5678'],
    ['secrecy.marking', '密级：秘密'],
  ]);
  for (const f of htmlFindings) t.equal(html.slice(f.start, f.end), f.match, 'offsets into the HTML');
});

t.test('/v1/check: compliance for html with its url', async (t) => {
  const app = await appOnce(t);
  const html =
    '<html><head><meta name="SiteName" content="晋中市人民政府"><meta name="SiteDomain" content="www.sxjz.gov.cn"><meta name="SiteIDCode" content="1407000001">' +
    '<meta name="ColumnName" content="通知公告"><meta name="ColumnType" content="通知公告"><meta name="ArticleTitle" content="通知"><meta name="PubDate" content="2024-03-05 10:00">' +
    '</head><body><p>发布时间：2024-03-01</p><p>正文</p></body></html>';
  const url = 'https://www.sxjz.gov.cn/tzgg/t1.html';
  type Body = { findings: Array<{ type: string; code: string; start: number; end: number; match: string }> };
  const withUrl = (await app.inject({ method: 'POST', url: '/v1/check', payload: { html, url } })).json() as Body;
  const compliance = withUrl.findings.filter((f) => f.type === 'compliance');
  t.same(compliance.map((f) => [f.code, f.match]), [
    ['compliance.meta-missing', '<head>'],
    ['compliance.date-mismatch', '2024-03-01'],
  ], 'ContentSource missing and the visible date disagrees (default profile)');
  for (const f of withUrl.findings) t.equal(html.slice(f.start, f.end), f.match);
  const withoutUrl = (await app.inject({ method: 'POST', url: '/v1/check', payload: { html, checks: ['compliance'] } })).json() as Body;
  t.same(withoutUrl.findings, [], 'an HTML fragment without its URL is not a published page');
  const batch = await app.inject({ method: 'POST', url: '/v1/check/batch', payload: { checks: ['compliance'], documents: [{ id: 1, html, url }, { id: 2, html, url: 7 }] } });
  const results = (batch.json() as { results: Array<{ findings?: Body['findings']; error?: { code: string } }> }).results;
  t.equal(results[0].findings?.length, 2);
  t.equal(results[1].error?.code, 'JD_SCHEMA_VIOLATION');
});

t.test('per-site severities apply to privacy and compliance findings', async (t) => {
  const app = await appOnce(t);
  const html = '<html><head><meta name="SiteName" content="x"></head><body><p>电话13800138000</p></body></html>';
  type Body = { findings: Array<{ code: string; severity: string }> };
  const plain = (await app.inject({ method: 'POST', url: '/v1/check', payload: { html, url: 'https://www.sxjz.gov.cn/', checks: ['privacy', 'compliance'] } })).json() as Body;
  t.same(plain.findings.map((f) => [f.code, f.severity]), [
    ['compliance.meta-missing', 'warning'],
    ['compliance.meta-missing', 'warning'],
    ['privacy.mobile', 'warning'],
  ]);
  const site = (await app.inject({ method: 'POST', url: '/v1/check', payload: { html, url: 'https://www.sxjz.gov.cn/', checks: ['privacy', 'compliance'], site: 'city' } })).json() as Body;
  t.same(site.findings.map((f) => [f.code, f.severity]), [['privacy.mobile', 'error']]);
});
