import type { Finding } from '../../types.js';
import type { CheckInput, TextCheck } from '../check.js';
import type { ContextTypoModel } from './model.js';
import { Vocabulary } from './vocabulary.js';
import { BOUNDARY_CODE, BigramScreen, forEachConfusable, LEVEL_CEILING, PAIR_WORD_LEVEL, SCREEN_STEPS, SUMMARY_SHIFT } from './screen.js';

export interface ContextTypoOptions {
  /** Minimum log10 score gain, after the confusion penalty, to report at all (severity info). */
  infoThreshold?: number;
  /** Minimum log10 score gain to report with severity warning. */
  warningThreshold?: number;
  /** Extra gain a substitution needs inside a multi-character word of the segmentation. */
  inWordPenalty?: number;
  /** At most this many suggestions per finding. */
  maxSuggestions?: number;
  /** log10 penalty of a same-sound-other-tone substitution (same tone pays none). */
  otherTonePenalty?: number;
  /** log10 penalty of a look-alike substitution. */
  shapePenalty?: number;
  /** log10 penalty of a near-sound substitution (zh/z, n/l, -ng/-n...). */
  nearSoundPenalty?: number;
  /** Extra gain inside a dictionary word of good frequency when the candidate makes another word (vocabulary.ts). */
  dictionaryWordPenalty?: number;
  /** Extra gain in or next to a name: jieba's nr/ns/nt/nz, 县/市/区 and 学校/公司 endings, a title before. */
  namePenalty?: number;
  /** Extra gain when the candidate makes no dictionary word with its neighbours (function characters excepted). */
  noWordPenalty?: number;
  /** Extra gain with Latin letters within four characters. */
  codePenalty?: number;
  /** Gain a warning is spared when the text's character makes no word and the candidate makes one. */
  wordBonus?: number;
  /** Established terminology never flagged inside: normative right forms, registered names (vocabulary.ts). */
  protectedTerms?: Iterable<string>;
}

const DEFAULTS: Required<ContextTypoOptions> = {
  infoThreshold: 2.6,
  warningThreshold: 3.5,
  inWordPenalty: 1.0,
  maxSuggestions: 3,
  otherTonePenalty: 0.5,
  shapePenalty: 0.8,
  nearSoundPenalty: 1.0,
  dictionaryWordPenalty: 1.0,
  namePenalty: 1.0,
  noWordPenalty: 0.3,
  codePenalty: 0.5,
  wordBonus: 0,
  protectedTerms: [],
};

/** Stupid back-off weight, log10(0.4) (Brants et al. 2007). */
const BACKOFF = Math.log10(0.4);
/** A bound decides only when it clears the floor by this much: far above float rounding (~1e-14 here). */
const BOUND_MARGIN = 1e-9;
/** Nibble level (~10^4 occurrences) at which a bigram with the character vouches for it. */
const TRUSTED_LEVEL = 10;
/** A pair substitution needs this much more gain (log10) than a single one: it changes more. */
const PAIR_EXTRA = 1;
/** ...and be loosely bound to its neighbours (outer bigrams under ~10^3): keeps the search rare. */
const PAIR_OUTER_LEVEL = 7;
/** Strong successors of y1 walked, per candidate of x2, rather than reading y1's row (findPairs). */
const WALK_STEPS_PER_CELL = 8;
/** A segment counts as a known word when each adjacent pair has at least 10^3 expected occurrences. */
const KNOWN_WORD_BIGRAM = 3;
/** A dictionary word with an adjacent pair under 10^2.3 (~200) occurrences is one the model has rarely seen (vocabulary.ts). */
const RARELY_SEEN_BIGRAM = 2.3;
/** Extra gain needed next to Latin or digits, where the model sees one side only. */
const ONE_SIDED_PENALTY = 1;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/**
 * Characters that Taiwan's standard writes where mainland standard Chinese writes another
 * common character. From OpenCC's TWVariantsRev: of its 38 pairs, three have both characters
 * in the confusion sets, and 么 -> 幺 goes the wrong way for mainland text, leaving these two.
 * A suggestion along one of them is reported as `normative` (category `variant`): the
 * writer used a regional standard form, not a wrong character.
 */
