import t from 'tap';
import { classifyPage, HostList, isChallengePage, isOffSite, siteOf } from '../../../src/core/links/index.js';
import type { SensitiveCheck } from '../../../src/core/links/index.js';

// A stand-in for the project's sensitive matcher with a three-term gambling list; the
// service test (test/links/route.test.ts) runs the real one.
const TERMS = ['赌场', '博彩', '百家乐', '真人荷官'];
const check: SensitiveCheck = (text) =>
  TERMS.flatMap((term) => (text.includes(term) ? [{ category: 'gambling', severity: 'error' as const, match: term }] : []));

t.test('soft 404 in Chinese and English, by title or short body', async (t) => {
  t.match(classifyPage('<title>页面不存在</title><p>请返回首页</p>', check), { kind: 'soft404', found: ['页面不存在'] });
  t.match(classifyPage('<p>抱歉，该信息已删除或已过期。</p>', check), { kind: 'soft404' });
  t.match(classifyPage('<title>Page Not Found</title>', check), { kind: 'soft404', found: ['page not found'] });
  t.match(classifyPage('<title>Error</title><h1>The page you requested could not be found</h1>', check), { kind: 'soft404' });
});

t.test('an article that quotes a phrase is not a soft 404', async (t) => {
  const article = `<title>关于网站普查的通报</title><p>${'部分网站存在“页面不存在”等问题，'.repeat(100)}</p>`;
  t.same(classifyPage(article, check), { kind: 'ok' });
  t.same(classifyPage('<title>Not everything was found</title><p>ok</p>', check), { kind: 'ok' });
});

t.test('poisoned: sensitive terms in the title, or several in the body', async (t) => {
  t.match(classifyPage('<title>澳门赌场官网</title><p>欢迎</p>', check), { kind: 'poisoned', found: ['gambling:赌场'] });
  t.match(classifyPage('<p>博彩 百家乐 真人荷官 在线</p>', check), { kind: 'poisoned' });
  t.same(classifyPage('<p>严厉打击跨境赌场犯罪</p>', check), { kind: 'ok' }, 'one term in a body is news, not a casino');
  t.same(classifyPage('<title>澳门赌场</title>', undefined), { kind: 'ok' }, 'no matcher, no poison verdict');
});

t.test('parked domains, from the text or the parking service in the markup', async (t) => {
  t.match(classifyPage('<h1>This domain is for sale!</h1>', check), { kind: 'parked' });
  t.match(classifyPage('<p>该域名正在出售，请联系</p>', check), { kind: 'parked' });
  t.match(classifyPage('<script src="//www.sedoparking.com/frmpark/x.js"></script>', check), { kind: 'parked', found: ['sedoparking.com'] });
  t.same(classifyPage('<title>市政府门户网站</title><p>欢迎访问</p>', check), { kind: 'ok' });
});

t.test('challenge pages', async (t) => {
  t.ok(isChallengePage('<title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/x"></script>'));
  t.ok(isChallengePage('<p>请完成安全验证</p>'));
  t.notOk(isChallengePage('<h1>403 Forbidden</h1>'));
});

t.test('sites and host lists', async (t) => {
  t.equal(siteOf('www.example.gov.cn'), 'example.gov.cn');
  t.equal(siteOf('a.b.example.com'), 'example.com');
  t.equal(siteOf('127.0.0.1'), '127.0.0.1');
  t.notOk(isOffSite('https://zwfw.example.gov.cn/', 'https://www.example.gov.cn/'));
  t.ok(isOffSite('https://other.gov.cn/', 'https://www.example.gov.cn/'));
  const list = new HostList(['old.example.gov.cn', '.merged.gov.cn', ' ', 'ported.gov.cn:8080']);
  t.equal(list.size, 3);
  t.equal(list.match('ported.gov.cn'), 'ported.gov.cn');
  t.equal(list.match('old.example.gov.cn'), 'old.example.gov.cn');
  t.equal(list.match('www.OLD.example.gov.cn.'), 'old.example.gov.cn');
  t.equal(list.match('www.merged.gov.cn'), 'merged.gov.cn');
  t.equal(list.match('example.gov.cn'), undefined);
  t.equal(list.match('notold.example.gov.cn'), undefined);
});
