import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

const Url = Type.String({ minLength: 1, maxLength: 4096 });

/** Hard caps of the schema; the configured limits (LINKS_MAX_URLS, LINKS_MAX_PAGE_LINKS) are checked in the route with their own code. */
export const LinksBody = Type.Object(
  {
    urls: Type.Optional(Type.Array(Url, { minItems: 1, maxItems: 100_000, description: 'Absolute http(s) URLs to check. Exactly one of `urls` and `url`.' })),
    url: Type.Optional(Type.String({ maxLength: 4096, description: 'The page URL: with `html`, links are resolved against it (and `<base>`); alone, the URL is checked.' })),
    html: Type.Optional(Type.String({ description: 'An HTML document whose links are checked; needs `url`. Offsets point into it.' })),
    site: Type.Optional(Type.String({ maxLength: 64, description: 'Site id (`GET /v1/sites`): its retired hosts apply on top of LINKS_RETIRED_HOSTS.' })),
    retiredHosts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 1000, description: 'More retired or merged hosts for this call (subdomains included).' })),
  },
  { additionalProperties: false },
);
export type LinksBody = Static<typeof LinksBody>;

const Hop = Type.Object({ url: Type.String(), status: Type.Optional(Type.Integer()) });

export const LinkEvidence = Type.Object({
  status: Type.Optional(Type.Integer({ description: 'Final HTTP status.' })),
  chain: Type.Optional(Type.Array(Hop, { description: 'Every request made, the URL itself first.' })),
  reason: Type.Optional(Type.String({ description: 'dns, refused, reset, tls, timeout, refused-private, http-404, soft404, parked, loop, bot-protection, mixed-content, https-available, hidden, ...' })),
  found: Type.Optional(Type.Array(Type.String(), { description: 'Soft-404 phrases, sensitive terms, parking signs, hiding CSS, error messages.' })),
  finalUrl: Type.Optional(Type.String()),
});

export const LinkFinding = Type.Object({
  type: Type.Literal('link'),
  category: Type.String(),
  severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('error'), Type.Literal('critical')]),
  rule: Type.String(),
  code: Type.String({ description: 'link.broken, link.soft404, link.poisoned, link.retired-host, link.insecure, link.redirect, link.unknown, link.hidden, link.no-target.' }),
  start: Type.Optional(Type.Integer({ description: 'HTML input: UTF-16 offset of the attribute value in `html`.' })),
  end: Type.Optional(Type.Integer({ description: 'Exclusive.' })),
  match: Type.String({ description: 'HTML input: exactly `html.slice(start, end)`; else the URL.' }),
  suggestions: Type.Array(Type.String()),
  message: Type.String(),
  url: Type.String({ description: 'The absolute URL checked.' }),
  source: Type.Optional(Type.String({ description: 'Element and attribute, e.g. `a[href]`.' })),
  evidence: Type.Optional(LinkEvidence),
});

export const LinksResponse = Type.Object({
  findings: Type.Array(LinkFinding),
  stats: Type.Object({
    links: Type.Integer({ description: 'Links found (HTML) or URLs sent.' }),
    distinct: Type.Integer({ description: 'Distinct URLs checked.' }),
    elapsedMs: Type.Number(),
  }),
});
