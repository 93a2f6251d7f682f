import { confusableCharacters, confusionSet } from './confusables.js';
import { allocate, ContextTypoModelError, type ContextTypoModel } from './model.js';

/** U+0001 stands for everything the model does not spell: punctuation, Latin, digits, edges. */
export const BOUNDARY_CODE = 1;
/**
 * Bigram levels in the screening matrices: 4 bits, a third of a decade each from count 10.
 * A candidate is scored only when it raises the bigram with a neighbour by three steps (10x).
 */
const STEPS_PER_DECADE = 3;
export const SCREEN_STEPS = 3;
/** A pair substitution's two characters must form a bigram of this level (~5,000 occurrences). */
export const PAIR_WORD_LEVEL = 9;
/** Levels PAIR_WORD_LEVEL..15 that strong successors can have. */
const STRONG_LEVELS = 16 - PAIR_WORD_LEVEL;
/** log2 of the columns summarised by one byte of the block maxima (16 bytes of a row). */
export const SUMMARY_SHIFT = 5;

function nibbleOf(log: number): number {
  return log < 0 ? 0 : Math.max(1, Math.min(15, Math.floor((log - 1) * STEPS_PER_DECADE) + 1));
}

/**
 * The highest log10 count a bigram of screen level v (1..15) can have, plus a margin for float
 * rounding: level v < 15 is below 1 + v / STEPS_PER_DECADE (nibbleOf). For bounds on scores.
 */
export const LEVEL_CEILING: Float64Array = Float64Array.from({ length: 16 }, (_, v) => (v === 15 ? Infinity : 1 + v / STEPS_PER_DECADE + 1e-9));

const screens = new WeakMap<ContextTypoModel, BigramScreen>();

/**
 * Calls `visit(candidate id, kind)` for each confusable of model character `id` that the model
 * knows, once each, `id` itself left out; kind 0 same tone, 1 other tone, 2 shape, 3 near sound.
 * The check's candidate lists and the screen's position bits both come from here.
 */
export function forEachConfusable(model: ContextTypoModel, id: number, visit: (candidate: number, kind: number) => void): void {
  const set = confusionSet(model.chars[id]!);
  const seen = new Set<number>([id]);
  [set.sameTone, set.otherTone, set.shape, set.nearSound].forEach((chars, kind) => {
    for (const ch of chars) {
      const cid = model.id(ch.charCodeAt(0));
      if (cid < 0 || seen.has(cid)) continue;
      seen.add(cid);
      visit(cid, kind);
    }
  });
}

/** The arrays of a built screen, for `BigramScreen.adopt` in another thread (see `ContextTypoModelParts`). */
export interface BigramScreenParts {
  dense: Int32Array;
  boundary: number;
  after: Uint8Array;
  before: Uint8Array;
  afterMax: Uint8Array;
  beforeMax: Uint8Array;
  strongStart: Int32Array;
  strongNext: Int32Array;
  strongLevel: Uint8Array;
  strongAtLeast: Int32Array;
  raisesAfter: Uint8Array;
  raisesBefore: Uint8Array;
}

/**
 * Dense 4-bit bigram matrices over the confusable characters (and the boundary), built once
 * per model (~0.5 s, ~40 MB) and shared by every check on it. Characters are numbered in the
 * confusion table's pinyin order, so that a character's homophones share cache lines of a row.
 * A screen of a model decoded on shared memory is built on shared memory too, and another
 * thread adopts it (`toParts` / `adopt`) instead of building its own.
 */
export class BigramScreen {
  /** Dense index of each model id, or -1 outside the universe. */
  readonly dense: Int32Array;
  readonly size: number;
  readonly rowBytes: number;
  /** after[a][b] and its transpose before[b][a]: nibble level of bigram ab. */
  readonly after: Uint8Array;
  readonly before: Uint8Array;
  /**
   * Block maxima of `after` and `before`: byte [row * summaryBytes + (col >> SUMMARY_SHIFT)] is
   * the highest level among 32 columns of the row. ~1 MB each, small enough to stay in cache,
   * they settle most screenings without touching the 18 MB matrices: a candidate's block is
   * usually below the need on both sides.
   */
  readonly afterMax: Uint8Array;
  readonly beforeMax: Uint8Array;
  readonly summaryBytes: number;
  /**
   * Successors of level >= PAIR_WORD_LEVEL of each dense character, as CSR, strongest first:
   * the successors of level >= L are a prefix of the row, `strongCount(row, L)` long.
   */
  readonly strongStart: Int32Array;
  readonly strongNext: Int32Array;
  readonly strongLevel: Uint8Array;
  /** [row * STRONG_LEVELS + L - PAIR_WORD_LEVEL]: how many successors of the row reach level L. */
  readonly strongAtLeast: Int32Array;
  /**
   * Position bits, [b * bitBytes + (x >> 3)] bit x & 7: whether some confusable y of x has
   * after[b][y] >= after[b][x] + SCREEN_STEPS (`raisesAfter`), or before[b][y] >= before[b][x] +
   * SCREEN_STEPS (`raisesBefore`): whether any candidate for x can pass the screen with b before
   * (after) it. Most positions (57% on ECSpell) have neither, and one bit read each side settles
   * them instead of screening ~38 candidates. ~4 MB each.
   */
  readonly raisesAfter: Uint8Array;
  readonly raisesBefore: Uint8Array;
  readonly bitBytes: number;
  readonly boundary: number;

