import type { FastifyInstance } from 'fastify';
import { documentOf, mapConcurrent, outcomeOf } from '../documents.js';
import { siteChoice } from './sites.js';
import { checkWithLinks } from './links.js';
import { BatchResponse, batchBody, CheckBody, CheckResponse } from '../schemas/check.js';
import type { BatchBody } from '../schemas/check.js';
import { withErrors } from '../schemas/common.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

export async function checkRoutes(app: FastifyInstance): Promise<void> {
  const { config, proofreading, sites, guards } = app.jiaodui;

  app.post<{ Body: CheckBody }>(
    '/v1/check',
    {
      schema: {
        summary: 'Check one document (text or HTML)',
        tags: ['check'],
        body: CheckBody,
        // Documents the response; the body itself comes serialized from CheckResult.json
        // (what this schema describes, tested against it), so that a cache hit does not
        // serialize findings again.
        response: withErrors({ 200: CheckResponse }),
      },
      onRequest: guards.check,
    },
    // Not async: a cache hit is answered without a promise (bench:service, "cache hits").
    (request, reply) => {
      // Link findings need the network: their own path, never the cache or the workers.
      if (request.body.checks?.includes('links')) return checkWithLinks(app.jiaodui, request.body);
      const { site, plan } = siteChoice(sites, request.body.site, request.body.profile, request.body.checks);
      const body = proofreading.respond(documentOf(request.body, 'body'), plan, site);
      reply.type(JSON_UTF8);
      if (Buffer.isBuffer(body)) {
        reply.send(body);
        return;
      }
      return body.then((json) => {
        reply.send(json);
      });
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
      onRequest: guards.check,
    },
    async (request) => {
      const { profile, checks } = request.body;
      const { site, plan } = siteChoice(sites, request.body.site, profile, checks);
      // A document's own `site` overrides the request's (an unknown one fails that document only).
      const siteFor = (id: string) => siteChoice(sites, id, profile, checks) as { site: NonNullable<typeof site>; plan: typeof plan };
      const onInternalError = (error: unknown) => request.log.error({ err: error }, 'document check failed');
      const results = await mapConcurrent(request.body.documents, batchConcurrency, (document, index) =>
        outcomeOf(proofreading, document, `body/documents/${index}`, plan, onInternalError, site, siteFor),
      );
      return { results };
    },
  );
}
