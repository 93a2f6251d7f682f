import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../metrics.js';

/**
 * Request metrics, the request id echoed to the client, and `Connection: close` on the
 * responses that finish while the server shuts down: otherwise their keep-alive sockets
 * would hold the graceful close open until the keep-alive timeout.
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
  app.addHook('onResponse', (request, reply, done) => {
    // Unmatched URLs share one label value: a scanner must not create a series per URL.
    metrics.recordRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
