import { LRUCache } from 'lru-cache';
import { classifyPage, isChallengePage } from '../core/links/classify.js';
import type { SensitiveCheck } from '../core/links/classify.js';
import { extractLinks, resolve } from '../core/links/extract.js';
import { resultFindings, staticLinkFindings } from '../core/links/findings.js';
import type { LinkCheckResult, LinkOutcome } from '../core/links/findings.js';
import { HostList } from '../core/links/site.js';
import type { LinkFinding, LinkHop, LinkUse } from '../core/links/types.js';
import { decodeHtml, Fetcher } from './fetcher.js';
import type { FetchAnswer, FetchFailure, FetchOutcome } from './fetcher.js';
import { DEFAULT_PORTS, TargetGuard } from './guard.js';
import { LinkMetrics } from './metrics.js';
import { HostScheduler, retryAfterMs } from './politeness.js';

export interface LinkCheckerOptions {
  /** CIDRs and host names allowed despite being private (LINKS_ALLOW); empty by default. */
  allow?: readonly string[];
  /** Ports a link may use (default 80, 443, 8080, 8443). */
  ports?: readonly number[];
  /** Retired or merged hosts for the whole deployment (LINKS_RETIRED_HOSTS); a call may add its own. */
  retiredHosts?: readonly string[];
  /** Requests in flight to one host (default 2). */
  perHostConcurrency?: number;
  /** Between the starts of two requests to one host, ms (default 250). */
  minIntervalMs?: number;
  /** Requests in flight in all (default 64). */
  globalConcurrency?: number;
  connectTimeoutMs?: number;
  /** Whole request, headers and bounded body, ms (default 15 s). */
  totalTimeoutMs?: number;
  maxRedirects?: number;
  /** Body prefix read to classify a page (default 256 KiB). */
  maxBodyBytes?: number;
  /** Attempts after a 429/503 before giving up on a host for this URL (default 2). */
  rateLimitRetries?: number;
  /** First backoff after a 429/503 without Retry-After, doubled each time (default 1 s). */
  baseBackoffMs?: number;
  /** Longest pause a Retry-After can impose (default 60 s). */
  maxBackoffMs?: number;
  /** Delay before the second attempt that confirms a broken link (default 2 s). */
  confirmDelayMs?: number;
  /** Result cache TTLs by outcome class, ms. */
  ttl?: { good?: number; broken?: number; unknown?: number };
  /** Most cached results (default 100 000). */
  cacheEntries?: number;
  /** Try https:// for http:// links to named hosts (default true). */
  probeHttps?: boolean;
  userAgent?: string;
  /** The project's sensitive matcher, to recognize gambling/porn destinations. */
  sensitiveCheck?: SensitiveCheck;
}

export interface CheckCallOptions {
  /** How the page uses the link: navigations are fetched with GET and classified; resources with HEAD first. */
  use?: LinkUse;
  /** Retired hosts of this call (a site's list), on top of the deployment's. */
  retiredHosts?: readonly string[];
}

/** For checkPage/checkUrls: told each time a distinct URL is settled (a CLI progress line). */
export type ProgressListener = (done: number, total: number) => void;

export const DEFAULT_USER_AGENT = 'jiaodui-linkcheck/0.1 (+https://github.com/jiaodui; government website proofreading)';

const GOOD_OUTCOMES: ReadonlySet<LinkOutcome> = new Set(['ok']);
const BROKEN_OUTCOMES: ReadonlySet<LinkOutcome> = new Set(['broken', 'soft404', 'poisoned', 'redirect-loop', 'too-many-redirects']);
/** Failures worth a second attempt later before calling the link broken. */
const CONFIRMABLE: ReadonlySet<string> = new Set(['dns', 'refused', 'reset', 'tls', 'unreachable', 'error']);
/** HEAD answers after which GET is tried: servers that refuse or mishandle HEAD. */
const HEAD_REFUSED: ReadonlySet<number> = new Set([400, 403, 405, 501]);

/** Cache keys by use: a resource (HEAD) and a page (GET, judged) may get different answers. */
const USE_KEYS: Readonly<Record<LinkUse, string>> = { navigation: 'n', resource: 'r', form: 'f' };

/** One hop's verdict inside `follow`. */
type Step = { result: Omit<LinkCheckResult, 'url' | 'chain' | 'finalUrl' | 'checkedAt'>; confirm: boolean };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hostKey(url: URL): string {
  return url.host;
}

function isHtml(contentType: string | undefined): boolean {
  return contentType === undefined || /html|xml/i.test(contentType);
}

/**
 * Checks links over the network, politely and safely: SSRF guard on every hop, per-host
 * limits and backoff, single-flight and a TTL cache, and a second attempt before a link is
 * called broken. One instance per process; `close()` ends its connections.
 */
