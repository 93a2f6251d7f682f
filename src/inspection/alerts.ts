import { createHmac, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { AlertConfig } from './config.js';
import type { InspectionConfigs } from './load.js';
import { newItems, readinessSummary, type ReadinessOptions, type ReadinessStore, type ReadinessSummary } from './readiness.js';
import type { ReadinessItem } from './types.js';

/**
 * Alerts: when a warning or veto-class item appears for a site (new since the previous job),
 * its webhook and the global one get a JSON POST signed with HMAC-SHA256, retried with
 * exponential backoff, each attempt written to a delivery log.
 *
 * The body carries the items and their evidence (URLs, columns, the finding's own excerpt)
 * and nothing else of the page: no diff, no article text.
 *
 * Signature: `X-Jiaodui-Signature: sha256=<hex>` over `<X-Jiaodui-Timestamp>.<body>` with the
 * site's secret (from the environment variable the settings name), so a receiver can refuse
 * replays older than a few minutes. `X-Jiaodui-Delivery` is the same for every retry of one
 * alert (receivers deduplicate on it).
 */

export const SIGNATURE_HEADER = 'x-jiaodui-signature';
export const TIMESTAMP_HEADER = 'x-jiaodui-timestamp';
export const DELIVERY_HEADER = 'x-jiaodui-delivery';

export interface AlertPayload {
  event: 'inspection.alert';
  site: string | null;
  jobId: number;
  measuredAt: string;
  items: Array<Pick<ReadinessItem, 'code' | 'level' | 'title' | 'message' | 'evidence'>>;
}

export function alertPayload(summary: Pick<ReadinessSummary, 'jobId' | 'measuredAt'>, site: string | null, items: readonly ReadinessItem[]): AlertPayload {
  return {
    event: 'inspection.alert',
    site,
    jobId: summary.jobId,
    measuredAt: summary.measuredAt,
    // Only the fields named here: an item gaining a field never leaks it into alerts.
    items: items.map((item) => ({
      code: item.code,
      level: item.level,
      title: item.title,
      message: item.message,
      evidence: item.evidence.map((e) => ({ ...(e.url ? { url: e.url } : {}), ...(e.column ? { column: e.column } : {}), detail: e.detail, ...(e.excerpt ? { excerpt: e.excerpt } : {}) })),
    })),
  };
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface DeliveryAttempt {
  delivery: string;
  url: string;
  site: string | null;
  jobId: number;
  attempt: number;
  at: string;
  ok: boolean;
  status?: number;
  error?: string;
  durationMs: number;
  signed: boolean;
}

/** Where attempts are recorded: an array in tests, a JSON-lines file in production. */
export interface DeliveryLog {
  record(attempt: DeliveryAttempt): void;
}

export class JsonlDeliveryLog implements DeliveryLog {
  constructor(private readonly file: string) {}
  record(attempt: DeliveryAttempt): void {
    appendFileSync(this.file, `${JSON.stringify(attempt)}\n`);
  }
}

export class MemoryDeliveryLog implements DeliveryLog {
  readonly attempts: DeliveryAttempt[] = [];
  record(attempt: DeliveryAttempt): void {
    this.attempts.push(attempt);
  }
}

export interface DeliveryOptions {
  /** Tries in all (default 5). */
  attempts?: number;
  /** First retry after this long, doubling each time (default 1000 ms), at most `maxDelayMs` (default 60 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  log?: DeliveryLog;
  /** Injected for tests (fake clocks); default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface DeliveryResult {
  delivery: string;
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether an answer is worth another try: no answer, 408, 429 and 5xx. */
function retryable(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/** POSTs `payload` to `url`, signed when `secret` is given, retrying transient failures with backoff. */
export async function deliverAlert(url: string, secret: string | undefined, payload: AlertPayload, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? sleepFor;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const delivery = randomUUID();
  const body = JSON.stringify(payload);
  let last: DeliveryResult = { delivery, ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const started = now();
    const timestamp = String(Math.floor(started / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', [TIMESTAMP_HEADER]: timestamp, [DELIVERY_HEADER]: delivery, 'user-agent': 'jiaodui-alerts' };
    if (secret !== undefined) headers[SIGNATURE_HEADER] = `sha256=${signBody(secret, timestamp, body)}`;
    let status: number | undefined;
    let error: string | undefined;
    let retryAfterMs: number | undefined;
    try {
      const response = await doFetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      status = response.status;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
      await response.body?.cancel();
    } catch (cause) {
      error = (cause as Error).name === 'TimeoutError' ? 'timeout' : ((cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message);
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    options.log?.record({
      delivery,
      url,
      site: payload.site,
      jobId: payload.jobId,
      attempt,
      at: new Date(started).toISOString(),
      ok,
      ...(status !== undefined ? { status } : {}),
      ...(error !== undefined ? { error } : {}),
      durationMs: Math.max(0, now() - started),
      signed: secret !== undefined,
    });
    last = { delivery, ok, attempts: attempt, ...(status !== undefined ? { status } : {}), ...(error !== undefined ? { error } : {}) };
    if (ok || !retryable(status) || attempt === attempts) return last;
    await sleep(Math.min(maxDelay, retryAfterMs ?? base * 2 ** (attempt - 1)));
  }
  return last;
}

export interface AlertTargets {
  /** Alert settings of a site (its inspection.json `alerts`). */
  siteAlerts?: (site: string | null) => AlertConfig | undefined;
  /** The global webhook (`_global/inspection.json`), told about every site. */
  global?: AlertConfig;
  /** Where secrets are read (default process.env). */
  env?: Record<string, string | undefined>;
}

export interface SentAlert {
  site: string | null;
  url: string;
  items: number;
  result: DeliveryResult;
}

/**
 * Alerts for every site of `summary` with items new since `previous` (the summary of the job
 * before), to its own webhook and the global one. A webhook whose secret variable is named
 * but unset is not called (an unsigned alert would be refused anyway); that is logged as an error.
 */
export async function sendAlerts(summary: ReadinessSummary, previous: ReadinessSummary | undefined, targets: AlertTargets, options: DeliveryOptions = {}): Promise<SentAlert[]> {
  const env = targets.env ?? process.env;
  const sent: SentAlert[] = [];
  for (const site of summary.sites) {
    const before = previous?.sites.find((s) => s.site === site.site);
    for (const config of [targets.siteAlerts?.(site.site), targets.global]) {
      if (config === undefined) continue;
      const items = newItems(site, before, config.minLevel ?? 'warning');
      if (items.length === 0) continue;
      const payload = alertPayload(summary, site.site, items);
      const secret = config.secretEnv === undefined ? undefined : env[config.secretEnv];
      if (config.secretEnv !== undefined && (secret === undefined || secret === '')) {
        const delivery = randomUUID();
        options.log?.record({ delivery, url: config.webhook, site: site.site, jobId: summary.jobId, attempt: 0, at: new Date((options.now ?? Date.now)()).toISOString(), ok: false, error: `secret variable ${config.secretEnv} is not set`, durationMs: 0, signed: false });
        sent.push({ site: site.site, url: config.webhook, items: items.length, result: { delivery, ok: false, attempts: 0, error: `secret variable ${config.secretEnv} is not set` } });
        continue;
      }
      sent.push({ site: site.site, url: config.webhook, items: items.length, result: await deliverAlert(config.webhook, secret, payload, options) });
    }
  }
  return sent;
}

/**
 * The alerts of job `jobId`: its readiness against the job before it, sent to the webhooks the
 * sites' inspection.json files name. What `readiness --alert` and `scan --alert` do; an item
 * already present in the previous job is not sent again.
 */
export async function alertJob(store: ReadinessStore, jobId: number, configs: InspectionConfigs, readiness: ReadinessOptions, options: DeliveryOptions = {}): Promise<SentAlert[]> {
  const summary = readinessSummary(store, jobId, readiness);
  const before = store.previousJob(jobId);
  const previous = before === undefined ? undefined : readinessSummary(store, before.id, { ...readiness, trendJobs: 0 });
  return sendAlerts(summary, previous, { siteAlerts: (site) => (site === null ? undefined : configs.sites.get(site)?.alerts), ...(configs.global?.alerts ? { global: configs.global.alerts } : {}) }, options);
}

/** `configFor` of ReadinessOptions from the loaded inspection.json files. */
export function configsLookup(configs: InspectionConfigs | undefined): ReadinessOptions['configFor'] {
  return (site) => (site === null ? undefined : configs?.sites.get(site));
}
