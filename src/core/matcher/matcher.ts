import { decodeSnapshot, encodeSnapshot } from './snapshot.js';

/** One occurrence of a pattern; UTF-16 code-unit offsets, `end` exclusive. */
export interface Match {
  patternId: number;
  pattern: string;
  start: number;
  end: number;
}

export interface MatcherStats {
  kind: 'double-array-aho-corasick';
  /** Patterns as given, duplicates included (= `patternCount`). */
  patterns: number;
  /** Automaton states (trie nodes, root included). */
  states: number;
  /** Bytes held by the automaton's arrays and pattern text. */
  bytes: number;
}

/** The arrays a matcher is made of; shared by the builder and the snapshot codec. */
export interface MatcherParts {
  /** UTF-16 code unit -> dense code (1..alphabetSize), 0 when the unit is in no pattern. */
  codeOf: Uint16Array;
  alphabetSize: number;
  /** Slot-indexed double array: child of s by code c is t = base[s] + c when check[t] === c. */
  base: Int32Array;
  check: Uint16Array;
  fail: Int32Array;
  /** Slot -> first output entry (1-based) of the longest pattern that is a suffix of the state, 0 if none. */
  out: Int32Array;
  /** Output entry -> pattern id; entry 0 is the "none" sentinel. */
  outPattern: Int32Array;
  /** Output entry -> entry of the next shorter pattern that is also a suffix, 0 if none. */
  outNext: Int32Array;
  stateCount: number;
  /** Pattern id -> [offsets[id], offsets[id + 1]) in `patternText`. */
  patternOffsets: Uint32Array;
  patternText: string;
}

/**
 * An immutable double-array Aho-Corasick automaton over UTF-16 code units. It reports every
 * occurrence of every pattern, overlapping and nested ones included (see DESIGN.md).
 * Build it with `MatcherBuilder`, or restore it with `Matcher.fromSnapshot`.
 */
export class Matcher {
  readonly patternCount: number;
  private readonly codeOf: Uint16Array;
  private readonly alphabetSize: number;
  private readonly base: Int32Array;
  private readonly check: Uint16Array;
  private readonly fail: Int32Array;
  private readonly out: Int32Array;
  private readonly outPattern: Int32Array;
  private readonly outNext: Int32Array;
  private readonly stateCount: number;
  private readonly patternOffsets: Uint32Array;
  private readonly patternText: string;

  /** @internal Use `MatcherBuilder.build` or `Matcher.fromSnapshot`. */
  constructor(parts: MatcherParts) {
    this.codeOf = parts.codeOf;
    this.alphabetSize = parts.alphabetSize;
    this.base = parts.base;
    this.check = parts.check;
    this.fail = parts.fail;
    this.out = parts.out;
    this.outPattern = parts.outPattern;
    this.outNext = parts.outNext;
    this.stateCount = parts.stateCount;
    this.patternOffsets = parts.patternOffsets;
    this.patternText = parts.patternText;
    this.patternCount = parts.patternOffsets.length - 1;
  }

  pattern(id: number): string {
    this.assertId(id);
    return this.patternText.slice(this.patternOffsets[id], this.patternOffsets[id + 1]);
  }

  /** Length in UTF-16 code units. */
  patternLength(id: number): number {
    this.assertId(id);
    return this.patternOffsets[id + 1] - this.patternOffsets[id];
  }

  /**
   * Every occurrence, ordered by `end` ascending, then by `start` descending (at one end
   * position the shortest pattern comes first). `scan` reports the reverse within one end.
   */
  findAll(text: string): Match[] {
    const ids: number[] = [];
    const ends: number[] = [];
    this.scanString(text, (id, end) => {
      ids.push(id);
      ends.push(end);
    });
    const matches: Match[] = new Array(ids.length);
    let i = 0;
    while (i < ids.length) {
      let j = i + 1;
      while (j < ids.length && ends[j] === ends[i]) j++;
      // The output chain runs longest first; reverse each end group to put start descending.
      for (let k = i; k < j; k++) {
        const id = ids[i + j - 1 - k];
        const end = ends[i];
        matches[k] = { patternId: id, pattern: this.pattern(id), start: end - this.patternLength(id), end };
      }
      i = j;
    }
    return matches;
  }

  /**
   * Scans `units[0..length)` and calls `onMatch(patternId, end)` for every occurrence, by end
   * ascending and, at one end, longest pattern first. `end` is exclusive.
   */
  scan(units: Uint16Array, length: number, onMatch: (patternId: number, end: number) => void): void {
    const codeOf = this.codeOf;
    const base = this.base;
    const check = this.check;
    const fail = this.fail;
    const out = this.out;
    const outPattern = this.outPattern;
    const outNext = this.outNext;
    const n = Math.min(length, units.length);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = codeOf[units[i]];
      // A unit in no pattern sends every state back to the root (benchmarks/matcher: CJK text
      // is full of punctuation and rare characters).
      if (c === 0) {
        s = 0;
        continue;
      }
      for (;;) {
        const t = base[s] + c;
        if (check[t] === c) {
          s = t;
          break;
        }
        if (s === 0) break;
        s = fail[s];
      }
      for (let o = out[s]; o !== 0; o = outNext[o]) onMatch(outPattern[o], i + 1);
    }
  }

  /** Same as `scan`, straight over a string (charCodeAt, no copy). */
  scanString(text: string, onMatch: (patternId: number, end: number) => void): void {
    const codeOf = this.codeOf;
    const base = this.base;
    const check = this.check;
    const fail = this.fail;
    const out = this.out;
    const outPattern = this.outPattern;
    const outNext = this.outNext;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = codeOf[text.charCodeAt(i)];
      if (c === 0) {
        s = 0;
        continue;
      }
      for (;;) {
        const t = base[s] + c;
        if (check[t] === c) {
          s = t;
          break;
        }
        if (s === 0) break;
        s = fail[s];
      }
      for (let o = out[s]; o !== 0; o = outNext[o]) onMatch(outPattern[o], i + 1);
    }
  }

  stats(): MatcherStats {
    const arrays = [
      this.codeOf,
      this.base,
      this.check,
      this.fail,
      this.out,
      this.outPattern,
      this.outNext,
      this.patternOffsets,
    ];
    let bytes = this.patternText.length * 2;
    for (const a of arrays) bytes += a.byteLength;
    return { kind: 'double-array-aho-corasick', patterns: this.patternCount, states: this.stateCount, bytes };
  }

  /** Serializes to the versioned, checksummed format in DESIGN.md; `sourceHash` identifies the source. */
  toSnapshot(sourceHash = ''): Uint8Array {
    return encodeSnapshot(this.parts(), sourceHash);
  }

  /**
   * Restores a matcher; its arrays are views on `bytes` (or on one aligned copy), so `bytes`
   * must not be modified afterwards.
   * @throws SnapshotError whose `reason` says why; the caller rebuilds from source.
   */
  static fromSnapshot(bytes: Uint8Array, expectedSourceHash?: string): Matcher {
    return new Matcher(decodeSnapshot(bytes, expectedSourceHash));
  }

  private parts(): MatcherParts {
    return {
      codeOf: this.codeOf,
      alphabetSize: this.alphabetSize,
      base: this.base,
      check: this.check,
      fail: this.fail,
      out: this.out,
      outPattern: this.outPattern,
      outNext: this.outNext,
      stateCount: this.stateCount,
      patternOffsets: this.patternOffsets,
      patternText: this.patternText,
    };
  }

  private assertId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.patternCount) {
      throw new RangeError(`pattern id ${id} is out of range 0..${this.patternCount - 1}`);
    }
  }
}