const REGIONAL_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['著', '着'],
  ['洩', '泄'],
]);

/** A position where some candidate passed, before overlapping suspicions are resolved. */
interface Suspect {
  /** Index in the run buffer (1-based: r[0] is a boundary). */
  k: number;
  original: number;
  /** Gain it needs (threshold plus in-word penalty). */
  need: number;
  best: number;
  /** [candidate id, gain], best first. */
  kept: Array<[number, number]>;
}

interface Candidates {
  /** Model ids. */
  ids: Int32Array;
  /** Indices in the screening universe. */
  dense: Int32Array;
  penalties: Float64Array;
}

/**
 * Statistical wrong-character detection (method and numbers in README.md beside this file).
 * For each Chinese character, the confusable characters (same or near sound, same shape) are
 * tried in its place and scored with a character trigram model (stupid back-off) over the
 * three trigrams that contain the position; a substitution that raises that score by a large
 * factor is reported, the size of the gain giving the confidence and the severity. A
 * character inside a known word of the segmentation needs more evidence, since real-word
 * errors are rarer than broken words. Adjacent pairs are tried where singles cannot help.
 *
 * Speed: scoring a candidate costs several hash probes; instead each is first screened with
 * two nibble reads from the BigramScreen, and only those that make a neighbouring bigram ten
 * times more frequent are scored (ECSpell: ~30 candidates per character screened, ~0.5 scored).
 * Not reentrant (reuses buffers), like the proofreader.
 */
export class ContextTypoCheck implements TextCheck {
  readonly type = 'typo' as const;
  readonly alsoReports = ['normative'] as const;
  readonly statistical = true;
  private readonly options: Required<ContextTypoOptions>;
  /** Candidate lists per model character id, built on first use. */
  private readonly candidates: Array<Candidates | null | undefined>;
  // Fields of the shared BigramScreen, copied for the hot loops.
  private readonly dense: Int32Array;
  private readonly rowBytes: number;
  private readonly after: Uint8Array;
  private readonly before: Uint8Array;
  private readonly afterMax: Uint8Array;
  private readonly beforeMax: Uint8Array;
  private readonly summaryBytes: number;
  private readonly strongStart: Int32Array;
  private readonly strongNext: Int32Array;
  private readonly raisesAfter: Uint8Array;
  private readonly raisesBefore: Uint8Array;
  private readonly bitBytes: number;
  private readonly screen: BigramScreen;
  /** Scratch marks over the universe (candidate index + 1), all zero between uses. */
  private readonly mark: Int32Array;
  /** Reused buffer of model ids for the current run of characters. */
  private ids = new Int32Array(256);
  /** Screen level of the bigram (ids[i-1], ids[i]), -1 outside the universe, per run. */
  private levels = new Int8Array(256);
  /** cond() of the text's own trigram ending at each index of `ids` (NaN until asked), per run. */
  private condMemo = new Float64Array(256);
  /** Model id of the boundary pseudo-character (punctuation, Latin, digits, text edges). */
  private readonly boundary: number;
  private readonly vocabulary: Vocabulary;

  constructor(
    private readonly model: ContextTypoModel,
    options: ContextTypoOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    const o = this.options;
    this.vocabulary = new Vocabulary(o.protectedTerms, { dictionaryWord: o.dictionaryWordPenalty, name: o.namePenalty, noWord: o.noWordPenalty, code: o.codePenalty, wordBonus: o.wordBonus });
    this.candidates = new Array<Candidates | null | undefined>(model.charCount);
    const screen = BigramScreen.of(model);
    this.screen = screen;
    this.boundary = screen.boundary;
    this.dense = screen.dense;
    this.rowBytes = screen.rowBytes;
    this.after = screen.after;
    this.before = screen.before;
    this.afterMax = screen.afterMax;
    this.beforeMax = screen.beforeMax;
    this.summaryBytes = screen.summaryBytes;
    this.strongStart = screen.strongStart;
    this.strongNext = screen.strongNext;
    this.raisesAfter = screen.raisesAfter;
    this.raisesBefore = screen.raisesBefore;
    this.bitBytes = screen.bitBytes;
    this.mark = new Int32Array(screen.size);
  }

