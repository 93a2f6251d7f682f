import { Readable } from 'node:stream';
import t from 'tap';
import type { Finding } from '../../src/core/types.js';
import { ConfigError, loadConfig } from '../../src/service/config.js';
import { batchDocumentOf, idOf, mapConcurrent } from '../../src/service/documents.js';
import { ServiceError } from '../../src/service/errors.js';
import { toServiceError } from '../../src/service/plugins/errors.js';
import { ndjsonLines } from '../../src/service/ndjson.js';
import { PROFILES, resolvePlan, verdictOf } from '../../src/service/profiles.js';
import { ResultCache } from '../../src/service/result-cache.js';
import { contentDigest } from '../../src/service/content-digest.js';
import { createHash } from 'node:crypto';
import { FastPathPolicy } from '../../src/service/fast-path.js';
import { Counter, Histogram, Registry } from 'prom-client';
import { Writable } from 'node:stream';
import pino from 'pino';
import { CheckResult } from '../../src/service/check-result.js';
import { ServiceMetrics } from '../../src/service/metrics.js';
import { lazyRequestLogger, RequestLogLines } from '../../src/service/plugins/request-logger.js';
import Fastify from 'fastify';

function finding(severity: Finding['severity']): Finding {
  return { type: 'sensitive', category: 'x', severity, rule: 'r', start: 0, end: 1, match: 'x', suggestions: [], message: 'm' };
}

t.test('configuration: defaults, overrides and errors naming the variable', async (t) => {
  const defaults = loadConfig({});
  t.equal(defaults.port, 3000);
  t.equal(defaults.host, '127.0.0.1');
  t.equal(defaults.dictionariesDir, undefined);
  t.equal(defaults.logLevel, 'info');
  t.equal(defaults.bodyLimit, 1024 * 1024);
  t.ok(defaults.workers >= 1);
  t.equal(defaults.adminToken, undefined);
  const set = loadConfig({ PORT: '8080', HOST: '0.0.0.0', WORKERS: '3', CACHE_BYTES: '0', ADMIN_TOKEN: 's', LOG_LEVEL: 'warn' });
  t.match(set, { port: 8080, host: '0.0.0.0', workers: 3, queueLimit: 192, cacheBytes: 0, adminToken: 's', logLevel: 'warn' });
  t.throws(() => loadConfig({ PORT: 'abc' }), new ConfigError('PORT must be an integer in [0, 65535], got "abc"'));
  t.throws(() => loadConfig({ WORKERS: '0' }), ConfigError);
  t.equal(defaults.tasksPerWorker, 2, 'a second task waits in each worker by default');
  t.equal(loadConfig({ TASKS_PER_WORKER: '1' }).tasksPerWorker, 1);
  t.throws(() => loadConfig({ TASKS_PER_WORKER: '0' }), new ConfigError('TASKS_PER_WORKER must be an integer in [1, 16], got "0"'));
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), ConfigError);
});

t.test('profiles: checks and thresholds', async (t) => {
  t.ok(PROFILES.has('default'));
  t.same(resolvePlan(undefined, undefined).checks, PROFILES.get('default')?.checks);
  t.same(resolvePlan('sensitive-only', undefined).checks, ['sensitive']);
  t.same(resolvePlan('strict', ['typo', 'sensitive', 'typo']).checks, ['sensitive', 'typo'], 'sorted and deduplicated');
  t.throws(() => resolvePlan('nope', undefined), { code: 'JD_UNKNOWN_PROFILE' });
  t.throws(() => resolvePlan(undefined, ['sensitive', 'spelling']), { code: 'JD_UNKNOWN_CHECK' });
});

