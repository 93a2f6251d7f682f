import type { LinkChecker } from '../links/checker.js';
import type { SiteRegistry } from '../sites/registry.js';
import type { ServiceConfig } from './config.js';
import type { DictionaryStore } from './dictionary-store.js';
import type { ServiceMetrics } from './metrics.js';
import type { Guards } from './plugins/auth.js';
import type { CheckPool } from './pool/check-pool.js';
import type { Proofreading } from './proofreading.js';

/** What the routes share, decorated onto the app as `app.jiaodui`. */
export interface ServiceContext {
  config: ServiceConfig;
  store: DictionaryStore;
  pool: CheckPool;
  proofreading: Proofreading;
  metrics: ServiceMetrics;
  /** Site overlays (SITES_DIR) and the shared store of managed versions; `sites.retiredHosts(id)` for link checks. */
  sites: SiteRegistry;
  /** API keys and roles: `onRequest` guards for the routes. */
  guards: Guards;
  /** The link checker (one per app: its cache, single-flight and politeness span every request). */
  links: LinkChecker;
}

declare module 'fastify' {
  interface FastifyInstance {
    jiaodui: ServiceContext;
  }
}
