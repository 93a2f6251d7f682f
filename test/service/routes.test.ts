import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { ERROR_CODES } from '../../src/service/errors.js';
import { CheckResponse, Finding } from '../../src/service/schemas/check.js';
import { ADMIN_TOKEN, testApp } from '../helpers/service-app.js';

/**
 * Every route and every error code through `app.inject()`, on one app (starting workers
 * costs seconds). One worker and a short queue, so that overload is reachable.
 */
let app: FastifyInstance;
/** Where a test asserts exact findings: the text checks (punctuation, ...) evolve on their own. */
const checks = ['sensitive', 'typo', 'normative'];
const seenCodes = new Set<string>();

t.before(async () => {
  app = await testApp({ workers: 1, queueLimit: 4 });
});
t.teardown(async () => {
  await app?.close();
});

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
  });
  return response;
}

/** Asserts the error shape and records the code (the last test checks that all were seen). */
function expectError(t: Test, response: { statusCode: number; json(): unknown }, status: number, code: string, message?: RegExp) {
  t.equal(response.statusCode, status, `status ${status}`);
  const body = response.json() as { error: { code: string; message: string } };
  t.same(Object.keys(body), ['error']);
  t.equal(body.error.code, code);
  t.type(body.error.message, 'string');
  if (message) t.match(body.error.message, message);
  seenCodes.add(code);
}

t.test('POST /v1/check with text: findings, verdict, stats', async (t) => {
  const text = '😀他参与网络赌场，工作按步就班。';
  const response = await post('/v1/check', { text });
  t.equal(response.statusCode, 200);
  t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  const body = response.json();
  t.equal(body.verdict, 'block');
  t.equal(body.stats.chars, text.length);
  t.type(body.stats.elapsedMs, 'number');
  t.match(body.stats.dictionaryVersion, /^[0-9a-f]+$/);
  const network = body.findings.find((finding: { match: string }) => finding.match === '网络赌场');
  t.match(network, { type: 'sensitive', category: 'gambling', severity: 'error', start: 5, end: 9, suggestions: [] });
  t.equal(text.slice(network.start, network.end), '网络赌场', 'offsets are UTF-16 units (after an astral character)');
  const typo = body.findings.find((finding: { type: string }) => finding.type === 'typo');
  t.match(typo, { match: '按步就班', suggestions: ['按部就班'] });
  for (const finding of body.findings) t.equal(text.slice(finding.start, finding.end), finding.match);
});

t.test('verdicts and profiles', async (t) => {
  t.equal((await post('/v1/check', { text: '今天天气很好。', checks })).json().verdict, 'pass');
  t.equal((await post('/v1/check', { text: '工作按步就班。', checks })).json().verdict, 'review', 'a warning');
  t.equal((await post('/v1/check', { text: '工作按步就班。', profile: 'strict', checks })).json().verdict, 'block', 'strict blocks warnings');
  t.equal((await post('/v1/check', { text: '网络赌场', profile: 'lenient', checks })).json().verdict, 'review', 'lenient reviews errors');
  const only = (await post('/v1/check', { text: '网络赌场，按步就班', profile: 'sensitive-only' })).json();
  t.same([...new Set(only.findings.map((finding: { type: string }) => finding.type))], ['sensitive']);
  const typos = (await post('/v1/check', { text: '网络赌场，按步就班', checks: ['typo'] })).json();
  t.same(typos.findings.map((finding: { type: string }) => finding.type), ['typo'], 'checks replaces the profile list');
  t.match((await post('/v1/check', { text: '网络赌场', checks: [] })).json(), { verdict: 'pass', findings: [], stats: { chars: 4 } }, 'no checks, no findings');
  expectError(t, await post('/v1/check', { text: 'x', profile: 'nope' }), 400, 'JD_UNKNOWN_PROFILE', /default/);
  expectError(t, await post('/v1/check', { text: 'x', checks: ['sensitive', 'grammar'] }), 400, 'JD_UNKNOWN_CHECK', /grammar/);
});

