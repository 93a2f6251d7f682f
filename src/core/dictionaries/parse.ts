import { isSeverity, type Severity } from '../types.js';
import { DictionaryError } from './errors.js';

/** The kinds of dictionary, one folder each (see dictionaries/README.md). */
export const DICTIONARY_KINDS = ['sensitive', 'typo', 'normative', 'whitelist', 'names'] as const;
export type DictionaryKind = (typeof DICTIONARY_KINDS)[number];

/** Kinds whose terms go into the automaton. */
export type MatchKind = Exclude<DictionaryKind, 'names'>;

export const DEFAULT_SEVERITY: Readonly<Record<'sensitive' | 'typo' | 'normative', Severity>> = {
  sensitive: 'error',
  typo: 'warning',
  normative: 'error',
};

/** One dictionary file as read from disk: `path` is relative to the dictionary root, with `/`. */
export interface SourceFile {
  path: string;
  content: string;
}

export interface TermEntry {
  kind: MatchKind;
  /** File name without `.txt`: the sensitive category or the list name. */
  category: string;
  /** The term as written in the file. */
  term: string;
  /** The term after normalization: what the automaton matches. */
  normalized: string;
  severity: Severity;
  /** Corrections (typo, normative); `[]` for sensitive and whitelist terms. */
  suggestions: string[];
  /** Why (normative only). */
  note: string;
  /** True when the term must match whole words only (it starts or ends with a Latin letter or digit). */
  latinEdges: { start: boolean; end: boolean };
  source: { file: string; line: number };
}

export interface NameEntry {
  name: string;
  titles: string[];
  source: { file: string; line: number };
}

export interface ParsedDictionaries {
  terms: TermEntry[];
  names: NameEntry[];
}

const LATIN_OR_DIGIT = /[0-9A-Za-z]/;

/**
 * Parses and validates every dictionary file. Throws a DictionaryError for the first
 * malformed line, so that nothing half-loaded is ever used. Files are processed in path
 * order, which makes "first definition wins" and error reporting deterministic.
 */
export function parseDictionaries(files: readonly SourceFile[], normalizeTerm: (term: string) => string): ParsedDictionaries {
  const terms: TermEntry[] = [];
  const names: NameEntry[] = [];
  const seen = new Map<string, TermEntry>();
  const seenNames = new Map<string, NameEntry>();
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  for (const file of sorted) {
    const parts = file.path.split('/');
    const kind = parts[0];
    if (parts.length !== 2 || !(DICTIONARY_KINDS as readonly string[]).includes(kind)) {
      throw new DictionaryError(file.path, 0, `unexpected file: dictionaries are <kind>/<name>.txt with kind one of ${DICTIONARY_KINDS.join(', ')}`);
    }
    const category = parts[1].replace(/\.txt$/, '');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(category)) {
      throw new DictionaryError(file.path, 0, `file name '${parts[1]}' must be letters, digits, '.', '_' or '-'`);
    }
    const lines = file.content.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index].replace(/\r$/, '');
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const at = { file: file.path, line: index + 1 };
      const fail = (reason: string): never => {
        throw new DictionaryError(at.file, at.line, reason);
      };
      const fields = line.split('\t').map((field) => field.trim());
      if (kind === 'names') {
        const name = fields[0];
        if (fields.length > 2) fail(`expected 'name[TAB title|title...]', found ${fields.length} fields`);
        if (name === '') fail('empty name');
        const titles = fields[1] ? splitAlternatives(fields[1], fail, 'title') : [];
        const previous = seenNames.get(name);
        if (previous) {
          fail(`duplicate name '${name}' (first defined at ${previous.source.file}:${previous.source.line})`);
        }
        const entry: NameEntry = { name, titles, source: at };
        seenNames.set(name, entry);
        names.push(entry);
        continue;
      }
      const entry = parseTermLine(kind as MatchKind, category, fields, at, normalizeTerm, fail);
      const key = `${kind}\u0000${entry.normalized}`;
      const previous = seen.get(key);
      if (previous) {
        const conflict = conflictBetween(previous, entry);
        if (conflict) {
          fail(`duplicate ${kind} term '${entry.term}' with ${conflict} (first defined at ${previous.source.file}:${previous.source.line})`);
        }
        continue;
      }
      seen.set(key, entry);
      terms.push(entry);
    }
  }
  return { terms, names };
}

function parseTermLine(
  kind: MatchKind,
  category: string,
  fields: string[],
  at: { file: string; line: number },
  normalizeTerm: (term: string) => string,
  fail: (reason: string) => never,
): TermEntry {
  const term = fields[0];
  let severity: Severity = kind === 'whitelist' ? 'info' : DEFAULT_SEVERITY[kind];
  let suggestions: string[] = [];
  let note = '';
  const severityField = (value: string | undefined): void => {
    if (value === undefined || value === '') return;
    if (!isSeverity(value)) fail(`unknown severity '${value}' (expected info, warning, error or critical)`);
    severity = value as Severity;
  };
  switch (kind) {
    case 'sensitive':
      if (fields.length > 2) fail(`expected 'term[TAB severity]', found ${fields.length} fields`);
      severityField(fields[1]);
      break;
    case 'whitelist':
      if (fields.length > 1) fail(`expected one term per line, found ${fields.length} fields`);
      break;
    case 'typo':
      if (fields.length !== 2) fail(`expected 'wrong TAB right[|right2...]', found ${fields.length} field${fields.length === 1 ? '' : 's'}`);
      suggestions = splitAlternatives(fields[1], fail, 'correction');
      if (suggestions.includes(term)) fail(`'${term}' lists itself as its correction`);
      break;
    case 'normative':
      if (fields.length < 3 || fields.length > 4) fail(`expected 'wrong TAB right TAB note[TAB severity]', found ${fields.length} field${fields.length === 1 ? '' : 's'}`);
      suggestions = fields[1] === '' ? [] : splitAlternatives(fields[1], fail, 'replacement');
      note = fields[2];
      if (note === '') fail('empty note: say why the wording is not standard');
      severityField(fields[3]);
      break;
  }
  if (term === '') fail('empty term');
  const normalized = normalizeTerm(term);
  if (normalized === '') fail(`term '${term}' is empty after normalization`);
  return {
    kind,
    category,
    term,
    normalized,
    severity,
    suggestions,
    note,
    latinEdges: { start: LATIN_OR_DIGIT.test(normalized[0]), end: LATIN_OR_DIGIT.test(normalized[normalized.length - 1]) },
    source: at,
  };
}

function splitAlternatives(field: string, fail: (reason: string) => never, what: string): string[] {
  const values = field.split('|').map((value) => value.trim());
  if (values.some((value) => value === '')) fail(`empty ${what} in '${field}'`);
  return values;
}

function conflictBetween(a: TermEntry, b: TermEntry): string | undefined {
  if (a.severity !== b.severity) return `conflicting severity ${b.severity} vs ${a.severity}`;
  if (a.suggestions.join('|') !== b.suggestions.join('|')) return `conflicting corrections '${b.suggestions.join('|')}' vs '${a.suggestions.join('|')}'`;
  return undefined;
}
