/**
 * jiaodui findings in the shape of the LanguageTool HTTP API (v2): what word processors
 * (LibreOffice's "remote LanguageTool server") and other LanguageTool clients expect.
 * Pure functions; the route is src/service/routes/languagetool.ts.
 */
import type { Finding } from '../core/types.js';
import { ServiceError } from './errors.js';

/** One piece of the `data` form: text that is checked, or markup that is skipped (`interpretAs` is what it reads as). */
export type AnnotationPart = { text: string } | { markup: string; interpretAs?: string };

/**
 * The plain text a `data` annotation reads as, and the way back: `toOriginal(i)` is the
 * offset in the annotated document (text and markup together, as LanguageTool counts) of
 * plain-text offset `i`.
 */
export interface Annotated {
  plain: string;
  toOriginal(plainOffset: number, edge: 'start' | 'end'): number;
}

interface Segment {
  plainStart: number;
  plainEnd: number;
  originalStart: number;
  originalEnd: number;
  isText: boolean;
}

export function parseAnnotation(data: string): AnnotationPart[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new ServiceError('JD_INVALID_JSON', 'Field `data` is not valid JSON');
  }
  const annotation = (parsed as { annotation?: unknown } | null)?.annotation;
  if (!Array.isArray(annotation)) throw new ServiceError('JD_SCHEMA_VIOLATION', 'Field `data` must be {"annotation": [...]}');
  return annotation.map((part: unknown, index) => {
    const entry = part as { text?: unknown; markup?: unknown; interpretAs?: unknown } | null;
    if (entry && typeof entry.text === 'string' && entry.markup === undefined) return { text: entry.text };
    if (entry && typeof entry.markup === 'string' && entry.text === undefined && (entry.interpretAs === undefined || typeof entry.interpretAs === 'string')) {
      return entry.interpretAs === undefined ? { markup: entry.markup } : { markup: entry.markup, interpretAs: entry.interpretAs };
    }
    throw new ServiceError('JD_SCHEMA_VIOLATION', `data/annotation/${index} must have exactly one of text and markup (strings)`);
  });
}

export function annotate(parts: readonly AnnotationPart[]): Annotated {
  // Only parts that read as something: empty text and markup read as nothing hold no offset.
  const segments: Segment[] = [];
  let plain = '';
  let original = 0;
  for (const part of parts) {
    const isText = 'text' in part;
    const reads = isText ? part.text : (part.interpretAs ?? '');
    const span = isText ? part.text.length : part.markup.length;
    if (reads.length > 0) segments.push({ plainStart: plain.length, plainEnd: plain.length + reads.length, originalStart: original, originalEnd: original + span, isText });
    plain += reads;
    original += span;
  }
  return {
    plain,
    toOriginal(offset, edge) {
      // The segment holding the character at `offset` (start) or the one before it (end).
      const probe = edge === 'start' ? offset : offset - 1;
      let low = 0;
      let high = segments.length - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const segment = segments[mid];
        if (probe >= segment.plainEnd) low = mid + 1;
        else if (probe < segment.plainStart) high = mid - 1;
        else if (segment.isText) return segment.originalStart + (offset - segment.plainStart);
        // Inside what a piece of markup reads as: the match covers the whole markup.
        else return edge === 'start' ? segment.originalStart : segment.originalEnd;
      }
      return original;
    },
  };
}

/** LanguageTool's issue types (ITS 2.0 localization quality issue types), per jiaodui type. */
const ISSUE_TYPES: Record<string, string> = {
  typo: 'misspelling',
  name: 'misspelling',
  sensitive: 'legal',
  normative: 'style',
  punctuation: 'typographical',
  repetition: 'duplication',
  date: 'inconsistency',
  privacy: 'legal',
  secrecy: 'legal',
  compliance: 'non-conformance',
  link: 'other',
};

/** LanguageTool category ids where one exists for the same thing, `JIAODUI_<TYPE>` otherwise. */
const CATEGORIES: Record<string, { id: string; name: string }> = {
  typo: { id: 'TYPOS', name: '错别字' },
  name: { id: 'JIAODUI_NAME', name: '名称错误' },
  sensitive: { id: 'JIAODUI_SENSITIVE', name: '敏感词' },
  normative: { id: 'STYLE', name: '规范表述' },
  punctuation: { id: 'PUNCTUATION', name: '标点' },
  repetition: { id: 'REDUNDANCY', name: '重复' },
  date: { id: 'JIAODUI_DATE', name: '日期' },
  privacy: { id: 'JIAODUI_PRIVACY', name: '个人信息' },
  secrecy: { id: 'JIAODUI_SECRECY', name: '涉密' },
  compliance: { id: 'JIAODUI_COMPLIANCE', name: '页面规范' },
  link: { id: 'JIAODUI_LINK', name: '链接' },
};

