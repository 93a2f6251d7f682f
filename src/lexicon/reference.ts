import { MatcherBuilder } from '../core/matcher/index.js';
import type { Normalizer } from '../core/normalize/index.js';
import type { Segmenter } from '../core/types.js';

/** A hit of one pattern on the reference corpus that the product would report (boundaries respected). */
export interface ReferenceHit {
  pattern: number;
  start: number;
  end: number;
}

const LATIN_OR_DIGIT = /[0-9A-Za-z]/;

/**
 * Clean prose the audit measures lists against. Built once (normalization and segmentation of
 * the whole corpus), then `scan` answers for any set of normalized terms with the product's
 * own rules: a hit must start and end on a word boundary (the boundary filter) and a Latin
 * edge must not touch another Latin letter or digit (whole-word matching). Pure: the
 * segmenter is passed in.
 */
export class ReferenceCorpus {
  /** Characters of prose (comment lines excluded). */
  readonly characters: number;
  private readonly normalized: string;
  private readonly origStart: Int32Array;
  private readonly origEnd: Int32Array;
  private readonly boundaries: Uint8Array;
  private readonly original: string;

  /**
   * `segmenter` is only called when `boundaries` is not given: a saved `boundaries` of the
   * same text (see `wordBoundaries`) skips segmentation, the slow part.
   */
  constructor(text: string, normalizer: Normalizer, segmenter: Segmenter | (() => Segmenter), boundaries?: Uint8Array) {
    const prose = text
      .split('\n')
      .filter((line) => !line.startsWith('#') && line.trim() !== '')
      .join('\n');
    this.original = prose;
    this.characters = prose.replace(/\n/g, '').length;
    const view = normalizer.normalize(prose);
    this.normalized = view.toString();
    this.origStart = view.origStart.slice(0, view.length);
    this.origEnd = view.origEnd.slice(0, view.length);
    this.boundaries =
      boundaries && boundaries.length === prose.length + 1 ? boundaries : ReferenceCorpus.wordBoundaries(prose, typeof segmenter === 'function' ? segmenter() : segmenter);
  }

  /** The prose this corpus measures (comment lines removed), whose boundaries `wordBoundaries` computes. */
  get prose(): string {
    return this.original;
  }

  /** boundaries[i] = 1 when offset i of `prose` is between two words (or at a line edge). */
  static wordBoundaries(prose: string, segmenter: Segmenter): Uint8Array {
    const boundaries = new Uint8Array(prose.length + 1);
    let offset = 0;
    for (const line of prose.split('\n')) {
      boundaries[offset] = 1;
      let at = offset;
      for (const word of segmenter.cut(line)) {
        at += word.length;
        boundaries[at] = 1;
      }
      offset += line.length + 1;
      boundaries[offset - 1] = 1;
    }
    return boundaries;
  }

  /** The computed boundaries, to save beside a cache key (see resources.ts). */
  get wordBoundaryMap(): Uint8Array {
    return this.boundaries;
  }

  /** Every reported hit of `patterns` (normalized terms), overlapping ones included. */
  scan(patterns: readonly string[]): ReferenceHit[] {
    if (patterns.length === 0) return [];
    const matcher = new MatcherBuilder().engine('js').build(patterns);
    const hits: ReferenceHit[] = [];
    for (const match of matcher.findAll(this.normalized)) {
      const start = this.origStart[match.start];
      const end = this.origEnd[match.end - 1];
      if (!this.boundaries[start] || !this.boundaries[end]) continue;
      const pattern = patterns[match.patternId];
      if (LATIN_OR_DIGIT.test(pattern[0]) && start > 0 && LATIN_OR_DIGIT.test(this.original[start - 1])) continue;
      if (LATIN_OR_DIGIT.test(pattern[pattern.length - 1]) && end < this.original.length && LATIN_OR_DIGIT.test(this.original[end])) continue;
      hits.push({ pattern: match.patternId, start, end });
    }
    return hits;
  }
}

/** Leftmost-longest selection (as the sensitive check reports): non-overlapping hits. */
export function selectLeftmostLongest(hits: readonly ReferenceHit[]): ReferenceHit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: ReferenceHit[] = [];
  let lastEnd = -1;
  for (const hit of sorted) {
    if (hit.start >= lastEnd) {
      kept.push(hit);
      lastEnd = hit.end;
    }
  }
  return kept;
}