t.test('verdict: block at the block level, review at the review level, info ignored', async (t) => {
  const byDefault = PROFILES.get('default')!;
  t.equal(verdictOf([], byDefault), 'pass');
  t.equal(verdictOf([finding('info'), finding('info')], byDefault), 'pass');
  t.equal(verdictOf([finding('info'), finding('warning')], byDefault), 'review');
  t.equal(verdictOf([finding('warning'), finding('error')], byDefault), 'block');
  t.equal(verdictOf([finding('critical')], byDefault), 'block');
  t.equal(verdictOf([finding('warning')], PROFILES.get('strict')!), 'block');
  t.equal(verdictOf([finding('error')], PROFILES.get('lenient')!), 'review');
  t.equal(verdictOf([finding('critical')], PROFILES.get('lenient')!), 'block');
  for (const profile of PROFILES.values()) t.not(profile.review, 'info', `${profile.name} never reviews on info`);
});

t.test('batch documents: validation names the field, ids are read leniently', async (t) => {
  t.same(batchDocumentOf({ id: 'a', text: '文' }, 'd/0'), { text: '文' });
  t.same(batchDocumentOf({ html: '<p>文</p>' }, 'd/0'), { html: '<p>文</p>' });
  t.throws(() => batchDocumentOf('text', 'd/0'), new ServiceError('JD_SCHEMA_VIOLATION', 'd/0 must be object'));
  t.throws(() => batchDocumentOf({ id: 1, text: 5 }, 'd/1'), new ServiceError('JD_SCHEMA_VIOLATION', 'd/1/text must be string'));
  t.throws(() => batchDocumentOf({ text: 'a', html: 'b' }, 'd/2'), { code: 'JD_SCHEMA_VIOLATION', message: 'd/2 must have exactly one of text and html' });
  t.throws(() => batchDocumentOf({ id: {}, text: 'a' }, 'd/3'), { message: 'd/3/id must be string or number' });
  t.throws(() => batchDocumentOf({ text: 'a', extra: 1 }, 'd/4'), { message: /additional properties/ });
  t.equal(idOf({ id: 7 }), 7);
  t.equal(idOf({ id: [1] }), null);
  t.equal(idOf(null), null);
});

t.test('mapConcurrent keeps order and bounds concurrency', async (t) => {
  let running = 0;
  let peak = 0;
  const results = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, n));
    running--;
    return n * 10;
  });
  t.same(results, [50, 10, 40, 20, 30]);
  t.equal(peak, 2);
});

t.test('NDJSON lines: split across chunks, UTF-8 across chunks, blank lines, bad JSON, overlong lines', async (t) => {
  const bytes = Buffer.from('{"id":1,"text":"赌博"}\n\n{bad\n{"id":2,"text":"' + 'x'.repeat(100) + '"}\n{"id":3,"text":"好"}');
  // One byte per chunk: every boundary, including inside multi-byte characters.
  const chunks = [...bytes].map((byte) => Buffer.from([byte]));
  const lines = [];
  for await (const line of ndjsonLines(Readable.from(chunks), 64)) lines.push(line);
  t.same(lines.map((line) => line.line), [1, 3, 4, 5]);
  t.same(lines[0], { line: 1, value: { id: 1, text: '赌博' } });
  t.match(lines[1], { line: 3, error: { code: 'JD_INVALID_JSON' } });
  t.match(lines[2], { line: 4, error: { code: 'JD_LINE_TOO_LONG', message: /64 bytes/ } });
  t.same(lines[3], { line: 5, value: { id: 3, text: '好' } });
});

