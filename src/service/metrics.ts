import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Finding } from '../core/types.js';

/** Prometheus metrics of one app instance (own registry, so that tests can build many apps). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  readonly findings: Counter<'type'>;
  readonly cacheLookups: Counter<'result'>;
  readonly reloads: Counter<'result'>;
  private readonly cacheHits: { inc(): void };
  private readonly cacheMisses: { inc(): void };

  constructor(sources: { poolQueue: () => number; poolUtilization: () => number; dictionaryVersion: () => string }) {
    const registers = [this.registry];
    // Includes nodejs_eventloop_lag_seconds and its percentiles.
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'jiaodui_http_requests_total',
      help: 'HTTP requests by method, route and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'jiaodui_http_request_duration_seconds',
      help: 'HTTP request latency.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.findings = new Counter({
      name: 'jiaodui_findings_total',
      help: 'Findings reported to clients, by check type.',
      labelNames: ['type'],
      registers,
    });
    this.cacheLookups = new Counter({
      name: 'jiaodui_cache_lookups_total',
      help: 'Result cache lookups by result (hit or miss).',
      labelNames: ['result'],
      registers,
    });
    this.cacheHits = this.cacheLookups.labels({ result: 'hit' });
    this.cacheMisses = this.cacheLookups.labels({ result: 'miss' });
    const lookups = this.cacheLookups;
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

  // Label children by key: prom-client hashes the label object on every call otherwise
  // (a measurable share of a cached request in bench:service).
  private readonly requestChildren = new Map<string, { inc(): void }>();
  private readonly latencyChildren = new Map<string, { observe(value: number): void }>();

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const routeKey = `${method} ${route}`;
    const requestKey = `${routeKey} ${status}`;
    let counter = this.requestChildren.get(requestKey);
    if (counter === undefined) {
      counter = this.requests.labels({ method, route, status: String(status) });
      this.requestChildren.set(requestKey, counter);
    }
    counter.inc();
    let histogram = this.latencyChildren.get(routeKey);
    if (histogram === undefined) {
      histogram = this.latency.labels({ method, route });
      this.latencyChildren.set(routeKey, histogram);
    }
    histogram.observe(seconds);
  }

  countFindings(findings: readonly Finding[]): void {
    for (const finding of findings) {
      let counter = this.findingChildren.get(finding.type);
      if (counter === undefined) {
        counter = this.findings.labels({ type: finding.type });
        this.findingChildren.set(finding.type, counter);
      }
      counter.inc();
    }
  }

  private readonly findingChildren = new Map<string, { inc(): void }>();

  countCacheLookup(hit: boolean): void {
    (hit ? this.cacheHits : this.cacheMisses).inc();
  }
}
