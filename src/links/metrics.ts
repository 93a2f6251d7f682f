import type { LinkOutcome } from '../core/links/findings.js';

const OUTCOMES: readonly LinkOutcome[] = ['ok', 'broken', 'soft404', 'poisoned', 'retired-host', 'redirect-loop', 'too-many-redirects', 'unknown'];

/**
 * Counters of one LinkChecker as plain numbers: the service reads them into prom-client
 * when /metrics is scraped, the CLI and the benchmark print them.
 */
export class LinkMetrics {
  /** check() calls, cache hits and single-flight joins included. */
  checks = 0;
  /** HTTP requests sent (every hop, retry and https probe). */
  fetches = 0;
  requests = { HEAD: 0, GET: 0 };
  cacheHits = 0;
  singleFlightJoins = 0;
  /** Targets the SSRF guard refused. */
  refusedPrivate = 0;
  /** Second attempts made to confirm a failure. */
  confirmations = 0;
  /** Results handed out, by outcome. */
  outcomes: Record<LinkOutcome, number> = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<LinkOutcome, number>;
  /** Pauses after 429/503, by host (host:port); at most MAX_HOSTS hosts are named. */
  backoffs = new Map<string, number>();
  backoffMs = 0;

  static readonly MAX_HOSTS = 1000;

  backoff(host: string, pauseMs: number): void {
    this.backoffMs += pauseMs;
    const key = this.backoffs.has(host) || this.backoffs.size < LinkMetrics.MAX_HOSTS ? host : 'other';
    this.backoffs.set(key, (this.backoffs.get(key) ?? 0) + 1);
  }

  /** A JSON-friendly copy. */
  snapshot(): Record<string, unknown> {
    return {
      checks: this.checks,
      fetches: this.fetches,
      requests: { ...this.requests },
      cacheHits: this.cacheHits,
      singleFlightJoins: this.singleFlightJoins,
      refusedPrivate: this.refusedPrivate,
      confirmations: this.confirmations,
      outcomes: { ...this.outcomes },
      backoffs: Object.fromEntries(this.backoffs),
      backoffMs: this.backoffMs,
    };
  }
}
