import type { Finding } from '../core/types.js';
import type { CompiledSite } from '../sites/registry.js';
import { checkDocument, inputLength } from './check-document.js';
import type { DocumentInput } from './check-document.js';
import { CheckResult } from './check-result.js';
import type { DictionaryStore, LoadedDictionaries } from './dictionary-store.js';
import type { FastPathPolicy } from './fast-path.js';
import type { ServiceMetrics } from './metrics.js';
import type { CheckPool } from './pool/check-pool.js';
import type { CheckPlan, Verdict } from './profiles.js';
import { ResultCache } from './result-cache.js';

export interface DocumentResult {
  verdict: Verdict;
  findings: readonly Finding[];
  stats: { chars: number; elapsedMs: number; dictionaryVersion: string; site?: string; cached: boolean };
}

/** Milliseconds since `started`, to the microsecond (as `stats.elapsedMs` reports them). */
function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

/**
 * Checks one document: result cache, then the main thread for texts whose check costs less
 * than a round trip to a worker (FastPathPolicy), or the worker pool for the rest.
 *
 * `stats.elapsedMs` is the time this request spent getting its findings, from the cache
 * lookup on: the check (with its wait for a worker) on a miss, only the lookup on a hit.
 */
export class Proofreading {
  constructor(
    private readonly store: DictionaryStore,
    private readonly pool: CheckPool,
    private readonly cache: ResultCache | undefined,
    private readonly metrics: ServiceMetrics,
    private readonly fastPath: FastPathPolicy,
    private readonly options: { retryAfterSeconds: number },
  ) {}

  /**
   * The `/v1/check` response body for one document, serialized. Synchronous on a cache hit:
   * no promise, no findings serialized (bench:service, "cache hits").
   */
  respond(document: DocumentInput, plan: CheckPlan, site?: CompiledSite): Buffer | Promise<Buffer> {
    const started = performance.now();
    // Read once: this request uses this version end to end, whatever a reload does meanwhile.
    // The site overlay was read once by the route, likewise.
    const dictionaries = this.store.current;
    const version = versionOf(dictionaries, site);
    const key = this.cache === undefined ? undefined : ResultCache.key(version, plan.checksKey, document);
    const cached = this.lookup(key);
    if (cached !== undefined) return cached.json(plan.profile, elapsedSince(started), true);
    return this.checkAndStore(dictionaries, document, plan, key, site, version).then((result) => result.json(plan.profile, elapsedSince(started), false));
  }

  /** One document's result as an object (batch and stream responses). */
  async check(document: DocumentInput, plan: CheckPlan, site?: CompiledSite): Promise<DocumentResult> {
    const started = performance.now();
    const dictionaries = this.store.current;
    const version = versionOf(dictionaries, site);
    const key = this.cache === undefined ? undefined : ResultCache.key(version, plan.checksKey, document);
    const cached = this.lookup(key);
    const result = cached ?? (await this.checkAndStore(dictionaries, document, plan, key, site, version));
    return {
      verdict: result.verdict(plan.profile),
      findings: result.findings,
      stats: { chars: result.chars, elapsedMs: elapsedSince(started), dictionaryVersion: result.dictionaryVersion, ...(site ? { site: site.id } : {}), cached: cached !== undefined },
    };
  }

  /** A cached result (counted as served), or undefined; counts the lookup. */
  private lookup(key: string | undefined): CheckResult | undefined {
    if (key === undefined) return undefined;
    const cached = this.cache?.get(key);
    this.metrics.countCacheLookup(cached !== undefined);
    if (cached !== undefined) this.metrics.countFindings(cached.typeCounts);
    return cached;
  }

  private async checkAndStore(dictionaries: LoadedDictionaries, document: DocumentInput, plan: CheckPlan, key: string | undefined, site: CompiledSite | undefined, version: string): Promise<CheckResult> {
    const chars = inputLength(document);
    const result = new CheckResult(await this.checkSomewhere(dictionaries, document, plan, chars, site), chars, version, site?.id);
    if (key !== undefined) this.cache?.set(key, result);
    this.metrics.countFindings(result.typeCounts);
    return result;
  }

  private async checkSomewhere(dictionaries: LoadedDictionaries, document: DocumentInput, plan: CheckPlan, chars: number, site: CompiledSite | undefined): Promise<Finding[]> {
    if (this.fastPath.onMainThread(plan.checksKey, chars)) {
      const started = performance.now();
      const findings = checkDocument(dictionaries.proofreader, document, plan.checks, site?.overlay);
      this.fastPath.recordCheck(plan.checksKey, chars, performance.now() - started);
      return findings;
    }
    const task = { version: dictionaries.version, snapshot: dictionaries.snapshot, document, checks: plan.checks, ...(site ? { overlay: site.transfer } : {}) };
    const { findings, checkMs } = await this.pool.check(task, this.options.retryAfterSeconds);
    this.fastPath.recordCheck(plan.checksKey, chars, checkMs);
    return findings;
  }
}

/** The version a result is checked with: the base's, plus the site overlay's when there is one. */
function versionOf(dictionaries: LoadedDictionaries, site: CompiledSite | undefined): string {
  return site === undefined ? dictionaries.version : `${dictionaries.version}+${site.id}:${site.version}`;
}
