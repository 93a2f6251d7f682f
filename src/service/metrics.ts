import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { CounterConfiguration, Metric } from 'prom-client';
import { LatencyHistogram } from './latency-histogram.js';
import type { LatencySeries } from './latency-histogram.js';

/** Increments of one counter series not yet added to its prom-client Counter. */
class Tally {
  pending = 0;

  constructor(readonly labels: Readonly<Record<string, string>>) {}
}

/**
 * A prom-client Counter fed by tallies: a request adds to a plain number, and the counter
 * takes the pending increments when it is collected (scraped). prom-client's `inc()` costs
 * about 1 µs even on a label child; a cache hit increments three counters (bench:service).
 */
class TalliedCounter<T extends string> {
  readonly counter: Counter<T>;
  private readonly tallies: Tally[] = [];

  constructor(configuration: CounterConfiguration<T>) {
    const { tallies } = this;
    this.counter = new Counter<T>({
      ...configuration,
      collect() {
        for (const tally of tallies) {
          if (tally.pending === 0) continue;
          this.inc(tally.labels as Partial<Record<T, string>>, tally.pending);
          tally.pending = 0;
        }
      },
    });
  }

  /** A new series; the caller keeps it (one per label set: this does not look up). */
  tally(labels: Readonly<Record<T, string>>): Tally {
    const tally = new Tally(labels);
    this.tallies.push(tally);
    return tally;
  }
}

/**
 * Prometheus metrics of one app instance (own registry, so that tests can build many apps).
 * The per-request series are kept by route and updated without building label objects.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: TalliedCounter<'method' | 'route' | 'status'>;
  private readonly latency: LatencyHistogram;
  private readonly findings: TalliedCounter<'type' | 'severity'>;
  readonly reloads: Counter<'result'>;
  private readonly cacheHits: Tally;
  private readonly cacheMisses: Tally;

  constructor(sources: { poolQueue: () => number; poolUtilization: () => number; dictionaryVersion: () => string }) {
    const registers = [this.registry];
    // Includes nodejs_eventloop_lag_seconds and its percentiles.
    collectDefaultMetrics({ register: this.registry });
    this.requests = new TalliedCounter({
      name: 'jiaodui_http_requests_total',
      help: 'HTTP requests by method, route and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new LatencyHistogram(
      'jiaodui_http_request_duration_seconds',
      'HTTP request latency.',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    // The registry only reads name, type, help, aggregator and get() from a metric.
    this.registry.registerMetric(this.latency as unknown as Metric);
    this.findings = new TalliedCounter({
      name: 'jiaodui_findings_total',
      help: 'Findings reported to clients, by check type and severity (info is advice; the others ask an editor to act).',
      labelNames: ['type', 'severity'],
      registers,
    });
    const cacheLookups = new TalliedCounter({
      name: 'jiaodui_cache_lookups_total',
      help: 'Result cache lookups by result (hit or miss).',
      labelNames: ['result'],
      registers,
    });
    this.cacheHits = cacheLookups.tally({ result: 'hit' });
    this.cacheMisses = cacheLookups.tally({ result: 'miss' });
    const lookups = cacheLookups.counter;
    new Gauge({
      name: 'jiaodui_cache_hit_ratio',
      help: 'Result cache hits / lookups since start.',
      registers,
      async collect() {
        const values = (await lookups.get()).values;
        const count = (result: string) => values.find((value) => value.labels.result === result)?.value ?? 0;
        const total = count('hit') + count('miss');
        this.set(total === 0 ? 0 : count('hit') / total);
      },
    });
    this.reloads = new Counter({
      name: 'jiaodui_dictionary_reloads_total',
      help: 'Dictionary reloads by result (ok or rejected).',
      labelNames: ['result'],
      registers,
    });
    new Gauge({
      name: 'jiaodui_pool_queue_size',
      help: 'Checks waiting for a worker.',
      registers,
      collect() {
        this.set(sources.poolQueue());
      },
    });
    new Gauge({
      name: 'jiaodui_pool_utilization',
      help: 'Share of time the workers spent checking.',
      registers,
      collect() {
        this.set(sources.poolUtilization());
      },
    });
    new Gauge({
      name: 'jiaodui_dictionary_info',
      help: 'The dictionary version being served (value is always 1).',
      labelNames: ['version'],
      registers,
      collect() {
        this.reset();
        this.set({ version: sources.dictionaryVersion() }, 1);
      },
    });
  }

  private readonly routes = new Map<string, Map<string, RouteRequests>>();

  /**
   * The series of one route and method, created on first use; callers that can keep it (a
   * route's own hook) record without any lookup. `route` is the route's URL pattern (or
   * `unmatched`), so the label values are bounded.
   */
  route(method: string, route: string): RouteRequests {
    let byMethod = this.routes.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.routes.set(route, byMethod);
    }
    let series = byMethod.get(method);
    if (series === undefined) {
      series = new RouteRequests(method, route, this.latency.series({ method, route }), this.requests);
      byMethod.set(method, series);
    }
    return series;
  }

  /** One response. */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    this.route(method, route).record(status, seconds);
  }

  private readonly findingTallies = new Map<string, Tally>();

  /** Findings served to a client, as `[type, count]` pairs (CheckResult.typeCounts). */
  countFindings(typeCounts: ReadonlyArray<readonly [type: string, severity: string, count: number]>): void {
    for (const [type, severity, count] of typeCounts) {
      const key = `${type}\t${severity}`;
      let tally = this.findingTallies.get(key);
      if (tally === undefined) {
        tally = this.findings.tally({ type, severity });
        this.findingTallies.set(key, tally);
      }
      tally.pending += count;
    }
  }

  countCacheLookup(hit: boolean): void {
    (hit ? this.cacheHits : this.cacheMisses).pending++;
  }
}

/** Requests of one route and method: counts by status and the latency histogram. */
export class RouteRequests {
  private readonly byStatus = new Map<number, Tally>();

  constructor(
    private readonly method: string,
    private readonly route: string,
    private readonly latency: LatencySeries,
    private readonly requests: TalliedCounter<'method' | 'route' | 'status'>,
  ) {}

  record(status: number, seconds: number): void {
    let requests = this.byStatus.get(status);
    if (requests === undefined) {
      requests = this.requests.tally({ method: this.method, route: this.route, status: String(status) });
      this.byStatus.set(status, requests);
    }
    requests.pending++;
    this.latency.observe(seconds);
  }
}
