import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { LinkEvidence } from './links.js';

const Profile = Type.String({ maxLength: 64, description: 'Named set of checks and thresholds; default `default`.' });
const Site = Type.String({ maxLength: 64, description: 'Site id (a folder of SITES_DIR, `GET /v1/sites`): its overlay applies on top of the shared dictionaries.' });
const Checks = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: 32,
  description: 'Check types to run (replaces the profile\'s list): sensitive, typo, normative, name, punctuation, repetition, date, privacy, secrecy, compliance, links (compliance and links: `html` with `url` only; links need the network and are in no profile).',
});

export const CheckBody = Type.Object(
  {
    text: Type.Optional(Type.String({ description: 'Plain text. Exactly one of `text` and `html`.' })),
    html: Type.Optional(Type.String({ description: 'HTML; only text content and alt/title are checked, offsets point into the HTML.' })),
    profile: Type.Optional(Profile),
    checks: Type.Optional(Checks),
    site: Type.Optional(Site),
    url: Type.Optional(Type.String({ maxLength: 4096, description: 'The page URL of `html`: `checks: ["links"]` resolves links against it (link findings need the network, so they are never in a profile).' })),
  },
  { additionalProperties: false },
);
export type CheckBody = Static<typeof CheckBody>;

export const Finding = Type.Object({
  type: Type.String(),
  category: Type.String(),
  severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('error'), Type.Literal('critical')]),
  rule: Type.String(),
  code: Type.String({ description: 'Stable kind of finding, `<type>.<kind>`, e.g. `typo.context`, `sensitive.gambling`.' }),
  start: Type.Integer({ description: 'UTF-16 code units into the string sent (the HTML source for `html`).' }),
  end: Type.Integer({ description: 'Exclusive.' }),
  match: Type.String({ description: 'Exactly `input.slice(start, end)`.' }),
  suggestions: Type.Array(Type.String()),
  message: Type.String(),
  confidence: Type.Optional(Type.Number()),
  url: Type.Optional(Type.String({ description: 'Link findings: the absolute URL checked.' })),
  source: Type.Optional(Type.String({ description: 'Link findings: element and attribute, e.g. `a[href]`.' })),
  evidence: Type.Optional(LinkEvidence),
});

export const Verdict = Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('block')]);

export const Stats = Type.Object({
  chars: Type.Integer({ description: 'Length of the input in UTF-16 code units.' }),
  elapsedMs: Type.Number(),
  dictionaryVersion: Type.String({ description: 'The base dictionaries\' version, plus `+<site>:<overlay version>` when a site applied.' }),
  site: Type.Optional(Type.String({ description: 'The site whose overlay applied.' })),
  cached: Type.Boolean({ description: 'Served from the result cache.' }),
});

export const CheckResponse = Type.Object({ verdict: Verdict, findings: Type.Array(Finding), stats: Stats });

const ErrorDetail = Type.Object({ code: Type.String(), message: Type.String() });

/** One document's outcome in a batch or stream: a result, or an error of its own. */
export const DocumentOutcome = Type.Object({
  id: Type.Union([Type.String(), Type.Number(), Type.Null()], { description: 'The document\'s id as sent; null when it had none.' }),
  verdict: Type.Optional(Verdict),
  findings: Type.Optional(Type.Array(Finding)),
  stats: Type.Optional(Stats),
  error: Type.Optional(ErrorDetail),
});

export function batchBody(maxDocuments: number) {
  return Type.Object(
    {
      documents: Type.Array(
        Type.Unknown({ description: '`{ id, text }` or `{ id, html }`, optionally with its own `site`; a malformed document gets its own error entry.' }),
        { minItems: 1, maxItems: maxDocuments },
      ),
      profile: Type.Optional(Profile),
      checks: Type.Optional(Checks),
      site: Type.Optional(Site),
    },
    { additionalProperties: false },
  );
}
export type BatchBody = Static<ReturnType<typeof batchBody>>;

export const BatchResponse = Type.Object({ results: Type.Array(DocumentOutcome) });

export const StreamQuery = Type.Object(
  {
    profile: Type.Optional(Profile),
    checks: Type.Optional(Type.String({ maxLength: 512, description: 'Comma-separated check types.' })),
    site: Type.Optional(Site),
  },
  { additionalProperties: false },
);
export type StreamQuery = Static<typeof StreamQuery>;
