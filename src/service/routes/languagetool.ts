import type { FastifyInstance, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ServiceError } from '../errors.js';
import { annotate, idList, keepMatch, LANGUAGES, parseAnnotation, resolveLanguage, toMatch } from '../languagetool.js';
import { siteChoice } from './sites.js';
import { withErrors } from '../schemas/common.js';

const VERSION = '1';

const CheckForm = Type.Object(
  {
    text: Type.Optional(Type.String({ description: 'Plain text. Exactly one of `text` and `data`.' })),
    data: Type.Optional(
      Type.String({
        description:
          'JSON `{"annotation": [{"text": "..."}, {"markup": "<b>", "interpretAs": ""}]}`: markup is skipped, but offsets count it (as LanguageTool does).',
      }),
    ),
    language: Type.String({ maxLength: 32, description: '`zh-CN` (also `zh`, `auto`).' }),
    enabledRules: Type.Optional(Type.String()),
    disabledRules: Type.Optional(Type.String()),
    enabledCategories: Type.Optional(Type.String()),
    disabledCategories: Type.Optional(Type.String()),
    enabledOnly: Type.Optional(Type.String({ description: '`true`: only the enabled rules and categories.' })),
    profile: Type.Optional(Type.String({ maxLength: 64, description: 'jiaodui extension: the profile to check with (default: the site\'s, else `default`).' })),
    site: Type.Optional(Type.String({ maxLength: 64, description: 'jiaodui extension: check with this site\'s lists (also as the path /v2/sites/:site/check).' })),
  },
  // LanguageTool clients send more (motherTongue, level, username, apiKey, ...): accepted, unused.
  { additionalProperties: Type.String() },
);
type CheckForm = Static<typeof CheckForm>;

const Category = Type.Object({ id: Type.String(), name: Type.String() });

const Match = Type.Object({
  message: Type.String(),
  shortMessage: Type.String(),
  replacements: Type.Array(Type.Object({ value: Type.String() })),
  offset: Type.Integer({ description: 'UTF-16 code units into the text (for `data`: into text and markup together).' }),
  length: Type.Integer(),
  context: Type.Object({ text: Type.String(), offset: Type.Integer(), length: Type.Integer() }),
  sentence: Type.String(),
  type: Type.Object({ typeName: Type.String() }),
  rule: Type.Object({
    id: Type.String({ description: '`JIAODUI_` + the finding\'s code, e.g. `JIAODUI_TYPO_COMMON`.' }),
    subId: Type.String({ description: 'The jiaodui rule (dictionary entry) that raised it.' }),
    description: Type.String(),
    issueType: Type.String(),
    category: Category,
  }),
  ignoreForIncompleteSentence: Type.Boolean(),
  contextForSureMatch: Type.Integer(),
});

const CheckAnswer = Type.Object({
  software: Type.Object({
    name: Type.String(),
    version: Type.String(),
    buildDate: Type.String(),
    apiVersion: Type.Integer(),
    premium: Type.Boolean(),
    status: Type.String(),
  }),
  warnings: Type.Object({ incompleteResults: Type.Boolean() }),
  language: Type.Object({
    name: Type.String(),
    code: Type.String(),
    detectedLanguage: Type.Object({ name: Type.String(), code: Type.String(), confidence: Type.Number() }),
  }),
  matches: Type.Array(Match),
});

const Languages = Type.Array(Type.Object({ name: Type.String(), code: Type.String(), longCode: Type.String() }));

/**
 * A LanguageTool-compatible HTTP API (v2) over the same proofreading as /v1/check, so that
 * LibreOffice's remote LanguageTool option and other LanguageTool clients show jiaodui's
 * findings. Form bodies are accepted here only: the rest of the service takes JSON alone.
 */
export async function languageToolRoutes(app: FastifyInstance): Promise<void> {
  const { proofreading, guards, sites } = app.jiaodui;
  await app.register(formbody);

  const checkOptions = {
    schema: {
      summary: 'LanguageTool-compatible check (form fields `text` or `data`, `language`); for word processors',
      tags: ['languagetool'],
      consumes: ['application/x-www-form-urlencoded'],
      body: CheckForm,
      response: withErrors({ 200: CheckAnswer }),
    },
    // After parsing, unlike /v1/check's onRequest guard: LanguageTool clients (LibreOffice
    // among them) send their key as the form field `apiKey`, not as a header.
    preValidation: async (request: FastifyRequest) => {
      const apiKey = (request.body as { apiKey?: unknown } | undefined)?.apiKey;
      if (typeof apiKey === 'string' && apiKey !== '' && request.headers.authorization === undefined && request.headers['x-api-key'] === undefined) {
        request.headers['x-api-key'] = apiKey;
      }
      await guards.check(request);
    },
  };

  const check = async (form: CheckForm, siteId: string | undefined) => {
    const language = resolveLanguage(form.language);
    if ((form.text === undefined) === (form.data === undefined)) throw new ServiceError('JD_SCHEMA_VIOLATION', 'body must have exactly one of text and data');
    const annotated = form.data !== undefined ? annotate(parseAnnotation(form.data)) : undefined;
    const text = annotated ? annotated.plain : form.text!;
    const { site, plan } = siteChoice(sites, siteId, form.profile, undefined);
    const { findings } = await proofreading.check({ text }, plan, site);
    const filter = {
      enabledRules: idList(form.enabledRules),
      disabledRules: idList(form.disabledRules),
      enabledCategories: idList(form.enabledCategories),
      disabledCategories: idList(form.disabledCategories),
      enabledOnly: form.enabledOnly === 'true',
    };
    const matches = findings.map((finding) => toMatch(finding, text, annotated)).filter((match) => keepMatch(match, filter));
    return {
      software: { name: 'jiaodui', version: VERSION, buildDate: '', apiVersion: 1, premium: false, status: '' },
      warnings: { incompleteResults: false },
      language,
      matches,
    };
  };

  app.post<{ Body: CheckForm }>('/v2/check', checkOptions, async (request) => check(request.body, request.body.site));
  // A client that only takes a base URL (LibreOffice appends /check and /languages) names
  // the site in the path: base URL http://host:port/v2/sites/<site>.
  app.post<{ Body: CheckForm; Params: { site: string } }>(
    '/v2/sites/:site/check',
    { ...checkOptions, schema: { ...checkOptions.schema, summary: 'The same, with a site\'s lists', params: Type.Object({ site: Type.String({ maxLength: 64 }) }) } },
    async (request) => check(request.body, request.params.site),
  );

  const languagesSchema = { summary: 'LanguageTool-compatible list of the languages checked', tags: ['languagetool'], response: withErrors({ 200: Languages }) };
  app.get('/v2/languages', { schema: languagesSchema }, async () => LANGUAGES);
  app.get('/v2/sites/:site/languages', { schema: { ...languagesSchema, params: Type.Object({ site: Type.String({ maxLength: 64 }) }) } }, async () => LANGUAGES);
}
