import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { ServiceMetrics } from '../metrics.js';

/**
 * Request metrics, the request id echoed to the client, and `Connection: close` on the
 * responses that finish while the server shuts down: otherwise their keep-alive sockets
 * would hold the graceful close open until the keep-alive timeout.
 *
 * Each route gets its own `onResponse` hook, bound when the route is registered to that
 * route's series: a global hook would read `request.routeOptions` (an object built on every
 * read) and look the series up on every request. Requests no route matched are recorded by
 * the not-found handler (`recordUnmatched`).
 */
export function registerObservability(app: FastifyInstance, metrics: ServiceMetrics): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    const series = new Map(methods.map((method) => [method, metrics.route(method, route.url)]));
    const only = methods.length === 1 ? series.get(methods[0]) : undefined;
    const record: onResponseHookHandler =
      only !== undefined
        ? (_request, reply, done) => {
            only.record(reply.statusCode, reply.elapsedTime / 1000);
            done();
          }
        : (request, reply, done) => {
            series.get(request.method)?.record(reply.statusCode, reply.elapsedTime / 1000);
            done();
          };
    route.onResponse = route.onResponse === undefined ? [record] : [...([] as onResponseHookHandler[]).concat(route.onResponse), record];
  });
}

/** Records a request no route matched, under one label value: a scanner must not create a series per URL. */
export function recordUnmatched(metrics: ServiceMetrics, request: FastifyRequest, reply: FastifyReply): void {
  metrics.recordRequest(request.method, 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
}
