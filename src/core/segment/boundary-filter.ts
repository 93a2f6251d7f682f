import type { Segmenter, TaggedWord } from '../types.js';

/** Units that end a clause: sentence punctuation and line breaks never belong to a word. */
const CLAUSE_BREAKS = new Set('。，！？；：、,!?;:\n\r\t…（）()《》“”"'.split('').map((c) => c.charCodeAt(0)));
/** Longest context segmented on each side of a hit; beyond this a word cannot reach the hit. */
const MAX_CONTEXT = 24;
/**
 * jieba's tags of proper names: full and transliterated person names (nrfg, nrt), places (ns),
 * organisations (nt). A term inside a name is the name's characters, not the term. Not nr and
 * nz: jieba's dictionary tags compounds of the terms so (博彩业 nr, 鸦片烟 nz).
 */
const NAME_TAGS: ReadonlySet<string> = new Set(['nrfg', 'nrt', 'ns', 'nt']);
/** Last characters of place names (六合区, 六合县): a word ending in one is a place name. */
const PLACE_SUFFIXES = '省市县区镇乡村州旗';
/** Tags that do not vouch for a word: not in jieba's dictionary (x; user words are x too), unknown (''), Latin, numbers. */
const UNVOUCHED_TAGS: ReadonlySet<string> = new Set(['x', '', 'eng', 'm']);

export interface BoundaryVerdict {
  keep: boolean;
  /** Why, for explain mode and the dropped list (names the segmentation). */
  reason: string;
}

/** What the filter judges: sensitive terms and listed misspellings follow different rules (see judge()). */
export type BoundaryKind = 'sensitive' | 'typo';

interface Clause {
  start: number;
  words: TaggedWord[];
  /** Start offset (normalized units) of each word, and one past the last word. */
  offsets: number[];
  segmentation: string;
}

/**
 * Decides, from the segmentation of the clause around a dictionary hit, whether the hit is a
 * word of the text or the characters of other words (README: "The boundary filter").
 *
 * Sensitive terms: a hit whose start and end fall on word boundaries is kept (冰/毒 split by
 * jieba is still 冰毒). An edge inside a word is kept only when that word splits, without
 * itself, into dictionary sub-words with the edge between two of them and the piece on the
 * hit's side at least two characters long (聚众赌博 -> 聚众/赌博, 赌博机 -> 赌博/机,
 * 吸毒贩毒 -> 吸毒/贩毒): the term is a unit of a compound. It is dropped when the edge cuts a
 * word elsewhere (西藏/独特, 大法官 -> 大/法官) or when the word is a proper name (鸦片战争).
 *
 * Listed misspellings: dropped only when the hit partially crosses words that are all real
 * dictionary words (投资/询问 for 资询, 政协/带来 for 协带); a misspelling tends to segment
 * oddly, so anything less certain keeps it.
 *
 * Segments lazily, only the clause around a hit, and caches per clause within one check,
 * because most text has no hit and jieba runs at ~4 MB/s.
 */
export class BoundaryFilter {
  private readonly clauses = new Map<number, Clause>();
  private readonly splits = new Map<string, string[]>();

  constructor(private readonly segmenter: Segmenter) {}

  /** Forget the previous text's clauses; call once per check. */
  reset(): void {
    this.clauses.clear();
  }

  /** `units[start, end)` is the hit in normalized text of `length` units. */
  judge(units: Uint16Array, length: number, start: number, end: number, kind: BoundaryKind = 'sensitive'): BoundaryVerdict {
    const clause = this.clauseAround(units, length, start, end);
    const { offsets, words, segmentation } = clause;
    const first = wordAt(offsets, start);
    const last = wordAt(offsets, end - 1);
    const startOnBoundary = offsets[first] === start;
    const endOnBoundary = offsets[last + 1] === end;
    if (startOnBoundary && endOnBoundary) return { keep: true, reason: `on word boundaries: ${segmentation}` };

    if (kind === 'typo') {
      // Every word the hit touches must be a real dictionary word of two or more characters.
      for (let w = first; w <= last; w++) {
        const { word, tag } = words[w]!;
        if (word.length < 2 || UNVOUCHED_TAGS.has(tag)) return { keep: true, reason: `dictionary term (segmentation ${segmentation})` };
      }
      return { keep: false, reason: `the hit crosses the dictionary words of ${segmentation}` };
    }

    for (const [w, edge, hitSide] of [
      [first, start, 1],
      [last, end, -1],
    ] as const) {
      const wordStart = offsets[w]!;
      if (edge === wordStart || edge === offsets[w + 1]) continue;
      const { word, tag } = words[w]!;
      const parts = this.split(word);
      // The sub-word that starts (hitSide 1) or ends (-1) at the edge.
      let at = wordStart;
      let piece = '';
      for (const part of parts) {
        if (hitSide === 1 && at === edge) piece = part;
        at += part.length;
        if (hitSide === -1 && at === edge) piece = part;
      }
      if (piece.length < 2) return { keep: false, reason: `a segmented word straddles the hit: ${segmentation}` };
      // A place name by its last character, outside the hit (六合区), whatever jieba's tag.
      const placeName = end < offsets[w + 1]! && PLACE_SUFFIXES.includes(word[word.length - 1]!);
      if (NAME_TAGS.has(tag) || placeName) return { keep: false, reason: `inside the name '${word}' (${tag}): ${segmentation}` };
    }
    return { keep: true, reason: `a unit of a compound word (split ${words.slice(first, last + 1).map((w) => this.split(w.word).join('/')).join(' ')}): ${segmentation}` };
  }

  private split(word: string): string[] {
    let parts = this.splits.get(word);
    if (!parts) {
      parts = this.segmenter.split ? this.segmenter.split(word) : [word];
      // A few hundred distinct compounds at most in practice; bound it anyway.
      if (this.splits.size > 4096) this.splits.clear();
      this.splits.set(word, parts);
    }
    return parts;
  }

  private clauseAround(units: Uint16Array, length: number, start: number, end: number): Clause {
    let clauseStart = start;
    const leftLimit = Math.max(0, start - MAX_CONTEXT);
    while (clauseStart > leftLimit && !CLAUSE_BREAKS.has(units[clauseStart - 1])) clauseStart--;
    let clauseEnd = end;
    const rightLimit = Math.min(length, end + MAX_CONTEXT);
    while (clauseEnd < rightLimit && !CLAUSE_BREAKS.has(units[clauseEnd])) clauseEnd++;

    const key = clauseStart * 0x10000 + (clauseEnd - clauseStart);
    let clause = this.clauses.get(key);
    if (!clause) {
      const text = decode(units, clauseStart, clauseEnd);
      const words = this.segmenter.tag ? this.segmenter.tag(text) : this.segmenter.cut(text).map((word) => ({ word, tag: '' }));
      const offsets = [clauseStart];
      let offset = clauseStart;
      for (const { word } of words) {
        offset += word.length;
        offsets.push(offset);
      }
      clause = { start: clauseStart, words, offsets, segmentation: words.map((w) => w.word).join('/') };
      this.clauses.set(key, clause);
    }
    return clause;
  }
}

/** Index of the word containing unit `at` (offsets ascending, offsets[0] <= at). */
function wordAt(offsets: readonly number[], at: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function decode(units: Uint16Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i += 4096) text += String.fromCharCode(...units.subarray(i, Math.min(end, i + 4096)));
  return text;
}
