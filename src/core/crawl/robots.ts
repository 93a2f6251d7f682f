/**
 * robots.txt (RFC 9309), pure: parse once, then ask whether a path may be fetched.
 *
 * The group for a crawler is the one whose `user-agent` line matches its product token
 * (case-insensitive), else the `*` group; rules are `allow` / `disallow` path patterns with
 * `*` (any characters) and a trailing `$` (end of the path); the longest matching pattern
 * decides and, between an allow and a disallow of the same length, allow wins. An empty
 * `disallow` allows everything. `crawl-delay` (not in the RFC, widely used) and `sitemap`
 * lines are kept too.
 */

interface Rule {
  allow: boolean;
  /** The pattern as written (its length ranks it). */
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySeconds?: number;
}

export class RobotsRules {
  private constructor(
    private readonly rules: readonly Rule[],
    /** `crawl-delay` of the chosen group, in seconds. */
    readonly crawlDelaySeconds: number | undefined,
    /** Every `sitemap:` URL of the file (they belong to no group). */
    readonly sitemaps: readonly string[],
  ) {}

  /** Everything allowed: no robots.txt (4xx), as RFC 9309 says. */
  static allowAll(): RobotsRules {
    return new RobotsRules([], undefined, []);
  }

  /** The rules of `text` for the crawler whose product token is `productToken` (e.g. `jiaodui-linkcheck`). */
  static parse(text: string, productToken: string): RobotsRules {
    const groups: Group[] = [];
    const sitemaps: string[] = [];
    let current: Group | undefined;
    /** Consecutive user-agent lines open one group; a rule line closes the list. */
    let collectingAgents = false;
    for (const rawLine of text.split(/\r\n|\r|\n/)) {
      const line = rawLine.replace(/#.*$/, '').trim();
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'user-agent') {
        if (!collectingAgents || current === undefined) {
          current = { agents: [], rules: [] };
          groups.push(current);
        }
        current.agents.push(value.toLowerCase());
        collectingAgents = true;
        continue;
      }
      if (key === 'sitemap') {
        if (value !== '') sitemaps.push(value);
        continue;
      }
      collectingAgents = false;
      if (current === undefined) continue;
      if (key === 'allow' || key === 'disallow') {
        // An empty disallow allows everything: it adds no rule.
        if (value === '') continue;
        current.rules.push({ allow: key === 'allow', pattern: value, regex: patternRegex(value) });
      } else if (key === 'crawl-delay') {
        const seconds = Number(value);
        if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
      }
    }
    const token = productToken.toLowerCase();
    const own = groups.filter((group) => group.agents.some((agent) => agent !== '*' && agent !== '' && token.includes(agent)));
    const chosen = own.length > 0 ? own : groups.filter((group) => group.agents.includes('*'));
    // Several groups for the same agent are merged (RFC 9309, 2.2.1).
    const rules = chosen.flatMap((group) => group.rules);
    const delay = chosen.map((group) => group.crawlDelaySeconds).find((seconds) => seconds !== undefined);
    return new RobotsRules(rules, delay, sitemaps);
  }

  /** Whether `pathAndQuery` (the URL's path plus its query, e.g. `/a/b.html?x=1`) may be fetched. */
  allows(pathAndQuery: string): boolean {
    let best: Rule | undefined;
    for (const rule of this.rules) {
      if (!rule.regex.test(pathAndQuery)) continue;
      if (best === undefined || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule;
    }
    return best === undefined || best.allow;
  }
}

/** A robots.txt path pattern as an anchored regular expression. */
function patternRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => normalizePercent(part).replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`);
}

/** Patterns and paths are compared percent-encoded, with uppercase hex, as URL.pathname gives them. */
function normalizePercent(text: string): string {
  return encodeURI(decodeSafely(text)).replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

function decodeSafely(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}
