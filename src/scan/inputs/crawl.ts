import { gunzipSync } from 'node:zlib';
import { RobotsRules } from '../../core/crawl/robots.js';
import { parseSitemap } from '../../core/crawl/sitemap.js';
import { extractLinks } from '../../core/links/extract.js';
import { DEFAULT_USER_AGENT } from '../../links/checker.js';
import { Fetcher } from '../../links/fetcher.js';
import type { FetchOutcome } from '../../links/fetcher.js';
import { TargetGuard } from '../../links/guard.js';
import { HostScheduler, retryAfterMs } from '../../links/politeness.js';
import { charsetFromContentType, decodePage } from '../decode.js';
import type { InputItem } from '../types.js';
import { publishedFromHtml } from './html-meta.js';
import { siteAndColumn } from './warc.js';

/** How `--crawl` fetches: limits, and the links room's network settings (LINKS_*). */
export interface CrawlOptions {
  /** Link hops followed from the start page (sitemap pages count as one hop). Default 3. */
  maxDepth?: number;
  /** Pages requested in all (the start, sitemap and linked pages). Default 1000. */
  maxPages?: number;
  /** Private hosts and CIDRs opened deliberately (LINKS_ALLOW); everything else private is refused. */
  allow?: readonly string[];
  ports?: readonly number[];
  userAgent?: string;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Requests in flight to the site at once (LINKS_PER_HOST). Default 2. */
  perHostConcurrency?: number;
  /** Least time between two requests to the site (LINKS_MIN_INTERVAL_MS); robots.txt's Crawl-delay can raise it. */
  minIntervalMs?: number;
  /** Crawl-delay is honoured up to this (a site asking for a minute a page would never be scanned). Default 10 s. */
  maxCrawlDelayMs?: number;
  maxRedirects?: number;
  /** A page larger than this is reported, not checked. Default 5 MiB. */
  maxPageBytes?: number;
  /** Force a charset for every page (`--encoding`). */
  encoding?: string;
}

const PAGE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)/i;
/** A body worth reading: a 2xx page; anything else is dropped unread. */
const wantsPage = (status: number, type: string | undefined): boolean => status >= 200 && status < 300 && PAGE_TYPES.test(type ?? '');
const ROBOTS_BYTES = 512 * 1024;
const SITEMAP_BYTES = 10 * 1024 * 1024;
/** Sitemap files read in all (an index and its children). */
const SITEMAP_FILES = 20;

interface QueuedPage {
  url: string;
  depth: number;
}

type PageOutcome =
  | { kind: 'page'; url: string; depth: number; contentType: string; body: Buffer }
  | { kind: 'problem'; url: string; message: string }
  | { kind: 'skip' };

/**
 * `--crawl URL`: the pages of one site, breadth first from the start URL and the site's
 * sitemaps, following visible `<a>`/`<area>`/frame links that stay on the same origin
 * (scheme, host and port). robots.txt is obeyed (RFC 9309: the file's group for our user
 * agent, else `*`; a 5xx or unreachable robots.txt means nothing is crawled), its
 * Crawl-delay raises the interval between requests, and every request goes through the links
 * room's SSRF guard, fetcher and per-host scheduler. Pages are documents with their final
 * URL as id; what cannot be fetched or decoded is a problem naming the URL; non-page files
 * (images, PDFs) are skipped. The frontier holds at most `maxPages` URLs, so memory is bounded.
 */
