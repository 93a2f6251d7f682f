import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { outcomeOf } from '../documents.js';
import { ServiceError } from '../errors.js';
import { ndjsonLines } from '../ndjson.js';
import type { NdjsonLine } from '../ndjson.js';
import type { CheckPlan } from '../profiles.js';
import type { CompiledSite } from '../../sites/registry.js';
import { siteChoice } from './sites.js';
import { DocumentOutcome, StreamQuery } from '../schemas/check.js';
import { withErrors } from '../schemas/common.js';

const NDJSON = 'application/x-ndjson';

const StreamOutcome = Type.Object({
  line: Type.Integer({ description: 'Line number in the upload, from 1.' }),
  ...DocumentOutcome.properties,
});

export async function streamRoutes(app: FastifyInstance): Promise<void> {
  const { config, proofreading, sites, guards } = app.jiaodui;
  // Only this route reads NDJSON; it gets the raw stream, so no body limit applies to the
  // whole upload (each line is still limited).
  app.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));
  // Documents in flight per stream: enough to keep the workers busy, few enough to stay bounded.
  const window = Math.max(2, config.workers * 2);

  app.post<{ Querystring: StreamQuery }>(
    '/v1/check/stream',
    {
      schema: {
        summary: 'Check an NDJSON stream of documents (one `{ id, text|html }` per line); NDJSON out, in order',
        tags: ['check'],
        consumes: [NDJSON],
        produces: [NDJSON],
        querystring: StreamQuery,
        response: withErrors({
          200: { description: 'One outcome per input line, in order.', content: { [NDJSON]: { schema: StreamOutcome } } },
        }),
      },
      onRequest: guards.check,
    },
    async (request, reply) => {
      if (!(request.body instanceof Readable)) {
        throw new ServiceError('JD_UNSUPPORTED_MEDIA_TYPE', `Send ${NDJSON} to this route, one document per line`);
      }
      const checks = request.query.checks?.split(',').map((check) => check.trim()).filter((check) => check !== '');
      const { site, plan } = siteChoice(sites, request.query.site, request.query.profile, checks);
      const siteFor = (id: string) => siteChoice(sites, id, request.query.profile, checks) as { site: CompiledSite; plan: CheckPlan };
      const onInternalError = (error: unknown) => request.log.error({ err: error }, 'document check failed');
      const lines = ndjsonLines(request.body, config.bodyLimit);
      reply.type(NDJSON);
      return reply.send(Readable.from(outcomes(lines, { plan, site, siteFor }, onInternalError), { objectMode: false }));
    },
  );

  interface Choice {
    plan: CheckPlan;
    site: CompiledSite | undefined;
    siteFor: (id: string) => { site: CompiledSite; plan: CheckPlan };
  }

  async function outcome(item: NdjsonLine, choice: Choice, onInternalError: (error: unknown) => void): Promise<string> {
    if ('error' in item) {
      return `${JSON.stringify({ line: item.line, id: null, error: { code: item.error.code, message: item.error.message } })}\n`;
    }
    const result = await outcomeOf(proofreading, item.value, `line ${item.line}`, choice.plan, onInternalError, choice.site, choice.siteFor);
    return `${JSON.stringify({ line: item.line, ...result })}\n`;
  }

  /** Outcomes in input order, with at most `window` documents in flight. */
  async function* outcomes(lines: AsyncIterable<NdjsonLine>, choice: Choice, onInternalError: (error: unknown) => void): AsyncGenerator<string> {
    const inFlight: Promise<string>[] = [];
    for await (const item of lines) {
      inFlight.push(outcome(item, choice, onInternalError));
      if (inFlight.length >= window) yield await (inFlight.shift() as Promise<string>);
    }
    while (inFlight.length > 0) yield await (inFlight.shift() as Promise<string>);
  }
}