t.test('cache keys: lone surrogates are not folded into U+FFFD', async (t) => {
  const a = ResultCache.key('v1', 'sensitive', { text: '\ud800' });
  t.equal(a, ResultCache.key('v1', 'sensitive', { text: '\ud800' }), 'the same request, the same key');
  t.not(a, ResultCache.key('v1', 'sensitive', { text: '\ufffd' }));
  t.not(a, ResultCache.key('v2', 'sensitive', { text: '\ud800' }), 'version is in the key');
  t.not(a, ResultCache.key('v1', 'typo', { text: '\ud800' }), 'checks are in the key');
  t.not(a, ResultCache.key('v1', 'sensitive', { html: '\ud800' }), 'text and html differ');
  t.ok(ResultCache.key('v1', 'sensitive', { text: '网络赌场'.repeat(1000) }).length < 100, 'the content enters as a digest');
  // Digests are memoized by content: equal strings built apart, long and short, over many contents.
  for (const units of [10, 5000, 20_000]) {
    const text = (n: number) => `${n}:${'网'.repeat(units)}`;
    const keys = Array.from({ length: 100 }, (_, n) => ResultCache.key('v1', 'sensitive', { text: text(n) }));
    t.equal(new Set(keys).size, 100, `${units} units: distinct contents, distinct keys`);
    t.same(Array.from({ length: 100 }, (_, n) => ResultCache.key('v1', 'sensitive', { text: JSON.parse(JSON.stringify(text(n))) })), keys, `${units} units: equal contents, equal keys`);
  }
  t.equal(contentDigest('网络赌场'), createHash('sha256').update(Buffer.from('网络赌场', 'utf16le')).digest('base64'), 'SHA-256 of the UTF-16LE bytes');
});

t.test('errors: framework codes map onto the catalogue, anything unknown is JD_INTERNAL', async (t) => {
  t.match(toServiceError(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), 2048), { code: 'JD_BODY_TOO_LARGE', statusCode: 413, message: /2048 bytes/ });
  t.match(toServiceError(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), 1), { code: 'JD_UNSUPPORTED_MEDIA_TYPE', statusCode: 415 });
  t.match(toServiceError(Object.assign(new Error('aborted'), { statusCode: 400 }), 1), { code: 'JD_BAD_REQUEST' });
  const internal = toServiceError(new TypeError('cannot read properties of undefined'), 1);
  t.match(internal, { code: 'JD_INTERNAL', statusCode: 500, message: 'Internal error' }, 'no internals leak to the client');
  const known = new ServiceError('JD_OVERLOADED', 'busy', { retryAfter: 3 });
  t.equal(toServiceError(known, 1), known);
  t.same(known.toBody(), { error: { code: 'JD_OVERLOADED', message: 'busy' } });
});

t.test('NDJSON lines are pulled from the upload only as fast as they are consumed', async (t) => {
  let produced = 0;
  // An endless upload: reading it all would never finish.
  const upload = Readable.from(
    (function* () {
      for (;;) {
        produced++;
        yield Buffer.from(`{"id":${produced},"text":"网络赌场"}\n`);
      }
    })(),
    { highWaterMark: 4 },
  );
  const lines = ndjsonLines(upload, 1024);
  for (let i = 0; i < 10; i++) await lines.next();
  await lines.return(undefined);
  t.ok(produced < 30, `10 lines consumed, ${produced} chunks produced`);
});