export async function* crawlSite(start: string, options: CrawlOptions = {}): AsyncGenerator<InputItem> {
  const problem = (file: string, message: string): InputItem => ({ kind: 'problem', problem: { input: start, file, message } });
  let origin: URL;
  try {
    origin = new URL(start);
  } catch {
    yield problem(start, 'not a URL');
    return;
  }
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
    yield problem(start, `only http and https sites are crawled, not ${origin.protocol}`);
    return;
  }
  const guard = new TargetGuard({ allow: options.allow, ports: options.ports });
  const refusal = guard.preflight(origin);
  if (refusal !== undefined) {
    yield problem(start, `${refusal}: the site is not crawled${refusal === 'refused-private' ? ' (LINKS_ALLOW opens a private host deliberately)' : ''}`);
    return;
  }
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const maxPages = options.maxPages ?? 1000;
  const maxDepth = options.maxDepth ?? 3;
  const maxRedirects = options.maxRedirects ?? 5;
  const fetcher = new Fetcher({
    guard,
    userAgent,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    totalTimeoutMs: options.totalTimeoutMs ?? 15_000,
    maxBodyBytes: Math.max(options.maxPageBytes ?? 5 * 1024 * 1024, SITEMAP_BYTES),
  });
  const sameOrigin = (url: URL): boolean => url.origin === origin.origin;
  try {
    // robots.txt first, on its own: its Crawl-delay sets the pace of everything after it.
    const robotsUrl = new URL('/robots.txt', origin).href;
    const robotsAnswer = await fetcher.fetch(robotsUrl, 'GET', (status) => status >= 200 && status < 300);
    let robots: RobotsRules;
    if (!robotsAnswer.ok || robotsAnswer.status >= 500) {
      const why = robotsAnswer.ok ? `HTTP ${robotsAnswer.status}` : `${robotsAnswer.reason}: ${robotsAnswer.message}`;
      yield problem(robotsUrl, `robots.txt unreachable (${why}): the site is not crawled (RFC 9309 reads that as everything disallowed)`);
      return;
    }
    if (robotsAnswer.status >= 200 && robotsAnswer.status < 300) {
      robots = RobotsRules.parse(robotsAnswer.body.subarray(0, ROBOTS_BYTES).toString('utf8'), userAgent.split('/')[0]!);
    } else robots = RobotsRules.allowAll();
    const crawlDelayMs = Math.min((robots.crawlDelaySeconds ?? 0) * 1000, options.maxCrawlDelayMs ?? 10_000);
    const perHost = options.perHostConcurrency ?? 2;
    const scheduler = new HostScheduler({
      // A site that asks for a delay gets one request at a time, that far apart.
      perHost: crawlDelayMs > 0 ? 1 : perHost,
      minIntervalMs: Math.max(options.minIntervalMs ?? 250, crawlDelayMs),
      global: perHost,
      baseBackoffMs: 1000,
      maxBackoffMs: 60_000,
    });
    const allowed = (url: URL): boolean => robots.allows(`${url.pathname}${url.search}`);

    const seen = new Set<string>();
    const queue: QueuedPage[] = [];
    const enqueue = (raw: string, base: string | URL, depth: number): void => {
      if (seen.size >= maxPages) return;
      let url: URL;
      try {
        url = new URL(raw, base);
      } catch {
        return;
      }
      url.hash = '';
      if (!sameOrigin(url) || seen.has(url.href) || !allowed(url)) return;
      seen.add(url.href);
      queue.push({ url: url.href, depth });
    };
    enqueue(origin.href, origin, 0);

    // The sitemaps robots.txt names, else /sitemap.xml; pages from them are one hop deep.
    const sitemapQueue = robots.sitemaps.length > 0 ? [...robots.sitemaps] : [new URL('/sitemap.xml', origin).href];
    const named = new Set(robots.sitemaps);
    for (let files = 0; sitemapQueue.length > 0 && files < SITEMAP_FILES && maxDepth > 0; files++) {
      const address = sitemapQueue.shift()!;
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        yield problem(address, 'sitemap address is not a URL');
        continue;
      }
      if (!sameOrigin(url)) continue;
      const answer = await scheduler.run(url.host, () => fetcher.fetch(url.href, 'GET', (status) => status >= 200 && status < 300));
      if (!answer.ok || answer.status < 200 || answer.status >= 300) {
        // /sitemap.xml is a guess; a sitemap robots.txt names is a promise the site broke.
        if (named.has(address)) yield problem(address, `sitemap not fetched (${answer.ok ? `HTTP ${answer.status}` : answer.reason})`);
        continue;
      }
      let xml: string;
      try {
        const gzipped = answer.body[0] === 0x1f && answer.body[1] === 0x8b;
        xml = (gzipped ? gunzipSync(answer.body, { maxOutputLength: SITEMAP_BYTES }) : answer.body).toString('utf8');
      } catch (error) {
        yield problem(address, `sitemap not readable (${(error as Error).message})`);
        continue;
      }
      const sitemap = parseSitemap(xml);
      if (sitemap === undefined) {
        if (named.has(address)) yield problem(address, 'not a sitemap (no <urlset> or <sitemapindex>)');
        continue;
      }
      if (sitemap.kind === 'sitemapindex') sitemapQueue.push(...sitemap.urls);
      else for (const page of sitemap.urls) enqueue(page, url, 1);
    }

    const fetchPage = async (page: QueuedPage): Promise<PageOutcome> => {
      let current = new URL(page.url);
      const chain = new Set<string>([current.href]);
      for (let hop = 0; ; hop++) {
        const refused = guard.preflight(current);
        if (refused !== undefined) return { kind: 'problem', url: page.url, message: `${refused}: ${current.href} not fetched` };
        let answer: FetchOutcome = await scheduler.run(current.host, () => fetcher.fetch(current.href, 'GET', wantsPage));
        if (answer.ok && (answer.status === 429 || answer.status === 503)) {
          // Overloaded: pause the site, then ask once more.
          scheduler.backoff(current.host, retryAfterMs(answer.retryAfter));
          const target = current;
          answer = await scheduler.run(target.host, () => fetcher.fetch(target.href, 'GET', wantsPage));
        }
        if (!answer.ok) return { kind: 'problem', url: page.url, message: `${answer.reason}: ${answer.message}` };
        scheduler.recovered(current.host);
        if (answer.status >= 300 && answer.status < 400 && answer.location !== undefined) {
          if (hop >= maxRedirects) return { kind: 'problem', url: page.url, message: `more than ${maxRedirects} redirects` };
          let next: URL;
          try {
            next = new URL(answer.location, current);
          } catch {
            return { kind: 'problem', url: page.url, message: `HTTP ${answer.status} to an invalid location` };
          }
          next.hash = '';
          if (!sameOrigin(next)) return { kind: 'problem', url: page.url, message: `redirected off the site to ${next.href}: not followed` };
          if (chain.has(next.href)) return { kind: 'problem', url: page.url, message: `redirect loop through ${next.href}` };
          if (!allowed(next)) return { kind: 'skip' };
          // A redirect to a page the crawl has (or will have) on its own adds nothing: not fetched twice.
          if (seen.has(next.href)) return { kind: 'skip' };
          chain.add(next.href);
          current = next;
          continue;
        }
        if (answer.status < 200 || answer.status >= 300) return { kind: 'problem', url: page.url, message: `HTTP ${answer.status}` };
        const contentType = answer.contentType ?? '';
        if (!PAGE_TYPES.test(contentType)) return { kind: 'skip' };
        if (answer.truncated || answer.body.byteLength > (options.maxPageBytes ?? 5 * 1024 * 1024)) {
          return { kind: 'problem', url: page.url, message: `larger than ${options.maxPageBytes ?? 5 * 1024 * 1024} bytes: not checked` };
        }
        if (current.href !== page.url) seen.add(current.href);
        return { kind: 'page', url: current.href, depth: page.depth, contentType, body: answer.body };
      }
    };

    // A window of fetches, answered in queue order: the output is deterministic, the site
    // sees at most perHost requests at once, and nothing is read ahead beyond the window.
    const inflight: Array<Promise<PageOutcome>> = [];
    while (queue.length > 0 || inflight.length > 0) {
      while (inflight.length < perHost && queue.length > 0) inflight.push(fetchPage(queue.shift()!));
      const outcome = await inflight.shift()!;
      if (outcome.kind === 'skip') continue;
      if (outcome.kind === 'problem') {
        yield problem(outcome.url, outcome.message);
        continue;
      }
      const html = !/^text\/plain/i.test(outcome.contentType);
      const decoded = decodePage(outcome.body, { html, declared: charsetFromContentType(outcome.contentType), forced: options.encoding });
      if (!decoded.ok) {
        yield { kind: 'problem', problem: { input: start, file: outcome.url, offset: decoded.offset, message: decoded.message } };
        continue;
      }
      if (html && outcome.depth < maxDepth) {
        for (const link of extractLinks(decoded.text, outcome.url).links) {
          // Hidden links are what 暗链 are made of: reported by --links, never followed.
          if (link.use === 'navigation' && link.url !== undefined && link.hidden === undefined && link.noTarget === undefined) enqueue(link.url, outcome.url, outcome.depth + 1);
        }
      }
      yield {
        kind: 'document',
        document: {
          input: start,
          id: outcome.url,
          url: outcome.url,
          ...siteAndColumn(outcome.url),
          published: html ? publishedFromHtml(decoded.text) : undefined,
          content: html ? { html: decoded.text } : { text: decoded.text },
          bytes: outcome.body.byteLength,
        },
      };
    }
  } finally {
    await fetcher.close();
  }
}
