import { decodeCharacterReferences, extractHtmlText, toSourceSpan, walkTags } from '../html/index.js';
import { extractLinks, isOffSite } from '../links/index.js';
import type { Finding, Severity } from '../types.js';

/**
 * Page compliance of a published government web page: the meta tags that 《政府网站发展指引》
 * (国务院办公厅, 国办发〔2017〕47号) asks for in its annex 《网页设计规范》 (网页标签: site tags
 * SiteName, SiteDomain, SiteIDCode; column tags ColumnName, ColumnDescription, ColumnKeywords,
 * ColumnType; article tags ArticleTitle, PubDate, ContentSource, Keywords, Author,
 * Description, Image, Url), and the publish date the inspection of 《政府网站与政务新媒体检查
 * 指标》 (国办秘函〔2019〕19号) reads: a page without one counts as not updated, and a forged
 * date is a single-veto item.
 *
 * Which tags are required on which page is this module's reading (the tag list is from the
 * annex, as real pages carry it; the annex's text itself was not at hand to confirm the
 * required/optional split): the three site tags on every page, ColumnName and ColumnType on
 * column and article pages, ArticleTitle, PubDate and ContentSource on article pages. The
 * others are reported only with `recommended: true`, as `info`.
 *
 * Pure: the caller passes the page's URL and the current time.
 */

export type PageKind = 'home' | 'column' | 'article';

export type ComplianceKind =
  | 'meta-missing'
  | 'meta-empty'
  | 'meta-invalid'
  | 'pubdate-invalid'
  | 'pubdate-future'
  | 'date-mismatch'
  | 'no-publish-date'
  | 'external-script'
  | 'iframe'
  | 'hidden-link'
  | 'empty-column';

export interface PageComplianceOptions {
  /** The page's address (its path tells a homepage; its host is compared with SiteDomain). */
  url?: string;
  /** Current time, ms since the epoch (a PubDate later than this is in the future). */
  now: number;
  /** The page's kind; default: guessed from the URL and the page (see `guessPageKind`). */
  kind?: PageKind;
  /** Also report missing recommended tags (Keywords, Description, ...), as `info`. Default false. */
  recommended?: boolean;
  /** Severity per kind of finding (defaults in DEFAULT_SEVERITY). */
  severity?: Partial<Record<ComplianceKind, Severity>>;
  /** Time zone of dates without one, in minutes east of UTC; default 480 (Beijing). */
  utcOffsetMinutes?: number;
}

export const DEFAULT_SEVERITY: Readonly<Record<ComplianceKind, Severity>> = {
  'meta-missing': 'warning',
  'meta-empty': 'warning',
  'meta-invalid': 'info',
  'pubdate-invalid': 'warning',
  'pubdate-future': 'warning',
  'date-mismatch': 'warning',
  'no-publish-date': 'warning',
  'external-script': 'info',
  iframe: 'info',
  'hidden-link': 'warning',
  'empty-column': 'info',
};

export const SITE_TAGS = ['SiteName', 'SiteDomain', 'SiteIDCode'] as const;
export const COLUMN_TAGS = ['ColumnName', 'ColumnType'] as const;
export const ARTICLE_TAGS = ['ArticleTitle', 'PubDate', 'ContentSource'] as const;
export const RECOMMENDED_COLUMN_TAGS = ['ColumnDescription', 'ColumnKeywords'] as const;
export const RECOMMENDED_ARTICLE_TAGS = ['Keywords', 'Author', 'Description', 'Image', 'Url'] as const;

/** The tags a page of `kind` must carry, in report order. */
export function requiredTags(kind: PageKind): string[] {
  if (kind === 'home') return [...SITE_TAGS];
  if (kind === 'column') return [...SITE_TAGS, ...COLUMN_TAGS];
  return [...SITE_TAGS, ...COLUMN_TAGS, ...ARTICLE_TAGS];
}

export interface MetaTag {
  /** As written in the page. */
  name: string;
  /** Entities decoded, trimmed. */
  content: string;
  /** Source span of the whole `<meta ...>` tag. */
  start: number;
  end: number;
}

/** A date read from the page, to the minute when a time was given. */
export interface PageDate {
  /** As written. */
  text: string;
  /** Source span in the HTML. */
  start: number;
  end: number;
  /** ms since the epoch (in `utcOffsetMinutes`), or undefined when unparseable. */
  time: number | undefined;
  /** `YYYY-MM-DD`, or undefined when unparseable. */
  day: string | undefined;
}

