import {
  CASE_PAIRS,
  COMPATIBILITY_EXPANSIONS,
  COMPATIBILITY_PAIRS,
  NOISE_UNITS,
  TRADITIONAL_PAIRS,
  WIDTH_PAIRS,
} from './generated/tables.js';
import { normalizeOptionsKey, type NormalizeOptions } from './options.js';

/** Fold value meaning "drop this unit". U+FFFF is a noncharacter, so no real target collides. */
export const DROP = 0xffff;
/** Fold value meaning "take the slow path": surrogates, expansions, and the sentinels themselves. */
export const SLOW = 0xfffe;

/**
 * Everything `normalize` needs for one option set: `fold[unit]` is the folded unit, DROP or SLOW;
 * `expansions` holds the replacement of every non-surrogate SLOW unit (possibly several units).
 */
export interface FoldTable {
  readonly key: string;
  readonly fold: Uint16Array;
  readonly expansions: ReadonlyMap<number, Uint16Array>;
  /** Longest expansion, so that the normalizer can size its buffers once per call. */
  readonly maxExpansion: number;
}

function identity(): Uint16Array {
  const map = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) map[c] = c;
  return map;
}

function pairMap(pairs: string): Uint16Array {
  const map = identity();
  for (let i = 0; i < pairs.length; i += 2) map[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1);
  return map;
}

/** The generated data, decoded once at first use into per-stage maps. */
interface Stages {
  width: Uint16Array;
  caseFold: Uint16Array;
  compatibility: Uint16Array;
  compatibilityExpansions: Map<number, string>;
  traditional: Uint16Array;
  noise: Uint8Array;
}

let stages: Stages | undefined;

function decodeStages(): Stages {
  const noise = new Uint8Array(0x10000);
  for (let i = 0; i < NOISE_UNITS.length; i++) noise[NOISE_UNITS.charCodeAt(i)] = 1;
  return {
    width: pairMap(WIDTH_PAIRS),
    caseFold: pairMap(CASE_PAIRS),
    compatibility: pairMap(COMPATIBILITY_PAIRS),
    compatibilityExpansions: new Map(COMPATIBILITY_EXPANSIONS.map((e) => [e.charCodeAt(0), e.slice(1)])),
    traditional: pairMap(TRADITIONAL_PAIRS),
    noise,
  };
}

/** Folds one non-surrogate unit through the enabled stages in order: width, compatibility, case, traditional, noise. */
function foldUnit(s: Stages, o: NormalizeOptions, unit: number): number[] {
  if (o.noise && s.noise[unit] === 1) return [];
  let c = o.width ? s.width[unit] : unit;
  let units: number[];
  const expansion = o.compatibility ? s.compatibilityExpansions.get(c) : undefined;
  if (expansion !== undefined) {
    units = [];
    for (let i = 0; i < expansion.length; i++) units.push(expansion.charCodeAt(i));
  } else {
    if (o.compatibility) c = s.compatibility[c];
    units = [c];
  }
  const out: number[] = [];
  for (let u of units) {
    if (o.case) u = s.caseFold[u];
    if (o.traditional) u = s.traditional[u];
    if (o.noise && s.noise[u] === 1) continue;
    out.push(u);
  }
  return out;
}

function buildFoldTable(options: NormalizeOptions, key: string): FoldTable {
  stages ??= decodeStages();
  const fold = new Uint16Array(0x10000);
  const expansions = new Map<number, Uint16Array>();
  let maxExpansion = 1;
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) {
      fold[unit] = SLOW;
      continue;
    }
    const out = foldUnit(stages, options, unit);
    if (out.length === 0) {
      fold[unit] = DROP;
    } else if (out.length === 1 && out[0] < SLOW) {
      fold[unit] = out[0];
    } else {
      fold[unit] = SLOW;
      expansions.set(unit, Uint16Array.from(out));
      maxExpansion = Math.max(maxExpansion, out.length);
    }
  }
  return Object.freeze({ key, fold, expansions, maxExpansion });
}

const cache = new Map<string, FoldTable>();

/** The fold table for an option set, built on first request and shared by every normalizer. */
export function foldTableFor(options: NormalizeOptions): FoldTable {
  const key = normalizeOptionsKey(options);
  let table = cache.get(key);
  if (table === undefined) {
    table = buildFoldTable(options, key);
    cache.set(key, table);
  }
  return table;
}
