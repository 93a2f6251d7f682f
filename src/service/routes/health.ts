import type { FastifyInstance } from 'fastify';
import { ServiceError } from '../errors.js';
import { NEVER_SHED } from '../plugins/load-shedding.js';
import { withErrors } from '../schemas/common.js';
import { Alive, Ready } from '../schemas/health.js';
import { Type } from '@sinclair/typebox';


export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { store, pool, metrics } = app.jiaodui;

  app.get(
    '/healthz',
    { config: NEVER_SHED, schema: { summary: 'Liveness: the process answers', tags: ['operations'], response: withErrors({ 200: Alive }) } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: NEVER_SHED,
      schema: { summary: 'Readiness: dictionaries loaded, workers up, event loop not overloaded', tags: ['operations'], response: withErrors({ 200: Ready }) },
    },
    async () => {
      if (!pool.ready) throw new ServiceError('JD_NOT_READY', 'Workers are not up');
      // Also right after startup, while the loop still shows the segmenter load: traffic
      // routed now would only be shed.
      if (app.eventLoopOverloaded()) throw new ServiceError('JD_NOT_READY', 'The event loop is overloaded');
      return { status: 'ready' as const, dictionaryVersion: store.current.version, workers: pool.threads };
    },
  );

  app.get(
    '/metrics',
    {
      config: NEVER_SHED,
      schema: {
        summary: 'Prometheus metrics',
        tags: ['operations'],
        produces: ['text/plain'],
        response: withErrors({ 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: Type.String() } } } }),
      },
    },
    async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
}
