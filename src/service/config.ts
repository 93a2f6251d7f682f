import { availableParallelism } from 'node:os';
import { loadLinksConfig, LinksConfigError } from '../links/config.js';
import type { LinksConfig } from '../links/config.js';

/** Everything the service reads from its environment (README.md lists each with its default). */
export interface ServiceConfig {
  port: number;
  host: string;
  /** Dictionary folder; undefined means the bundled dictionaries. */
  dictionariesDir: string | undefined;
  logLevel: string;
  /** Largest request body in bytes (and largest NDJSON line on the stream route). */
  bodyLimit: number;
  /** Worker threads that run checks. */
  workers: number;
  /** Checks queued for the workers beyond which requests get 503. */
  queueLimit: number;
  /**
   * Checks handed to one worker at a time: with 2 the next one already waits in the worker's
   * port when one ends, so a worker does not sleep while the event loop answers and dispatches.
   */
  tasksPerWorker: number;
  /** Texts shorter than this (UTF-16 units) are checked on the main thread. */
  fastPathChars: number;
  /** Result cache size in bytes; 0 turns the cache off. */
  cacheBytes: number;
  /** Bearer token for admin routes; undefined disables them. */
  adminToken: string | undefined;
  /** Event-loop delay (ms) beyond which requests get 503. */
  maxEventLoopDelayMs: number;
  /** Seconds clients are told to wait after a 503. */
  retryAfterSeconds: number;
  /** Most documents in one batch request. */
  batchMaxDocuments: number;
  /** How long a graceful shutdown may take before the process gives up. */
  shutdownTimeoutMs: number;
  /** Site overlays folder (SITES_DIR); undefined: no sites. */
  sitesDir: string | undefined;
  /** How often the shared site store is polled for other replicas' changes (fs.watch answers sooner). */
  sitesPollMs: number;
  /** Versions of each site kept in the store. */
  sitesKeepVersions: number;
  /** API keys (API_KEYS JSON, or the file API_KEYS_FILE names): see src/service/plugins/auth.ts. */
  apiKeys: string | undefined;
  apiKeysFile: string | undefined;
  /** Checking routes need a key of any role (CHECK_REQUIRES_KEY=true); open by default. */
  checkRequiresKey: boolean;
  /** Link checking (LINKS_* variables: allow-list, retired hosts, politeness, limits). */
  links: LinksConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return value;
}

function text(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function linksConfig(env: Env): LinksConfig {
  try {
    return loadLinksConfig(env);
  } catch (error) {
    if (error instanceof LinksConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Reads and validates the configuration; throws a ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env): ServiceConfig {
  const workers = integer(env, 'WORKERS', Math.max(1, availableParallelism()), 1, 256);
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: text(env, 'HOST') ?? '127.0.0.1',
    dictionariesDir: text(env, 'DICTIONARIES_DIR'),
    logLevel,
    bodyLimit: integer(env, 'BODY_LIMIT', 1024 * 1024, 1024),
    workers,
    queueLimit: integer(env, 'QUEUE_LIMIT', 64 * workers, 1),
    tasksPerWorker: integer(env, 'TASKS_PER_WORKER', 2, 1, 16),
    fastPathChars: integer(env, 'FAST_PATH_CHARS', 4096, 0),
    cacheBytes: integer(env, 'CACHE_BYTES', 64 * 1024 * 1024, 0),
    adminToken: text(env, 'ADMIN_TOKEN'),
    maxEventLoopDelayMs: integer(env, 'MAX_EVENT_LOOP_DELAY_MS', 1000, 0),
    retryAfterSeconds: integer(env, 'RETRY_AFTER_SECONDS', 2, 1),
    batchMaxDocuments: integer(env, 'BATCH_MAX_DOCUMENTS', 1000, 1),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0),
    sitesDir: text(env, 'SITES_DIR'),
    sitesPollMs: integer(env, 'SITES_POLL_MS', 2000, 0),
    sitesKeepVersions: integer(env, 'SITES_KEEP_VERSIONS', 50, 2),
    apiKeys: text(env, 'API_KEYS'),
    apiKeysFile: text(env, 'API_KEYS_FILE'),
    checkRequiresKey: boolean(env, 'CHECK_REQUIRES_KEY', false),
    links: linksConfig(env),
  };
}
