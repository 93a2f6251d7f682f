import t from 'tap';
import { LinkChecker } from '../../src/links/index.js';
import type { LinkCheckerOptions } from '../../src/links/index.js';
import type { SensitiveCheck } from '../../src/core/links/index.js';
import { html, redirect, startFixture } from '../helpers/links-fixture.js';

// Every server here listens on 127.0.0.1, opened through the allow-list like an intranet target.
const check: SensitiveCheck = (text) =>
  ['赌场', '百家乐'].flatMap((term) => (text.includes(term) ? [{ category: 'gambling', severity: 'error' as const, match: term }] : []));

let flaky = 0;
let limited = 0;
let hugeBytes = 0;
const fixture = await startFixture({
  '/ok': html('<title>市政府门户网站</title><p>欢迎访问</p>'),
  '/404': html('<title>404</title>', 404),
  '/410': html('gone', 410),
  '/500': html('error', 500),
  '/flaky': (_q, s) => {
    flaky++;
    if (flaky === 1) s.writeHead(503).end();
    else s.writeHead(200, { 'content-type': 'text/html' }).end('<title>ok</title>');
  },
  '/limited': (_q, s) => {
    limited++;
    if (limited === 1) s.writeHead(429, { 'retry-after': '1' }).end();
    else s.writeHead(200, { 'content-type': 'text/html' }).end('<title>ok</title>');
  },
  '/slow': (_q, s) => {
    const timer = setTimeout(() => s.writeHead(200).end('late'), 3000);
    s.on('close', () => clearTimeout(timer));
  },
  '/head405': (q, s) => {
    if (q.method === 'HEAD') s.writeHead(405).end();
    else s.writeHead(200, { 'content-type': 'image/png' }).end('png');
  },
  '/r1': redirect('/r2', 301),
  '/r2': redirect('/ok'),
  '/loop-a': redirect('/loop-b'),
  '/loop-b': redirect('/loop-a'),
  '/to-casino': redirect('/casino'),
  '/casino': html('<title>澳门赌场 百家乐</title><p>注册送彩金</p>'),
  '/soft404': html('<title>提示信息</title><div class="msg">对不起，您访问的页面不存在或已被删除！</div>'),
  '/parked': html('<h1>example.cn</h1><p>This domain is for sale! Contact the owner.</p>'),
  '/huge': (_q, s) => {
    s.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = (): void => {
      while (sent < 64 * 1024 * 1024) {
        sent += chunk.length;
        hugeBytes = sent;
        if (!s.write(chunk)) {
          s.once('drain', write);
          return;
        }
      }
      s.end();
    };
    s.on('close', () => undefined);
    write();
  },
  '/reset': (q) => {
    q.socket.destroy();
  },
  '/challenge': html('<title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/h/b"></script>', 403),
  '/999': html('', 999),
  '/submit': (q, s) => {
    if (q.method === 'POST') s.writeHead(200).end('ok');
    else s.writeHead(405, { allow: 'POST' }).end();
  },
});
t.teardown(() => fixture.close());

function checker(options: LinkCheckerOptions = {}): LinkChecker {
  const c = new LinkChecker({
    allow: ['127.0.0.1/32'],
    ports: [fixture.port],
    minIntervalMs: 0,
    confirmDelayMs: 50,
    baseBackoffMs: 50,
    totalTimeoutMs: 2000,
    sensitiveCheck: check,
    ...options,
  });
  t.teardown(() => c.close());
  return c;
}

function hitsOf(path: string): string[] {
  return fixture.hits.filter((h) => h.path === path).map((h) => h.method);
}

t.test('an allow-listed fixture on a port outside the default list is reachable (LINKS_ALLOW alone)', async (t) => {
  const c = new LinkChecker({ allow: ['127.0.0.1'], minIntervalMs: 0 });
  t.teardown(() => c.close());
  t.match(await c.check(fixture.url('/ok')), { outcome: 'ok' });
});

