import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

const Kind = Type.Union(['sensitive', 'typo', 'normative', 'whitelist', 'names'].map((kind) => Type.Literal(kind)), {
  description: 'Dictionary kind: sensitive, typo, normative, whitelist or names (leaders and agencies).',
});
const SeverityName = Type.Union(['info', 'warning', 'error', 'critical'].map((severity) => Type.Literal(severity)));

/** One list entry; which fields apply depends on `kind` (checked with the dictionary loader's rules). */
export const Entry = Type.Object(
  {
    kind: Kind,
    term: Type.String({ maxLength: 200, description: 'The term (for `names`, the name); the key within its kind.' }),
    category: Type.Optional(Type.String({ maxLength: 64, description: 'Sensitive category, or list name (default `site`).' })),
    severity: Type.Optional(SeverityName),
    suggestions: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 32, description: 'typo, normative: corrections.' })),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'normative: why.' })),
    titles: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32, description: 'names: a person\'s titles.' })),
  },
  { additionalProperties: false },
);

/** The fields of an entry without its key (PUT /entries/:kind/:term). */
export const EntryFields = Type.Object(
  {
    category: Entry.properties.category,
    severity: Entry.properties.severity,
    suggestions: Entry.properties.suggestions,
    note: Entry.properties.note,
    titles: Entry.properties.titles,
  },
  { additionalProperties: false },
);
export type EntryFields = Static<typeof EntryFields>;

const EntryKey = Type.Object({ kind: Kind, term: Type.String({ maxLength: 200 }) }, { additionalProperties: false });

export const Settings = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    profile: Type.Optional(Type.String({ maxLength: 64 })),
    thresholds: Type.Optional(Type.Object({ review: Type.Optional(SeverityName), block: Type.Optional(SeverityName) }, { additionalProperties: false })),
    severities: Type.Optional(Type.Record(Type.String(), Type.String(), { description: '`{ "sensitive.profanity": "info", "punctuation": "off" }`' })),
    disabled: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100_000, description: 'Base or global terms this site switches off.' })),
    retiredHosts: Type.Optional(Type.Array(Type.String({ maxLength: 253 }), { maxItems: 10_000 })),
  },
  { additionalProperties: false, description: 'The content of site.json.' },
);

export const SiteParams = Type.Object({ site: Type.String({ maxLength: 64 }) });
export type SiteParams = Static<typeof SiteParams>;
export const EntryParams = Type.Object({ site: Type.String({ maxLength: 64 }), kind: Kind, term: Type.String({ maxLength: 200 }) });
export type EntryParams = Static<typeof EntryParams> & { kind: 'sensitive' | 'typo' | 'normative' | 'whitelist' | 'names' };

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 200, description: 'The ETag read; 412 when the layer changed since.' })) });

export const EntriesBody = Type.Object(
  {
    add: Type.Optional(Type.Array(Entry, { maxItems: 200_000, description: 'Entries to add; same kind and term replaces.' })),
    remove: Type.Optional(Type.Array(EntryKey, { maxItems: 200_000 })),
    replace: Type.Optional(Type.Boolean({ description: 'Bulk upload: the entries become exactly `add` (of `kinds`, when given).' })),
    kinds: Type.Optional(Type.Array(Kind, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export type EntriesBody = Static<typeof EntriesBody>;

export const EntriesQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'At most 100000; default 1000.' })),
  },
  { additionalProperties: false },
);
export type EntriesQuery = Static<typeof EntriesQuery> & { kind?: 'sensitive' | 'typo' | 'normative' | 'whitelist' | 'names' };

const Counts = Type.Record(Type.String(), Type.Integer(), { description: 'Entries per kind.' });

export const LayerSummary = Type.Object({
  site: Type.String(),
  name: Type.String(),
  version: Type.Integer({ description: 'Sequence number in the store; 0: as read from the site folder.' }),
  etag: Type.String(),
  updatedAt: Type.Optional(Type.String()),
  updatedBy: Type.Optional(Type.String({ description: 'Name of the key that made the last change.' })),
  counts: Counts,
});

