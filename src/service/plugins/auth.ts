import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { ConfigError } from '../config.js';
import type { ServiceConfig } from '../config.js';
import { ServiceError } from '../errors.js';

/**
 * API keys and roles. `check` may use the checking routes, `editor` manages the lists of the
 * sites it names (and checks), `admin` does everything (all sites, the global layer,
 * creating sites, reloading, the whole audit log).
 *
 * Keys come from API_KEYS (JSON) or the file API_KEYS_FILE names, an array of
 * `{ "name": "cms", "key": "...", "role": "check" }` or, to keep the key itself out of the
 * configuration, `"sha256": "<hex of the key's SHA-256>"` instead of `key`; editors add
 * `"sites": ["city", "district-a"]`. ADMIN_TOKEN stays an admin key named `admin-token`.
 * Only SHA-256 digests are kept in memory, compared with timingSafeEqual against every key
 * (no early exit), and a key is never logged (server.ts redacts the headers that carry it).
 */
export const ROLES = ['check', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The key's name: what the audit log records. */
  name: string;
  role: Role;
  /** Sites an editor may change; every site for an admin. */
  sites: ReadonlySet<string> | 'all';
}

interface StoredKey extends Principal {
  digest: Buffer;
}

const MIN_KEY_LENGTH = 12;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export class KeyRing {
  private adminTokenKey: { token: string; key: StoredKey } | undefined;

  private constructor(
    private readonly configured: readonly StoredKey[],
    /** ADMIN_TOKEN, read at each use: an operator (or a test) may change the configuration object. */
    private readonly adminToken: () => string | undefined,
  ) {}

  private get keys(): readonly StoredKey[] {
    const token = this.adminToken();
    if (token === undefined) return this.configured;
    if (this.adminTokenKey?.token !== token) this.adminTokenKey = { token, key: { name: 'admin-token', role: 'admin', sites: 'all', digest: digest(token) } };
    return [...this.configured, this.adminTokenKey.key];
  }

  /** Reads API_KEYS / API_KEYS_FILE and ADMIN_TOKEN; throws ConfigError naming the bad entry. */
  static fromConfig(config: Pick<ServiceConfig, 'apiKeys' | 'apiKeysFile' | 'adminToken'>): KeyRing {
    const keys: StoredKey[] = [];
    const sources: Array<[string, string]> = [];
    if (config.apiKeys !== undefined) sources.push(['API_KEYS', config.apiKeys]);
    if (config.apiKeysFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(config.apiKeysFile, 'utf8');
      } catch (error) {
        throw new ConfigError(`API_KEYS_FILE ${config.apiKeysFile}: ${(error as Error).message}`);
      }
      sources.push([`API_KEYS_FILE ${config.apiKeysFile}`, text]);
    }
    for (const [source, text] of sources) keys.push(...parseKeys(source, text));
    const names = new Set<string>(['admin-token']);
    for (const key of keys) {
      if (names.has(key.name)) throw new ConfigError(`API key name '${key.name}' is used twice (or is 'admin-token', ADMIN_TOKEN's name); names identify keys in the audit log`);
      names.add(key.name);
    }
    return new KeyRing(keys, () => config.adminToken);
  }

  /** Whether any key may manage something (else the management routes are disabled). */
  get manages(): boolean {
    return this.keys.some((key) => key.role !== 'check');
  }

  get admins(): boolean {
    return this.keys.some((key) => key.role === 'admin');
  }

  /**
   * The key a request presents (`Authorization: Bearer <key>` or `X-API-Key: <key>`):
   * undefined when it presents none, null when it presents one that is not configured.
   */
  identify(request: FastifyRequest): Principal | null | undefined {
    const presented = presentedKey(request);
    if (presented === undefined) return undefined;
    const wanted = digest(presented);
    let found: StoredKey | undefined;
    // Every key is compared, so the time does not depend on which one matched.
    for (const key of this.keys) if (timingSafeEqual(key.digest, wanted) && found === undefined) found = key;
    return found === undefined ? null : { name: found.name, role: found.role, sites: found.sites };
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header !== '') {
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // A malformed Authorization header is a wrong key, not an absent one.
    return match ? match[1].trim() : '\u0000';
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey.trim();
  return undefined;
}