t.test('200 is ok and yields no finding; the User-Agent identifies the checker', async (t) => {
  const c = checker();
  const result = await c.check(fixture.url('/ok'));
  t.match(result, { outcome: 'ok', status: 200 });
  t.same(await c.checkUrls([fixture.url('/ok')]), []);
  t.match(fixture.hits.find((h) => h.path === '/ok')?.userAgent, /^jiaodui-linkcheck\//);
});

t.test('404, 410, 500 are broken only after a second attempt confirms them', async (t) => {
  const c = checker();
  for (const [path, status] of [['/404', 404], ['/410', 410], ['/500', 500]] as const) {
    const before = hitsOf(path).length;
    const result = await c.check(fixture.url(path));
    t.match(result, { outcome: 'broken', status, reason: `http-${status}` }, path);
    t.equal(hitsOf(path).length - before, 2, `${path}: fetched twice (the confirmation)`);
  }
  t.equal(c.metrics.confirmations, 3);
  const [finding] = await c.checkUrls([fixture.url('/404')]);
  t.match(finding, { type: 'link', code: 'link.broken', severity: 'error', url: fixture.url('/404'), evidence: { status: 404 } });
});

t.test('503 then 200 is a flaky host, not a broken link', async (t) => {
  const result = await checker().check(fixture.url('/flaky'));
  t.match(result, { outcome: 'ok', status: 200 });
  t.equal(hitsOf('/flaky').length, 2);
});

t.test('429 with Retry-After: the host is paused for it, then the link is ok', async (t) => {
  const c = checker();
  const started = Date.now();
  const result = await c.check(fixture.url('/limited'));
  t.match(result, { outcome: 'ok' });
  t.ok(Date.now() - started >= 950, `waited ${Date.now() - started} ms for Retry-After: 1`);
  t.equal(c.metrics.backoffs.get(`127.0.0.1:${fixture.port}`), 1);
});

t.test('a slow server is unknown (timeout), never broken', async (t) => {
  const result = await checker({ totalTimeoutMs: 300 }).check(fixture.url('/slow'));
  t.match(result, { outcome: 'unknown', reason: 'timeout' });
});

t.test('HEAD 405 falls back to GET for resources', async (t) => {
  const result = await checker().check(fixture.url('/head405'), { use: 'resource' });
  t.match(result, { outcome: 'ok', status: 200 });
  t.same(hitsOf('/head405'), ['HEAD', 'GET']);
});

t.test('redirect chains are followed hop by hop; loops are reported', async (t) => {
  const c = checker();
  const chain = await c.check(fixture.url('/r1'));
  t.match(chain, { outcome: 'ok', finalUrl: fixture.url('/ok') });
  t.same(chain.chain.map((h) => [new URL(h.url).pathname, h.status]), [['/r1', 301], ['/r2', 302], ['/ok', 200]]);
  const loop = await c.check(fixture.url('/loop-a'));
  t.match(loop, { outcome: 'redirect-loop', reason: 'loop' });
  const [finding] = await c.checkUrls([fixture.url('/loop-a')]);
  t.match(finding, { code: 'link.redirect', severity: 'warning' });
  const tooMany = await checker({ maxRedirects: 1 }).check(fixture.url('/r1'));
  t.match(tooMany, { outcome: 'too-many-redirects' });
});

t.test('a redirect to a gambling page is poisoned (critical)', async (t) => {
  const c = checker();
  const [finding] = await c.checkUrls([fixture.url('/to-casino')]);
  t.match(finding, { code: 'link.poisoned', severity: 'critical', evidence: { finalUrl: fixture.url('/casino') } });
  t.match(finding?.evidence?.found, ['gambling:赌场', 'gambling:百家乐']);
});

t.test('soft 404 in Chinese and a parked domain page', async (t) => {
  const c = checker();
  t.match(await c.check(fixture.url('/soft404')), { outcome: 'soft404', found: ['您访问的页面不存在'] });
  const [parked] = await c.checkUrls([fixture.url('/parked')]);
  t.match(parked, { code: 'link.poisoned', evidence: { reason: 'parked' } });
});

t.test('a huge body is read only up to the bound', async (t) => {
  const result = await checker({ maxBodyBytes: 64 * 1024 }).check(fixture.url('/huge'));
  t.match(result, { outcome: 'ok' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.ok(hugeBytes < 16 * 1024 * 1024, `server wrote ${hugeBytes} bytes of 64 MiB before the connection closed`);
});

t.test('a connection reset is broken after confirmation, with the reason', async (t) => {
  const result = await checker().check(fixture.url('/reset'));
  t.match(result, { outcome: 'broken', reason: 'reset' });
  t.equal(hitsOf('/reset').length >= 2, true);
});

t.test('refused connections and bot protection', async (t) => {
  const closed = await startFixture({});
  const port = closed.port;
  await closed.close();
  const c = checker({ ports: [fixture.port, port] });
  t.match(await c.check(`http://127.0.0.1:${port}/`), { outcome: 'broken', reason: 'refused' });
  t.match(await c.check(fixture.url('/challenge')), { outcome: 'unknown', reason: 'bot-protection', status: 403 });
  t.match(await c.check(fixture.url('/999')), { outcome: 'unknown', status: 999 });
});

t.test('retired hosts: deployment list and per-call list, no fetch', async (t) => {
  const c = checker({ retiredHosts: ['old.example.gov.cn'] });
  t.match(await c.check('http://www.old.example.gov.cn/a.html'), { outcome: 'retired-host', reason: 'old.example.gov.cn' });
  t.match(await c.check('http://merged.example.gov.cn/', { retiredHosts: ['merged.example.gov.cn'] }), { outcome: 'retired-host' });
  const [finding] = await c.checkUrls(['http://old.example.gov.cn/']);
  t.match(finding, { code: 'link.retired-host', severity: 'error' });
  t.equal(c.metrics.fetches, 0);
});

t.test('single-flight and cache: one fetch per URL however many ask', async (t) => {
  const c = checker();
  const before = hitsOf('/ok').length;
  const results = await Promise.all(Array.from({ length: 20 }, () => c.check(fixture.url('/ok'))));
  t.ok(results.every((r) => r.outcome === 'ok'));
  await c.check(fixture.url('/ok#part'));
  t.equal(hitsOf('/ok').length - before, 1);
  t.equal(c.metrics.fetches, 1);
  t.equal(c.metrics.singleFlightJoins, 19);
  t.equal(c.metrics.cacheHits, 1);
});

t.test('checkPage: offsets of attribute values, one check per distinct URL', async (t) => {
  const c = checker();
  const page = fixture.url('/index.html');
  const source = `<p>链接</p><a href="/404">a</a><a href="/ok">b</a><a href="${fixture.url('/404')}">c</a><a href="javascript:;">d</a><form action="/submit" method="post"></form>`;
  const findings = await c.checkPage(source, page);
  t.same(
    findings.map((f) => [f.code, source.slice(f.start, f.end)]),
    [
      ['link.broken', '/404'],
      ['link.broken', fixture.url('/404')],
      ['link.no-target', 'javascript:;'],
    ],
  );
  t.equal(c.metrics.confirmations, 1, 'the two links to /404 shared one verification');
  t.same(hitsOf('/submit'), ['HEAD', 'GET'], 'a POST-only form action (405) exists: no finding');
});
