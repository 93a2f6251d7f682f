import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fixture saw. */
export interface Hit {
  method: string;
  path: string;
  userAgent: string | undefined;
}

export type Route = (request: IncomingMessage, response: ServerResponse, hits: Hit[]) => void;

/** A loopback HTTP server with named routes that records every request (tests assert on hits). */
export interface Fixture {
  server: Server;
  host: string;
  port: number;
  origin: string;
  hits: Hit[];
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts a fixture on `host` (a loopback address only: 127.x.y.z or ::1). */
export async function startFixture(routes: Record<string, Route>, host = '127.0.0.1', port = 0): Promise<Fixture> {
  if (!(host.startsWith('127.') || host === '::1')) throw new Error(`fixtures bind to loopback only, not ${host}`);
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    hits.push({ method: request.method ?? 'GET', path, userAgent: request.headers['user-agent'] });
    const route = routes[path];
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<title>404</title>');
      return;
    }
    route(request, response, hits);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    server,
    host,
    port: address.port,
    origin,
    hits,
    url: (path) => origin + path,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function html(body: string, status = 200, headers: Record<string, string> = {}): Route {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };
}

export function redirect(location: string, status = 302): Route {
  return (_request, response) => {
    response.writeHead(status, { location }).end();
  };
}