  static of(model: ContextTypoModel): BigramScreen {
    let screen = screens.get(model);
    if (!screen) {
      screen = new BigramScreen(model);
      screens.set(model, screen);
    }
    return screen;
  }

  /** Registers a screen built by another thread for `model` (from the same model parts); checks its shape. */
  static adopt(model: ContextTypoModel, parts: BigramScreenParts): BigramScreen {
    const screen = new BigramScreen(model, parts);
    screens.set(model, screen);
    return screen;
  }

  toParts(): BigramScreenParts {
    const { dense, boundary, after, before, afterMax, beforeMax, strongStart, strongNext, strongLevel, strongAtLeast, raisesAfter, raisesBefore } = this;
    return { dense, boundary, after, before, afterMax, beforeMax, strongStart, strongNext, strongLevel, strongAtLeast, raisesAfter, raisesBefore };
  }

  private constructor(model: ContextTypoModel, parts?: BigramScreenParts) {
    if (parts) {
      const size = parts.strongStart?.length - 1;
      const rowBytes = (size + 1) >> 1;
      const summaryBytes = (size >> SUMMARY_SHIFT) + 1;
      const bitBytes = (size + 7) >> 3;
      if (
        !(parts.dense instanceof Int32Array) ||
        parts.dense.length !== model.charCount ||
        parts.boundary !== model.id(BOUNDARY_CODE) ||
        !(size > 0) ||
        ![parts.after, parts.before].every((m) => m instanceof Uint8Array && m.length === size * rowBytes) ||
        ![parts.afterMax, parts.beforeMax].every((m) => m instanceof Uint8Array && m.length === size * summaryBytes) ||
        !(parts.strongAtLeast instanceof Int32Array) ||
        parts.strongAtLeast.length !== size * STRONG_LEVELS ||
        ![parts.raisesAfter, parts.raisesBefore].every((m) => m instanceof Uint8Array && m.length === size * bitBytes)
      ) {
        throw new ContextTypoModelError('not the parts of a bigram screen for this model');
      }
      this.size = size;
      this.rowBytes = rowBytes;
      this.summaryBytes = summaryBytes;
      this.bitBytes = bitBytes;
      this.dense = parts.dense;
      this.boundary = parts.boundary;
      this.after = parts.after;
      this.before = parts.before;
      this.afterMax = parts.afterMax;
      this.beforeMax = parts.beforeMax;
      this.strongStart = parts.strongStart;
      this.strongNext = parts.strongNext;
      this.strongLevel = parts.strongLevel;
      this.strongAtLeast = parts.strongAtLeast;
      this.raisesAfter = parts.raisesAfter;
      this.raisesBefore = parts.raisesBefore;
      return;
    }
    const shared = model.shared;
    this.dense = new Int32Array(model.charCount).fill(-1);
    this.boundary = model.id(BOUNDARY_CODE);
    if (this.boundary < 0) throw new Error('context-typo model has no boundary character');
    this.dense[this.boundary] = 0;
    let size = 1;
    for (const ch of confusableCharacters()) {
      const id = model.id(ch.charCodeAt(0));
      if (id >= 0 && this.dense[id]! < 0) this.dense[id] = size++;
    }
    this.size = size;
    this.rowBytes = (size + 1) >> 1;
    this.after = allocate(Uint8Array, size * this.rowBytes, shared);
    this.before = allocate(Uint8Array, size * this.rowBytes, shared);
    this.summaryBytes = (size >> SUMMARY_SHIFT) + 1;
    this.afterMax = allocate(Uint8Array, size * this.summaryBytes, shared);
    this.beforeMax = allocate(Uint8Array, size * this.summaryBytes, shared);
    const strong: Array<[number, number, number]> = [];
    model.forEachBigram((a, b, log) => {
      const da = this.dense[a]!;
      const db = this.dense[b]!;
      if (da < 0 || db < 0) return;
      const v = nibbleOf(log);
      if (v >= PAIR_WORD_LEVEL) strong.push([da, db, v]);
      this.after[da * this.rowBytes + (db >> 1)]! |= v << ((db & 1) << 2);
      this.before[db * this.rowBytes + (da >> 1)]! |= v << ((da & 1) << 2);
      const up = da * this.summaryBytes + (db >> SUMMARY_SHIFT);
      if (this.afterMax[up]! < v) this.afterMax[up] = v;
      const down = db * this.summaryBytes + (da >> SUMMARY_SHIFT);
      if (this.beforeMax[down]! < v) this.beforeMax[down] = v;
    });
    strong.sort((p, q) => p[0] - q[0] || q[2] - p[2] || p[1] - q[1]);
    this.strongStart = allocate(Int32Array, size + 1, shared);
    for (const [da] of strong) this.strongStart[da + 1]!++;
    for (let i = 0; i < size; i++) this.strongStart[i + 1]! += this.strongStart[i]!;
    this.strongNext = allocate(Int32Array, strong.length, shared);
    this.strongLevel = allocate(Uint8Array, strong.length, shared);
    strong.forEach(([, next, level], i) => {
      this.strongNext[i] = next;
      this.strongLevel[i] = level;
    });
    this.strongAtLeast = allocate(Int32Array, size * STRONG_LEVELS, shared);
    for (let row = 0; row < size; row++) {
      for (let p = this.strongStart[row]!; p < this.strongStart[row + 1]!; p++) {
        for (let level = PAIR_WORD_LEVEL; level <= this.strongLevel[p]!; level++) this.strongAtLeast[row * STRONG_LEVELS + level - PAIR_WORD_LEVEL]!++;
      }
    }
    this.bitBytes = (size + 7) >> 3;
    this.raisesAfter = allocate(Uint8Array, size * this.bitBytes, shared);
    this.raisesBefore = allocate(Uint8Array, size * this.bitBytes, shared);
    this.buildPositionBits(model);
  }

