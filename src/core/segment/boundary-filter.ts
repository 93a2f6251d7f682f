import type { Segmenter } from '../types.js';

/** Units that end a clause: sentence punctuation and line breaks never belong to a word. */
const CLAUSE_BREAKS = new Set('。，！？；：、,!?;:\n\r\t…（）()《》“”"'.split('').map((c) => c.charCodeAt(0)));
/** Longest context segmented on each side of a hit; beyond this a word cannot reach the hit. */
const MAX_CONTEXT = 24;

export interface BoundaryVerdict {
  keep: boolean;
  /** The segmentation of the clause, words separated by '/', for explain mode. */
  segmentation: string;
}

/**
 * Drops a hit that a segmented word straddles: 藏独 in 西藏/独特, 台独 in 走上台/独唱.
 * A hit whose start and end both fall on word boundaries is kept (冰/毒 split by jieba
 * is still 冰毒). Segments lazily, only the clause around a hit, and caches per clause
 * within one check, because most text has no hit and jieba runs at ~4 MB/s.
 */
export class BoundaryFilter {
  private readonly clauses = new Map<number, { boundaries: Set<number>; segmentation: string }>();

  constructor(private readonly segmenter: Segmenter) {}

  /** Forget the previous text's clauses; call once per check. */
  reset(): void {
    this.clauses.clear();
  }

  /** `units[start, end)` is the hit in normalized text of `length` units. */
  judge(units: Uint16Array, length: number, start: number, end: number): BoundaryVerdict {
    let clauseStart = start;
    const leftLimit = Math.max(0, start - MAX_CONTEXT);
    while (clauseStart > leftLimit && !CLAUSE_BREAKS.has(units[clauseStart - 1])) clauseStart--;
    let clauseEnd = end;
    const rightLimit = Math.min(length, end + MAX_CONTEXT);
    while (clauseEnd < rightLimit && !CLAUSE_BREAKS.has(units[clauseEnd])) clauseEnd++;

    const key = clauseStart * 0x10000 + (clauseEnd - clauseStart);
    let clause = this.clauses.get(key);
    if (!clause) {
      const words = this.segmenter.cut(decode(units, clauseStart, clauseEnd));
      const boundaries = new Set<number>([clauseStart]);
      let offset = clauseStart;
      for (const word of words) {
        offset += word.length;
        boundaries.add(offset);
      }
      clause = { boundaries, segmentation: words.join('/') };
      this.clauses.set(key, clause);
    }
    return { keep: clause.boundaries.has(start) && clause.boundaries.has(end), segmentation: clause.segmentation };
  }
}

function decode(units: Uint16Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i += 4096) text += String.fromCharCode(...units.subarray(i, Math.min(end, i + 4096)));
  return text;
}
