import { DEFAULT_SEVERITY, parseDictionaries, type ParsedDictionaries, type SourceFile } from '../core/dictionaries/parse.js';
import { DictionaryError } from '../core/dictionaries/errors.js';
import { normalizeSettings, type SiteSettings } from '../core/sites/settings.js';
import { isSeverity, type Severity } from '../core/types.js';

/** The kinds of entry a layer (a site, or the global layer) holds: the dictionary kinds. */
export const ENTRY_KINDS = ['sensitive', 'typo', 'normative', 'whitelist', 'names'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * One dictionary line as structured data: what the management API lists and changes. `term`
 * is the key within its kind (for `names`, the name). `category` is the file name: the
 * sensitive category, or the list name for the other kinds (default `site`).
 */
export interface Entry {
  kind: EntryKind;
  term: string;
  category?: string;
  severity?: Severity;
  /** typo, normative: corrections, best first. */
  suggestions?: string[];
  /** normative: why the wording is not standard. */
  note?: string;
  /** names: a person's titles (市长, 副书记). */
  titles?: string[];
}

/** Everything one layer holds: its entries and its `site.json`. */
export interface LayerState {
  entries: Entry[];
  settings: SiteSettings;
}

export const EMPTY_LAYER: LayerState = { entries: [], settings: {} };

/** An entry that cannot be used, with its position in the request or the layer. */
export class EntryError extends Error {
  readonly code = 'JD_ENTRY_INVALID';
  constructor(
    /** What the caller sent this entry as, e.g. `add[3]`, or `file:line` for a file. */
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
    this.name = 'EntryError';
  }
}

const CATEGORY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const FIELDS = new Set(['kind', 'term', 'category', 'severity', 'suggestions', 'note', 'titles']);

export function entryKey(entry: Pick<Entry, 'kind' | 'term'>): string {
  return `${entry.kind}\u0000${entry.term}`;
}

/**
 * Shape checks on an entry from the API (types, tabs, line breaks); what the dictionary
 * parser checks (severity, empty after normalization, self-correction...) follows in
 * `validateLayer`. Returns a clean copy without undefined fields.
 */
export function cleanEntry(raw: unknown, where: string): Entry {
  const fail = (reason: string): never => {
    throw new EntryError(where, reason);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('an entry must be an object');
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) fail(`unknown field '${key}'`);
  const kind = input.kind;
  if (typeof kind !== 'string' || !(ENTRY_KINDS as readonly string[]).includes(kind)) fail(`kind must be one of ${ENTRY_KINDS.join(', ')}`);
  const field = (name: string, value: unknown): string => {
    if (typeof value !== 'string') fail(`${name} must be a string`);
    const text = (value as string).trim();
    if (/[\t\r\n]/.test(text)) fail(`${name} '${text.replace(/[\t\r\n]/g, ' ')}' must not contain a tab or a line break`);
    return text;
  };
  const term = field('term', input.term);
  if (term === '') fail('empty term');
  if (term.length > 200) fail(`term is ${term.length} characters long (at most 200)`);
  const entry: Entry = { kind: kind as EntryKind, term };
  if (input.category !== undefined) {
    const category = field('category', input.category);
    if (!CATEGORY.test(category)) fail(`category '${category}' must be letters, digits, '.', '_' or '-'`);
    entry.category = category;
  }
  if (input.severity !== undefined) {
    const severity = field('severity', input.severity);
    if (!isSeverity(severity)) fail(`unknown severity '${severity}' (expected info, warning, error or critical)`);
    if (kind === 'whitelist' || kind === 'names' || kind === 'typo') fail(`a ${kind} entry has no severity`);
    entry.severity = severity as Severity;
  }
  const list = (name: string, value: unknown): string[] => {
    if (!Array.isArray(value)) fail(`${name} must be an array of strings`);
    return (value as unknown[]).map((item, index) => {
      const text = field(`${name}[${index}]`, item);
      if (text === '') fail(`empty ${name}[${index}]`);
      if (text.includes('|')) fail(`${name}[${index}] '${text}' must not contain '|'`);
      return text;
    });
  };
  if (input.suggestions !== undefined) {
    if (kind !== 'typo' && kind !== 'normative') fail(`a ${kind} entry has no suggestions`);
    entry.suggestions = list('suggestions', input.suggestions);
  }
  if (input.note !== undefined) {
    if (kind !== 'normative') fail(`a ${kind} entry has no note`);
    entry.note = field('note', input.note);
  }
  if (input.titles !== undefined) {
    if (kind !== 'names') fail(`a ${kind} entry has no titles`);
    entry.titles = list('titles', input.titles);
  }
  if (kind === 'sensitive' && entry.category === undefined) fail('a sensitive entry needs a category (gambling, drugs, ... or your own)');
  if (kind === 'typo' && (entry.suggestions === undefined || entry.suggestions.length === 0)) fail('a typo entry needs suggestions');
  if (kind === 'normative' && (entry.note === undefined || entry.note === '')) fail('empty note: say why the wording is not standard');
  return entry;
}

function defaultCategory(entry: Entry): string {
  return entry.category ?? 'site';
}

/** The dictionary line an entry is, in the format of dictionaries/README.md. */
function line(entry: Entry): string {
  switch (entry.kind) {
    case 'sensitive':
      return entry.severity ? `${entry.term}\t${entry.severity}` : entry.term;
    case 'typo':
      return `${entry.term}\t${(entry.suggestions ?? []).join('|')}`;
    case 'normative':
      return `${entry.term}\t${(entry.suggestions ?? []).join('|')}\t${entry.note ?? ''}${entry.severity ? `\t${entry.severity}` : ''}`;
    case 'whitelist':
      return entry.term;
    case 'names':
      return entry.titles && entry.titles.length > 0 ? `${entry.term}\t${entry.titles.join('|')}` : entry.term;
  }
}

/**
 * Renders entries as dictionary files (one per kind and category), remembering which entry
 * each line came from, so that a parse error can name the entry rather than a made-up line.
 */
export function renderEntries(entries: readonly Entry[]): { files: SourceFile[]; origin: Map<string, number[]> } {
  const lines = new Map<string, string[]>();
  const origin = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    const file = `${entry.kind}/${defaultCategory(entry)}.txt`;
    if (!lines.has(file)) {
      lines.set(file, []);
      origin.set(file, []);
    }
    (lines.get(file) as string[]).push(line(entry));
    (origin.get(file) as number[]).push(index);
  });
  return { files: [...lines].map(([path, content]) => ({ path, content: `${content.join('\n')}\n` })), origin };
}

