import { isSeverity, type Severity } from '../core/types.js';

/** One entry as read from a public list, before normalization and audit. */
export interface RawLexiconEntry {
  term: string;
  file: string;
  line: number;
  /** A category label from the list itself (政治, porn, ...), kept for the audit only. */
  label?: string;
  severity?: Severity;
  /** A numeric weight or level from the list. */
  weight?: number;
}

/** A line that could not become an entry; it goes to the review list with this reason. */
export interface LexiconLineProblem {
  file: string;
  line: number;
  reason: 'malformed' | 'too-long' | 'control-character';
  message: string;
  /** The start of the line, shortened and with control characters made visible. */
  excerpt: string;
}

export interface ParsedLexicon {
  entries: RawLexiconEntry[];
  problems: LexiconLineProblem[];
  /** How the fields were read: the separator found, and what the second field holds. */
  layout: { separator: 'none' | 'tab' | 'comma' | 'pipe' | 'space' | 'json' | 'code'; second: 'none' | 'label' | 'terms' };
}

export interface ParseLimits {
  /** Longer lines are parked without being split (default 4096 characters). */
  maxLineLength?: number;
  /** Longer terms are parked (default 64 characters). */
  maxTermLength?: number;
}

const SEPARATORS = { tab: /\t/, comma: /[,，、]/, pipe: /\|/ } as const;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Splits a decoded list into entries. Accepted layouts: one term per line; `term SEP x` where
 * x is a severity, a weight or a category label (SEP: TAB, comma, full-width comma, 、, pipe,
 * or a single space before a number); several terms on one line separated the same way.
 * `#` and `//` start comments. Never throws: a line it cannot read is a problem.
 */
