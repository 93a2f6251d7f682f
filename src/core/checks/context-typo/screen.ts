import { confusableCharacters } from './confusables.js';
import type { ContextTypoModel } from './model.js';

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

function nibbleOf(log: number): number {
  return log < 0 ? 0 : Math.max(1, Math.min(15, Math.floor((log - 1) * STEPS_PER_DECADE) + 1));
}

const screens = new WeakMap<ContextTypoModel, BigramScreen>();

/**
 * Dense 4-bit bigram matrices over the confusable characters (and the boundary), built once
 * per model (~0.5 s, ~40 MB) and shared by every check on it. Characters are numbered in the
 * confusion table's pinyin order, so that a character's homophones share cache lines of a row.
 */
export class BigramScreen {
  /** Dense index of each model id, or -1 outside the universe. */
  readonly dense: Int32Array;
  readonly size: number;
  readonly rowBytes: number;
  /** after[a][b] and its transpose before[b][a]: nibble level of bigram ab. */
  readonly after: Uint8Array;
  readonly before: Uint8Array;
  /** Successors of level >= PAIR_WORD_LEVEL of each dense character, as CSR. */
  readonly strongStart: Int32Array;
  readonly strongNext: Int32Array;
  readonly strongLevel: Uint8Array;
  readonly boundary: number;

  static of(model: ContextTypoModel): BigramScreen {
    let screen = screens.get(model);
    if (!screen) {
      screen = new BigramScreen(model);
      screens.set(model, screen);
    }
    return screen;
  }

  private constructor(model: ContextTypoModel) {
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
    this.after = new Uint8Array(size * this.rowBytes);
    this.before = new Uint8Array(size * this.rowBytes);
    const strong: Array<[number, number, number]> = [];
    model.forEachBigram((a, b, log) => {
      const da = this.dense[a]!;
      const db = this.dense[b]!;
      if (da < 0 || db < 0) return;
      const v = nibbleOf(log);
      if (v >= PAIR_WORD_LEVEL) strong.push([da, db, v]);
      this.after[da * this.rowBytes + (db >> 1)]! |= v << ((db & 1) << 2);
      this.before[db * this.rowBytes + (da >> 1)]! |= v << ((da & 1) << 2);
    });
    strong.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    this.strongStart = new Int32Array(size + 1);
    for (const [da] of strong) this.strongStart[da + 1]!++;
    for (let i = 0; i < size; i++) this.strongStart[i + 1]! += this.strongStart[i]!;
    this.strongNext = Int32Array.from(strong, (e) => e[1]);
    this.strongLevel = Uint8Array.from(strong, (e) => e[2]);
  }
}
