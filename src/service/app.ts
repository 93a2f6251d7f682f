import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import type { ServiceConfig } from './config.js';
import type { ServiceContext } from './context.js';
import { DictionaryStore } from './dictionary-store.js';
import type { LoadedDictionaries } from './dictionary-store.js';
import { checkDocument } from './check-document.js';
import { ServiceMetrics } from './metrics.js';
import { registerErrorHandlers, sendError, toServiceError } from './plugins/errors.js';
import { registerLoadShedding } from './plugins/load-shedding.js';
import { recordUnmatched, registerObservability } from './plugins/observability.js';
import { lazyRequestLogger, RequestLogLines } from './plugins/request-logger.js';
import { CheckPool } from './pool/check-pool.js';
import { FastPathPolicy } from './fast-path.js';
import { PROFILES } from './profiles.js';
import { Proofreading } from './proofreading.js';
import { ResultCache } from './result-cache.js';
import { checkRoutes } from './routes/check.js';
import { dictionaryRoutes } from './routes/dictionaries.js';
import { docsRoutes } from './routes/docs.js';
import { editorRoutes } from './routes/editor.js';
import { infoRoutes } from './routes/info.js';
import { languageToolRoutes } from './routes/languagetool.js';
import { healthRoutes } from './routes/health.js';
import { streamRoutes } from './routes/stream.js';
import { ErrorResponse } from './schemas/common.js';
import { shareContextTypoModel } from '../loader/context-typo-model.js';
import { SiteRegistry } from '../sites/registry.js';
import { Guards, KeyRing } from './plugins/auth.js';
import { adminRoutes } from './routes/admin.js';
import { siteRoutes } from './routes/sites.js';
import { linksRoutes } from './routes/links.js';
import { LinkChecker } from '../links/checker.js';

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
    // Request loggers bind the request id when they first write, not on every request, and
    // the per-request info lines cost nothing when info is off.
    ...(logger ? { childLoggerFactory: lazyRequestLogger, logController: new RequestLogLines() } : {}),
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

/**
 * Sample for the first estimates of the check costs: ordinary official prose, about 500
 * characters, without repeated sentences (the repetition check would make a repeated sample
 * several times dearer than an article).
 */
const CALIBRATION_TEXT =
  '根据市委、市政府工作部署，全市各级各部门认真贯彻落实政府网站集约化建设要求，持续推进政务公开标准化规范化。' +
  '今年以来，市政府办公室牵头组织开展网站普查，对栏目设置、信息更新、互动回应等情况进行逐项核查，发现问题及时督促整改。' +
  '各县区结合实际，优化办事服务流程，推动更多事项网上可办、一次办成。下一步，将进一步加强内容保障和安全防护，' +
  '健全信息发布审核机制，提升网站的权威性和实用性，更好地服务企业和群众。同时，要强化统筹协调，明确责任分工，' +
  '建立健全常态化监测机制，定期通报检查结果。对于长期不更新、互动回应不及时的栏目，要限期整改或予以关停。' +
  '要注重运用大数据分析用户需求，围绕群众关切做好政策解读，以图解、视频等多种形式增强解读效果。' +
  '各级政府网站要严格执行信息发布保密审查制度，切实维护网络安全和信息安全。在便民服务方面，全市依托一体化政务服务平台，' +
  '整合社保、医保、公积金、不动产登记等高频事项，实现跨部门数据共享和业务协同。截至目前，已有三百余项服务事项实现全程网办，' +
  '平均办理时限压缩百分之四十以上，企业群众满意度持续提升。';

/**
 * First estimates for the fast path, measured on this machine with these dictionaries: the
 * check cost per character of each profile's check set (on the main thread), and the fixed
 * cost of a worker round trip (the median of tasks with nothing to check, one at a time, so
 * that no task waits in the queue).
 */