export function parseLexiconText(text: string, file: string, limits: ParseLimits = {}, skipLines: ReadonlySet<number> = new Set()): ParsedLexicon {
  const maxLine = limits.maxLineLength ?? 4096;
  const maxTerm = limits.maxTermLength ?? 64;
  const structured = parseStructured(text.replace(/^\uFEFF/, ''), file, maxTerm, maxLine);
  if (structured) return structured;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const problems: LexiconLineProblem[] = [];
  const usable: Array<{ line: number; text: string }> = [];
  for (let index = 0; index < lines.length; index++) {
    const number = index + 1;
    if (skipLines.has(number)) continue;
    const raw = lines[index];
    if (raw.length > maxLine) {
      problems.push({ file, line: number, reason: 'too-long', message: `line is ${raw.length} characters long (limit ${maxLine})`, excerpt: excerpt(raw) });
      continue;
    }
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    const control = CONTROL.exec(line);
    if (control) {
      const code = control[0].charCodeAt(0);
      const name = code === 0 ? 'NUL byte' : `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      problems.push({ file, line: number, reason: 'control-character', message: `${name} at column ${control.index + 1}`, excerpt: excerpt(line) });
      continue;
    }
    usable.push({ line: number, text: line });
  }

  const separator = pickSeparator(usable.map((entry) => entry.text));
  const split = (value: string): string[] => {
    if (separator === 'none') return [value];
    if (separator === 'space') {
      const at = value.lastIndexOf(' ');
      return at > 0 && NUMBER.test(value.slice(at + 1)) ? [value.slice(0, at), value.slice(at + 1)] : [value];
    }
    return value.split(SEPARATORS[separator]).map((field) => field.trim());
  };
  const rows = usable.map((entry) => ({ ...entry, fields: split(entry.text) }));
  const second = secondFieldRole(rows.map((row) => row.fields));

  const entries: RawLexiconEntry[] = [];
  for (const row of rows) {
    const fields = row.fields;
    const terms: string[] = [];
    let label: string | undefined;
    let severity: Severity | undefined;
    let weight: number | undefined;
    if (fields.length === 1 || second === 'terms') {
      terms.push(...fields);
    } else {
      terms.push(fields[0]);
      for (const field of fields.slice(1)) {
        if (field === '') continue;
        if (isSeverity(field)) severity = field;
        else if (NUMBER.test(field)) weight = Number(field);
        else if (label === undefined) label = field;
        else terms.push(field);
      }
    }
    for (const term of terms) {
      if (term === '') continue;
      if (term.length > maxTerm) {
        problems.push({ file, line: row.line, reason: 'too-long', message: `term is ${term.length} characters long (limit ${maxTerm})`, excerpt: excerpt(term) });
        continue;
      }
      if (term.startsWith('#')) {
        problems.push({ file, line: row.line, reason: 'malformed', message: `term '${term}' starts with '#' and would be read as a comment`, excerpt: excerpt(term) });
        continue;
      }
      entries.push({ term, file, line: row.line, ...(label !== undefined ? { label } : {}), ...(severity ? { severity } : {}), ...(weight !== undefined ? { weight } : {}) });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems, layout: { separator, second: separator === 'none' ? 'none' : second } };
}

const CODE_START = /^(?:export\s+default\s*|module\.exports\s*=\s*|(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::\s*[\w$<>[\]\s]+)?=\s*)[[{]/;
const STRING_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\])*)\1(\s*:)?/g;

/**
 * Lists shipped as data or code: a JSON file (an array of strings, arrays inside an object,
 * or an object whose keys are the terms), or a JavaScript/TypeScript module exporting an
 * array (`export default ['...', ...]`, one string per line). Undefined for anything else.
 */
function parseStructured(text: string, file: string, maxTerm: number, maxLine: number): ParsedLexicon | undefined {
  const trimmed = text.trimStart();
  const entries: RawLexiconEntry[] = [];
  const problems: LexiconLineProblem[] = [];
  const add = (term: string, line: number, label?: string): void => {
    const value = term.trim();
    if (value === '') return;
    const control = CONTROL.exec(value);
    if (control) {
      problems.push({ file, line, reason: 'control-character', message: `control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in a string`, excerpt: excerpt(value) });
    } else if (value.length > maxTerm) {
      problems.push({ file, line, reason: 'too-long', message: `term is ${value.length} characters long (limit ${maxTerm})`, excerpt: excerpt(value) });
    } else {
      entries.push({ term: value, file, line, ...(label !== undefined ? { label } : {}) });
    }
  };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch {
      data = undefined;
    }
    if (data !== undefined) {
      // Line of each string, found in order: good enough to point a reviewer at it.
      let searchFrom = 0;
      const lineOf = (value: string): number => {
        const at = text.indexOf(JSON.stringify(value), searchFrom);
        if (at < 0) return 0;
        searchFrom = at + 1;
        let line = 1;
        for (let i = text.lastIndexOf('\n', at); i >= 0; i = text.lastIndexOf('\n', i - 1)) line++;
        return line;
      };
      const visit = (value: unknown, label?: string): void => {
        if (typeof value === 'string') add(value, lineOf(value), label);
        else if (Array.isArray(value)) for (const item of value) visit(item, label);
        else if (value !== null && typeof value === 'object') {
          const values = Object.values(value);
          const flat = values.every((item) => typeof item === 'string' || typeof item === 'number');
          for (const [key, item] of Object.entries(value)) {
            if (flat) add(key, lineOf(key), typeof item === 'string' ? item : undefined);
            else visit(item, label);
          }
        }
      };
      visit(data);
      return { entries, problems, layout: { separator: 'json', second: 'none' } };
    }
  }
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('//') && !line.trim().startsWith('/*') && !line.trim().startsWith('*'));
  if (first < 0 || !CODE_START.test(lines[first].trim())) return undefined;
  for (let index = first; index < lines.length; index++) {
    const line = lines[index];
    if (line.length > maxLine) {
      problems.push({ file, line: index + 1, reason: 'too-long', message: `line is ${line.length} characters long (limit ${maxLine})`, excerpt: excerpt(line) });
      continue;
    }
    if (line.trim().startsWith('//')) continue;
    for (const match of line.matchAll(STRING_LITERAL)) {
      if (match[3]) continue; // an object key
      add(match[2].replace(/\\(.)/g, '$1'), index + 1);
    }
  }
  return { entries, problems, layout: { separator: 'code', second: 'none' } };
}

/** The separator used on most lines that have one; a single space only before a number (jieba style `词 3`). */
function pickSeparator(lines: readonly string[]): 'none' | 'tab' | 'comma' | 'pipe' | 'space' {
  if (lines.length === 0) return 'none';
  const counts = { tab: 0, comma: 0, pipe: 0, space: 0 };
  for (const line of lines) {
    if (line.includes('\t')) counts.tab++;
    else if (line.includes('|')) counts.pipe++;
    else if (SEPARATORS.comma.test(line)) counts.comma++;
    else if (/ -?\d+(?:\.\d+)?$/.test(line)) counts.space++;
  }
  const best = (Object.keys(counts) as Array<keyof typeof counts>).sort((a, b) => counts[b] - counts[a])[0];
  // A separator on a few lines only is part of those terms (a phrase with a comma), not a column.
  return counts[best] * 2 >= lines.length || (lines.length <= 3 && counts[best] > 0) ? best : 'none';
}

/**
 * `term,x` lines: x is a category label when few distinct values repeat (a column), and more
 * terms when the values are mostly distinct (a list written across a line).
 */
function secondFieldRole(rows: readonly string[][]): 'label' | 'terms' {
  const values = new Map<string, number>();
  let pairs = 0;
  for (const fields of rows) {
    if (fields.length < 2) continue;
    const value = fields[1];
    if (value === '' || isSeverity(value) || NUMBER.test(value)) return 'label';
    pairs++;
    values.set(value, (values.get(value) ?? 0) + 1);
    if (fields.length > 3) return 'terms';
  }
  if (pairs === 0) return 'label';
  if (pairs === 1) return rows.length === 1 ? 'terms' : 'label';
  // Labels repeat: all-distinct second fields are more terms.
  return values.size < pairs && values.size <= Math.max(3, pairs / 5) ? 'label' : 'terms';
}

function excerpt(text: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = text.slice(0, 40).replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return text.length > 40 ? `${visible}…` : visible;
}