t.test('POST /v1/check with html: offsets into the source, match === html.slice(start, end)', async (t) => {
  const html =
    '<html><head><title>通知</title><style>.赌博{}</style><script>var s="网络赌场";</script></head>' +
    '<body><p>他参与<b>网络</b>&#36172;场。</p><img src="赌博.png" alt="赌博图片"><p>按&#x6B65;就班</p></body></html>';
  const body = (await post('/v1/check', { html })).json();
  t.equal(body.stats.chars, html.length);
  const matches = body.findings.map((finding: { match: string; start: number; end: number }) => {
    t.equal(html.slice(finding.start, finding.end), finding.match);
    return finding.match;
  });
  t.ok(matches.includes('网络</b>&#36172;场'), 'a term across an inline tag and an entity');
  t.ok(matches.includes('赌博'), 'alt text is checked');
  t.ok(matches.includes('按&#x6B65;就班'), 'entities are decoded for matching');
  t.notOk(body.findings.some((finding: { start: number }) => finding.start < html.indexOf('<body>')), 'script, style and src are skipped');
  const blocks = (await post('/v1/check', { html: '<p>网络赌</p><p>场</p>' })).json();
  t.notOk(blocks.findings.some((finding: { match: string }) => finding.match.includes('</p>')), 'terms never join across blocks');
});

t.test('exactly one of text and html; schema violations name the field', async (t) => {
  expectError(t, await post('/v1/check', { text: 'a', html: 'b' }), 400, 'JD_SCHEMA_VIOLATION', /exactly one of text and html/);
  expectError(t, await post('/v1/check', {}), 400, 'JD_SCHEMA_VIOLATION', /exactly one/);
  expectError(t, await post('/v1/check', { text: 42 }), 400, 'JD_SCHEMA_VIOLATION', /body\/text must be string/);
  expectError(t, await post('/v1/check', { html: ['<p>'] }), 400, 'JD_SCHEMA_VIOLATION', /body\/html/);
  expectError(t, await post('/v1/check', { text: 'a', checks: 'sensitive' }), 400, 'JD_SCHEMA_VIOLATION', /body\/checks must be array/);
  expectError(t, await post('/v1/check', { text: 'a', profile: 5 }), 400, 'JD_SCHEMA_VIOLATION', /body\/profile/);
  expectError(t, await post('/v1/check', { text: 'a', extra: true }), 400, 'JD_SCHEMA_VIOLATION', /additional properties/);
  expectError(t, await post('/v1/check', [1, 2]), 400, 'JD_SCHEMA_VIOLATION', /body must be object/);
  expectError(t, await post('/v1/check', 'null'), 400, 'JD_SCHEMA_VIOLATION');
  expectError(t, await post('/v1/check', '"text"'), 400, 'JD_SCHEMA_VIOLATION');
});

t.test('malformed bodies and media types', async (t) => {
  expectError(t, await post('/v1/check', '{"text": "网络赌场'), 400, 'JD_INVALID_JSON');
  const invalid = await post('/v1/check', '{"text": "一篇文章的正文"');
  t.notMatch(invalid.body, /正文/, 'error messages do not quote the body');
  expectError(t, await post('/v1/check', '{"text":"a","__proto__":{"x":1}}'), 400, 'JD_INVALID_JSON');
  expectError(t, await post('/v1/check', ''), 400, 'JD_EMPTY_BODY');
  expectError(t, await post('/v1/check', 'text=a', { 'content-type': 'text/plain' }), 415, 'JD_UNSUPPORTED_MEDIA_TYPE');
  expectError(t, await post('/v1/check', '<x/>', { 'content-type': 'application/xml' }), 415, 'JD_UNSUPPORTED_MEDIA_TYPE');
  expectError(t, await post('/v1/check', '{"text":"a"}\n', { 'content-type': 'application/x-ndjson' }), 415, 'JD_UNSUPPORTED_MEDIA_TYPE');
  expectError(t, await app.inject({ method: 'POST', url: '/v1/check', headers: { 'content-type': 'application/json', 'content-length': '3' }, payload: '{"text":"abc"}' }), 400, 'JD_BAD_REQUEST');
  expectError(t, await app.inject({ method: 'GET', url: '/nowhere' }), 404, 'JD_NOT_FOUND');
  expectError(t, await app.inject({ method: 'DELETE', url: '/v1/check' }), 404, 'JD_NOT_FOUND');
});

