/**
 * Which site a host belongs to, without the public suffix list: the last two labels, or the
 * last three under a second-level domain such as gov.cn or com.cn (what government sites use).
 * www.example.gov.cn and zwfw.example.gov.cn are the same site; example.gov.cn and
 * other.gov.cn are not.
 */
const SECOND_LEVEL: ReadonlySet<string> = new Set(['gov', 'com', 'edu', 'org', 'net', 'ac', 'mil', 'co']);

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host);
}

export function siteOf(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIpLiteral(h)) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const keep = labels[labels.length - 1].length === 2 && SECOND_LEVEL.has(labels[labels.length - 2]) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Whether `url` leaves the site of `pageUrl` (both absolute; false when either cannot be read). */
export function isOffSite(url: string, pageUrl: string | undefined): boolean {
  if (pageUrl === undefined) return true;
  try {
    return siteOf(new URL(url).hostname) !== siteOf(new URL(pageUrl).hostname);
  } catch {
    return false;
  }
}

/** A list of host names: `old.example.gov.cn` matches itself and its subdomains. */
export class HostList {
  private readonly hosts: Set<string>;

  constructor(hosts: Iterable<string>) {
    // A port in an entry (old.example.gov.cn:8080) is ignored: a retired host is retired on every port.
    this.hosts = new Set([...hosts].map((h) => h.trim().toLowerCase().replace(/^\*?\./, '').replace(/:\d+$/, '').replace(/\.$/, '')).filter((h) => h !== ''));
  }

  get size(): number {
    return this.hosts.size;
  }

  /** The listed entry that covers `host`, if any. */
  match(host: string): string | undefined {
    let h = host.toLowerCase().replace(/\.$/, '');
    for (;;) {
      if (this.hosts.has(h)) return h;
      const dot = h.indexOf('.');
      if (dot === -1) return undefined;
      h = h.slice(dot + 1);
    }
  }
}
