import t from 'tap';
import { testApp } from '../helpers/service-app.js';

/** Busy-waits, so that the event-loop delay sample sees a stall. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

t.test('a lagging event loop sheds requests with 503, except probes, metrics and docs', async (t) => {
  const app = await testApp({ workers: 1, maxEventLoopDelayMs: 200 });
  t.teardown(() => app.close());
  const check = () => app.inject({ method: 'POST', url: '/v1/check', payload: { text: '网络赌场', checks: ['sensitive'] } });
  // Startup itself stalls the loop; wait until that has left the sample.
  for (let i = 0; (await check()).statusCode !== 200; i++) {
    if (i > 100) throw new Error('never recovered from startup');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);

  stall(1500);
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.ok(app.eventLoopOverloaded(), 'the stall is in the sample');
  const shed = await check();
  t.equal(shed.statusCode, 503);
  t.same(shed.json().error.code, 'JD_OVERLOADED');
  t.equal(shed.headers['retry-after'], String(app.jiaodui.config.retryAfterSeconds));
  t.ok(shed.headers['x-request-id'], 'shed responses carry the request id');
  const batch = await app.inject({ method: 'POST', url: '/v1/check/batch', payload: { documents: [{ text: 'x' }] } });
  t.equal(batch.statusCode, 503, 'batch too');
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'liveness is never shed');
  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(ready.statusCode, 503);
  t.equal(ready.json().error.code, 'JD_NOT_READY', 'readiness says why');
  const metrics = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(metrics.statusCode, 200, 'metrics are never shed');
  t.match(metrics.body, /jiaodui_http_requests_total\{method="POST",route="\/v1\/check",status="503"\} 1/, 'shed requests are counted');
  t.equal((await app.inject({ method: 'GET', url: '/docs' })).statusCode, 200, 'docs are never shed');

  // The next sample (every second) no longer sees the stall.
  await new Promise((resolve) => setTimeout(resolve, 2200));
  t.notOk(app.eventLoopOverloaded());
  t.equal((await check()).statusCode, 200, 'served again');
});
