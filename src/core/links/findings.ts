import type { Severity } from '../types.js';
import { isOffSite } from './site.js';
import type { ExtractedLink, LinkEvidence, LinkFinding, LinkHop, LinkKind } from './types.js';
import type { LinkExtraction } from './extract.js';

/** The outcome of checking one URL over the network (what the checker caches). */
export type LinkOutcome = 'ok' | 'broken' | 'soft404' | 'poisoned' | 'retired-host' | 'redirect-loop' | 'too-many-redirects' | 'unknown';

export interface LinkCheckResult {
  /** The URL checked (absolute, no fragment). */
  url: string;
  outcome: LinkOutcome;
  /** Final HTTP status, when there was an answer. */
  status?: number;
  /** Every hop, first one included. */
  chain: LinkHop[];
  /** Where the chain ended. */
  finalUrl: string;
  /** Machine-readable cause for broken/unknown (dns, refused, reset, tls, timeout, refused-private, http-404...). */
  reason?: string;
  /** Evidence from the page: soft-404 phrases, sensitive terms, parking signs. */
  found?: string[];
  /** An http:// URL whose https:// form answers too. */
  httpsAvailable?: boolean;
  /** When the result was established (ms since the epoch). */
  checkedAt: number;
}

const SEVERITY: Readonly<Record<LinkKind, Severity>> = {
  broken: 'error',
  soft404: 'error',
  poisoned: 'critical',
  'retired-host': 'error',
  insecure: 'warning',
  redirect: 'info',
  unknown: 'info',
  hidden: 'critical',
  'no-target': 'info',
};

/** Where a finding points: the link in the HTML source, or a bare URL. */
export interface FindingPlace {
  url: string;
  /** The HTML link, when the URL came from a page. */
  link?: ExtractedLink;
  /** The HTML source, for `match`. */
  html?: string;
}

export function linkFinding(kind: LinkKind, place: FindingPlace, message: string, evidence?: LinkEvidence, severity: Severity = SEVERITY[kind], suggestions: string[] = []): LinkFinding {
  const finding: LinkFinding = {
    type: 'link',
    category: kind,
    severity,
    rule: `link:${kind}${evidence?.reason !== undefined ? `:${evidence.reason}` : ''}`,
    code: `link.${kind}`,
    match: place.url,
    suggestions,
    message,
    url: place.url,
  };
  if (place.link !== undefined) {
    finding.start = place.link.start;
    finding.end = place.link.end;
    finding.match = place.html !== undefined ? place.html.slice(place.link.start, place.link.end) : place.link.raw;
    finding.source = `${place.link.element}[${place.link.attribute}]`;
  }
  if (evidence !== undefined) finding.evidence = evidence;
  return finding;
}

/** Findings that need no network: javascript:/empty targets, hidden off-site anchors, mixed content. */
export function staticLinkFindings(html: string, extraction: LinkExtraction, pageUrl: string | undefined): LinkFinding[] {
  const findings: LinkFinding[] = [];
  const secure = pageUrl !== undefined && pageUrl.startsWith('https:');
  for (const link of extraction.links) {
    const place = { url: link.url ?? link.raw, link, html };
    if (link.noTarget !== undefined) {
      findings.push(linkFinding('no-target', place, link.noTarget === 'empty' ? 'Empty link target' : 'javascript: link: nothing a visitor or a crawler can follow', { reason: link.noTarget }));
      continue;
    }
    if (link.url === undefined) continue;
    if (link.hidden !== undefined && (link.element === 'a' || link.element === 'area') && isOffSite(link.url, pageUrl)) {
      findings.push(linkFinding('hidden', place, `Hidden link (暗链) to another site: ${link.hidden}`, { reason: 'hidden', found: [link.hidden] }));
    }
    if (secure && link.use === 'resource' && link.url.startsWith('http:')) {
      findings.push(
        linkFinding('insecure', place, 'Mixed content: loaded over http on an https page', { reason: 'mixed-content' }, 'warning', [link.url.replace(/^http:/, 'https:')]),
      );
    }
  }
  return findings;
}

function statusText(result: LinkCheckResult): string {
  return result.status !== undefined ? `HTTP ${result.status}` : (result.reason ?? 'no answer');
}

/** The findings a checked URL gives where it is linked; none when all is well. */
export function resultFindings(result: LinkCheckResult, place: FindingPlace): LinkFinding[] {
  const evidence: LinkEvidence = { chain: result.chain };
  if (result.status !== undefined) evidence.status = result.status;
  if (result.reason !== undefined) evidence.reason = result.reason;
  if (result.found !== undefined && result.found.length > 0) evidence.found = result.found;
  if (result.finalUrl !== result.url) evidence.finalUrl = result.finalUrl;
  const findings: LinkFinding[] = [];
  switch (result.outcome) {
    case 'broken':
      findings.push(linkFinding('broken', place, `Broken link: ${statusText(result)} (confirmed by a second attempt)`, evidence));
      break;
    case 'soft404':
      findings.push(linkFinding('soft404', place, `The page answers ${result.status ?? 200} but says it is gone: ${result.found?.join(', ') ?? ''}`, evidence));
      break;
    case 'poisoned':
      findings.push(linkFinding('poisoned', place, `The link leads to a gambling, porn or parked page: ${result.found?.join(', ') ?? ''}`, evidence));
      break;
    case 'retired-host':
      findings.push(linkFinding('retired-host', place, `Host ${result.reason ?? ''} is retired (merged or closed site); the link should point to its successor`, evidence));
      break;
    case 'redirect-loop':
      findings.push(linkFinding('redirect', place, 'Redirect loop', evidence, 'warning'));
      break;
    case 'too-many-redirects':
      findings.push(linkFinding('redirect', place, `Too many redirects (${result.chain.length - 1})`, evidence, 'warning'));
      break;
    case 'unknown':
      findings.push(linkFinding('unknown', place, `Could not be verified (${result.reason ?? 'unknown'}); not reported as broken, re-checked later`, evidence));
      break;
    case 'ok':
      break;
  }
  if (result.outcome === 'ok' || result.outcome === 'soft404' || result.outcome === 'poisoned') {
    if (result.finalUrl !== result.url && isOffSite(result.finalUrl, result.url)) {
      findings.push(linkFinding('redirect', place, `Redirects to another site: ${result.finalUrl}`, evidence, 'info', [result.finalUrl]));
    }
    const upgraded = result.url.startsWith('http:') && result.finalUrl === result.url.replace(/^http:/, 'https:');
    if (result.httpsAvailable || upgraded) {
      findings.push(linkFinding('insecure', place, 'http:// link to a site that answers over https', { ...evidence, reason: 'https-available' }, 'warning', [result.url.replace(/^http:/, 'https:')]));
    }
  }
  return findings;
}
