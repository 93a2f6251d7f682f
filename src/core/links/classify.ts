import { extractHtmlText } from '../html/extract.js';
import { walkTags } from '../html/tags.js';
import type { Severity } from '../types.js';
import { SEVERITY_RANK } from '../types.js';

/**
 * Judging a page that answered 200 from a bounded prefix of its HTML: is it a soft 404, a
 * parked domain, a gambling or porn page? Pure: the sensitive matcher is passed in.
 */

/** A sensitive hit as the page check needs it (a subset of Finding). */
export interface SensitiveHit {
  category: string;
  severity: Severity;
  match: string;
}

/** The project's sensitive check on a piece of text (e.g. `text => proofreader.check(text, { checks: ['sensitive'] }).findings`). */
export type SensitiveCheck = (text: string) => readonly SensitiveHit[];

export type PageVerdict =
  | { kind: 'ok' }
  | { kind: 'soft404'; found: string[] }
  | { kind: 'poisoned'; found: string[] }
  | { kind: 'parked'; found: string[] };

/** Phrases of "this page is gone" pages (matched case-insensitively, spaces folded). */
export const SOFT_404_PHRASES: readonly string[] = [
  '页面不存在', '网页不存在', '页面未找到', '页面找不到', '找不到页面', '找不到该页面', '找不到网页', '无法找到该页',
  '该信息已删除', '信息已删除', '该信息不存在', '信息不存在', '信息已被删除', '该页面已被删除', '页面已删除', '页面已被删除',
  '文章不存在', '该文章不存在', '文章已删除', '内容已删除', '内容不存在', '该内容已被删除', '已被删除或不存在',
  '链接已失效', '页面已失效', '访问的页面不存在', '您访问的页面不存在', '您所访问的页面不存在', '您要访问的页面不存在',
  '404错误', '错误404', '404 错误',
  'page not found', '404 not found', 'not found', 'page cannot be found', 'page could not be found',
  'page you requested could not be found', 'page does not exist', 'this page does not exist',
  'page you are looking for', 'page has been removed', 'page no longer exists', 'no longer available',
];

/** Phrases that only count in the title or a short page (they also occur in articles). */
const TITLE_ONLY: ReadonlySet<string> = new Set(['not found', 'page you are looking for', 'no longer available']);

/** Signs of a parked or for-sale domain: text on the page, or the parking services in its markup. */
export const PARKING_TEXT: readonly string[] = [
  'this domain is for sale', 'domain is for sale', 'buy this domain', 'this domain may be for sale', 'domain for sale',
  'is parked free', 'parked domain', 'domain parking', 'this web page is parked',
  '域名出售', '该域名出售', '此域名出售', '该域名正在出售', '本域名出售', '域名转让', '域名正在出售', '域名已过期', '该域名已过期',
];
export const PARKING_MARKUP: readonly string[] = [
  'sedoparking.com', 'parkingcrew.net', 'bodis.com', 'parklogic.com', 'above.com/marketplace', 'dan.com/buy-domain',
  'afternic.com', 'hugedomains.com', 'undeveloped.com', 'godaddy.com/domainsearch', 'domainmarket.com', 'sav.com/domain',
];

/** Sensitive categories that make a destination a poisoned page. */
export const POISON_CATEGORIES: ReadonlySet<string> = new Set(['gambling', 'pornography', 'fraud']);
/** Distinct terms in the body (outside the title) that make a page poisoned. */
export const POISON_BODY_TERMS = 3;

/** A short visible text is what a gone-page shows; a long one is an article that may quote the phrase. */
const SHORT_PAGE_CHARS = 1500;
/** How much visible text the sensitive matcher reads. */
const CHECKED_TEXT_CHARS = 20_000;

function fold(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/** Title and visible text of an HTML prefix. */
export function pageText(html: string): { title: string; text: string } {
  let title = '';
  walkTags(html, {
    startTag: (tag, body) => {
      if (tag.name === 'title' && body !== undefined && title === '') title = extractHtmlText(html.slice(tag.start, body.end)).text;
    },
    endTag: () => undefined,
  });
  return { title: title.trim(), text: extractHtmlText(html).text };
}

function soft404Phrases(title: string, text: string): string[] {
  const t = fold(title);
  const body = fold(text);
  const short = body.length <= SHORT_PAGE_CHARS;
  const found: string[] = [];
  for (const phrase of SOFT_404_PHRASES) {
    if (t.includes(phrase) || (short && !TITLE_ONLY.has(phrase) && body.includes(phrase))) found.push(phrase);
  }
  // "not found" inside "page not found" is the same evidence.
  return found.filter((phrase) => !found.some((other) => other !== phrase && other.includes(phrase)));
}

function parkingSigns(html: string, text: string): string[] {
  const body = fold(text);
  const markup = html.toLowerCase();
  return [...PARKING_TEXT.filter((sign) => body.includes(sign)), ...PARKING_MARKUP.filter((sign) => markup.includes(sign))];
}

function poisonTerms(title: string, text: string, check: SensitiveCheck): string[] {
  const bad = (hits: readonly SensitiveHit[]) =>
    hits.filter((hit) => POISON_CATEGORIES.has(hit.category) && SEVERITY_RANK[hit.severity] >= SEVERITY_RANK.error).map((hit) => `${hit.category}:${hit.match}`);
  const inTitle = title === '' ? [] : bad(check(title));
  if (inTitle.length > 0) return [...new Set(inTitle)];
  const inBody = [...new Set(bad(check(text.slice(0, CHECKED_TEXT_CHARS))))];
  return inBody.length >= POISON_BODY_TERMS ? inBody : [];
}

/**
 * The verdict on a page that answered 200. Poisoned (sensitive terms in the title, or at
 * least POISON_BODY_TERMS distinct ones in the text) wins over parked, which wins over
 * soft 404: a casino page that says "page not found" is still a casino.
 */
export function classifyPage(html: string, check: SensitiveCheck | undefined): PageVerdict {
  const { title, text } = pageText(html);
  if (check !== undefined) {
    const found = poisonTerms(title, text, check);
    if (found.length > 0) return { kind: 'poisoned', found };
  }
  const parking = parkingSigns(html, text);
  if (parking.length > 0) return { kind: 'parked', found: parking };
  const gone = soft404Phrases(title, text);
  if (gone.length > 0) return { kind: 'soft404', found: gone };
  return { kind: 'ok' };
}

/** Signs of a bot-protection challenge (Cloudflare, WAFs, captchas) instead of the page itself. */
const CHALLENGE_SIGNS: readonly string[] = [
  'cf-chl', 'challenge-platform', 'just a moment', 'attention required', 'captcha', 'checking your browser',
  'ddos protection', 'access denied', 'request blocked', '安全验证', '访问验证', '人机验证', '请完成验证', '防火墙', 'waf',
];

/** Whether a refusal (403, 429, 503...) came with a challenge page rather than a real error. */
export function isChallengePage(html: string): boolean {
  const lower = html.toLowerCase();
  return CHALLENGE_SIGNS.some((sign) => lower.includes(sign));
}
