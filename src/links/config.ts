import type { LinkCheckerOptions } from './checker.js';

/** Link checking settings of a deployment, from LINKS_* environment variables (README lists them). */
export interface LinksConfig {
  checker: LinkCheckerOptions;
  /** Most URLs in one `POST /v1/links` `urls` list. */
  maxUrls: number;
  /** Most distinct links checked for one HTML document. */
  maxPageLinks: number;
}

export class LinksConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinksConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function list(env: Env, name: string): string[] {
  return (env[name] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new LinksConfigError(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  return value;
}

export function loadLinksConfig(env: Env = process.env): LinksConfig {
  const ports = list(env, 'LINKS_PORTS').map((p) => {
    const port = Number(p);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LinksConfigError(`LINKS_PORTS must list ports, got ${JSON.stringify(p)}`);
    return port;
  });
  return {
    checker: {
      allow: list(env, 'LINKS_ALLOW'),
      retiredHosts: list(env, 'LINKS_RETIRED_HOSTS'),
      ...(ports.length > 0 ? { ports } : {}),
      perHostConcurrency: integer(env, 'LINKS_PER_HOST', 2, 1, 64),
      minIntervalMs: integer(env, 'LINKS_MIN_INTERVAL_MS', 250, 0),
      globalConcurrency: integer(env, 'LINKS_GLOBAL', 64, 1, 4096),
      connectTimeoutMs: integer(env, 'LINKS_CONNECT_TIMEOUT_MS', 5000, 1),
      totalTimeoutMs: integer(env, 'LINKS_TIMEOUT_MS', 15_000, 1),
      confirmDelayMs: integer(env, 'LINKS_CONFIRM_DELAY_MS', 2000, 0),
      maxRedirects: integer(env, 'LINKS_MAX_REDIRECTS', 5, 0, 50),
      ...(env.LINKS_USER_AGENT ? { userAgent: env.LINKS_USER_AGENT } : {}),
    },
    maxUrls: integer(env, 'LINKS_MAX_URLS', 200, 1, 100_000),
    maxPageLinks: integer(env, 'LINKS_MAX_PAGE_LINKS', 2000, 1, 100_000),
  };
}