  /**
   * Fills `raisesAfter` and `raisesBefore` row by row: for each neighbour b, each y its row
   * reaches with a level of at least SCREEN_STEPS, and each x that has y as a confusable,
   * compare with b's level with x. Rows and bits of one b stay in cache (~0.55 s).
   */
  private buildPositionBits(model: ContextTypoModel): void {
    const { size, dense, rowBytes, bitBytes } = this;
    // For each dense y, the dense x that have y among their confusables.
    const count = new Int32Array(size + 1);
    const lists: number[][] = [];
    for (let id = 0; id < model.charCount; id++) {
      const dx = dense[id]!;
      if (dx < 0) continue;
      const ys: number[] = [];
      forEachConfusable(model, id, (cid) => {
        const dy = dense[cid]!;
        if (dy >= 0) ys.push(dy);
      });
      lists[dx] = ys;
      for (const dy of ys) count[dy + 1]!++;
    }
    for (let i = 0; i < size; i++) count[i + 1]! += count[i]!;
    const start = count.slice();
    const of = new Int32Array(count[size]!);
    lists.forEach((ys, dx) => {
      for (const dy of ys) of[start[dy]!++] = dx;
    });
    for (const [matrix, bits] of [
      [this.after, this.raisesAfter],
      [this.before, this.raisesBefore],
    ] as const) {
      for (let b = 0; b < size; b++) {
        const row = b * rowBytes;
        const out = b * bitBytes;
        for (let h = 0; h < rowBytes; h++) {
          const byte = matrix[row + h]!;
          if (byte === 0) continue;
          for (let half = 0; half < 2; half++) {
            const level = (byte >> (half << 2)) & 15;
            if (level < SCREEN_STEPS) continue;
            const y = 2 * h + half;
            for (let p = count[y]!; p < count[y + 1]!; p++) {
              const x = of[p]!;
              if (level >= ((matrix[row + (x >> 1)]! >> ((x & 1) << 2)) & 15) + SCREEN_STEPS) bits[out + (x >> 3)]! |= 1 << (x & 7);
            }
          }
        }
      }
    }
  }

  /** How many successors of dense character `row` form a bigram of at least `level` (>= PAIR_WORD_LEVEL). */
  strongCount(row: number, level: number): number {
    return level > 15 ? 0 : this.strongAtLeast[row * STRONG_LEVELS + level - PAIR_WORD_LEVEL]!;
  }
}
