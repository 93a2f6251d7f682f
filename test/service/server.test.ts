import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * The real server (`src/service/server.ts`, as `npm start` runs it compiled) on a free
 * loopback port with the bundled dictionaries, over HTTP: checks, a streamed upload,
 * SIGHUP reload, logs without article text, and SIGTERM with a request in flight.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPORT = fileURLToPath(new URL('../../../shared/data/gov/jinzhong-government-websites-report.md', import.meta.url));
/** A sentence no dictionary knows: it must never appear in the logs. */
const SECRET = '这是一段不应出现在日志里的正文内容';
const ARTICLE = existsSync(REPORT) ? readFileSync(REPORT, 'utf8').slice(0, 1500) : '截止目前，全市政府网站运行平稳。'.repeat(50);

t.test('npm start: HTTP, stream, SIGHUP, redacted logs, graceful SIGTERM', async (t) => {
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/service/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WORKERS: '1', ADMIN_TOKEN: 'secret', LOG_LEVEL: 'info', DICTIONARIES_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });
  server.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });

  t.same(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
  t.match(await (await fetch(`${base}/readyz`)).json(), { status: 'ready', workers: 1 });
  const dictionaries = await (await fetch(`${base}/v1/dictionaries`)).json();
  t.match(dictionaries, { version: String, source: /dictionaries$/ });
  t.ok(dictionaries.counts.sensitive.total > 0, 'bundled sensitive terms are loaded');

  const text = `${SECRET}。${ARTICLE}`;
  const response = await fetch(`${base}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-test-1' }, body: JSON.stringify({ text }) });
  t.equal(response.status, 200);
  t.equal(response.headers.get('x-request-id'), 'req-test-1', 'the client\'s request id is kept');
  const checked = await response.json();
  t.match(checked, { verdict: /^(pass|review|block)$/, stats: { chars: text.length, dictionaryVersion: dictionaries.version } });
  for (const finding of checked.findings) t.equal(text.slice(finding.start, finding.end), finding.match, `${finding.rule} offsets`);

  // NDJSON over a real socket, uploaded as a stream.
  const count = 200;
  const encoder = new TextEncoder();
  let sent = 0;
  const upload = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === count) return controller.close();
      controller.enqueue(encoder.encode(`${JSON.stringify({ id: sent++, html: `<p>${SECRET}</p><p>${ARTICLE.slice(0, 300)}</p>` })}\n`));
    },
  });
  const streamed = await fetch(`${base}/v1/check/stream`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: upload, duplex: 'half' } as RequestInit);
  t.equal(streamed.status, 200);
  const outcomes = (await streamed.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
  t.same(outcomes.map((outcome) => outcome.id), Array.from({ length: count }, (_, i) => i), 'all documents, in order');

  const unauthorized = await fetch(`${base}/v1/dictionaries/reload`, { method: 'POST' });
  t.equal(unauthorized.status, 401);
  t.same((await unauthorized.json()).error.code, 'JD_UNAUTHORIZED');

  server.kill('SIGHUP');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reload log line')), 60_000);
    const poll = setInterval(() => {
      if (output.includes('dictionaries reloaded (SIGHUP)')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
  });
  t.pass('SIGHUP reloads the dictionaries');

  // A request in flight when SIGTERM arrives is finished, then the process exits 0.
  const documents = Array.from({ length: 200 }, (_, id) => ({ id, text: `${id}${ARTICLE}` }));
  const inFlight = fetch(`${base}/v1/check/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents }) });
  await new Promise((resolve) => setTimeout(resolve, 100));
  server.kill('SIGTERM');
  const last = await inFlight;
  t.equal(last.status, 200, 'the in-flight request completed');
  t.equal((await last.json()).results.length, 200);
  const code = await exited;
  t.equal(code, 0, code === 0 ? 'exit code 0' : `exit code ${code}; log tail:\n${output.slice(-1500)}`);
  await t.rejects(fetch(`${base}/healthz`), 'no longer accepting connections');

  t.notOk(output.includes(SECRET), 'no article text in the logs');
  t.notOk(output.includes('截止'), 'no article text in the logs (report)');
  t.match(output, /"reqId":"req-test-1"/, 'logs carry request ids');
  t.match(output, /shutting down/);
});