t.test('fast path: the main thread takes a document when its check costs less than a round trip', async (t) => {
  const policy = new FastPathPolicy(4096, 0.2, [['sensitive', 0.00005], ['sensitive,typo', 0.001]]);
  t.ok(policy.onMainThread('sensitive,typo', 100), '0.1 ms of checking < 0.2 ms round trip');
  t.notOk(policy.onMainThread('sensitive,typo', 300), '0.3 ms > 0.2 ms');
  t.ok(policy.onMainThread('sensitive', 3000), 'a cheap check set keeps an article inline');
  t.notOk(policy.onMainThread('sensitive', 5000), 'never above the cap');
  t.ok(policy.onMainThread('typo', 150) && !policy.onMainThread('typo', 250), 'an unmeasured check set is assumed as dear as the dearest known');
  t.notOk(new FastPathPolicy(0, 1, [['sensitive', 0]]).onMainThread('sensitive', 1), 'cap 0: always the workers');
  // Checks turn out ten times slower (a heavier dictionary): the policy follows, per check set.
  for (let i = 0; i < 200; i++) policy.recordCheck('sensitive,typo', 1000, 10);
  t.ok(Math.abs(policy.estimates('sensitive,typo').checkMsPerUnit - 0.01) < 0.0005, `cost per unit now ${policy.estimates('sensitive,typo').checkMsPerUnit}`);
  t.notOk(policy.onMainThread('sensitive,typo', 100));
  t.ok(policy.onMainThread('sensitive', 3000), 'other check sets keep their own estimate');
  t.notOk(policy.onMainThread('typo', 25), 'the dearest estimate went up too');
  policy.recordCheck('sensitive,typo', 10, 100);
  t.ok(Math.abs(policy.estimates('sensitive,typo').checkMsPerUnit - 0.01) < 0.0005, 'very short texts do not move the estimate');
  // A first measurement replaces the assumption; the dearest estimate follows a set that gets cheaper.
  policy.recordCheck('typo', 1000, 0.05);
  t.ok(policy.onMainThread('typo', 1000), 'measured: 0.05 ms for 1,000 units');
  for (let i = 0; i < 400; i++) policy.recordCheck('sensitive,typo', 1000, 0.1);
  t.ok(policy.estimates('name').checkMsPerUnit < 0.0002, `dearest now ${policy.estimates('name').checkMsPerUnit}`);
});

