/**
 * sitemaps.org XML, pure: the `<loc>` URLs of a `<urlset>` (pages) or of a `<sitemapindex>`
 * (more sitemaps). No XML parser is needed for this flat format; entities in URLs are decoded.
 */
export interface Sitemap {
  kind: 'urlset' | 'sitemapindex';
  urls: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The sitemap's kind and URLs (at most `limit`), or undefined when the text is not a sitemap. */
export function parseSitemap(xml: string, limit = 50_000): Sitemap | undefined {
  const root = /<(urlset|sitemapindex)[\s>]/i.exec(xml);
  if (root === null) return undefined;
  const urls: string[] = [];
  const loc = /<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]]*?)\s*(?:\]\]>)?\s*<\/loc>/gi;
  for (let match = loc.exec(xml); match !== null && urls.length < limit; match = loc.exec(xml)) {
    const url = decodeEntities(match[1]!);
    if (url !== '') urls.push(url);
  }
  return { kind: root[1]!.toLowerCase() === 'sitemapindex' ? 'sitemapindex' : 'urlset', urls };
}