t.test('never a 500 for anything a client can send', async (t) => {
  const limit = app.jiaodui.config.bodyLimit;
  const huge = await post('/v1/check', { text: 'a'.repeat(10 * 1024 * 1024) });
  expectError(t, huge, 413, 'JD_BODY_TOO_LARGE', new RegExp(`${limit} bytes`));

  const lone = await post('/v1/check', '{"text":"\\ud800网络赌场\\udc00","checks":["sensitive"]}');
  t.equal(lone.statusCode, 200, 'lone surrogates');
  t.match(lone.json().findings, [{ match: '网络赌场', start: 1, end: 5 }]);
  t.equal((await post('/v1/check', { text: '\0网络\0赌场\0' })).statusCode, 200, 'NUL bytes');
  t.equal((await post('/v1/check', { html: '\0<p\0>\ud800&#0;</p' })).statusCode, 200, 'NUL and lone surrogates in HTML');
  t.equal((await post('/v1/check', Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).statusCode, 200, 'invalid UTF-8');

  const oneCharacter = '赌'.repeat(100_000);
  const long = await post('/v1/check', { text: oneCharacter });
  t.equal(long.statusCode, 200, `${oneCharacter.length} times one character`);

  const deep = '['.repeat(50_000) + ']'.repeat(50_000);
  expectError(t, await post('/v1/check', `{"text":${deep}}`), 400, 'JD_SCHEMA_VIOLATION');
  expectError(t, await post('/v1/check', `{"text":"a","x":${deep}}`), 400, 'JD_SCHEMA_VIOLATION');
  expectError(t, await post('/v1/check', deep), 400, 'JD_SCHEMA_VIOLATION');
  const nestedDocument = await post('/v1/check/batch', `{"documents":[${deep}]}`);
  t.equal(nestedDocument.statusCode, 200);
  t.match(nestedDocument.json().results, [{ id: null, error: { code: 'JD_SCHEMA_VIOLATION' } }]);
  t.equal((await post('/v1/check', { text: 1e308 })).statusCode, 400, 'numbers where strings belong');
  t.equal((await post('/v1/check', { text: true })).statusCode, 400);
  t.equal((await post('/v1/check', { text: null })).statusCode, 400);
});

t.test('random garbage bodies get a 4xx in the error shape', async (t) => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ['{', '}', '[', ']', '"', ':', ',', 'text', 'html', '"text"', '1', 'null', '\\u', '\\ud800', '赌博', '<p>', '&#', ' ', '\\'];
  for (let i = 0; i < 100; i++) {
    let body = '';
    const length = Math.floor(random() * 30);
    for (let j = 0; j < length; j++) body += pieces[Math.floor(random() * pieces.length)];
    const response = await post(random() < 0.5 ? '/v1/check' : '/v1/check/batch', body);
    t.ok(response.statusCode < 500, `${response.statusCode} for ${JSON.stringify(body)}`);
    if (response.statusCode >= 400) t.type(response.json().error.code, 'string');
  }
});

t.test('POST /v1/check/batch: same order, ids, one bad document does not fail the others', async (t) => {
  const response = await post('/v1/check/batch', {
    documents: [
      { id: 'a', text: '网络赌场' },
      { id: 2, html: '<p>按步就班</p>' },
      { id: 'bad', text: 5 },
      'not an object',
      { id: 'both', text: 'x', html: 'y' },
      { id: 'clean', text: '今天天气很好。' },
    ],
    profile: 'default',
    checks,
  });
  t.equal(response.statusCode, 200);
  const { results } = response.json();
  t.same(results.map((result: { id: unknown }) => result.id), ['a', 2, 'bad', null, 'both', 'clean']);
  t.match(results[0], { verdict: 'block', findings: [{ match: '网络赌场' }] });
  t.match(results[1], { verdict: 'review', findings: [{ match: '按步就班', start: 3 }] });
  t.match(results[2], { error: { code: 'JD_SCHEMA_VIOLATION', message: 'body/documents/2/text must be string' } });
  t.match(results[3], { error: { code: 'JD_SCHEMA_VIOLATION', message: 'body/documents/3 must be object' } });
  t.match(results[4], { error: { code: 'JD_SCHEMA_VIOLATION' } });
  t.match(results[5], { verdict: 'pass', findings: [] });
  t.notOk('error' in results[0]);
  expectError(t, await post('/v1/check/batch', { documents: [] }), 400, 'JD_SCHEMA_VIOLATION', /documents/);
  expectError(t, await post('/v1/check/batch', { documents: {} }), 400, 'JD_SCHEMA_VIOLATION', /documents must be array/);
  expectError(t, await post('/v1/check/batch', { documents: [{ text: 'a' }], profile: 'x' }), 400, 'JD_UNKNOWN_PROFILE');
  const many = Array.from({ length: app.jiaodui.config.batchMaxDocuments + 1 }, (_, i) => ({ id: i, text: 'a' }));
  expectError(t, await post('/v1/check/batch', { documents: many }), 400, 'JD_SCHEMA_VIOLATION', /more than/);
});

