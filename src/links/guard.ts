import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import type { Socket } from 'node:net';
import { HostList } from '../core/links/site.js';
import { Cidr, classifyAddress, parseIp } from './address.js';
import type { AddressClass } from './address.js';

/** Error code of a connection the guard refused (the lookup fails with it, no packet is sent). */
export const REFUSED_PRIVATE = 'ERR_JD_REFUSED_PRIVATE';

export class RefusedTargetError extends Error {
  readonly code = REFUSED_PRIVATE;

  constructor(
    readonly host: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(`refused-private: ${host} is ${address} (${addressClass})`);
    this.name = 'RefusedTargetError';
  }
}

export interface GuardOptions {
  /** CIDRs and host names opened deliberately despite being private (LINKS_ALLOW). */
  allow?: readonly string[];
  /** Ports a URL may name (default 80, 443, 8080, 8443). */
  ports?: readonly number[];
}

export const DEFAULT_PORTS: readonly number[] = [80, 443, 8080, 8443];

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The SSRF guard. A URL is refused before anything happens when its scheme, port or IP
 * literal is not allowed; a host name is resolved once, by `lookup`, which net.connect uses
 * in place of its own resolution, so the address validated is the address connected to
 * (no rebinding window). `checkSocket` re-checks the connected peer as a second line.
 */
export class TargetGuard {
  private readonly cidrs: Cidr[] = [];
  private readonly hosts: HostList;
  readonly ports: ReadonlySet<number>;

  constructor(options: GuardOptions = {}) {
    const hosts: string[] = [];
    for (const entry of options.allow ?? []) {
      const trimmed = entry.trim();
      if (trimmed === '') continue;
      const cidr = Cidr.parse(trimmed);
      if (cidr !== undefined) this.cidrs.push(cidr);
      else hosts.push(trimmed);
    }
    this.hosts = new HostList(hosts);
    this.ports = new Set(options.ports ?? DEFAULT_PORTS);
  }

  /** Why `address` may not be connected to for `host`; undefined when it may. */
  refusal(host: string, address: string): AddressClass | undefined {
    const addressClass = classifyAddress(address);
    if (addressClass === undefined || addressClass === 'public') return undefined;
    if (this.hosts.match(host) !== undefined) return undefined;
    const bytes = parseIp(address) as Uint8Array;
    if (this.cidrs.some((cidr) => cidr.contains(bytes))) return undefined;
    return addressClass;
  }

  /**
   * Checks what can be checked without the network. Returns the reason for a refusal:
   * `unsupported-scheme`, `port-not-allowed`, or `refused-private` (an IP literal in a
   * refused range, whatever its spelling: the WHATWG parser has already turned 2130706433,
   * 0177.0.0.1 and 127.1 into 127.0.0.1).
   */
  preflight(url: URL): 'unsupported-scheme' | 'port-not-allowed' | 'refused-private' | undefined {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'unsupported-scheme';
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const literal = parseIp(host);
    if (literal !== undefined && this.refusal(host, host) !== undefined) return 'refused-private';
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    // The port list keeps public hosts' other services out; a target opened deliberately by the
    // allow-list (an intranet host, a test fixture) may use any port.
    if (!this.ports.has(port) && !this.deliberatelyOpen(host, literal)) return 'port-not-allowed';
    return undefined;
  }

  /** Whether the allow-list names `host`, or its IP literal falls in an allowed CIDR. */
  private deliberatelyOpen(host: string, literal: Uint8Array | undefined): boolean {
    if (this.hosts.match(host) !== undefined) return true;
    return literal !== undefined && this.cidrs.some((cidr) => cidr.contains(literal));
  }

  /** A `lookup` for net.connect/tls.connect: resolves once and fails if any address is refused. */
  readonly lookup = (hostname: string, options: { family?: number | string; all?: boolean; hints?: number }, callback: LookupCallback): void => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : typeof options.family === 'number' ? options.family : 0;
    dnsLookup(hostname, { all: true, family, hints: options.hints }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      // One refused address refuses the host: a name that mixes public and private answers is a rebinding trick.
      for (const { address } of addresses) {
        const refused = this.refusal(hostname, address);
        if (refused !== undefined) {
          callback(new RefusedTargetError(hostname, address, refused), []);
          return;
        }
      }
      if (addresses.length === 0) {
        const empty: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
        empty.code = 'ENOTFOUND';
        callback(empty, []);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };

  /** The connected peer, checked again (a socket whose peer is refused is destroyed before a byte is written). */
  checkSocket(host: string, socket: Socket): RefusedTargetError | undefined {
    const address = socket.remoteAddress;
    if (address === undefined) return undefined;
    const refused = this.refusal(host, address);
    return refused === undefined ? undefined : new RefusedTargetError(host, address, refused);
  }
}