export interface PageComplianceResult {
  kind: PageKind;
  /** First tag of each name (lower-cased key). */
  meta: Record<string, MetaTag>;
  pubDate: PageDate | undefined;
  /** The first visible publish date (发布时间：…) in the page's text. */
  visibleDate: PageDate | undefined;
  /**
   * The page's publish date for freshness: PubDate when it parses and is not in the future,
   * else the visible date; undefined when the page has none (it counts as not updated).
   */
  published: number | undefined;
  /** Off-site scripts, every iframe, hidden off-site links: what 挂马/插码 injections add; rescans compare them (src/inspection/tampering.ts). */
  inventory: { scripts: string[]; iframes: string[]; hiddenLinks: string[] };
  /** Column pages only: visible links to pages under the column's folder (its entries); 0 is an empty column. */
  columnEntries?: number;
  findings: Finding[];
}

/** Every `<meta name=... content=...>` of the document, keyed by lower-cased name (first wins). */
export function readMetaTags(html: string): Record<string, MetaTag> {
  const meta: Record<string, MetaTag> = {};
  walkTags(html, {
    startTag(tag) {
      if (tag.name !== 'meta') return;
      const nameAttr = tag.attributes.find((a) => a.name === 'name');
      if (nameAttr === undefined) return;
      const name = decodeCharacterReferences(html, nameAttr.valueStart, nameAttr.valueEnd, true).trim();
      const key = name.toLowerCase();
      if (key === '' || key in meta) return;
      const contentAttr = tag.attributes.find((a) => a.name === 'content');
      const content = contentAttr === undefined ? '' : decodeCharacterReferences(html, contentAttr.valueStart, contentAttr.valueEnd, true).trim();
      meta[key] = { name, content, start: tag.start, end: tag.end };
    },
    endTag() {},
  });
  return meta;
}

const DATE_RE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/u;

