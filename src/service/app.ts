import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import underPressure from '@fastify/under-pressure';
import type { ServiceConfig } from './config.js';
import type { ServiceContext } from './context.js';
import { DictionaryStore } from './dictionary-store.js';
import type { LoadedDictionaries } from './dictionary-store.js';
import { CHECK_TYPES } from '../core/types.js';
import { ServiceError } from './errors.js';
import { ServiceMetrics } from './metrics.js';
import { registerErrorHandlers, sendError, toServiceError } from './plugins/errors.js';
import { registerObservability } from './plugins/observability.js';
import { CheckPool } from './pool/check-pool.js';
import { FastPathPolicy } from './fast-path.js';
import { Proofreading } from './proofreading.js';
import { ResultCache } from './result-cache.js';
import { checkRoutes } from './routes/check.js';
import { dictionaryRoutes } from './routes/dictionaries.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { streamRoutes } from './routes/stream.js';
import { ErrorResponse } from './schemas/common.js';

export interface AppOptions {
  config: ServiceConfig;
}

/**
 * Fastify instance options the app relies on: they can only be given at construction, so
 * server.ts and the tests both take them from here.
 */
export function serverOptions(config: ServiceConfig, logger: FastifyServerOptions['logger'] = false): FastifyServerOptions {
  return {
    logger,
    bodyLimit: config.bodyLimit,
    // Startup compiles dictionaries and loads the segmenter in every worker: seconds, not milliseconds.
    pluginTimeout: 120_000,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Requests that reach a closing server are finished (with `Connection: close`) rather
    // than refused with a body outside our error format.
    return503OnClosing: false,
    ajv: {
      // Numbers where strings belong are errors, not silently converted; unknown fields too.
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
    },
    frameworkErrors: (error, _request, reply) => {
      sendError(reply, toServiceError(error, config.bodyLimit), config.retryAfterSeconds);
    },
  };
}

/** Sample for the first estimate of the check cost: ordinary official prose, 500 characters. */
const CALIBRATION_TEXT = '根据市委、市政府工作部署，全市各级各部门认真贯彻落实政府网站集约化建设要求，'.repeat(13).slice(0, 500);

/** First estimates for the fast path, measured on this machine with these dictionaries. */
function calibrate(dictionaries: LoadedDictionaries): { checkMsPerUnit: number; roundTripMs: number } {
  dictionaries.proofreader.check(CALIBRATION_TEXT, { checks: CHECK_TYPES });
  const started = performance.now();
  for (let i = 0; i < 3; i++) dictionaries.proofreader.check(CALIBRATION_TEXT, { checks: CHECK_TYPES });
  // 0.15 ms: the round trip measured with bench:service's worker-only contender; refined live.
  return { checkMsPerUnit: (performance.now() - started) / 3 / CALIBRATION_TEXT.length, roundTripMs: 0.15 };
}

/** Under-pressure instantiates the error it throws with no arguments. */
class EventLoopOverloaded extends ServiceError {
  constructor() {
    super('JD_OVERLOADED', 'The event loop is overloaded; retry later');
  }
}

/** The whole service as a plugin: dictionaries, worker pool, cache, metrics and routes. */
async function jiaodui(app: FastifyInstance, { config }: AppOptions): Promise<void> {
  const store = await DictionaryStore.open(config.dictionariesDir);
  const pool = new CheckPool({ workers: config.workers, queueLimit: config.queueLimit });
  app.addHook('onClose', async () => pool.close());
  const warmup = store.current;
  await pool.start({ version: warmup.version, snapshot: warmup.snapshot, document: { text: '健康检查' }, checks: [] });

  const metrics = new ServiceMetrics({
    poolQueue: () => pool.queueSize,
    poolUtilization: () => pool.utilization,
    dictionaryVersion: () => store.current.version,
  });
  const cache = config.cacheBytes > 0 ? new ResultCache(config.cacheBytes) : undefined;
  const proofreading = new Proofreading(store, pool, cache, metrics, new FastPathPolicy(config.fastPathChars, calibrate(store.current)), config);
  const context: ServiceContext = { config, store, pool, proofreading, metrics };
  app.decorate('jiaodui', context);

  // Only JSON (and NDJSON on the stream route) is accepted: anything else is a 415.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ErrorResponse);
  registerErrorHandlers(app, config);
  registerObservability(app, metrics);
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    retryAfter: config.retryAfterSeconds,
    customError: EventLoopOverloaded,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'jiaodui proofreading service',
        description: 'Chinese content proofreading for government websites. Offsets are UTF-16 code units into the string sent. Errors: src/service/ERRORS.md.',
        version: '1',
      },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
  });

  await app.register(checkRoutes);
  await app.register(streamRoutes);
  await app.register(dictionaryRoutes);
  await app.register(healthRoutes);
  await app.register(docsRoutes);
}

export const jiaoduiApp = fp(jiaodui, { fastify: '5.x', name: 'jiaodui' });

/** A ready-to-use instance: what server.ts listens with and what tests `inject()` into. */
export async function buildApp(config: ServiceConfig, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config, logger));
  await app.register(jiaoduiApp, { config });
  await app.ready();
  return app;
}
