import { extractHtmlText, toSourceSpan } from '../core/html/index.js';
import { checkPageCompliance } from '../core/inspection/page-compliance.js';
import type { CheckType, Finding } from '../core/types.js';
import type { SiteOverlay } from '../core/sites/overlay.js';
import type { Proofreader } from '../index.js';

/** What a client sends to be checked: plain text, or HTML whose text content is checked. */
export type DocumentInput = { text: string; html?: undefined; url?: undefined } | { html: string; text?: undefined; url?: string };

/** Length of what the client sent, in UTF-16 code units. */
export function inputLength(document: DocumentInput): number {
  return document.text !== undefined ? document.text.length : document.html.length;
}

/**
 * Runs the checks on one document. For HTML, the checks see the extracted text and the
 * findings are moved back into the source, so `match === html.slice(start, end)`.
 * Shared by the main thread (fast path) and the workers, so both answer identically.
 */
export function checkDocument(proofreader: Proofreader, document: DocumentInput, checks: readonly CheckType[], overlay?: SiteOverlay): Finding[] {
  if (checks.length === 0) return [];
  if (document.text !== undefined) return proofreader.check(document.text, { checks, overlay }).findings.map(plainFinding);
  const { html } = document;
  const extracted = extractHtmlText(html);
  const findings = proofreader.check(extracted.text, { checks, overlay }).findings.map((finding) => toSourceSpan(html, extracted, plainFinding(finding)));
  // Page compliance (meta tags, publish dates) reads the page itself and only means something
  // for a published page, so it runs for HTML with its URL (core/inspection/page-compliance.ts).
  if (document.url !== undefined && checks.includes('compliance')) {
    // The site's severity overrides apply to these too (the proofreader applied them to the rest).
    findings.push(...checkPageCompliance(html, { url: document.url, now: Date.now() }).findings.filter((finding) => overlay?.adjust(finding) ?? true));
    findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  }
  return findings;
}

/** The fields the API promises, nothing else (explain output stays in the library). */
function plainFinding(finding: Finding): Finding {
  const plain: Finding = {
    type: finding.type,
    category: finding.category,
    severity: finding.severity,
    rule: finding.rule,
    code: finding.code ?? `${finding.type}.${finding.category}`,
    start: finding.start,
    end: finding.end,
    match: finding.match,
    suggestions: finding.suggestions,
    message: finding.message,
  };
  if (finding.confidence !== undefined) plain.confidence = finding.confidence;
  return plain;
}
