import type { FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import { extractLinks } from '../../core/links/extract.js';
import type { LinkFinding } from '../../core/links/types.js';
import type { LinkChecker } from '../../links/checker.js';
import type { LinkMetrics } from '../../links/metrics.js';
import type { Finding } from '../../core/types.js';
import type { ServiceContext } from '../context.js';
import { documentOf } from '../documents.js';
import { ServiceError } from '../errors.js';
import { verdictOf } from '../profiles.js';
import type { DocumentResult } from '../proofreading.js';
import type { CheckBody } from '../schemas/check.js';
import { LinksBody, LinksResponse } from '../schemas/links.js';
import { withErrors } from '../schemas/common.js';
import { siteChoice, siteOf } from './sites.js';

type CheckResponseBody = Omit<DocumentResult, 'findings'> & { findings: Finding[] };

function violation(message: string): ServiceError {
  return new ServiceError('JD_SCHEMA_VIOLATION', message);
}

/** Distinct checkable URLs of a page, for the limit (the same count the checker will fetch at most). */
export function distinctPageLinks(html: string, pageUrl: string): number {
  return new Set(extractLinks(html, pageUrl).links.flatMap((link) => (link.url === undefined ? [] : [link.url]))).size;
}

/** Throws JD_TOO_MANY_LINKS when a page has more distinct links than one request may check. */
export function assertPageLinkLimit(html: string, pageUrl: string, limit: number): number {
  const distinct = distinctPageLinks(html, pageUrl);
  if (distinct > limit) throw new ServiceError('JD_TOO_MANY_LINKS', `The document has ${distinct} distinct links; at most ${limit} per request (LINKS_MAX_PAGE_LINKS)`);
  return distinct;
}

/** Link checker counters into Prometheus: read from the plain LinkMetrics object at scrape time. */
export function registerLinkMetrics(registry: Registry, metrics: LinkMetrics): void {
  const registers = [registry];
  const seen = new Map<string, number>();
  const feed = (counter: Counter<string>, key: string, labels: Record<string, string>, value: number) => {
    const delta = value - (seen.get(key) ?? 0);
    if (delta > 0) counter.inc(labels, delta);
    seen.set(key, value);
  };
  new Counter({
    name: 'jiaodui_link_fetches_total',
    help: 'HTTP requests the link checker sent, by method.',
    labelNames: ['method'],
    registers,
    collect() {
      for (const method of ['HEAD', 'GET'] as const) feed(this, `fetch ${method}`, { method }, metrics.requests[method]);
    },
  });
  new Counter({
    name: 'jiaodui_link_checks_total',
    help: 'Link checks answered, by how: fetched, cache (TTL cache hit), joined (single-flight).',
    labelNames: ['via'],
    registers,
    collect() {
      feed(this, 'via cache', { via: 'cache' }, metrics.cacheHits);
      feed(this, 'via joined', { via: 'joined' }, metrics.singleFlightJoins);
      feed(this, 'via all', { via: 'all' }, metrics.checks);
    },
  });
  new Counter({
    name: 'jiaodui_link_outcomes_total',
    help: 'Link check results by outcome (ok, broken, soft404, poisoned, retired-host, redirect-loop, too-many-redirects, unknown).',
    labelNames: ['outcome'],
    registers,
    collect() {
      for (const [outcome, n] of Object.entries(metrics.outcomes)) feed(this, `outcome ${outcome}`, { outcome }, n);
    },
  });
  new Counter({
    name: 'jiaodui_link_refused_private_total',
    help: 'Link targets refused by the SSRF guard.',
    registers,
    collect() {
      feed(this, 'refused', {}, metrics.refusedPrivate);
    },
  });
  new Counter({
    name: 'jiaodui_link_backoffs_total',
    help: 'Pauses after 429/503, by host (at most 1000 hosts named, then "other").',
    labelNames: ['host'],
    registers,
    collect() {
      for (const [host, n] of metrics.backoffs) feed(this, `backoff ${host}`, { host }, n);
    },
  });
}

export async function linksRoutes(app: FastifyInstance): Promise<void> {
  const { config, links, sites, guards, metrics } = app.jiaodui;
  const { maxUrls, maxPageLinks } = config.links;
  registerLinkMetrics(metrics.registry, links.metrics);

  app.post<{ Body: LinksBody }>(
    '/v1/links',
    {
      schema: {
        summary: 'Check links (错断链): a list of URLs, or an HTML document with its URL',
        tags: ['links'],
        body: LinksBody,
        response: withErrors({ 200: LinksResponse }),
      },
      onRequest: guards.check,
    },
    async (request) => {
      const started = performance.now();
      const { urls, url, html, site } = request.body;
      if ((urls === undefined) === (url === undefined)) throw violation('body must have exactly one of urls and url');
      if (html !== undefined && url === undefined) throw violation('body/url is required with html');
      if (site !== undefined) siteOf(sites, site);
      const retiredHosts = [...(site !== undefined ? sites.retiredHosts(site) : []), ...(request.body.retiredHosts ?? [])];
      const call = retiredHosts.length > 0 ? { retiredHosts } : {};
      let findings: LinkFinding[];
      let count: number;
      let distinct: number;
      if (urls !== undefined) {
        if (urls.length > maxUrls) throw new ServiceError('JD_TOO_MANY_LINKS', `${urls.length} URLs; at most ${maxUrls} per request (LINKS_MAX_URLS)`);
        findings = await links.checkUrls(urls, call);
        count = urls.length;
        distinct = new Set(urls).size;
      } else if (html !== undefined) {
        distinct = assertPageLinkLimit(html, url as string, maxPageLinks);
        count = extractLinks(html, url).links.length;
        findings = await links.checkPage(html, url, call);
      } else {
        findings = await links.checkUrls([url as string], call);
        count = 1;
        distinct = 1;
      }
      return { findings, stats: { links: count, distinct, elapsedMs: Math.round((performance.now() - started) * 1000) / 1000 } };
    },
  );
}

/** `/v1/check` with `checks: [..., "links"]`: the other checks as usual, plus the page's link findings, one verdict over both. */
export async function checkWithLinks(context: ServiceContext, body: CheckBody): Promise<CheckResponseBody> {
  const { html, url } = body;
  if (html === undefined || url === undefined) throw violation('checks "links" needs html with url');
  const others = (body.checks ?? []).filter((check) => check !== 'links');
  const { site, plan } = siteChoice(context.sites, body.site, body.profile, others);
  assertPageLinkLimit(html, url, context.config.links.maxPageLinks);
  const retiredHosts = context.sites.retiredHosts(body.site);
  const [result, linkFindings] = await Promise.all([
    context.proofreading.check(documentOf(body, 'body'), plan, site),
    context.links.checkPage(html, url, retiredHosts.length > 0 ? { retiredHosts } : {}),
  ]);
  const findings = [...result.findings, ...(linkFindings as unknown as Finding[])].sort((a, b) => a.start - b.start || a.end - b.end);
  return { ...result, verdict: verdictOf(findings, plan.profile), findings };
}