/**
 * Parses a layer with the dictionary parser: the same checks, in the same words, as a file
 * in the dictionaries folder. `describe(index)` names an entry in the error (e.g. `add[2]`).
 */
export function parseLayer(state: LayerState, normalizeTerm: (term: string) => string, describe: (index: number) => string): ParsedDictionaries {
  const { files, origin } = renderEntries(state.entries);
  try {
    return parseDictionaries(files, normalizeTerm);
  } catch (error) {
    if (!(error instanceof DictionaryError)) throw error;
    const index = origin.get(error.file)?.[error.line - 1];
    if (index === undefined) throw new EntryError(error.file, error.reason);
    // The parser names the other entry of a duplicate by its rendered line: name it as the caller knows it.
    const reason = error.reason.replace(/first defined at ([^:)]+):(\d+)/, (whole, file: string, at: string) => {
      const other = origin.get(file)?.[Number(at) - 1];
      return other === undefined ? whole : `first defined at ${describe(other)}`;
    });
    throw new EntryError(describe(index), reason);
  }
}

/** Entries read back from parsed dictionary files (a site folder in the plain-text layout). */
export function entriesOf(parsed: ParsedDictionaries): Entry[] {
  const entries: Entry[] = [];
  for (const term of parsed.terms) {
    const entry: Entry = { kind: term.kind, term: term.term, category: term.category };
    if (term.kind !== 'whitelist' && term.kind !== 'typo' && term.severity !== DEFAULT_SEVERITY[term.kind]) entry.severity = term.severity;
    if (term.kind === 'typo' || term.kind === 'normative') entry.suggestions = term.suggestions;
    if (term.kind === 'normative') entry.note = term.note;
    entries.push(entry);
  }
  for (const name of parsed.names) {
    const entry: Entry = { kind: 'names', term: name.name, category: name.source.file.replace(/^names\/|\.txt$/g, '') };
    if (name.titles.length > 0) entry.titles = name.titles;
    entries.push(entry);
  }
  return entries;
}

/**
 * A site's effective layer: the global layer's entries and settings, then the site's on top
 * (same key: the site's entry wins; lists are united, maps merged).
 */
export function mergeLayers(global: LayerState, site: LayerState): LayerState {
  if (global.entries.length === 0 && Object.keys(global.settings).length === 0) return site;
  const byKey = new Map<string, Entry>();
  for (const entry of global.entries) byKey.set(entryKey(entry), entry);
  for (const entry of site.entries) byKey.set(entryKey(entry), entry);
  const g = global.settings;
  const s = site.settings;
  const settings: SiteSettings = { ...g, ...s };
  if (g.thresholds || s.thresholds) settings.thresholds = { ...g.thresholds, ...s.thresholds };
  if (g.severities || s.severities) settings.severities = { ...g.severities, ...s.severities };
  if (g.disabled || s.disabled) settings.disabled = [...new Set([...(g.disabled ?? []), ...(s.disabled ?? [])])];
  if (g.retiredHosts || s.retiredHosts) settings.retiredHosts = [...new Set([...(g.retiredHosts ?? []), ...(s.retiredHosts ?? [])])];
  return { entries: [...byKey.values()], settings };
}

/** Validates a whole layer (entries and settings); throws EntryError or DictionaryError. */
export function validateLayer(state: LayerState, normalizeTerm: (term: string) => string, describe: (index: number) => string, settingsFile: string): LayerState {
  const settings = normalizeSettings(state.settings, settingsFile);
  parseLayer(state, normalizeTerm, describe);
  return { entries: state.entries, settings };
}