function ndjson(lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

t.test('POST /v1/check/stream: NDJSON in, NDJSON out, in order, errors per line', async (t) => {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/check/stream?profile=strict&checks=sensitive,typo',
    headers: { 'content-type': 'application/x-ndjson' },
    payload: ndjson(['{"id":"a","text":"网络赌场"}', '', '{oops', '{"id":"h","html":"<p>按步就班</p>"}', '{"id":"n","text":7}', `{"id":"big","text":"${'x'.repeat(app.jiaodui.config.bodyLimit)}"}`, '{"id":"last","text":"好"}']),
  });
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /application\/x-ndjson/);
  const lines = response.body.trimEnd().split('\n').map((line) => JSON.parse(line));
  t.same(lines.map((line) => [line.line, line.id]), [[1, 'a'], [3, null], [4, 'h'], [5, 'n'], [6, null], [7, 'last']]);
  t.match(lines[0], { verdict: 'block', findings: [{ match: '网络赌场' }] });
  t.match(lines[1], { error: { code: 'JD_INVALID_JSON' } });
  t.match(lines[2], { verdict: 'block', findings: [{ match: '按步就班', type: 'typo' }] });
  t.match(lines[3], { error: { code: 'JD_SCHEMA_VIOLATION' } });
  t.match(lines[4], { error: { code: 'JD_LINE_TOO_LONG' } });
  t.match(lines[5], { verdict: 'pass' });
  seenCodes.add('JD_LINE_TOO_LONG');

  const count = 300;
  const upload = Readable.from((function* () {
    for (let i = 0; i < count; i++) yield `{"id":${i},"text":"第${i}篇：网络赌场"}\n`;
  })());
  const streamed = await app.inject({ method: 'POST', url: '/v1/check/stream', headers: { 'content-type': 'application/x-ndjson' }, payload: upload });
  const outcomes = streamed.body.trimEnd().split('\n').map((line) => JSON.parse(line));
  t.same(outcomes.map((outcome) => outcome.id), Array.from({ length: count }, (_, i) => i), 'every document, in order');
  t.ok(outcomes.every((outcome) => outcome.verdict === 'block'));

  expectError(t, await app.inject({ method: 'POST', url: '/v1/check/stream', headers: { 'content-type': 'application/json' }, payload: '{}' }), 415, 'JD_UNSUPPORTED_MEDIA_TYPE');
  expectError(t, await app.inject({ method: 'POST', url: '/v1/check/stream?profile=x', headers: { 'content-type': 'application/x-ndjson' }, payload: '' }), 400, 'JD_UNKNOWN_PROFILE');
  expectError(t, await app.inject({ method: 'POST', url: '/v1/check/stream?checks=spelling', headers: { 'content-type': 'application/x-ndjson' }, payload: '' }), 400, 'JD_UNKNOWN_CHECK');
  expectError(t, await app.inject({ method: 'POST', url: '/v1/check/stream?foo=1', headers: { 'content-type': 'application/x-ndjson' }, payload: '' }), 400, 'JD_SCHEMA_VIOLATION');
});

t.test('the result cache serves resubmitted documents', async (t) => {
  const text = `缓存测试：网络赌场 ${Date.now()}`;
  const first = (await post('/v1/check', { text })).json();
  const second = (await post('/v1/check', { text })).json();
  t.equal(first.stats.cached, false);
  t.equal(second.stats.cached, true);
  t.same(second.findings, first.findings);
  const strict = (await post('/v1/check', { text: '按步就班 cache', profile: 'strict', checks })).json();
  const lenient = (await post('/v1/check', { text: '按步就班 cache', profile: 'lenient', checks })).json();
  t.equal(lenient.stats.cached, true, 'profiles with the same checks share entries');
  t.not(strict.verdict, lenient.verdict, 'the verdict still follows the profile');
  t.equal((await post('/v1/check', { html: text })).json().stats.cached, false, 'text and html do not share entries');
});