export const LayerListResponse = Type.Object({ sites: Type.Array(LayerSummary) });

export const EntriesResponse = Type.Object({
  ...LayerSummary.properties,
  total: Type.Integer({ description: 'Entries matching `kind`, before offset/limit.' }),
  entries: Type.Array(Entry),
});

export const SettingsResponse = Type.Object({ ...LayerSummary.properties, settings: Settings });

export const ChangeResponse = Type.Object({
  site: Type.String(),
  version: Type.Integer(),
  previousVersion: Type.Integer(),
  etag: Type.String(),
  changes: Type.Integer({ description: 'Entries and settings that changed.' }),
  overlayVersions: Type.Record(Type.String(), Type.String(), { description: 'Overlay version now served per affected site (`stats.dictionaryVersion` ends with it).' }),
});

export const CreateSiteBody = Type.Object(
  {
    id: Type.String({ maxLength: 64, description: 'Letters, digits, `-` and `_`.' }),
    settings: Type.Optional(Settings),
    entries: Type.Optional(Type.Array(Entry, { maxItems: 200_000 })),
  },
  { additionalProperties: false },
);
export type CreateSiteBody = Static<typeof CreateSiteBody>;

export const VersionsQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'Default 20.' })) }, { additionalProperties: false });
export type VersionsQuery = Static<typeof VersionsQuery>;

export const VersionsResponse = Type.Object({
  site: Type.String(),
  current: Type.Integer(),
  versions: Type.Array(
    Type.Object({ version: Type.Integer(), at: Type.String(), actor: Type.String(), action: Type.String(), counts: Counts }),
  ),
});

export const RollbackBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type RollbackBody = Static<typeof RollbackBody>;

export const AuditQuery = Type.Object(
  { site: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'Default 100.' })) },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditResponse = Type.Object({
  records: Type.Array(
    Type.Object({
      at: Type.String(),
      actor: Type.String({ description: 'The key\'s name (never the key).' }),
      role: Type.String(),
      site: Type.String(),
      action: Type.String(),
      fromVersion: Type.Integer(),
      toVersion: Type.Integer(),
      changes: Type.Array(Type.Object({ what: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
    }),
  ),
});

export const ImportBody = Type.Object(
  {
    files: Type.Array(
      Type.Object({ name: Type.String({ maxLength: 200 }), base64: Type.String({ description: 'The file\'s bytes, base64: UTF-8 or GBK, with or without BOM, base64 lists too.' }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 20 },
    ),
    into: Type.Optional(Type.String({ maxLength: 80, description: '`sensitive` or `sensitive:<category>` (default `sensitive:imported`).' })),
    severity: Type.Optional(SeverityName),
    dryRun: Type.Optional(Type.Boolean({ description: 'Audit only: nothing changes.' })),
  },
  { additionalProperties: false },
);
export type ImportBody = Static<typeof ImportBody>;

export const ImportResponse = Type.Object({
  site: Type.String(),
  dryRun: Type.Boolean(),
  accepted: Type.Integer({ description: 'Entries that passed the audit (added unless dryRun).' }),
  parked: Type.Array(
    Type.Object({ term: Type.String(), reasons: Type.Array(Type.String()), details: Type.Array(Type.String()), file: Type.String(), line: Type.Integer() }),
    { description: 'The review list: doubtful entries with the reason for each; not added.' },
  ),
  dropped: Type.Integer({ description: 'Duplicates and entries already listed.' }),
  summary: Type.Unknown({ description: 'The audit summary (src/lexicon): per reason counts, hits per 10,000 characters of clean prose before and after.' }),
  sources: Type.Unknown({ description: 'Per file: encoding, BOM, base64 framing, separator, entries, problems.' }),
  change: Type.Optional(ChangeResponse),
});

export const VersionParams = Type.Object({ site: Type.String({ maxLength: 64 }), version: Type.String({ pattern: '^[0-9]{1,9}$' }) });
export type VersionParams = Static<typeof VersionParams>;

export const VersionResponse = Type.Object({
  site: Type.String(),
  version: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  entries: Type.Array(Entry),
  settings: Settings,
});
