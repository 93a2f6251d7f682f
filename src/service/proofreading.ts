import type { Finding } from '../core/types.js';
import { checkDocument, inputLength } from './check-document.js';
import type { DocumentInput } from './check-document.js';
import type { DictionaryStore, LoadedDictionaries } from './dictionary-store.js';
import type { FastPathPolicy } from './fast-path.js';
import type { ServiceMetrics } from './metrics.js';
import type { CheckPool } from './pool/check-pool.js';
import { verdictOf } from './profiles.js';
import type { CheckPlan, Verdict } from './profiles.js';
import { ResultCache } from './result-cache.js';

export interface DocumentResult {
  verdict: Verdict;
  findings: Finding[];
  stats: { chars: number; elapsedMs: number; dictionaryVersion: string; cached: boolean };
}

/**
 * Checks one document: result cache, then the main thread for texts whose check costs less
 * than a round trip to a worker (FastPathPolicy), or the worker pool for the rest.
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

  private async checkSomewhere(dictionaries: LoadedDictionaries, document: DocumentInput, plan: CheckPlan, chars: number): Promise<Finding[]> {
    const started = performance.now();
    if (this.fastPath.onMainThread(chars)) {
      const findings = checkDocument(dictionaries.proofreader, document, plan.checks);
      this.fastPath.recordCheck(chars, performance.now() - started);
      return findings;
    }
    const task = { version: dictionaries.version, snapshot: dictionaries.snapshot, document, checks: plan.checks };
    const { findings, checkMs } = await this.pool.check(task, this.options.retryAfterSeconds);
    this.fastPath.recordCheck(chars, checkMs);
    this.fastPath.recordRoundTrip(performance.now() - started, checkMs);
    return findings;
  }

  async check(document: DocumentInput, plan: CheckPlan): Promise<DocumentResult> {
    const started = performance.now();
    // Read once: this request uses this version end to end, whatever a reload does meanwhile.
    const dictionaries = this.store.current;
    const chars = inputLength(document);
    const key = this.cache && ResultCache.key(dictionaries.version, plan.checks, document);
    let findings = key === undefined ? undefined : this.cache?.get(key);
    const cached = findings !== undefined;
    if (this.cache) this.metrics.countCacheLookup(cached);
    if (findings === undefined) {
      findings = await this.checkSomewhere(dictionaries, document, plan, chars);
      if (key !== undefined) this.cache?.set(key, findings);
    }
    this.metrics.countFindings(findings);
    return {
      verdict: verdictOf(findings, plan.profile),
      findings,
      stats: {
        chars,
        elapsedMs: Math.round((performance.now() - started) * 1000) / 1000,
        dictionaryVersion: dictionaries.version,
        cached,
      },
    };
  }
}
