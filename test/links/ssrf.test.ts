import t from 'tap';
import { LinkChecker, TargetGuard } from '../../src/links/index.js';
import { html, redirect, startFixture } from '../helpers/links-fixture.js';
import type { Fixture } from '../helpers/links-fixture.js';

// The guard end to end, with loopback targets only: a guard bug shows up as a hit on a local
// fixture, never as traffic elsewhere. The configuration is the default, except that for the
// host name (localhost) the port list names the fixture's random port: a name's port is checked
// before it is resolved, and the resolution is what is under test there.
const target = await startFixture({ '/': html('<title>secret</title>') });
t.teardown(() => target.close());
let v6: Fixture | undefined;
try {
  v6 = await startFixture({ '/': html('<title>secret</title>') }, '::1', target.port);
} catch {
  v6 = undefined; // No IPv6 loopback here: [::1] is still checked for refusal, its hits only when it exists.
}
t.teardown(() => v6?.close());

t.test('every spelling of loopback is refused under the default allow-list, without a packet', async (t) => {
  const p = target.port;
  for (const url of [
    `http://127.0.0.1:${p}/`,
    `http://[::1]:${p}/`,
    `http://localhost:${p}/`,
    `http://2130706433:${p}/`,
    `http://0177.0.0.1:${p}/`,
    `http://127.1:${p}/`,
    `http://[::ffff:127.0.0.1]:${p}/`,
    `http://0x7f000001:${p}/`,
    `http://127.0.0.1.:${p}/`,
  ]) {
    // A checker per URL: the WHATWG parser turns several spellings into the same URL, which a shared cache would answer.
    const checker = new LinkChecker(url.includes('localhost') ? { ports: [target.port] } : {});
    t.teardown(() => checker.close());
    const result = await checker.check(url);
    t.match(result, { outcome: 'unknown', reason: 'refused-private' }, url);
    const [finding] = await checker.checkUrls([url]);
    t.match(finding, { code: 'link.unknown', severity: 'info', evidence: { reason: 'refused-private' } }, `${url}: finding`);
    t.equal(checker.metrics.refusedPrivate, 1, `${url}: counted once`);
    // Only a host name gets as far as a request (refused in its lookup); IP literals are refused before it.
    t.equal(checker.metrics.fetches, url.includes('localhost') ? 1 : 0, `${url}: requests attempted`);
  }
  t.equal(target.hits.length, 0, 'the IPv4 fixture saw no request');
  t.equal(v6?.hits.length ?? 0, 0, 'the IPv6 fixture saw no request');
});

t.test('the lookup refuses a name that resolves to a refused address', async (t) => {
  const guard = new TargetGuard();
  const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => guard.lookup('localhost', { all: true }, (e) => resolve(e)));
  t.match(error, { code: 'ERR_JD_REFUSED_PRIVATE' });
  const opened = new TargetGuard({ allow: ['localhost'] });
  const addresses = await new Promise<unknown>((resolve) => opened.lookup('localhost', { all: true }, (_e, a) => resolve(a)));
  t.ok(Array.isArray(addresses) && addresses.length > 0, 'an allow-listed name resolves');
});

t.test('a redirect from an allow-listed loopback address to one that is not is refused at that hop', async (t) => {
  const inner = await startFixture({ '/': html('<title>inner</title>') }, '127.0.0.2');
  t.teardown(() => inner.close());
  const outer = await startFixture({
    '/go': redirect(`http://127.0.0.2:${inner.port}/`),
    '/go-decimal': redirect(`http://2130706434:${inner.port}/`),
  });
  t.teardown(() => outer.close());
  const checker = new LinkChecker({ allow: ['127.0.0.1/32'], ports: [outer.port, inner.port], confirmDelayMs: 0 });
  t.teardown(() => checker.close());
  for (const path of ['/go', '/go-decimal']) {
    const result = await checker.check(outer.url(path));
    t.match(result, { outcome: 'unknown', reason: 'refused-private' }, path);
    t.same(result.chain.map((h) => h.status), [302, undefined], `${path}: the first hop answered, the second was never sent`);
  }
  t.equal(outer.hits.length, 2, 'the allow-listed fixture was reached');
  t.equal(inner.hits.length, 0, 'the other loopback address was not');
});

t.test('an allow-listed host name reaches the fixture (the guard lets the lookup through)', async (t) => {
  const checker = new LinkChecker({ allow: ['localhost'], ports: [target.port], confirmDelayMs: 0 });
  t.teardown(() => checker.close());
  const before = target.hits.length + (v6?.hits.length ?? 0);
  t.match(await checker.check(`http://localhost:${target.port}/`), { outcome: 'ok' });
  t.equal(target.hits.length + (v6?.hits.length ?? 0) - before, 1);
});
