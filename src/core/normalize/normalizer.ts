import { DROP, foldTableFor, SLOW, type FoldTable } from './fold-table.js';
import { resolveNormalizeOptions, type NormalizeOptions } from './options.js';

/** The normalized view of a text and, per unit, the span of the original character it came from. */
export interface NormalizedText {
  /** Normalized UTF-16 code units, valid in [0, length). */
  readonly units: Uint16Array;
  readonly length: number;
  /** origStart[i]: UTF-16 index in the original of the character that produced unit i. */
  readonly origStart: Int32Array;
  /** origEnd[i]: index just after that character; a hit on units [a, b) covers [origStart[a], origEnd[b-1]). */
  readonly origEnd: Int32Array;
  /** The normalized text as a string (allocates). */
  toString(): string;
}

/** Growable output buffers; `normalize` writes into one set and hands out views of it. */
class UnitBuffers {
  units = new Uint16Array(0);
  origStart = new Int32Array(0);
  origEnd = new Int32Array(0);

  /** Makes room for `capacity` units, keeping the first `keep` (growth is geometric). */
  ensure(capacity: number, keep: number): void {
    if (capacity <= this.units.length) return;
    const size = Math.max(capacity, this.units.length * 2, 64);
    const units = new Uint16Array(size);
    const origStart = new Int32Array(size);
    const origEnd = new Int32Array(size);
    units.set(this.units.subarray(0, keep));
    origStart.set(this.origStart.subarray(0, keep));
    origEnd.set(this.origEnd.subarray(0, keep));
    this.units = units;
    this.origStart = origStart;
    this.origEnd = origEnd;
  }
}

/** String.fromCharCode.apply takes its arguments on the stack; chunks keep it far from the limit. */
const TO_STRING_CHUNK = 8192;

class NormalizedView implements NormalizedText {
  constructor(
    readonly units: Uint16Array,
    readonly length: number,
    readonly origStart: Int32Array,
    readonly origEnd: Int32Array,
  ) {}

  toString(): string {
    // Not TextDecoder('utf-16le'): it would replace lone surrogates, which must survive unchanged.
    let out = '';
    for (let i = 0; i < this.length; i += TO_STRING_CHUNK) {
      const chunk = this.units.subarray(i, Math.min(i + TO_STRING_CHUNK, this.length));
      out += String.fromCharCode.apply(null, chunk as unknown as number[]);
    }
    return out;
  }
}

/**
 * Folds text through a per-unit table and records, for every output unit, the original span.
 * The common case is one table load and three typed-array stores per input unit; surrogates
 * and expansions (⑩ -> 10) take a separate, rare path.
 */
function normalizeInto(table: FoldTable, text: string, buffers: UnitBuffers): NormalizedView {
  const n = text.length;
  const fold = table.fold;
  const expansions = table.expansions;
  // Invariant: capacity >= len + (n - i), so the fast path needs no capacity check.
  buffers.ensure(n, 0);
  let len = 0;
  let i = 0;
  // The buffers are constants inside the inner loop (normalize benchmark: ~1.5x faster than
  // reloading them after every expansion); an expansion that needs room grows them and restarts
  // the inner loop at the same character.
  grow: for (;;) {
    const units = buffers.units;
    const origStart = buffers.origStart;
    const origEnd = buffers.origEnd;
    for (; i < n; i++) {
      const code = text.charCodeAt(i);
      const folded = fold[code];
      if (folded < SLOW) {
        units[len] = folded;
        origStart[len] = i;
        origEnd[len] = i + 1;
        len++;
        continue;
      }
      if (folded === DROP) continue;
      // Slow path: surrogates, expansions and the sentinel code points themselves.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          units[len] = code;
          units[len + 1] = low;
          origStart[len] = origStart[len + 1] = i;
          origEnd[len] = origEnd[len + 1] = i + 2;
          len += 2;
          i++;
          continue;
        }
      }
      const expansion = expansions.get(code);
      if (expansion === undefined) {
        // A lone surrogate: kept as is; it matches nothing but must not vanish.
        units[len] = code;
        origStart[len] = i;
        origEnd[len] = i + 1;
        len++;
        continue;
      }
      const needed = len + expansion.length + (n - i - 1);
      if (needed > units.length) {
        buffers.ensure(needed, len);
        continue grow;
      }
      for (let k = 0; k < expansion.length; k++) {
        units[len] = expansion[k];
        origStart[len] = i;
        origEnd[len] = i + 1;
        len++;
      }
    }
    return new NormalizedView(units, len, origStart, origEnd);
  }
}

export class Normalizer {
  readonly options: NormalizeOptions;
  readonly #table: FoldTable;
  readonly #buffers = new UnitBuffers();

  constructor(options?: Partial<NormalizeOptions>) {
    this.options = resolveNormalizeOptions(options);
    this.#table = foldTableFor(this.options);
  }

  /**
   * Normalizes text into internal buffers that are reused by the next call: the result (its
   * `units`, `origStart` and `origEnd`) is valid only until this normalizer's next `normalize`.
   * Copy what you need to keep. `normalizeTerm` does not touch these buffers.
   */
  normalize(text: string): NormalizedText {
    return normalizeInto(this.#table, text, this.#buffers);
  }

  /** Normalizes a dictionary term the same way (allocates; used at build time). Returns '' if nothing is left. */
  normalizeTerm(term: string): string {
    return normalizeInto(this.#table, term, new UnitBuffers()).toString();
  }
}