function parseKeys(source: string, text: string): StoredKey[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(json)) throw new ConfigError(`${source} must be a JSON array of { name, key | sha256, role, sites? }`);
  return json.map((raw: unknown, index: number): StoredKey => {
    const fail = (reason: string): never => {
      throw new ConfigError(`${source}[${index}]: ${reason}`);
    };
    if (typeof raw !== 'object' || raw === null) fail('must be an object { name, key | sha256, role, sites? }');
    const entry = raw as Record<string, unknown>;
    for (const field of Object.keys(entry)) if (!['name', 'key', 'sha256', 'role', 'sites'].includes(field)) fail(`unknown field '${field}'`);
    if (typeof entry.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(entry.name)) fail('name must be 1-64 letters, digits, ".", "_", "@" or "-"');
    if (typeof entry.role !== 'string' || !(ROLES as readonly string[]).includes(entry.role)) fail(`role must be one of ${ROLES.join(', ')}`);
    let keyDigest: Buffer;
    if (entry.key !== undefined && entry.sha256 !== undefined) fail('give key or sha256, not both');
    if (typeof entry.key === 'string') {
      if (entry.key.length < MIN_KEY_LENGTH) fail(`key must have at least ${MIN_KEY_LENGTH} characters`);
      keyDigest = digest(entry.key);
    } else if (typeof entry.sha256 === 'string' && /^[0-9a-fA-F]{64}$/.test(entry.sha256)) {
      keyDigest = Buffer.from(entry.sha256, 'hex');
    } else {
      keyDigest = fail('needs key (a string) or sha256 (64 hex digits)');
    }
    const role = entry.role as Role;
    let sites: ReadonlySet<string> | 'all' = 'all';
    if (role === 'editor') {
      if (!Array.isArray(entry.sites) || entry.sites.length === 0 || entry.sites.some((site) => typeof site !== 'string' || site === '')) {
        fail('an editor needs sites: a non-empty array of site ids');
      }
      sites = new Set(entry.sites as string[]);
    } else if (entry.sites !== undefined) {
      fail(`a ${role} key has no sites (only editors are limited to sites)`);
    }
    return { name: entry.name as string, role, sites, digest: keyDigest };
  });
}

/**
 * The guards the routes use as `onRequest` hooks: they run before the body is read, so a
 * caller without the right key costs no parsing.
 */
export class Guards {
  constructor(
    readonly keys: KeyRing,
    private readonly checkRequiresKey: boolean,
  ) {}

  /** Checking routes: open unless CHECK_REQUIRES_KEY; then any configured key. */
  check = async (request: FastifyRequest): Promise<void> => {
    if (!this.checkRequiresKey) return;
    const principal = this.keys.identify(request);
    if (!principal) throw new ServiceError('JD_UNAUTHORIZED', principal === undefined ? 'This route needs an API key (CHECK_REQUIRES_KEY is on)' : 'Unknown API key');
  };

  /** Any management route: an editor or admin key; returns who. */
  manager(request: FastifyRequest): Principal {
    if (!this.keys.manages) throw new ServiceError('JD_ADMIN_DISABLED');
    const principal = this.keys.identify(request);
    if (!principal) throw new ServiceError('JD_UNAUTHORIZED', principal === undefined ? 'This route needs an editor or admin API key' : 'Unknown API key');
    if (principal.role === 'check') throw new ServiceError('JD_FORBIDDEN', `Key '${principal.name}' has the check role; managing lists needs editor or admin`);
    return principal;
  }

  /** Admin only (reload, creating sites, the global layer). */
  admin(request: FastifyRequest): Principal {
    if (!this.keys.admins) throw new ServiceError('JD_ADMIN_DISABLED');
    const principal = this.manager(request);
    if (principal.role !== 'admin') throw new ServiceError('JD_FORBIDDEN', `Key '${principal.name}' is an editor; this route needs admin`);
    return principal;
  }

  /** An editor of `site`, or an admin. */
  editorOf(request: FastifyRequest, site: string): Principal {
    const principal = this.manager(request);
    if (principal.role === 'admin') return principal;
    if (principal.sites === 'all' || !principal.sites.has(site)) {
      throw new ServiceError('JD_FORBIDDEN', `Key '${principal.name}' may not change ${JSON.stringify(site.slice(0, 64))}`);
    }
    return principal;
  }
}

/** Whether `principal` may see `site`'s lists (editors: their sites only). */
export function maySee(principal: Principal, site: string): boolean {
  return principal.role === 'admin' || (principal.sites !== 'all' && principal.sites.has(site));
}
