import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { NEVER_SHED } from '../plugins/load-shedding.js';
import { withErrors } from '../schemas/common.js';

export async function docsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/docs',
    {
      config: NEVER_SHED,
      schema: {
        summary: 'The OpenAPI 3 document, generated from the route schemas',
        tags: ['operations'],
        response: withErrors({ 200: Type.Object({}, { additionalProperties: true }) }),
      },
    },
    async (_request, reply) => reply.type('application/json').send(JSON.stringify(app.swagger())),
  );
}