export class LinkChecker {
  readonly metrics = new LinkMetrics();
  private readonly guard: TargetGuard;
  private readonly fetcher: Fetcher;
  private readonly scheduler: HostScheduler;
  private readonly cache: LRUCache<string, LinkCheckResult>;
  private readonly inFlight = new Map<string, Promise<LinkCheckResult>>();
  /** Whether https works, by host: asked once per host (bounded, so a long run does not grow it forever). */
  private readonly httpsWorks = new LRUCache<string, Promise<boolean>>({ max: 10_000 });
  private readonly retired: HostList;
  private readonly o: Required<Omit<LinkCheckerOptions, 'sensitiveCheck' | 'ttl' | 'allow' | 'retiredHosts'>> & {
    ttl: { good: number; broken: number; unknown: number };
    sensitiveCheck?: SensitiveCheck;
  };

  constructor(options: LinkCheckerOptions = {}) {
    this.o = {
      ports: options.ports ?? DEFAULT_PORTS,
      perHostConcurrency: options.perHostConcurrency ?? 2,
      minIntervalMs: options.minIntervalMs ?? 250,
      globalConcurrency: options.globalConcurrency ?? 64,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      totalTimeoutMs: options.totalTimeoutMs ?? 15_000,
      maxRedirects: options.maxRedirects ?? 5,
      maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
      rateLimitRetries: options.rateLimitRetries ?? 2,
      baseBackoffMs: options.baseBackoffMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 60_000,
      confirmDelayMs: options.confirmDelayMs ?? 2000,
      cacheEntries: options.cacheEntries ?? 100_000,
      probeHttps: options.probeHttps ?? true,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      ttl: { good: options.ttl?.good ?? 6 * 3600_000, broken: options.ttl?.broken ?? 3600_000, unknown: options.ttl?.unknown ?? 300_000 },
      sensitiveCheck: options.sensitiveCheck,
    };
    this.guard = new TargetGuard({ allow: options.allow, ports: this.o.ports });
    this.fetcher = new Fetcher({
      guard: this.guard,
      userAgent: this.o.userAgent,
      connectTimeoutMs: this.o.connectTimeoutMs,
      totalTimeoutMs: this.o.totalTimeoutMs,
      maxBodyBytes: this.o.maxBodyBytes,
    });
    this.scheduler = new HostScheduler({
      perHost: this.o.perHostConcurrency,
      minIntervalMs: this.o.minIntervalMs,
      global: this.o.globalConcurrency,
      baseBackoffMs: this.o.baseBackoffMs,
      maxBackoffMs: this.o.maxBackoffMs,
    });
    this.cache = new LRUCache({ max: this.o.cacheEntries, ttlAutopurge: false });
    this.retired = new HostList(options.retiredHosts ?? []);
  }