/** The lines of a metric family in Prometheus text format. */
function family(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name}_`) || line.startsWith(`${name} `) || line.includes(` ${name} `));
}

t.test('metrics: request counts and the latency histogram expose what prom-client\'s own metrics would', async (t) => {
  const metrics = new ServiceMetrics({ poolQueue: () => 0, poolUtilization: () => 0, dictionaryVersion: () => 'v1' });
  const reference = new Registry();
  const requests = new Counter({ name: 'jiaodui_http_requests_total', help: 'HTTP requests by method, route and status code.', labelNames: ['method', 'route', 'status'], registers: [reference] });
  const latency = new Histogram({
    name: 'jiaodui_http_request_duration_seconds',
    help: 'HTTP request latency.',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [reference],
  });
  const observed: Array<[string, string, number, number]> = [
    ['POST', '/v1/check', 200, 0.0004],
    ['POST', '/v1/check', 200, 0.001],
    ['POST', '/v1/check', 400, 0.003],
    ['GET', 'unmatched', 404, 0.0002],
    ['POST', '/v1/check', 200, 42],
    ['GET', '/healthz', 200, 0.0001],
  ];
  for (const [method, route, status, seconds] of observed) {
    metrics.recordRequest(method, route, status, seconds);
    requests.inc({ method, route, status: String(status) });
    latency.observe({ method, route }, seconds);
  }
  const ours = await metrics.registry.metrics();
  const theirs = await reference.metrics();
  for (const name of ['jiaodui_http_requests_total', 'jiaodui_http_request_duration_seconds']) {
    t.same(family(ours, name), family(theirs, name), name);
    t.ok(family(ours, name).length > 4, `${name} has samples`);
  }
  t.ok(ours.includes('jiaodui_http_request_duration_seconds_bucket{le="0.001",method="POST",route="/v1/check"} 2'), 'buckets are cumulative, bounds inclusive');
  // Scraping twice does not count twice.
  metrics.recordRequest('POST', '/v1/check', 200, 0.0004);
  requests.inc({ method: 'POST', route: '/v1/check', status: '200' });
  t.same(family(await metrics.registry.metrics(), 'jiaodui_http_requests_total'), family(await reference.metrics(), 'jiaodui_http_requests_total'));

  metrics.countCacheLookup(true);
  metrics.countCacheLookup(true);
  metrics.countCacheLookup(false);
  const finding: Finding = { type: 'sensitive', category: 'x', severity: 'error', rule: 'r', start: 0, end: 1, match: 'x', suggestions: [], message: 'm' };
  metrics.countFindings(new CheckResult([finding, finding, { ...finding, type: 'typo' }, { ...finding, type: 'typo', severity: 'info' }], 1, 'v1').typeCounts);
  const text = await metrics.registry.metrics();
  t.match(text, /^jiaodui_cache_lookups_total\{result="hit"\} 2$/m);
  t.match(text, /^jiaodui_cache_lookups_total\{result="miss"\} 1$/m);
  t.match(text, /^jiaodui_cache_hit_ratio 0\.666/m);
  t.match(text, /^jiaodui_findings_total\{type="sensitive",severity="error"\} 2$/m);
  t.match(text, /^jiaodui_findings_total\{type="typo",severity="error"\} 1$/m);
  t.match(text, /^jiaodui_findings_total\{type="typo",severity="info"\} 1$/m, 'info findings are counted apart');
});

t.test('request logger: lines carry the request id; disabled levels create nothing', async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const root = pino({ level: 'warn' }, sink);
  let children = 0;
  const counting = new Proxy(root, {
    get(target, property, receiver) {
      if (property === 'child') {
        return (...args: Parameters<typeof root.child>) => {
          children++;
          return target.child(...args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  const log = lazyRequestLogger(counting, { reqId: 'r-1' }, {});
  log.info({ res: 1 }, 'request completed');
  log.debug('debug');
  t.equal(children, 0, 'info at warn: no child logger made');
  t.equal(log.level, 'warn');
  log.warn({ code: 'JD_X' }, 'rejected');
  log.error(new Error('boom'));
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(children, 1, 'one child, on the first line written');
  t.match(lines, [{ level: 40, reqId: 'r-1', code: 'JD_X', msg: 'rejected' }, { level: 50, reqId: 'r-1', err: { message: 'boom' } }]);
  const nested = log.child({ part: 'x' });
  nested.warn('nested');
  await new Promise((resolve) => setImmediate(resolve));
  t.match(lines[2], { reqId: 'r-1', part: 'x', msg: 'nested' });
  t.equal(lines.length, 3);

  const verbose = lazyRequestLogger(pino({ level: 'info' }, sink), { reqId: 'r-2' }, {});
  verbose.info('incoming request');
  await new Promise((resolve) => setImmediate(resolve));
  t.match(lines[3], { level: 30, reqId: 'r-2', msg: 'incoming request' });
  t.same(Object.keys(lazyRequestLogger(root, { reqId: 'r-3' }, { level: 'debug' })), Object.keys(root.child({ reqId: 'r-3' }, { level: 'debug' })), 'a route log level gets an ordinary child');
});

t.test('request log lines: none at warn for a request that succeeds, errors still logged, all at info', async (t) => {
  for (const level of ['warn', 'info']) {
    const lines: Array<Record<string, unknown>> = [];
    const stream = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const app = Fastify({ logger: { level, stream }, childLoggerFactory: lazyRequestLogger, logController: new RequestLogLines() });
    app.get('/ok', async () => ({ ok: true }));
    app.get('/fail', async (request) => {
      request.log.error('check failed');
      throw new Error('boom');
    });
    await app.ready();
    await app.inject({ method: 'GET', url: '/ok', headers: { 'x-request-id': 'ok-1' } });
    const afterOk = lines.length;
    await app.inject({ method: 'GET', url: '/fail' });
    await app.close();
    if (level === 'warn') {
      t.equal(afterOk, 0, 'warn: nothing for a request that succeeds');
      t.ok(lines.some((line) => line.msg === 'check failed' && typeof line.reqId === 'string'), 'warn: error lines carry the request id');
      t.ok(lines.some((line) => line.level === 50 && line.msg === 'boom'), 'warn: fastify logs the failed request');
    } else {
      t.match(lines.slice(0, afterOk), [{ msg: 'incoming request' }, { msg: 'request completed', res: { statusCode: 200 } }], 'info: two lines per request');
      t.ok(lines.slice(0, afterOk).every((line) => typeof line.reqId === 'string'), 'info: with the request id');
    }
  }
});