export function categoryOf(type: string): { id: string; name: string } {
  return CATEGORIES[type] ?? { id: `JIAODUI_${type.toUpperCase()}`, name: type };
}

/** `typo.common` -> `JIAODUI_TYPO_COMMON`: LanguageTool rule ids are upper-case words joined by `_`. */
export function ruleIdOf(code: string): string {
  return `JIAODUI_${code.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** Characters of context on each side of a match (LanguageTool's default is 40... of its own kind; ours are CJK characters). */
const CONTEXT_CHARS = 40;
const SENTENCE_END = /[。！？!?；;\n]/;

export interface LanguageToolMatch {
  message: string;
  shortMessage: string;
  replacements: Array<{ value: string }>;
  offset: number;
  length: number;
  context: { text: string; offset: number; length: number };
  sentence: string;
  type: { typeName: string };
  rule: { id: string; subId: string; description: string; issueType: string; category: { id: string; name: string } };
  ignoreForIncompleteSentence: boolean;
  contextForSureMatch: number;
}

const SHORT_MESSAGES: Record<string, string> = {
  typo: '错别字',
  name: '名称错误',
  sensitive: '敏感词',
  normative: '不规范表述',
  punctuation: '标点',
  repetition: '重复',
  date: '日期错误',
  privacy: '个人信息',
  secrecy: '涉密',
  compliance: '页面规范',
  link: '链接',
};

function sentenceAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !SENTENCE_END.test(text[from - 1])) from--;
  let to = end;
  while (to < text.length && !SENTENCE_END.test(text[to])) to++;
  if (to < text.length && text[to] !== '\n') to++;
  return text.slice(from, to).trim();
}

function contextAround(text: string, start: number, end: number): { text: string; offset: number; length: number } {
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, end + CONTEXT_CHARS);
  const prefix = from > 0 ? '...' : '';
  const suffix = to < text.length ? '...' : '';
  // Line breaks would break a client's one-line display; LanguageTool shows them as spaces.
  const snippet = text.slice(from, to).replace(/[\r\n]/g, ' ');
  return { text: prefix + snippet + suffix, offset: prefix.length + (start - from), length: end - start };
}

export function toMatch(finding: Finding, plain: string, annotated: Annotated | undefined): LanguageToolMatch {
  const offset = annotated ? annotated.toOriginal(finding.start, 'start') : finding.start;
  const end = annotated ? annotated.toOriginal(finding.end, 'end') : finding.end;
  return {
    message: finding.message,
    shortMessage: SHORT_MESSAGES[finding.type] ?? finding.type,
    replacements: finding.suggestions.map((value) => ({ value })),
    offset,
    length: end - offset,
    context: contextAround(plain, finding.start, finding.end),
    sentence: sentenceAround(plain, finding.start, finding.end),
    type: { typeName: finding.type === 'typo' ? 'UnknownWord' : 'Other' },
    rule: {
      id: ruleIdOf(finding.code ?? `${finding.type}.${finding.category}`),
      subId: finding.rule,
      description: `${categoryOf(finding.type).name}（${finding.category}）`,
      issueType: ISSUE_TYPES[finding.type] ?? 'uncategorized',
      category: categoryOf(finding.type),
    },
    ignoreForIncompleteSentence: false,
    contextForSureMatch: 0,
  };
}

export const LANGUAGES = [
  { name: 'Chinese', code: 'zh', longCode: 'zh-CN' },
];

/** The language blocks of a response; anything but Chinese (or `auto`) is refused. */
export function resolveLanguage(language: string): { name: string; code: string; detectedLanguage: { name: string; code: string; confidence: number } } {
  const normalized = language.trim();
  if (normalized !== 'auto' && !/^zh(?:[-_](?:CN|Hans|Hans-CN|SG))?$/i.test(normalized)) {
    throw new ServiceError('JD_LANGUAGE_UNSUPPORTED', `Language ${JSON.stringify(normalized.slice(0, 20))} is not supported; jiaodui checks zh-CN (simplified Chinese) only`);
  }
  return { name: 'Chinese', code: 'zh-CN', detectedLanguage: { name: 'Chinese', code: 'zh-CN', confidence: 1 } };
}

/** Comma-separated ids of LanguageTool's enabledRules/disabledRules/... parameters. */
export function idList(value: string | undefined): Set<string> {
  return new Set((value ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''));
}

export interface RuleFilter {
  enabledRules: Set<string>;
  disabledRules: Set<string>;
  enabledCategories: Set<string>;
  disabledCategories: Set<string>;
  enabledOnly: boolean;
}

export function keepMatch(match: LanguageToolMatch, filter: RuleFilter): boolean {
  const { id, category } = match.rule;
  if (filter.enabledOnly) return filter.enabledRules.has(id) || filter.enabledCategories.has(category.id);
  return !filter.disabledRules.has(id) && !filter.disabledCategories.has(category.id);
}