  /** Checks one absolute URL. Never rejects: every failure is an outcome. */
  async check(url: string, call: CheckCallOptions = {}): Promise<LinkCheckResult> {
    this.metrics.checks++;
    // Most links of a rescan are repeats: answer a cached one before parsing it (extracted URLs are
    // already normalized, so the key matches). A per-call retired list must be consulted first.
    if (call.retiredHosts === undefined) {
      const cached = this.cache.get(`${USE_KEYS[call.use ?? 'navigation']} ${url}`);
      if (cached !== undefined) {
        this.metrics.cacheHits++;
        return this.count(cached);
      }
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return this.count({ url, outcome: 'unknown', chain: [], finalUrl: url, reason: 'invalid-url', checkedAt: Date.now() });
    }
    parsed.hash = '';
    const href = parsed.href;
    const retiredMatch = this.retired.match(parsed.hostname) ?? (call.retiredHosts ? new HostList(call.retiredHosts).match(parsed.hostname) : undefined);
    if (retiredMatch !== undefined) {
      return this.count({ url: href, outcome: 'retired-host', chain: [], finalUrl: href, reason: retiredMatch, checkedAt: Date.now() });
    }
    const use = call.use ?? 'navigation';
    const key = `${USE_KEYS[use]} ${href}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.metrics.cacheHits++;
      return this.count(cached);
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) {
      this.metrics.singleFlightJoins++;
      return this.count(await running);
    }
    const work = this.verify(href, use).then((result) => {
      this.cache.set(key, result, { ttl: this.ttlOf(result.outcome) });
      return result;
    });
    this.inFlight.set(key, work);
    try {
      return this.count(await work);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Findings for an HTML page: static ones (hidden, javascript:, mixed content) and every distinct link checked once. */
  async checkPage(html: string, pageUrl: string | undefined, call: Omit<CheckCallOptions, 'use'> = {}, progress?: ProgressListener): Promise<LinkFinding[]> {
    const extraction = extractLinks(html, pageUrl);
    const findings = staticLinkFindings(html, extraction, pageUrl);
    const results = new Map<string, Promise<LinkCheckResult>>();
    const keys = new Set<string>();
    for (const link of extraction.links) {
      if (link.url !== undefined && link.noTarget === undefined) keys.add(`${link.use} ${link.url}`);
    }
    let done = 0;
    for (const link of extraction.links) {
      if (link.url === undefined || link.noTarget !== undefined) continue;
      const use = link.use;
      const key = `${use} ${link.url}`;
      if (!results.has(key)) {
        results.set(
          key,
          this.check(link.url, { ...call, use }).then((result) => {
            progress?.(++done, keys.size);
            return result;
          }),
        );
      }
    }
    for (const link of extraction.links) {
      if (link.url === undefined || link.noTarget !== undefined) continue;
      const result = await results.get(`${link.use} ${link.url}`);
      if (result !== undefined) findings.push(...resultFindings(result, { url: link.url, link, html }));
    }
    return findings.sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || (a.end ?? 0) - (b.end ?? 0));
  }

  /** Findings for bare URLs, in input order. */
  async checkUrls(urls: readonly string[], call: CheckCallOptions = {}, progress?: ProgressListener): Promise<LinkFinding[]> {
    let done = 0;
    const results = await Promise.all(
      urls.map((url) =>
        this.check(url, call).then((result) => {
          progress?.(++done, urls.length);
          return result;
        }),
      ),
    );
    return results.flatMap((result, i) => resultFindings(result, { url: resolve(urls[i], undefined) ?? urls[i] }));
  }

  async close(): Promise<void> {
    await this.fetcher.close();
  }

  private ttlOf(outcome: LinkOutcome): number {
    if (GOOD_OUTCOMES.has(outcome)) return this.o.ttl.good;
    if (BROKEN_OUTCOMES.has(outcome)) return this.o.ttl.broken;
    return this.o.ttl.unknown;
  }

  private count(result: LinkCheckResult): LinkCheckResult {
    this.metrics.outcomes[result.outcome]++;
    return result;
  }

  /** The whole verification: follow the chain; a failure that could be transient is tried again later. */
  private async verify(url: string, use: LinkUse): Promise<LinkCheckResult> {
    const first = await this.follow(url, use);
    if (!first.confirm) return first.result;
    this.metrics.confirmations++;
    await sleep(this.o.confirmDelayMs);
    const second = await this.follow(url, use);
    // Still failing: now it is broken. Anything else (even another kind of failure) is what we report.
    if (second.confirm) return { ...second.result, outcome: 'broken' };
    return second.result;
  }

  private async follow(url: string, use: LinkUse): Promise<{ result: LinkCheckResult; confirm: boolean }> {
    const chain: LinkHop[] = [];
    const seen = new Set<string>([url]);
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = new URL(current);
      const refusal = this.guard.preflight(target);
      if (refusal !== undefined) {
        if (refusal === 'refused-private') this.metrics.refusedPrivate++;
        chain.push({ url: current });
        return { result: this.finish(url, chain, current, { outcome: 'unknown', reason: refusal }), confirm: false };
      }
      const step = await this.request(target, use);
      const answer = step.outcome;
      if (!answer.ok) {
        if (answer.reason === 'refused-private') this.metrics.refusedPrivate++;
        chain.push({ url: current });
        const verdict = this.failureStep(answer);
        return { result: this.finish(url, chain, current, verdict.result), confirm: verdict.confirm };
      }
      chain.push({ url: current, status: answer.status });
      if (answer.status >= 300 && answer.status < 400 && answer.location !== undefined) {
        const next = resolve(answer.location, current);
        if (next === undefined) return { result: this.finish(url, chain, current, { outcome: 'broken', status: answer.status, reason: 'bad-location' }), confirm: false };
        if (seen.has(next)) return { result: this.finish(url, chain, next, { outcome: 'redirect-loop', status: answer.status, reason: 'loop' }), confirm: false };
        if (hop >= this.o.maxRedirects) return { result: this.finish(url, chain, next, { outcome: 'too-many-redirects', status: answer.status, reason: 'too-many-redirects' }), confirm: false };
        seen.add(next);
        current = next;
        continue;
      }
      const verdict = this.answerStep(answer, step.method, use);
      const result = this.finish(url, chain, current, verdict.result);
      if (result.outcome === 'ok' && current.startsWith('http:') && this.o.probeHttps && url.startsWith('http:')) {
        const httpsWorks = await this.probeHttps(target);
        if (httpsWorks) result.httpsAvailable = true;
      }
      return { result, confirm: verdict.confirm };
    }
  }

  private finish(url: string, chain: LinkHop[], finalUrl: string, step: Step['result']): LinkCheckResult {
    return { url, chain, finalUrl, checkedAt: Date.now(), ...step };
  }

  private failureStep(failure: FetchFailure): Step {
    const confirm = CONFIRMABLE.has(failure.reason);
    return { result: { outcome: confirm ? 'broken' : 'unknown', reason: failure.reason, found: [failure.message] }, confirm };
  }

  private answerStep(answer: FetchAnswer, method: 'HEAD' | 'GET', use: LinkUse): Step {
    const { status } = answer;
    if (status >= 200 && status < 300) {
      if (method === 'GET' && answer.body.length > 0 && isHtml(answer.contentType)) {
        const verdict = classifyPage(decodeHtml(answer.body, answer.contentType), this.o.sensitiveCheck);
        if (verdict.kind === 'soft404') return { result: { outcome: 'soft404', status, reason: 'soft404', found: verdict.found }, confirm: false };
        if (verdict.kind === 'poisoned' || verdict.kind === 'parked') return { result: { outcome: 'poisoned', status, reason: verdict.kind, found: verdict.found }, confirm: false };
      }
      return { result: { outcome: 'ok', status }, confirm: false };
    }
    if (status >= 300 && status < 400) return { result: { outcome: 'ok', status }, confirm: false };
    const body = answer.body.length > 0 ? decodeHtml(answer.body, answer.contentType) : '';
    if ((status === 403 || status === 503 || status === 429) && isChallengePage(body)) {
      return { result: { outcome: 'unknown', status, reason: 'bot-protection' }, confirm: false };
    }
    if (status === 429) return { result: { outcome: 'unknown', status, reason: 'rate-limited' }, confirm: false };
    if (status === 401 || status === 407) return { result: { outcome: 'unknown', status, reason: 'auth-required' }, confirm: false };
    if (use === 'form' && status === 405) return { result: { outcome: 'ok', status }, confirm: false };
    if (status >= 400 && status < 600) return { result: { outcome: 'broken', status, reason: `http-${status}` }, confirm: true };
    // 999 (LinkedIn and others) and other non-standard refusals say nothing about the page.
    return { result: { outcome: 'unknown', status, reason: `http-${status}` }, confirm: false };
  }

  /**
   * One request for one hop, with the politeness rules: HEAD first for resources (GET when
   * HEAD is refused), GET straight away for pages (their content is classified); 429 and 503
   * pause the host and are retried.
   */
  private async request(target: URL, use: LinkUse): Promise<{ outcome: FetchOutcome; method: 'HEAD' | 'GET' }> {
    const host = hostKey(target);
    let method: 'HEAD' | 'GET' = use === 'resource' || use === 'form' ? 'HEAD' : 'GET';
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.scheduler.run(host, () => this.fetchOnce(target.href, method));
      if (outcome.ok && method === 'HEAD' && HEAD_REFUSED.has(outcome.status)) {
        method = 'GET';
        attempt--;
        continue;
      }
      if (outcome.ok && (outcome.status === 429 || outcome.status === 503) && attempt < this.o.rateLimitRetries) {
        const pause = this.scheduler.backoff(host, retryAfterMs(outcome.retryAfter));
        this.metrics.backoff(host, pause);
        continue;
      }
      if (outcome.ok && outcome.status < 400) this.scheduler.recovered(host);
      return { outcome, method };
    }
  }

  private fetchOnce(url: string, method: 'HEAD' | 'GET'): Promise<FetchOutcome> {
    this.metrics.fetches++;
    this.metrics.requests[method]++;
    // The body of a page is classified; of an error answer, only checked for a challenge page.
    return this.fetcher.fetch(url, method, (status, contentType) => isHtml(contentType) && ((status >= 200 && status < 300) || status === 403 || status === 429 || status === 503));
  }

  /** Whether https:// works on the host of an http:// link (asked once per host; IP literals are not asked). */
  private probeHttps(target: URL): Promise<boolean> {
    if (/^[\d.]+$/.test(target.hostname) || target.hostname.startsWith('[')) return Promise.resolve(false);
    const origin = target.hostname;
    let known = this.httpsWorks.get(origin);
    if (known === undefined) {
      const secure = new URL(target.href);
      secure.protocol = 'https:';
      secure.port = '';
      known =
        this.guard.preflight(secure) !== undefined
          ? Promise.resolve(false)
          : this.scheduler.run(hostKey(secure), () => this.fetchOnce(secure.href, 'HEAD')).then((outcome) => outcome.ok && outcome.status < 400);
      this.httpsWorks.set(origin, known);
    }
    return known;
  }
}
