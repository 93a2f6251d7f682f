import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import {
  alertPayload,
  deliverAlert,
  DELIVERY_HEADER,
  MemoryDeliveryLog,
  sendAlerts,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../src/inspection/alerts.js';
import type { ReadinessSummary, SiteReadiness } from '../../src/inspection/readiness.js';
import type { ReadinessItem } from '../../src/inspection/types.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers with the next status of `statuses` (the last one repeats). */
async function receiver(t: Test, statuses: number[], retryAfter?: string) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      response.writeHead(status, retryAfter ? { 'retry-after': retryAfter } : {});
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const ITEM: ReadinessItem = {
  code: 'veto.secrets',
  level: 'veto',
  title: '泄露国家秘密',
  message: '1 处：页面带有密级标志',
  evidence: [{ url: 'https://www.sxjz.gov.cn/tzgg/t2.html', column: '通知公告', detail: 'secrecy.marking', excerpt: '前文秘密★一年后文' }],
};
const PAYLOAD = alertPayload({ jobId: 3, measuredAt: '2024-03-12T04:00:00.000Z' }, 'city', [ITEM]);
const noSleep = { sleep: async () => {} };

t.test('signed JSON body, verifiable by the receiver', async (t) => {
  const hook = await receiver(t, [204]);
  const log = new MemoryDeliveryLog();
  const result = await deliverAlert(hook.url, 's3cret', PAYLOAD, { log });
  t.match(result, { ok: true, attempts: 1, status: 204 });
  t.equal(hook.received.length, 1);
  const [{ headers, body }] = hook.received;
  t.equal(headers['content-type'], 'application/json; charset=utf-8');
  const expected = createHmac('sha256', 's3cret').update(`${headers[TIMESTAMP_HEADER]}.${body}`).digest('hex');
  t.equal(headers[SIGNATURE_HEADER], `sha256=${expected}`, 'HMAC-SHA256 over timestamp.body');
  t.not(headers[SIGNATURE_HEADER], `sha256=${createHmac('sha256', 'other').update(`${headers[TIMESTAMP_HEADER]}.${body}`).digest('hex')}`, 'another secret gives another signature');
  t.same(JSON.parse(body), PAYLOAD);
  t.same(log.attempts.map((a) => [a.attempt, a.ok, a.status, a.signed]), [[1, true, 204, true]]);
});

t.test('retries 5xx and 429 with doubling backoff, then succeeds', async (t) => {
  const hook = await receiver(t, [503, 500, 429, 200]);
  const delays: number[] = [];
  const log = new MemoryDeliveryLog();
  const result = await deliverAlert(hook.url, 'k', PAYLOAD, { log, baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) });
  t.match(result, { ok: true, attempts: 4, status: 200 });
  t.same(delays, [100, 200, 400]);
  t.same(log.attempts.map((a) => a.status), [503, 500, 429, 200]);
  const ids = new Set(hook.received.map((r) => r.headers[DELIVERY_HEADER]));
  t.equal(ids.size, 1, 'one delivery id across retries');
});

t.test('Retry-After is honoured, capped by maxDelayMs', async (t) => {
  const hook = await receiver(t, [429, 200], '7');
  const delays: number[] = [];
  await deliverAlert(hook.url, 'k', PAYLOAD, { maxDelayMs: 5000, sleep: async (ms) => void delays.push(ms) });
  t.same(delays, [5000]);
});

t.test('a 4xx other than 408/429 is not retried; gives up after the last attempt', async (t) => {
  const bad = await receiver(t, [400]);
  t.match(await deliverAlert(bad.url, 'k', PAYLOAD, noSleep), { ok: false, attempts: 1, status: 400 });
  const down = await receiver(t, [502]);
  const log = new MemoryDeliveryLog();
  t.match(await deliverAlert(down.url, 'k', PAYLOAD, { ...noSleep, attempts: 3, log }), { ok: false, attempts: 3, status: 502 });
  t.equal(log.attempts.length, 3);
});

t.test('connection refused is retried and logged', async (t) => {
  const hook = await receiver(t, [200]);
  const closedUrl = hook.url;
  await new Promise((resolve) => setTimeout(resolve, 0));
  // A port nobody listens on: bind one, note it, close it.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const log = new MemoryDeliveryLog();
  const result = await deliverAlert(`http://127.0.0.1:${port}/hook`, 'k', PAYLOAD, { ...noSleep, attempts: 2, log });
  t.match(result, { ok: false, attempts: 2, error: 'ECONNREFUSED' });
  t.same(log.attempts.map((a) => a.error), ['ECONNREFUSED', 'ECONNREFUSED']);
  t.ok(closedUrl);
});

function siteSummary(items: ReadinessItem[], site: string | null = 'city'): SiteReadiness {
  return {
    site,
    documents: 2,
    verdict: items.some((i) => i.level === 'veto') ? 'veto' : items.length ? 'at-risk' : 'ready',
    vetoes: items.filter((i) => i.level === 'veto'),
    warnings: items.filter((i) => i.level === 'warning'),
    deductions: [],
    score: { estimate: true, value: 100, max: 100, passScore: 60, vetoed: false, basis: '' },
    trend: [],
  };
}

function summaryOf(jobId: number, sites: SiteReadiness[]): ReadinessSummary {
  return { jobId, jobFinishedAt: null, measuredAt: '2024-03-12T04:00:00.000Z', source: '', sites };
}

t.test('sendAlerts: new items only, site and global hooks, excerpt only', async (t) => {
  const siteHook = await receiver(t, [200]);
  const globalHook = await receiver(t, [200]);
  const warning: ReadinessItem = { code: 'freshness.column-due', level: 'warning', title: '栏目即将超期', message: 'x', evidence: [{ column: '要闻动态', detail: '12 天' }] };
  const before = summaryOf(2, [siteSummary([warning])]);
  const now = summaryOf(3, [siteSummary([{ ...warning, evidence: [{ column: '要闻动态', detail: '13 天' }] }, ITEM])]);
  const log = new MemoryDeliveryLog();
  const sent = await sendAlerts(
    now,
    before,
    { siteAlerts: () => ({ webhook: siteHook.url, secretEnv: 'CITY_SECRET' }), global: { webhook: globalHook.url, minLevel: 'veto' }, env: { CITY_SECRET: 'k1' } },
    { ...noSleep, log },
  );
  t.same(sent.map((s) => [s.url, s.items, s.result.ok]), [
    [siteHook.url, 1, true],
    [globalHook.url, 1, true],
  ]);
  const body = JSON.parse(siteHook.received[0].body);
  t.same(body.items.map((i: ReadinessItem) => i.code), ['veto.secrets'], 'the column still due is not news');
  t.same(Object.keys(body.items[0].evidence[0]).sort(), ['column', 'detail', 'excerpt', 'url']);
  t.equal(globalHook.received[0].headers[SIGNATURE_HEADER], undefined, 'no secret configured: unsigned');
  t.ok(siteHook.received[0].headers[SIGNATURE_HEADER]);
  t.same(await sendAlerts(now, now, { global: { webhook: globalHook.url } }, noSleep), [], 'nothing new, nothing sent');

  const missing = await sendAlerts(now, before, { siteAlerts: () => ({ webhook: siteHook.url, secretEnv: 'UNSET_SECRET' }), env: {} }, { ...noSleep, log });
  t.match(missing, [{ result: { ok: false, attempts: 0, error: /UNSET_SECRET/ } }]);
  t.equal(siteHook.received.length, 1, 'not called without its secret');
});