t.test('a cached /v1/check response equals the uncached one but for stats.elapsedMs and stats.cached', async (t) => {
  const text = `😀缓存对照：他参与网络赌场，工作按步就班。${Date.now()}`;
  const first = await post('/v1/check', { text, profile: 'strict' });
  const second = await post('/v1/check', { text, profile: 'strict' });
  for (const response of [first, second]) {
    t.equal(response.statusCode, 200);
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    t.ok(Value.Check(CheckResponse, response.json()), 'valid against the route\'s response schema');
  }
  const [uncached, cached] = [first.json(), second.json()];
  t.equal(uncached.stats.cached, false);
  t.equal(cached.stats.cached, true);
  t.type(cached.stats.elapsedMs, 'number');
  t.ok(cached.stats.elapsedMs >= 0);
  const withoutTimes = (body: { stats: Record<string, unknown> }) => ({ ...body, stats: { ...body.stats, elapsedMs: 0, cached: null } });
  t.equal(JSON.stringify(withoutTimes(cached)), JSON.stringify(withoutTimes(uncached)), 'same bytes, keys in the same order');
  t.same(Object.keys(cached), ['verdict', 'findings', 'stats'], 'schema key order');
  t.same(Object.keys(cached.stats), ['chars', 'elapsedMs', 'dictionaryVersion', 'cached']);
  const order = Object.keys(Finding.properties);
  for (const finding of cached.findings) {
    const keys = Object.keys(finding);
    t.same(keys, order.filter((key) => keys.includes(key)), 'finding keys in schema order');
  }
  // The batch route serializes its results with fastify's serializer from the schema: /v1/check
  // (serialized once by CheckResult) must write the same findings and verdict.
  const batch = (await post('/v1/check/batch', { documents: [{ id: 'a', text }], profile: 'strict' })).json().results[0];
  t.equal(batch.stats.cached, true, 'the batch route shares the entry');
  t.equal(JSON.stringify(batch.findings), JSON.stringify(cached.findings));
  t.equal(batch.verdict, cached.verdict);
  t.same({ ...batch.stats, elapsedMs: 0 }, { ...cached.stats, elapsedMs: 0 });
  const lenient = (await post('/v1/check', { text, profile: 'lenient' })).json();
  t.equal(lenient.stats.cached, true);
  t.not(lenient.verdict, cached.verdict, 'the cached entry answers each profile with its own verdict');
  const html = (await post('/v1/check', { html: `<p>${text}</p>` })).json();
  t.ok(Value.Check(CheckResponse, html), 'HTML responses too');
});

t.test('GET /v1/dictionaries', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/v1/dictionaries' });
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.match(body, { version: /^[0-9a-f]+$/, source: /jiaodui-test-dict-/, loadedAt: /^\d{4}-/, loadMs: Number, reloading: false });
  t.match(body.counts.sensitive, { total: Number, categories: { gambling: 5, drugs: 2 } });
  t.match(body.counts.typo, { total: 3 });
});

t.test('POST /v1/dictionaries/reload: admin token', async (t) => {
  const url = '/v1/dictionaries/reload';
  expectError(t, await app.inject({ method: 'POST', url }), 401, 'JD_UNAUTHORIZED');
  expectError(t, await app.inject({ method: 'POST', url, headers: { authorization: 'Bearer wrong' } }), 401, 'JD_UNAUTHORIZED');
  expectError(t, await app.inject({ method: 'POST', url, headers: { authorization: ADMIN_TOKEN } }), 401, 'JD_UNAUTHORIZED', undefined);
  const before = app.jiaodui.store.current.version;
  const ok = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  t.equal(ok.statusCode, 200);
  t.match(ok.json(), { version: before, previousVersion: before, changed: false, counts: { sensitive: { total: Number } } });
  const { config } = app.jiaodui;
  config.adminToken = undefined;
  try {
    expectError(t, await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), 403, 'JD_ADMIN_DISABLED');
  } finally {
    config.adminToken = ADMIN_TOKEN;
  }
});

