import type { FastifyInstance } from 'fastify';
import { documentOf, mapConcurrent, outcomeOf } from '../documents.js';
import { resolvePlan } from '../profiles.js';
import { BatchResponse, batchBody, CheckBody, CheckResponse } from '../schemas/check.js';
import type { BatchBody } from '../schemas/check.js';
import { withErrors } from '../schemas/common.js';

export async function checkRoutes(app: FastifyInstance): Promise<void> {
  const { config, proofreading } = app.jiaodui;

  app.post<{ Body: CheckBody }>(
    '/v1/check',
    {
      schema: {
        summary: 'Check one document (text or HTML)',
        tags: ['check'],
        body: CheckBody,
        response: withErrors({ 200: CheckResponse }),
      },
    },
    async (request) => {
      const plan = resolvePlan(request.body.profile, request.body.checks);
      return proofreading.check(documentOf(request.body, 'body'), plan);
    },
  );

  // Enough documents in flight to keep every worker busy without flooding the queue.
  const batchConcurrency = Math.max(2, config.workers * 2);

  app.post<{ Body: BatchBody }>(
    '/v1/check/batch',
    {
      schema: {
        summary: 'Check many documents; results in the same order, one bad document does not fail the others',
        tags: ['check'],
        body: batchBody(config.batchMaxDocuments),
        response: withErrors({ 200: BatchResponse }),
      },
    },
    async (request) => {
      const plan = resolvePlan(request.body.profile, request.body.checks);
      const onInternalError = (error: unknown) => request.log.error({ err: error }, 'document check failed');
      const results = await mapConcurrent(request.body.documents, batchConcurrency, (document, index) =>
        outcomeOf(proofreading, document, `body/documents/${index}`, plan, onInternalError),
      );
      return { results };
    },
  );
}
