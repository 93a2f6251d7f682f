import t from 'tap';
import { LinkChecker } from '../../src/links/index.js';
import { failureOf } from '../../src/links/fetcher.js';
import { HostScheduler, retryAfterMs } from '../../src/links/politeness.js';
import { resultFindings } from '../../src/core/links/index.js';
import { startFixture } from '../helpers/links-fixture.js';

t.test('per-host concurrency, measured at the server', async (t) => {
  let inFlight = 0;
  let peak = 0;
  const starts: number[] = [];
  const fixture = await startFixture(
    Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        `/p${i}`,
        (_q: unknown, s: import('node:http').ServerResponse) => {
          starts.push(Date.now());
          peak = Math.max(peak, ++inFlight);
          setTimeout(() => {
            inFlight--;
            s.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          }, 150);
        },
      ]),
    ),
  );
  t.teardown(() => fixture.close());
  const checker = new LinkChecker({ allow: ['127.0.0.1/32'], ports: [fixture.port], perHostConcurrency: 2, minIntervalMs: 40 });
  t.teardown(() => checker.close());
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => checker.check(fixture.url(`/p${i}`))));
  t.ok(results.every((r) => r.outcome === 'ok'));
  t.equal(peak, 2, 'never more than 2 in flight to the host');
  t.equal(starts.length, 6);
});

t.test('the scheduler: a global limit across hosts, backoff pauses a host', async (t) => {
  const scheduler = new HostScheduler({ perHost: 4, minIntervalMs: 0, global: 2, baseBackoffMs: 100, maxBackoffMs: 1000 });
  let active = 0;
  let peak = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      peak = Math.max(peak, ++active);
      setTimeout(() => {
        active--;
        resolve();
      }, 20);
    });
  await Promise.all(['a', 'b', 'c', 'a', 'b', 'c'].map((host) => scheduler.run(host, task)));
  t.equal(peak, 2, 'global limit of 2 across three hosts');
  t.equal(scheduler.backoff('a', undefined), 100, 'first pause: the base');
  t.equal(scheduler.backoff('a', undefined), 200, 'then doubled');
  t.equal(scheduler.backoff('a', 5000), 1000, 'Retry-After capped at maxBackoffMs');
  const started = Date.now();
  await scheduler.run('a', async () => undefined);
  t.ok(Date.now() - started >= 900, 'the host waited out its pause');
  t.equal(retryAfterMs('3'), 3000);
  t.ok((retryAfterMs(new Date(Date.now() + 10_000).toUTCString(), Date.now()) ?? 0) > 8000, 'an HTTP date');
  t.equal(retryAfterMs('soon'), undefined);
});

t.test('the minimum interval between starts on one host (timed where the scheduler starts them)', async (t) => {
  const scheduler = new HostScheduler({ perHost: 4, minIntervalMs: 50, global: 10, baseBackoffMs: 100, maxBackoffMs: 1000 });
  const starts: number[] = [];
  await Promise.all(Array.from({ length: 5 }, () => scheduler.run('h', async () => void starts.push(performance.now()))));
  const gaps = starts.slice(1).map((s, i) => s - starts[i]);
  // Timers never fire early (a millisecond of rounding aside), however loaded the machine.
  t.ok(gaps.every((gap) => gap >= 49), `gaps ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
  const other: number[] = [];
  await Promise.all(['x', 'y', 'z'].map((host) => scheduler.run(host, async () => void other.push(performance.now()))));
  t.ok(Math.max(...other) - Math.min(...other) < 45, 'different hosts do not wait for each other');
});

t.test('failure reasons: DNS, TLS and the rest, without the network', async (t) => {
  const error = (code: string) => Object.assign(new Error(code), { code });
  t.match(failureOf(error('ENOTFOUND')), { reason: 'dns' });
  t.match(failureOf(error('EAI_AGAIN')), { reason: 'dns-temporary' });
  t.match(failureOf(error('DEPTH_ZERO_SELF_SIGNED_CERT')), { reason: 'tls', message: /DEPTH_ZERO_SELF_SIGNED_CERT/ });
  t.match(failureOf(error('ERR_TLS_CERT_ALTNAME_INVALID')), { reason: 'tls' });
  t.match(failureOf(error('EHOSTUNREACH')), { reason: 'unreachable' });
  t.match(failureOf(Object.assign(new Error('fetch failed'), { cause: error('ECONNREFUSED') })), { reason: 'refused' });
});

t.test('findings of results: off-site redirect is info, http upgraded to https is insecure', async (t) => {
  const base = { outcome: 'ok' as const, status: 200, checkedAt: 0 };
  const offSite = resultFindings({ ...base, url: 'https://a.example.gov.cn/x', finalUrl: 'https://other.example.com/', chain: [] }, { url: 'https://a.example.gov.cn/x' });
  t.same(offSite.map((f) => [f.code, f.severity]), [['link.redirect', 'info']]);
  const upgraded = resultFindings({ ...base, url: 'http://a.example.gov.cn/x', finalUrl: 'https://a.example.gov.cn/x', chain: [] }, { url: 'http://a.example.gov.cn/x' });
  t.same(upgraded.map((f) => [f.code, f.severity, f.suggestions]), [['link.insecure', 'warning', ['https://a.example.gov.cn/x']]]);
  const probed = resultFindings({ ...base, url: 'http://a.example.gov.cn/', finalUrl: 'http://a.example.gov.cn/', chain: [], httpsAvailable: true }, { url: 'http://a.example.gov.cn/' });
  t.same(probed.map((f) => f.code), ['link.insecure']);
  t.same(resultFindings({ ...base, url: 'https://a.example.gov.cn/', finalUrl: 'https://a.example.gov.cn/', chain: [] }, { url: 'https://a.example.gov.cn/' }), []);
});
