import t from 'tap';
import { createProofreader } from '../../src/index.js';
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

t.test('/v1/check: default profile and checks', async (t) => {
  const app = await testApp();
  t.teardown(() => app.close());
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