async function calibrate(dictionaries: LoadedDictionaries, pool: CheckPool): Promise<{ roundTripMs: number; checkMsPerUnit: Array<[string, number]> }> {
  const checkMsPerUnit: Array<[string, number]> = [['', 0]];
  const checkSets = new Map([...PROFILES.values()].map((profile) => [profile.checks.join(','), profile.checks]));
  for (const [checksKey, checks] of checkSets) {
    // Warm up first (the first runs compile), then the median of five.
    const runs: number[] = [];
    for (let i = 0; i < 8; i++) {
      const started = performance.now();
      checkDocument(dictionaries.proofreader, { text: CALIBRATION_TEXT }, checks);
      if (i >= 3) runs.push(performance.now() - started);
    }
    checkMsPerUnit.push([checksKey, median(runs) / CALIBRATION_TEXT.length]);
  }
  const trips: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    const { checkMs } = await pool.check({ version: dictionaries.version, snapshot: dictionaries.snapshot, document: { text: '' }, checks: [] }, 1);
    trips.push(performance.now() - started - checkMs);
  }
  return { roundTripMs: median(trips), checkMsPerUnit };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1];
}

/** The whole service as a plugin: dictionaries, worker pool, cache, metrics and routes. */
async function jiaodui(app: FastifyInstance, { config }: AppOptions): Promise<void> {
  // First, so that this thread's proofreaders and every worker use the one shared copy.
  const contextTypo = shareContextTypoModel();
  const store = await DictionaryStore.open(config.dictionariesDir);
  // A bad API_KEYS or site folder fails the start before the workers are spawned.
  const guards = new Guards(KeyRing.fromConfig(config), config.checkRequiresKey);
  const sites = await SiteRegistry.open(config.sitesDir, { pollMs: config.sitesPollMs, keep: config.sitesKeepVersions });
  sites.onError = (error) => app.log.error({ err: error }, 'site store refresh failed');
  for (const site of sites.list()) {
    if (site.settings.profile !== undefined && !PROFILES.has(site.settings.profile)) {
      throw new Error(`site ${site.id}: unknown profile ${JSON.stringify(site.settings.profile)} in site.json (known: ${[...PROFILES.keys()].join(', ')})`);
    }
  }
  await sites.watch();
  app.addHook('onClose', async () => sites.close());
  const pool = new CheckPool({ workers: config.workers, queueLimit: config.queueLimit, tasksPerWorker: config.tasksPerWorker, contextTypo });
  app.addHook('onClose', async () => pool.close());
  const warmup = store.current;
  await pool.start({ version: warmup.version, snapshot: warmup.snapshot, document: { text: '健康检查' }, checks: [] });

  const metrics = new ServiceMetrics({
    poolQueue: () => pool.queueSize,
    poolUtilization: () => pool.utilization,
    dictionaryVersion: () => store.current.version,
  });
  const cache = config.cacheBytes > 0 ? new ResultCache(config.cacheBytes) : undefined;
  const { roundTripMs, checkMsPerUnit } = await calibrate(store.current, pool);
  const fastPath = new FastPathPolicy(config.fastPathChars, roundTripMs, checkMsPerUnit);
  app.log.info({ roundTripMs, checkMsPerUnit: Object.fromEntries(checkMsPerUnit) }, 'fast path calibrated');
  const proofreading = new Proofreading(store, pool, cache, metrics, fastPath, config);
  // Destination pages are judged with the current dictionaries' sensitive check (main thread: a page prefix is small).
  const links = new LinkChecker({
    ...config.links.checker,
    sensitiveCheck: (text) => store.current.proofreader.check(text, { checks: ['sensitive'] }).findings,
  });
  app.addHook('onClose', async () => links.close());
  const context: ServiceContext = { config, store, pool, proofreading, metrics, sites, guards, links };
  app.decorate('jiaodui', context);

  // Only JSON (and NDJSON on the stream route) is accepted: anything else is a 415.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ErrorResponse);
  registerErrorHandlers(app, config, (request, reply) => recordUnmatched(metrics, request, reply));
  registerObservability(app, metrics);
  await registerLoadShedding(app, config);
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
  await app.register(siteRoutes);
  await app.register(linksRoutes);
  await app.register(adminRoutes);
  await app.register(healthRoutes);
  await app.register(docsRoutes);
  await app.register(editorRoutes);
  await app.register(infoRoutes);
  await app.register(languageToolRoutes);
}

export const jiaoduiApp = fp(jiaodui, { fastify: '5.x', name: 'jiaodui' });

/** A ready-to-use instance: what server.ts listens with and what tests `inject()` into. */
export async function buildApp(config: ServiceConfig, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config, logger));
  await app.register(jiaoduiApp, { config });
  await app.ready();
  return app;
}
