import type { Severity } from '../types.js';

/** Every kind of link finding; the finding's `code` is `link.<kind>`. */
export const LINK_KINDS = [
  'broken',
  'soft404',
  'poisoned',
  'retired-host',
  'insecure',
  'redirect',
  'unknown',
  'hidden',
  'no-target',
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** One hop of a redirect chain as the checker saw it. */
export interface LinkHop {
  url: string;
  /** HTTP status; absent when the hop was refused or failed before an answer. */
  status?: number;
}

/** What the checker found out about a URL, as far as a finding can say it. */
export interface LinkEvidence {
  /** Final HTTP status. */
  status?: number;
  /** Every request made, in order (the first is the URL itself). */
  chain?: LinkHop[];
  /** Machine-readable cause: `dns`, `refused`, `reset`, `tls`, `timeout`, `refused-private`, `loop`, ... */
  reason?: string;
  /** What was seen on the page: soft-404 phrases, sensitive terms, parking-page signs, CSS that hides. */
  found?: string[];
  /** Where the element points in the end, when it was redirected. */
  finalUrl?: string;
}

/**
 * A link finding: the common finding fields (offsets of the attribute value in the HTML
 * source when the input was HTML), plus the URL and the evidence.
 */
export interface LinkFinding {
  type: 'link';
  category: LinkKind;
  severity: Severity;
  rule: string;
  code: `link.${LinkKind}`;
  /** Source span of the attribute value; absent for a bare URL list. */
  start?: number;
  end?: number;
  match: string;
  suggestions: string[];
  message: string;
  /** The absolute URL (resolved against the page and `<base>`), or the value as written when it has none. */
  url: string;
  /** Element and attribute the link came from (`a[href]`), for HTML input. */
  source?: string;
  evidence?: LinkEvidence;
}

/** How a link is used by its page: what is fetched for it and how its answer is judged. */
export type LinkUse = 'navigation' | 'resource' | 'form';

/** A link of an HTML document, with the source span of its attribute value. */
export interface ExtractedLink {
  element: string;
  attribute: string;
  /** Source span of the URL (inside the attribute value; one candidate of a srcset). */
  start: number;
  end: number;
  /** The URL as written, character references decoded, surrounding spaces removed. */
  raw: string;
  /** Absolute URL without its fragment; undefined when it cannot be resolved. */
  url: string | undefined;
  use: LinkUse;
  /** `javascript:` or empty targets: nothing to fetch, reported as info. */
  noTarget?: 'javascript' | 'empty';
  /** Why the element is invisible, when it is (display:none, font-size:0, ...). */
  hidden?: string;
}
