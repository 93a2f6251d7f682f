import type { ServiceConfig } from './config.js';
import type { DictionaryStore } from './dictionary-store.js';
import type { ServiceMetrics } from './metrics.js';
import type { CheckPool } from './pool/check-pool.js';
import type { Proofreading } from './proofreading.js';

/** What the routes share, decorated onto the app as `app.jiaodui`. */
export interface ServiceContext {
  config: ServiceConfig;
  store: DictionaryStore;
  pool: CheckPool;
  proofreading: Proofreading;
  metrics: ServiceMetrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    jiaodui: ServiceContext;
  }
}
