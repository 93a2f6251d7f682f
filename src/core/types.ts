/**
 * Shared vocabulary of the engine. Every check, the service and the CLI speak these types.
 * Offsets are always UTF-16 code units into the string the caller passed, end exclusive.
 */

export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Numeric rank so that verdict thresholds can compare severities. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2, critical: 3 };

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** One kind of check; a finding's `type` is the check that produced it. */
export const CHECK_TYPES = ['sensitive', 'typo', 'normative', 'name', 'punctuation', 'repetition', 'date', 'privacy', 'secrecy', 'compliance'] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

export function isCheckType(value: string): value is CheckType {
  return (CHECK_TYPES as readonly string[]).includes(value);
}

export interface Finding {
  type: CheckType;
  /** Sensitive category (gambling, ...), typo list name, normative list name, or a check-specific kind. */
  category: string;
  severity: Severity;
  /** Stable identifier of what fired, e.g. `sensitive:gambling:赌博` or `punctuation:doubled`. */
  rule: string;
  /**
   * Stable code of the kind of finding, `<type>.<kind>` (e.g. `sensitive.gambling`,
   * `privacy.id-number`, `link.broken`): what reports group by and clients switch on.
   * A check may leave it out; the proofreader then sets `<type>.<category>`.
   */
  code?: string;
  start: number;
  end: number;
  /** Exactly `text.slice(start, end)`. */
  match: string;
  /** Replacements for `match`, best first; `[]` when there is none. */
  suggestions: string[];
  message: string;
  /** 0..1, only for statistical findings. */
  confidence?: number;
  /** Present only when the caller asked for `explain`: why the finding was kept. */
  explain?: string;
}

/** A finding dropped by a filter, reported only in explain mode. */
export interface DroppedHit {
  type: CheckType;
  rule: string;
  start: number;
  end: number;
  match: string;
  reason: string;
}

/** Word segmentation, injected so that core stays testable and the jieba binding stays in one place. */
export interface Segmenter {
  /** Words of `text`, concatenating to exactly `text`. */
  cut(text: string): string[];
  /**
   * The same words as cut() with jieba's part-of-speech tags (n, v, a, nr, ns, nt, nz... ; `x`
   * for a word the dictionary does not hold). Optional: checks that use it fall back without.
   */
  tag?(text: string): TaggedWord[];
  /** The most probable split of one word into shorter dictionary words (jieba's cutSmall); optional. */
  split?(word: string): string[];
  /** Whether `text` is one word of the segmenter's dictionary (user words included); optional. */
  isWord?(text: string): boolean;
}

/** A word of a tagged segmentation. */
export interface TaggedWord {
  word: string;
  tag: string;
}