/** Parses `2024-03-05`, `2024/3/5 10:19`, `2024年03月05日 10:19:00`, `2024-03-05T10:19:00+08:00`. */
export function parsePageDate(text: string, utcOffsetMinutes = 480): { time: number; day: string } | undefined {
  const iso = /^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\s*$/u.test(text) ? Date.parse(text) : NaN;
  const m = DATE_RE.exec(text);
  if (m === null || !/^\s*$/u.test(text.slice(0, m.index))) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (year < 1990 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  const dayText = `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { time: Number.isNaN(iso) ? local - utcOffsetMinutes * 60_000 : iso, day: dayText };
}

/** Labels of a visible publish date; 成文日期 is the document's own date and legitimately differs. */
// Horizontal spaces only inside the date: a line break after it ends it (the block separator of extracted text).
const VISIBLE_DATE_RE =
  /(?:发布时间|发布日期|发布于|发表时间|发表日期|发文时间|信息时间|时间|日期)[ \t\u3000]*[:：]?[ \t\u3000]*(\d{4}[ \t]*[-/.年][ \t]*\d{1,2}[ \t]*[-/.月][ \t]*\d{1,2}(?:[ \t]*日)?(?:[ \t\u3000]*\d{1,2}[ \t]*[:：][ \t]*\d{1,2}(?:[ \t]*[:：][ \t]*\d{1,2})?)?)/gu;

/** The first labelled publish date in the page's text, with its source span. */
export function findVisibleDate(html: string, utcOffsetMinutes = 480): PageDate | undefined {
  const extracted = extractHtmlText(html);
  for (const m of extracted.text.matchAll(VISIBLE_DATE_RE)) {
    // A bare 时间/日期 must start its label: 会议时间, 成文日期, 更新时间 are other dates.
    if ((m[0].startsWith('时间') || m[0].startsWith('日期')) && /\p{Script=Han}/u.test(extracted.text.charAt(m.index - 1))) continue;
    const start = m.index + m[0].indexOf(m[1]);
    const span = toSourceSpan(html, extracted, { start, end: start + m[1].length, match: m[1] });
    const parsed = parsePageDate(m[1], utcOffsetMinutes);
    return { text: m[1], start: span.start, end: span.end, time: parsed?.time, day: parsed?.day };
  }
  return undefined;
}

/** Homepage by its path; article when it has article tags or a publish date; else a column page. */
export function guessPageKind(url: string | undefined, meta: Record<string, MetaTag>, visibleDate: PageDate | undefined): PageKind {
  if (url !== undefined) {
    try {
      const path = new URL(url).pathname;
      if (/^\/(?:index\.s?html?|index\.jsp|index\.php|default\.s?html?)?$/iu.test(path)) return 'home';
    } catch {
      // Not a URL: guess from the page alone.
    }
  }
  if ('articletitle' in meta || 'pubdate' in meta || 'contentsource' in meta || visibleDate !== undefined) return 'article';
  return 'column';
}

/** 10 characters: a 6-digit region code and 4 digits, or `bm` and 8 digits for departments. */
const SITE_ID_CODE = /^(?:\d{10}|bm\d{8})$/iu;

export function checkPageCompliance(html: string, options: PageComplianceOptions): PageComplianceResult {
  const severity = { ...DEFAULT_SEVERITY, ...options.severity };
  const offset = options.utcOffsetMinutes ?? 480;
  const meta = readMetaTags(html);
  const visibleDate = findVisibleDate(html, offset);
  const kind = options.kind ?? guessPageKind(options.url, meta, visibleDate);
  const findings: Finding[] = [];
  // A missing tag has no text of its own: the finding points at the <head> tag (or the start).
  const headStart = html.search(/<head[\s>]/iu);
  const anchor = headStart < 0 ? { start: 0, end: 0 } : { start: headStart, end: html.indexOf('>', headStart) + 1 };
  const add = (k: ComplianceKind, rule: string, start: number, end: number, message: string, level: Severity = severity[k], suggestions: string[] = []): void => {
    findings.push({ type: 'compliance', category: k, code: `compliance.${k}`, severity: level, rule: `compliance:${k}:${rule}`, start, end, match: html.slice(start, end), suggestions, message });
  };

  const wanted = requiredTags(kind);
  for (const name of wanted) {
    const tag = meta[name.toLowerCase()];
    if (tag === undefined) add('meta-missing', name, anchor.start, anchor.end, `缺少网页标签 <meta name="${name}">（《政府网站发展指引》附件《网页设计规范》）`);
    else if (tag.content === '') add('meta-empty', name, tag.start, tag.end, `网页标签 ${name} 内容为空`);
  }
  if (options.recommended) {
    const recommended = kind === 'home' ? [] : kind === 'column' ? [...RECOMMENDED_COLUMN_TAGS] : [...RECOMMENDED_COLUMN_TAGS, ...RECOMMENDED_ARTICLE_TAGS];
    for (const name of recommended) {
      if (!(name.toLowerCase() in meta)) add('meta-missing', name, anchor.start, anchor.end, `缺少建议的网页标签 <meta name="${name}">`, 'info');
    }
  }

  const idCode = meta.siteidcode;
  if (idCode !== undefined && idCode.content !== '' && !SITE_ID_CODE.test(idCode.content)) {
    add('meta-invalid', 'SiteIDCode', idCode.start, idCode.end, `网站标识码“${idCode.content}”格式不符（应为10位：6位行政区划代码加4位数字，或 bm 加8位数字）`);
  }
  const domain = meta.sitedomain;
  const host = hostOf(options.url);
  if (domain !== undefined && domain.content !== '' && host !== undefined) {
    const declared = hostOf(/^[a-z]+:\/\//iu.test(domain.content) ? domain.content : `http://${domain.content}`);
    // A consolidated platform serves departments under the portal's domain: a parent domain is fine.
    if (declared !== undefined && host !== declared && !host.endsWith(`.${declared}`) && !declared.endsWith(`.${host}`)) {
      add('meta-invalid', 'SiteDomain', domain.start, domain.end, `SiteDomain“${domain.content}”与网页所在域名 ${host} 不一致`);
    }
  }

  let pubDate: PageDate | undefined;
  const pubTag = meta.pubdate;
  if (pubTag !== undefined && pubTag.content !== '') {
    const parsed = parsePageDate(pubTag.content, offset);
    pubDate = { text: pubTag.content, start: pubTag.start, end: pubTag.end, time: parsed?.time, day: parsed?.day };
    if (parsed === undefined) add('pubdate-invalid', 'PubDate', pubTag.start, pubTag.end, `PubDate“${pubTag.content}”无法识别为日期（应如 2024-03-05 10:19）`);
    else if (parsed.time > options.now) add('pubdate-future', 'PubDate', pubTag.start, pubTag.end, `PubDate“${pubTag.content}”晚于当前时间`);
  }
  if (pubDate?.day !== undefined && visibleDate?.day !== undefined && pubDate.day !== visibleDate.day) {
    // One calendar day apart is what a CMS writing PubDate in UTC (or publishing around
    // midnight) produces: reported as info, not as a possibly forged date.
    const apart = Math.abs(Date.parse(pubDate.day) - Date.parse(visibleDate.day)) / 86_400_000;
    add(
      'date-mismatch',
      apart <= 1 ? 'adjacent-day' : 'visible',
      visibleDate.start,
      visibleDate.end,
      apart <= 1
        ? `页面显示的发布时间 ${visibleDate.day} 与 PubDate ${pubDate.day} 相差一天（时区或零点发布？）`
        : `页面显示的发布时间 ${visibleDate.day} 与 PubDate ${pubDate.day} 不一致（发布时间不实属单项否决项）`,
      apart <= 1 ? 'info' : severity['date-mismatch'],
      [pubDate.text],
    );
  }
  if (visibleDate !== undefined && visibleDate.time !== undefined && visibleDate.time > options.now && !findings.some((f) => f.category === 'pubdate-future')) {
    add('pubdate-future', 'visible', visibleDate.start, visibleDate.end, `页面显示的发布时间 ${visibleDate.text} 晚于当前时间`);
  }

  const candidates = [pubDate?.time, visibleDate?.time].filter((t): t is number => t !== undefined && t <= options.now);
  const published = candidates[0];
  if (kind === 'article' && pubDate === undefined && visibleDate === undefined) {
    add('no-publish-date', 'none', anchor.start, anchor.end, '网页没有发布时间（无 PubDate 标签，正文也未标注）：检查时按未更新计');
  }
  // Off-site scripts and iframes: listed as info so that a rescan can tell when one appears.
  const inventory = { scripts: [] as string[], iframes: [] as string[], hiddenLinks: [] as string[] };
  const folder = kind === 'column' ? folderOf(options.url) : undefined;
  let columnEntries = 0;
  for (const link of extractLinks(html, options.url).links) {
    if (link.url === undefined) continue;
    if (folder !== undefined && link.element === 'a' && link.hidden === undefined && isColumnEntry(link.url, folder)) columnEntries++;
    if (link.element === 'script' && link.attribute === 'src' && isOffSite(link.url, options.url)) {
      inventory.scripts.push(link.url);
      add('external-script', 'src', link.start, link.end, `引用外部脚本 ${link.url}：外部脚本可被第三方改动，请确认来源可信`);
    } else if ((link.element === 'iframe' || link.element === 'frame') && link.attribute === 'src') {
      inventory.iframes.push(link.url);
      add('iframe', 'src', link.start, link.end, `嵌入框架页面 ${link.url}${link.hidden ? `（不可见：${link.hidden}）` : ''}`, link.hidden ? 'warning' : severity.iframe);
    } else if ((link.element === 'a' || link.element === 'area') && link.hidden !== undefined && isOffSite(link.url, options.url)) {
      inventory.hiddenLinks.push(link.url);
      add('hidden-link', 'href', link.start, link.end, `隐藏的站外链接 ${link.url}（${link.hidden}）：疑为被植入的暗链`);
    }
  }
  if (folder !== undefined && columnEntries === 0) {
    add('empty-column', 'no-entries', anchor.start, anchor.end, '栏目页没有列出任何信息（无指向本栏目下页面的链接）：空白栏目计入单项否决；列表由脚本加载的页面请人工确认');
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  const result: PageComplianceResult = { kind, meta, pubDate, visibleDate, published, inventory, findings };
  if (folder !== undefined) result.columnEntries = columnEntries;
  return result;
}

/** `host/path/` of a column page's folder (`.../tzgg/index.html` -> `host/tzgg/`). */
function folderOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.host.toLowerCase()}${parsed.pathname.replace(/[^/]*$/u, '')}`;
  } catch {
    return undefined;
  }
}

/** A page under the column's folder that is not one of its index pages (index.html, index_2.html). */
function isColumnEntry(url: string, folder: string): boolean {
  try {
    const parsed = new URL(url);
    const key = `${parsed.host.toLowerCase()}${parsed.pathname}`;
    return key.startsWith(folder) && key !== folder && !/\/(?:index|default|list)(?:_\d+)?\.[a-z]+$/iu.test(parsed.pathname);
  } catch {
    return false;
  }
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
