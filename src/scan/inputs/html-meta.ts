/** Cheap metadata from a page's head: no HTML parser, only the first few KB. */

/**
 * The publication date Chinese government CMSes put in `<meta name="PubDate" content="2024-03-05 10:00">`
 * (also `publishdate`, `firstpublishedtime`, `article:published_time`), as YYYY-MM-DD.
 */
export function publishedFromHtml(html: string): string | undefined {
  const head = html.slice(0, 8192);
  const meta = /<meta\s+[^>]*(?:name|property)\s*=\s*["']?(?:pubdate|publishdate|firstpublishedtime|article:published_time)["']?[^>]*>/i.exec(head);
  if (meta === null) return undefined;
  const content = /content\s*=\s*["']?([^"'>]+)/i.exec(meta[0]);
  return content ? isoDate(content[1]!) : undefined;
}

/** 2024-3-5, 2024/03/05, 2024年3月5日 -> 2024-03-05; anything else -> undefined. */
export function isoDate(value: string): string | undefined {
  const match = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(value);
  if (match === null) return undefined;
  const [, y, m, d] = match;
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `<link rel="canonical" href="...">`: the page's own URL when the archive is a directory of files. */
export function canonicalUrl(html: string): string | undefined {
  const head = html.slice(0, 8192);
  const link = /<link\s+[^>]*rel\s*=\s*["']?canonical["']?[^>]*>/i.exec(head);
  const href = link ? /href\s*=\s*["']?([^"'\s>]+)/i.exec(link[0]) : null;
  return href?.[1];
}
