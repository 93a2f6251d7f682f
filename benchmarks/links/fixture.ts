/**
 * The benchmark's web: HOSTS loopback servers (127.0.0.2 ... 127.0.0.201, one port) with a
 * simulated latency, PATHS paths each (a few 404s and same-host redirects), and a page server
 * on 127.0.0.1 with PAGES pages of LINKS_PER_PAGE absolute links, heavily duplicated.
 * Runs in its own process (forked with IPC) so the contenders' event loops are their own.
 * Every request is counted per URL, and the peak number in flight per host is recorded.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../test/helpers/random.js';

export const HOSTS = 200;
export const PATHS = 15;
export const PAGES = 500;
export const LINKS_PER_PAGE = 100;
export const LATENCY_MS = 20;

export type PathKind = 'ok' | 'missing' | 'redirect';

export function pathKind(host: number, path: number): PathKind {
  const v = (host * 31 + path * 7) % 33;
  if (v === 0) return 'missing';
  if (v === 1) return 'redirect';
  return 'ok';
}

export interface FixtureInfo {
  port: number;
  pagesOrigin: string;
  pages: string[];
  distinctUrls: number;
  links: number;
  /** Distinct URLs that are broken (404), the answer both contenders must give. */
  broken: string[];
}

export interface FixtureStats {
  requests: number;
  /** Requests per URL (method and path). */
  perUrl: Record<string, number>;
  perHost: Record<string, number>;
  peakPerHost: number;
  methods: Record<string, number>;
}

async function main(): Promise<void> {
  const counts = new Map<string, number>();
  const hostCounts = new Map<string, number>();
  const methods: Record<string, number> = {};
  const inFlight = new Map<string, number>();
  let peakPerHost = 0;
  let requests = 0;

  const servers: Server[] = [];
  let port = 0;
  for (let h = 0; h < HOSTS; h++) {
    const host = `127.0.0.${h + 2}`;
    const server = createServer((request, response) => {
      const url = `http://${host}:${port}${request.url ?? '/'}`;
      requests++;
      counts.set(url, (counts.get(url) ?? 0) + 1);
      hostCounts.set(host, (hostCounts.get(host) ?? 0) + 1);
      methods[request.method ?? 'GET'] = (methods[request.method ?? 'GET'] ?? 0) + 1;
      const now = (inFlight.get(host) ?? 0) + 1;
      inFlight.set(host, now);
      peakPerHost = Math.max(peakPerHost, now);
      const match = /^\/p(\d+)\.html$/.exec(request.url ?? '');
      setTimeout(() => {
        inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
        const kind = match === null ? 'final' : pathKind(h, Number(match[1]));
        if (kind === 'missing') response.writeHead(404, { 'content-type': 'text/html' }).end('<title>404 Not Found</title>');
        else if (kind === 'redirect') response.writeHead(302, { location: `/final-${match?.[1]}.html` }).end();
        else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<title>第${match?.[1] ?? 'final'}页</title><p>政务公开</p>`);
      }, LATENCY_MS);
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    if (port === 0) port = (server.address() as AddressInfo).port;
    servers.push(server);
  }

  // Deterministic: the same web every run.
  const rand = mulberry32(20261207);
  const distinct: string[] = [];
  const broken: string[] = [];
  for (let h = 0; h < HOSTS; h++) {
    for (let p = 0; p < PATHS; p++) {
      const url = `http://127.0.0.${h + 2}:${port}/p${p}.html`;
      distinct.push(url);
      if (pathKind(h, p) === 'missing') broken.push(url);
    }
  }
  // Every URL once, then a skewed choice (a few URLs on most pages: headers, footers, 友情链接).
  const links: string[] = [...distinct];
  while (links.length < PAGES * LINKS_PER_PAGE) links.push(distinct[Math.floor(distinct.length * rand() ** 3)]);
  for (let i = links.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [links[i], links[j]] = [links[j], links[i]];
  }
  const pageBodies: string[] = [];
  for (let page = 0; page < PAGES; page++) {
    const body = links.slice(page * LINKS_PER_PAGE, (page + 1) * LINKS_PER_PAGE).map((href, i) => `<li><a href="${href}">链接${i}</a></li>`);
    pageBodies.push(`<!doctype html><html><head><meta charset="utf-8"><title>第${page}页</title></head><body><ul>${body.join('')}</ul></body></html>`);
  }
  const pageServer = createServer((request, response) => {
    const match = /^\/page\/(\d+)\.html$/.exec(request.url ?? '');
    const body = match === null ? undefined : pageBodies[Number(match[1])];
    if (body === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', () => resolve()));
  const pagesOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  const info: FixtureInfo = {
    port,
    pagesOrigin,
    pages: pageBodies.map((_, i) => `${pagesOrigin}/page/${i}.html`),
    distinctUrls: distinct.length,
    links: links.length,
    broken,
  };
  process.on('message', (message: string) => {
    if (message === 'stats') {
      const stats: FixtureStats = { requests, perUrl: Object.fromEntries(counts), perHost: Object.fromEntries(hostCounts), peakPerHost, methods: { ...methods } };
      process.send?.({ stats });
    } else if (message === 'reset') {
      counts.clear();
      hostCounts.clear();
      for (const key of Object.keys(methods)) delete methods[key];
      peakPerHost = 0;
      requests = 0;
      process.send?.({ reset: true });
    } else if (message === 'exit') {
      for (const server of [...servers, pageServer]) server.closeAllConnections();
      process.exit(0);
    }
  });
  process.send?.({ info });
}

await main();