t.test('GET /healthz, /readyz, /metrics, /docs', async (t) => {
  t.same((await app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
  t.match((await app.inject({ method: 'GET', url: '/readyz' })).json(), { status: 'ready', workers: 1, dictionaryVersion: String });

  const metrics = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(metrics.statusCode, 200);
  t.match(metrics.headers['content-type'], /^text\/plain/);
  for (const name of [
    'jiaodui_http_requests_total{method="POST",route="/v1/check",status="200"}',
    'jiaodui_http_request_duration_seconds_bucket',
    'jiaodui_findings_total{type="sensitive",severity=',
    'jiaodui_cache_hit_ratio',
    'jiaodui_cache_lookups_total{result="hit"}',
    'nodejs_eventloop_lag_seconds',
    'jiaodui_pool_queue_size',
    'jiaodui_dictionary_info{version=',
  ]) {
    t.ok(metrics.body.includes(name), name);
  }
  for (const series of [
    'jiaodui_http_requests_total{method="POST",route="/v1/check",status="400"}',
    'jiaodui_http_requests_total{method="GET",route="unmatched",status="404"}',
    'jiaodui_http_requests_total{method="DELETE",route="unmatched",status="404"}',
    'jiaodui_http_requests_total{method="GET",route="/healthz",status="200"}',
  ]) {
    t.ok(metrics.body.includes(series), series);
  }
  const checkRequests = [...metrics.body.matchAll(/^jiaodui_http_requests_total\{method="POST",route="\/v1\/check",status="\d+"\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  const checkLatencies = Number(/^jiaodui_http_request_duration_seconds_count\{method="POST",route="\/v1\/check"\} (\d+)$/m.exec(metrics.body)?.[1]);
  t.ok(checkRequests > 50, `${checkRequests} /v1/check requests counted`);
  t.equal(checkLatencies, checkRequests, 'every counted request has its latency observed');
  const ratio = Number(/^jiaodui_cache_hit_ratio (\S+)$/m.exec(metrics.body)?.[1]);
  t.ok(ratio > 0 && ratio < 1, `cache hit ratio ${ratio}`);

  const docs = await app.inject({ method: 'GET', url: '/docs' });
  t.equal(docs.statusCode, 200);
  const openapi = docs.json();
  t.equal(openapi.openapi, '3.0.3');
  for (const path of ['/v1/check', '/v1/check/batch', '/v1/check/stream', '/v1/dictionaries', '/v1/dictionaries/reload', '/healthz', '/readyz', '/metrics']) {
    t.ok(openapi.paths[path], path);
  }
  const check = openapi.paths['/v1/check'].post;
  t.ok(check.requestBody.content['application/json'].schema.properties.text, 'request schema');
  t.ok(check.responses['200'].content['application/json'].schema.properties.verdict, 'response schema');
  t.ok(check.responses['4XX'] ?? check.responses['4xx'], 'error responses');
  t.ok(openapi.paths['/v1/check/stream'].post.responses['200'].content['application/x-ndjson'], 'NDJSON response');
});

t.test('overload: a full worker queue gives 503 with Retry-After', async (t) => {
  // One worker, queue of 4: twenty large distinct documents at once cannot all be accepted.
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => post('/v1/check', { text: `${i}网络赌场，按步就班。`.repeat(2000) })),
  );
  const statuses = responses.map((response) => response.statusCode);
  t.ok(statuses.includes(503), `some were shed: ${statuses.join(' ')}`);
  t.ok(statuses.includes(200), 'some were served');
  t.ok(statuses.every((status) => status === 200 || status === 503));
  const shed = responses.find((response) => response.statusCode === 503)!;
  expectError(t, shed, 503, 'JD_OVERLOADED');
  t.equal(shed.headers['retry-after'], String(app.jiaodui.config.retryAfterSeconds));
});

t.test('readiness fails once the workers are gone', async (t) => {
  await app.jiaodui.pool.close();
  expectError(t, await app.inject({ method: 'GET', url: '/readyz' }), 503, 'JD_NOT_READY');
  t.same((await app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' }, 'still alive');
});

t.test('every catalogue code a client can trigger was seen above', async (t) => {
  // JD_DICTIONARY_INVALID: reload.test.ts. JD_INTERNAL: only bugs (units.test.ts maps unknown errors to it).
  const elsewhere = new Set(['JD_DICTIONARY_INVALID', 'JD_INTERNAL']);
  // Sites and the management API: test/sites/service.test.ts, test/service/admin*.test.ts.
  for (const code of ['JD_UNKNOWN_SITE', 'JD_FORBIDDEN', 'JD_ENTRY_NOT_FOUND', 'JD_VERSION_NOT_FOUND', 'JD_SITES_NOT_CONFIGURED', 'JD_SITE_EXISTS', 'JD_PRECONDITION_FAILED', 'JD_ENTRY_INVALID', 'JD_LEXICON_INVALID']) elsewhere.add(code);
  // The LanguageTool API and the editor's page: test/service/languagetool.test.ts, test/service/editor.test.ts.
  for (const code of ['JD_LANGUAGE_UNSUPPORTED', 'JD_EDITOR_NOT_BUILT']) elsewhere.add(code);
  // Links: test/links/route.test.ts.
  elsewhere.add('JD_TOO_MANY_LINKS');
  t.same(ERROR_CODES.filter((code) => !seenCodes.has(code) && !elsewhere.has(code)), []);
});