  run({ text, segmenter }: CheckInput): Finding[] {
    const findings: Finding[] = [];
    let runStart = -1;
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : BOUNDARY_CODE;
      if (code !== BOUNDARY_CODE && this.model.id(code) >= 0) {
        if (runStart < 0) runStart = i;
        continue;
      }
      if (runStart >= 0 && i - runStart >= 2) this.checkRun(text, runStart, i, segmenter, findings);
      runStart = -1;
    }
    return findings;
  }

  /**
   * What frames a run at `at`: the boundary pseudo-character for punctuation, spaces and the
   * text's edges (the model knows them), -1 (no context) for letters and digits, which the
   * model never saw: "第 12 节" must not read as "第" ending a phrase.
   */
  private delimiter(text: string, at: number, dir: 1 | -1): number {
    // Look past spaces, which only set Latin and digits apart from Chinese ("第 12 节").
    while (at >= 0 && at < text.length && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0xa0)) at += dir;
    if (at < 0 || at >= text.length) return this.boundary;
    return LETTER_OR_DIGIT.test(text[at]!) ? -1 : this.boundary;
  }

  /**
   * 1 at every UTF-16 offset of a run inside a multi-character segment whose adjacent characters all
   * form attested bigrams: a word the model knows. jieba's HMM also glues unknown
   * characters (often the typo itself) into segments, and those must not shield them.
   */
  private wordMask(run: string, segmenter: CheckInput['segmenter']): Uint8Array {
    const mask = new Uint8Array(run.length);
    let at = 0;
    for (const word of segmenter.cut(run)) {
      if (word.length >= 2) {
        let known = true;
        for (let i = 0; i + 1 < word.length && known; i++) {
          const p = this.model.id(word.charCodeAt(i));
          const q = this.model.id(word.charCodeAt(i + 1));
          known = p >= 0 && q >= 0 && this.model.bigramLog(p, q) >= KNOWN_WORD_BIGRAM;
        }
        if (known) mask.fill(1, at, at + word.length);
      }
      at += word.length;
    }
    return mask;
  }

  private nibble(matrix: Uint8Array, row: number, col: number): number {
    return (matrix[row * this.rowBytes + (col >> 1)]! >> ((col & 1) << 2)) & 15;
  }

  /** Checks text[start, end), a run of modelled characters, framed by boundaries in `r`. */
  private checkRun(
    text: string,
    start: number,
    end: number,
    segmenter: CheckInput['segmenter'],
    findings: Finding[],
  ): void {
    const len = end - start + 2;
    if (this.ids.length < len) {
      this.ids = new Int32Array(len * 2);
      this.condMemo = new Float64Array(len * 2);
      this.levels = new Int8Array(len * 2);
    }
    const r = this.ids;
    this.condMemo.fill(NaN, 0, len);
    r[0] = this.delimiter(text, start - 1, -1);
    r[len - 1] = this.delimiter(text, end, 1);
    for (let k = 1; k < len - 1; k++) r[k] = this.model.id(text.charCodeAt(start + k - 1));
    // Screen level of each bigram of the run, read once (a random read into the matrix): both
    // neighbouring positions and the pair search need it. -1 outside the universe.
    const levels = this.levels;
    for (let i = 1; i < len; i++) {
      const dp = r[i - 1]! >= 0 ? this.dense[r[i - 1]!]! : -1;
      const dq = r[i]! >= 0 ? this.dense[r[i]!]! : -1;
      levels[i] = dp >= 0 && dq >= 0 ? this.nibble(this.after, dp, dq) : -1;
    }
    const { infoThreshold, inWordPenalty } = this.options;
    const after = this.after;
    let suspects: Suspect[] | undefined;
    /** wordMask of this run, segmented when first needed (jieba cuts at punctuation too: the run alone gives the same words). */
    let inWord: Uint8Array | undefined;
    const before = this.before;
    const afterMax = this.afterMax;
    const beforeMax = this.beforeMax;
    for (let k = 1; k < len - 1; k++) {
      const x = r[k]!;
      const cands = this.candidatesOf(x);
      if (!cands) continue;
      const at = start + k - 1;
      const dx = this.dense[x]!;
      const db = r[k - 1]! >= 0 ? this.dense[r[k - 1]!]! : -1;
      const dc = r[k + 1]! >= 0 ? this.dense[r[k + 1]!]! : -1;
      if (db < 0 && dc < 0) continue;
      const a = k >= 2 ? r[k - 2]! : -1;
      const b = r[k - 1]!;
      const c = r[k + 1]!;
      const d = k + 2 < len && c >= 0 ? r[k + 2]! : -1;
      // Row offsets; a neighbour outside the universe gets row 0 with an impossible need.
      const leftRow = db >= 0 ? db * this.rowBytes : 0;
      const rightRow = dc >= 0 ? dc * this.rowBytes : 0;
      const leftBlocks = db >= 0 ? db * this.summaryBytes : 0;
      const rightBlocks = dc >= 0 ? dc * this.summaryBytes : 0;
      // after[db][dx] and before[dc][dx] (= after[dx][dc]).
      const leftNeed = db >= 0 ? levels[k]! + SCREEN_STEPS : 16;
      const rightNeed = dc >= 0 ? levels[k + 1]! + SCREEN_STEPS : 16;
      // A character bound to both neighbours by frequent bigrams is not suspected (a quarter
      // of the screening work on ECSpell, no change in what is found there).
      if (Math.min(leftNeed, rightNeed) >= TRUSTED_LEVEL + SCREEN_STEPS) continue;
      // No candidate for x can reach either need next to these neighbours (the screen's
      // position bits): the loop below would pass none (57% of positions on ECSpell; x1.11-1.15
      // in benchmarks/sentences.ts --ab).
      const bit = 1 << (dx & 7);
      if (!(db >= 0 && this.raisesAfter[db * this.bitBytes + (dx >> 3)]! & bit) && !(dc >= 0 && this.raisesBefore[dc * this.bitBytes + (dx >> 3)]! & bit)) continue;
      let base = 0;
      // The gain asked for until a candidate reaches it; only then is the text segmented (once
      // per text, shared with the other checks) and the in-word penalty added where it applies.
      let need = 0;
      let kept: Array<[number, number]> | undefined;
      let best = -Infinity;
      for (let j = 0; j < cands.ids.length; j++) {
        const dy = cands.dense[j]!;
        const block = dy >> SUMMARY_SHIFT;
        if (afterMax[leftBlocks + block]! < leftNeed && beforeMax[rightBlocks + block]! < rightNeed) continue;
        const shift = (dy & 1) << 2;
        const half = dy >> 1;
        const leftLevel = (after[leftRow + half]! >> shift) & 15;
        const rightLevel = (before[rightRow + half]! >> shift) & 15;
        if (leftLevel < leftNeed && rightLevel < rightNeed) continue;
        if (need === 0) {
          // The same three terms as local(r, len, k, x): trigrams of the text, shared by neighbours.
          base = this.textCond(r, k);
          if (c >= 0) base += this.textCond(r, k + 1);
          if (d >= 0) base += this.textCond(r, k + 2);
          // Every conditional score is <= 0, so no candidate can gain more than -base.
          if (-base < infoThreshold) break;
          // Next to Latin or digits the model sees one side only: ask for a decade more.
          need = infoThreshold + (b < 0 || c < 0 ? ONE_SIDED_PENALTY : 0);
        }
        // Each conditional score is <= 0: stop as soon as the partial sum cannot reach the need.
        const y = cands.ids[j]!;
        const floor = base + need + cands.penalties[j]!;
        // Most candidates that pass the screen fail the floor (46k of 56k on ECSpell), and an upper
        // bound of their score from the presence bits and the screen levels shows it without the
        // probes (x1.05-1.12 in benchmarks/sentences.ts --ab); the exact sum below decides the rest.
        if (this.scoreBound(a, b, y, c, d, db >= 0 ? leftLevel : -1, dc >= 0 ? rightLevel : -1, d >= 0 ? levels[k + 2]! : -1) < floor - BOUND_MARGIN) continue;
        let score = c >= 0 ? this.cond(b, y, c) : 0;
        if (score < floor) continue;
        score += this.cond(a, b, y);
        if (score < floor) continue;
        if (d >= 0) {
          score += this.cond(y, c, d);
          if (score < floor) continue;
        }
        if (!kept) {
          kept = [];
          // Inside a word the model knows, every candidate needs the in-word penalty more:
          // the need becomes final (the same sum as when the mask is known from the start).
          inWord ??= this.wordMask(text.slice(start, end), segmenter);
          need = infoThreshold + (inWord[k - 1] ? inWordPenalty : 0) + (b < 0 || c < 0 ? ONE_SIDED_PENALTY : 0);
          if (score < base + need + cands.penalties[j]!) continue;
        }
        const gain = score - base - cands.penalties[j]!;
        kept.push([cands.ids[j]!, gain]);
        if (gain > best) best = gain;
      }
      if (!kept || kept.length === 0) continue;
      kept.sort((p, q) => q[1] - p[1]);
      (suspects ??= []).push({ k, original: x, need, best, kept });
    }
    this.findPairs(text, start, r, len, suspects, findings, segmenter);
    if (!suspects) return;
    // Apply the most confident correction first and re-score suspects near an applied one in
    // the corrected context: a wrong character also makes its neighbours look wrong.
    suspects.sort((p, q) => q.best - p.best);
    const applied: number[] = [];
    for (const suspect of suspects) {
      if (applied.some((k) => Math.abs(k - suspect.k) <= 2)) {
        if (!this.rescore(r, len, suspect)) continue;
      }
      // The vocabulary's say (vocabulary.ts): each candidate, best first, needs its own extra gain.
      const at = start + suspect.k - 1;
      let extra = { extra: 0, warningExtra: 0 };
      while (suspect.kept.length > 0) {
        // Margin over what a warning needs without the vocabulary: beyond judge()'s largest extra it cannot matter.
        const settled = suspect.kept[0]![1] - (this.options.warningThreshold + (suspect.need - this.options.infoThreshold));
        extra = this.vocabularyExtra(text, at, this.model.chars[suspect.kept[0]![0]]!, start, end, segmenter, settled);
        if (suspect.kept[0]![1] >= suspect.need + extra.extra) break;
        suspect.kept.shift();
      }
      if (suspect.kept.length === 0) continue;
      suspect.best = suspect.kept[0]![1];
      applied.push(suspect.k);
      r[suspect.k] = suspect.kept[0]![0];
      this.report(text, at, suspect, findings, extra);
    }
  }

  /**
   * Two adjacent wrong characters (墙画 for 强化): neither substitution alone helps, since each
   * keeps the other wrong neighbour. Tried only where the pair connects to neither side (both
   * trigrams through it are unattested) and for candidate pairs that form a frequent bigram.
   */
  private findPairs(text: string, start: number, r: Int32Array, len: number, singles: Suspect[] | undefined, findings: Finding[], segmenter: CheckInput['segmenter']): void {
    const m = this.model;
    const need = this.options.infoThreshold + PAIR_EXTRA;
    const levels = this.levels;
    for (let k = 1; k + 2 < len; k++) {
      // Screen levels of x1 x2, b x1 and x2 c, read by checkRun (-1 when b or c is outside the
      // universe). The pair must be loosely bound to both sides: tested first, since it settles
      // nine positions in ten from an array in cache (README "Speed").
      const pairLevel = levels[k + 1]!;
      if (pairLevel + SCREEN_STEPS > 15) continue;
      if (levels[k]! > PAIR_OUTER_LEVEL) continue;
      if (levels[k + 2]! > PAIR_OUTER_LEVEL) continue;
      const b = r[k - 1]!;
      const c = r[k + 2]!;
      if (b < 0 && c < 0) continue;
      const x1 = r[k]!;
      const x2 = r[k + 1]!;
      const c1 = this.candidatesOf(x1);
      const c2 = c1 && this.candidatesOf(x2);
      if (!c1 || !c2) continue;
      if (singles && singles.some((s) => s.k === k || s.k === k + 1)) continue;
      // ...then unattested in both trigrams.
      if ((b >= 0 && m.trigramLog(b, x1, x2) >= 0) || (c >= 0 && m.trigramLog(x1, x2, c) >= 0)) continue;
      const minLevel = Math.max(pairLevel + SCREEN_STEPS, PAIR_WORD_LEVEL);
      // Candidate pairs (y1, y2) with y2 among y1's frequent successors: mark x2's candidates, walk y1's list.
      const mark = this.mark;
      for (let j = 0; j < c2.ids.length; j++) mark[c2.dense[j]!] = j + 1;
      let pairs: number[] | undefined;
      for (let i = 0; i < c1.ids.length; i++) {
        const dy1 = c1.dense[i]!;
        const strong = this.screen.strongCount(dy1, minLevel);
        // A step of the walk reads the list in order and a mark in cache; a cell of the row is a
        // read from the 18 MB matrix: the walk pays up to 8 steps a candidate of x2 (x1.02-1.04
        // over 1 step, benchmarks/sentences.ts --ab). The pairs found are the same either way.
        if (strong <= WALK_STEPS_PER_CELL * c2.ids.length) {
          // The successors that reach minLevel lead y1's list: walk them and look each up in the marks.
          const from = this.strongStart[dy1]!;
          for (let p = from; p < from + strong; p++) {
            const j = mark[this.strongNext[p]!]! - 1;
            if (j >= 0) (pairs ??= []).push(i, j);
          }
        } else {
          // y1 has many more such successors than x2 has candidates: read its row instead.
          const row = dy1 * this.rowBytes;
          for (let j = 0; j < c2.ids.length; j++) {
            const dy = c2.dense[j]!;
            if (((this.after[row + (dy >> 1)]! >> ((dy & 1) << 2)) & 15) >= minLevel) (pairs ??= []).push(i, j);
          }
        }
      }
      for (let j = 0; j < c2.ids.length; j++) mark[c2.dense[j]!] = 0;
      if (!pairs) continue;
      const a = k >= 2 && b >= 0 ? r[k - 2]! : -1;
      const d = k + 3 < len && c >= 0 ? r[k + 3]! : -1;
      const base = this.pairScore(a, b, x1, x2, c, d);
      let best: [number, number, number] | undefined;
      let bestOrder = Infinity;
      for (let q = 0; q < pairs.length; q += 2) {
        const i = pairs[q]!;
        const j = pairs[q + 1]!;
        const gain = this.pairScore(a, b, c1.ids[i]!, c2.ids[j]!, c, d) - base - c1.penalties[i]! - c2.penalties[j]!;
        // Ties go to the earlier pair in candidate order, whatever order the pairs were found in.
        const order = i * c2.ids.length + j;
        if (gain >= need && (!best || gain > best[2] || (gain === best[2] && order < bestOrder))) {
          best = [c1.ids[i]!, c2.ids[j]!, gain];
          bestOrder = order;
        }
      }
      if (!best) continue;
      const at = start + k - 1;
      const match = text.slice(at, at + 2);
      const suggestion = m.chars[best[0]]! + m.chars[best[1]]!;
      // Next to Latin or digits the model sees one side only, as for single characters; then the vocabulary's say.
      const vocabulary = this.vocabularyExtra(text, at, suggestion, start, start + len - 2, segmenter);
      const extra = (b < 0 || c < 0 ? ONE_SIDED_PENALTY : 0) + vocabulary.extra;
      if (best[2] < need + extra) continue;
      // Two wrong characters rarely make a dictionary word (郑志, 墙画 do not); a pair that is one (正割, 私钥) stays as info.
      if (segmenter.isWord?.(match)) vocabulary.warningExtra = Infinity;
      findings.push({
        type: 'typo',
        category: 'context',
        severity: best[2] >= this.options.warningThreshold + PAIR_EXTRA + extra + vocabulary.warningExtra ? 'warning' : 'info',
        rule: 'typo:context',
        start: at,
        end: at + 2,
        match,
        suggestions: [suggestion],
        message: `“${match}”可能是“${suggestion}”之误`,
        confidence: confidenceOf(best[2] - need - extra),
      });
      k++;
    }
  }

  /** log10 score of the four trigrams that contain positions k and k+1 holding y1 y2. */
  private pairScore(a: number, b: number, y1: number, y2: number, c: number, d: number): number {
    let s = this.cond(a, b, y1) + this.cond(b, y1, y2);
    if (c >= 0) s += this.cond(y1, y2, c);
    if (c >= 0 && d >= 0) s += this.cond(y2, c, d);
    return s;
  }

  /** Scores a suspect's candidates again in the current `r`; false when none still passes. */
  private rescore(r: Int32Array, len: number, suspect: Suspect): boolean {
    const x = suspect.original;
    const base = this.local(r, len, suspect.k, x);
    const kept: Array<[number, number]> = [];
    for (const [y] of suspect.kept) {
      const gain = this.local(r, len, suspect.k, y) - base - this.penaltyOf(x, y);
      if (gain >= suspect.need) kept.push([y, gain]);
    }
    if (kept.length === 0) return false;
    kept.sort((p, q) => q[1] - p[1]);
    suspect.kept = kept;
    suspect.best = kept[0]![1];
    return true;
  }

  /** The extra gain the vocabulary asks for replacing text[at, ...) by `suggestion` in the run text[start, end). */
  private vocabularyExtra(text: string, at: number, suggestion: string, start: number, end: number, segmenter: CheckInput['segmenter'], settled = -Infinity): { extra: number; warningExtra: number } {
    const run = text.slice(start, end);
    const words = segmenter.cut(run);
    const rarelySeen = (offset: number): boolean => {
      let at0 = 0;
      for (const word of words) {
        if (at0 === offset) return this.minBigramLog(word) < RARELY_SEEN_BIGRAM;
        at0 += word.length;
      }
      return false;
    };
    return this.vocabulary.judge(text, at, suggestion, start, words, rarelySeen, segmenter, settled);
  }

  /** The lowest log10 count among the adjacent pairs of `word` (-1 for a pair the model lacks). */
  private minBigramLog(word: string): number {
    let min = Infinity;
    for (let i = 0; i + 1 < word.length; i++) {
      const p = this.model.id(word.charCodeAt(i));
      const q = this.model.id(word.charCodeAt(i + 1));
      min = Math.min(min, p >= 0 && q >= 0 ? this.model.bigramLog(p, q) : -1);
    }
    return min;
  }

  private report(text: string, at: number, suspect: Suspect, findings: Finding[], vocabulary: { extra: number; warningExtra: number }): void {
    const extra = vocabulary.extra;
    const { warningThreshold, infoThreshold, maxSuggestions } = this.options;
    const match = text[at]!;
    const suggestions = suspect.kept.slice(0, maxSuggestions).map(([id]) => this.model.chars[id]!);
    // `need` exceeds infoThreshold by the in-word penalty, which the warning level also pays, and so does the vocabulary's extra.
    const warning = suspect.best >= warningThreshold + (suspect.need - infoThreshold) + extra + vocabulary.warningExtra;
    // A regional standard form is not a wrong character: 著 is how Taiwan writes the particle 着.
    const variant = REGIONAL_VARIANTS.get(match) === suggestions[0];
    findings.push({
      type: variant ? 'normative' : 'typo',
      category: variant ? 'variant' : 'context',
      severity: warning ? 'warning' : 'info',
      rule: variant ? 'normative:variant' : 'typo:context',
      start: at,
      end: at + 1,
      match,
      suggestions,
      message: variant ? `“${match}”是台湾地区的规范字形，大陆规范写法为“${suggestions[0]}”` : `“${match}”可能是“${suggestions[0]}”之误`,
      confidence: confidenceOf(suspect.best - suspect.need - extra),
    });
  }

  /** The confusion penalty of replacing x by y (x's candidate list holds it). */
  private penaltyOf(x: number, y: number): number {
    const cands = this.candidatesOf(x)!;
    const j = cands.ids.indexOf(y);
    return cands.penalties[j]!;
  }

  /** cond() of the run's own trigram ending at index i (r as read from the text), computed once per run. */
  private textCond(r: Int32Array, i: number): number {
    let v = this.condMemo[i]!;
    if (v !== v) {
      v = this.cond(i >= 2 ? r[i - 2]! : -1, r[i - 1]!, r[i]!);
      this.condMemo[i] = v;
    }
    return v;
  }

  /** log10 score of the trigrams that contain position k when it holds `z` (r[0] and r[len-1] are boundaries). */
  private local(r: Int32Array, len: number, k: number, z: number): number {
    const a = k >= 2 ? r[k - 2]! : -1;
    const b = r[k - 1]!;
    const c = r[k + 1]!;
    const d = k + 2 < len ? r[k + 2]! : -1;
    let s = this.cond(a, b, z);
    if (c >= 0) s += this.cond(b, z, c);
    if (c >= 0 && d >= 0) s += this.cond(z, c, d);
    return s;
  }

  /**
   * An upper bound of cond(b, y, c) + cond(a, b, y) + cond(y, c, d) (without the terms checkRun
   * leaves out when c or d is -1), from no probe into the tables: a trigram that the presence filter
   * rules out is absent, and its back-off term is bounded by the screen level of the bigram it falls
   * back on (level 0: absent, exact; -1: not in the screen, no bound). A term whose trigram may be
   * present counts 0.
   */
  private scoreBound(a: number, b: number, y: number, c: number, d: number, byLevel: number, ycLevel: number, cdLevel: number): number {
    const m = this.model;
    let bound = 0;
    if (c >= 0 && !(b >= 0 && m.mayHaveTrigram(b, y, c))) bound += this.backoffBound(b >= 0 ? BACKOFF : 0, y, c, ycLevel);
    if (!(a >= 0 && m.mayHaveTrigram(a, b, y))) {
      const s = a >= 0 ? BACKOFF : 0;
      bound += b >= 0 ? this.backoffBound(s, b, y, byLevel) : s + m.unigramLog[y]! - m.totalLog;
    }
    if (d >= 0 && !m.mayHaveTrigram(y, c, d)) bound += this.backoffBound(BACKOFF, c, d, cdLevel);
    return bound;
  }

  /** Upper bound of cond's back-off from bigram p q (p >= 0) on, `s` the back-off so far, `level` the screen level of p q. */
  private backoffBound(s: number, p: number, q: number, level: number): number {
    const m = this.model;
    if (level === 0) return s + BACKOFF + m.unigramLog[q]! - m.totalLog;
    if (level < 0) return s;
    return s + Math.min(0, LEVEL_CEILING[level]! - m.unigramLog[p]!);
  }

  /** Stupid back-off log10 score of `z` after `a b` (a, b are -1 before a run's start). */
  private cond(a: number, b: number, z: number): number {
    const m = this.model;
    if (a >= 0) {
      // The trigram's entry holds its context bigram's level: one probe (~30% fewer than two).
      const t = m.trigramCond(a, b, z);
      if (t <= 0) return t;
    }
    let s = a >= 0 ? BACKOFF : 0;
    if (b >= 0) {
      const bg = m.bigramLog(b, z);
      if (bg >= 0) return s + bg - Math.max(bg, m.unigramLog[b]!);
      s += BACKOFF;
    }
    return s + m.unigramLog[z]! - m.totalLog;
  }

  private candidatesOf(id: number): Candidates | null {
    const cached = this.candidates[id];
    if (cached !== undefined) return cached;
    const ids: number[] = [];
    const penalties: number[] = [];
    const kindPenalty = [0, this.options.otherTonePenalty, this.options.shapePenalty, this.options.nearSoundPenalty];
    forEachConfusable(this.model, id, (cid, kind) => {
      ids.push(cid);
      penalties.push(kindPenalty[kind]!);
    });
    // In screening order (dense ids ascending), so that the row reads of a position move forward.
    const order = ids.map((_, i) => i).sort((p, q) => this.dense[ids[p]!]! - this.dense[ids[q]!]!);
    const cands =
      ids.length > 0 && this.dense[id]! >= 0
        ? {
            ids: Int32Array.from(order, (i) => ids[i]!),
            dense: Int32Array.from(order, (i) => this.dense[ids[i]!]!),
            penalties: Float64Array.from(order, (i) => penalties[i]!),
          }
        : null;
    this.candidates[id] = cands;
    return cands;
  }
}

/** Maps the margin over the threshold (log10) to 0.5..1: 0.5 at the threshold, 0.95 two decades above. */
function confidenceOf(margin: number): number {
  return Math.round(1000 / (1 + Math.exp(-1.5 * margin))) / 1000;
}

