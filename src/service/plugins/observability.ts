import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../metrics.js';

/** Request metrics and the request id echoed to the client. */
export function registerObservability(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    metrics.requests.inc({ method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method, route }, reply.elapsedTime / 1000);
  });
}
