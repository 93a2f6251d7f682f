/**
 * Oracle for the matcher tests: the `ahocorasick` npm package, converted to {pattern, start,
 * end} triples and compared as sorted sets. Not a test file; tap only imports it.
 */
import { createRequire } from 'node:module';
import type { Matcher } from '../../../src/core/matcher/index.js';
import { mulberry32 } from '../../helpers/random.js';

export { mulberry32 };

const require = createRequire(import.meta.url);
const AhoCorasick = require('ahocorasick') as new (keywords: string[]) => {
  search(text: string): Array<[number, string[]]>;
};

export interface Hit {
  pattern: string;
  start: number;
  end: number;
}

const byPosition = (a: Hit, b: Hit): number =>
  a.start - b.start || a.end - b.end || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0);

/** Sorted, de-duplicated (the reference reports a repeated keyword once per copy). */
export function normalize(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  const unique: Hit[] = [];
  for (const h of hits) {
    const key = `${h.start}:${h.end}:${h.pattern}`;
    if (!seen.has(key)) {
      seen.add(key);
      unique.push({ pattern: h.pattern, start: h.start, end: h.end });
    }
  }
  return unique.sort(byPosition);
}

export function referenceHits(patterns: readonly string[], text: string): Hit[] {
  if (patterns.length === 0) return [];
  const hits: Hit[] = [];
  for (const [last, keywords] of new AhoCorasick([...patterns]).search(text)) {
    for (const k of keywords) hits.push({ pattern: k, start: last + 1 - k.length, end: last + 1 });
  }
  return normalize(hits);
}

export function scanStringHits(matcher: Matcher, text: string): Hit[] {
  const hits: Hit[] = [];
  matcher.scanString(text, (id, end) => {
    hits.push({ pattern: matcher.pattern(id), start: end - matcher.patternLength(id), end });
  });
  return normalize(hits);
}

export function scanHits(matcher: Matcher, text: string): Hit[] {
  // Longer buffer than the text, as the engine reuses one: scan must stop at `length`.
  const units = new Uint16Array(text.length + 3).fill(0x4e2d);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  const hits: Hit[] = [];
  matcher.scan(units, text.length, (id, end) => {
    hits.push({ pattern: matcher.pattern(id), start: end - matcher.patternLength(id), end });
  });
  return normalize(hits);
}

/**
 * scanStringInto, then scanInto, starting from a 2-slot buffer so that the grow-and-rescan
 * path runs; both must write the same (id, end) sequence as scanString's callbacks, in order.
 */
export function scanIntoHits(matcher: Matcher, text: string): Hit[] {
  const calls: number[] = [];
  matcher.scanString(text, (id, end) => calls.push(id, end));
  const units = new Uint16Array(text.length + 3).fill(0x4e2d);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  const runs: Array<(out: Int32Array) => number> = [
    (out) => matcher.scanStringInto(text, out),
    (out) => matcher.scanInto(units, text.length, out),
  ];
  let written: number[] = [];
  for (const run of runs) {
    let out = new Int32Array(2);
    let count = run(out);
    if (count > out.length / 2) {
      const first = Array.from(out);
      out = new Int32Array(count * 2);
      if (run(out) !== count) throw new Error('scanInto: count changed between scans');
      if (count > 0 && first.some((v, i) => v !== out[i])) throw new Error('scanInto: a short buffer got other hits');
    }
    written = Array.from(out.subarray(0, count * 2));
    if (JSON.stringify(written) !== JSON.stringify(calls)) throw new Error('scanInto: sequence differs from scanString');
  }
  const hits: Hit[] = [];
  for (let k = 0; k < written.length; k += 2) {
    const id = written[k];
    const end = written[k + 1];
    hits.push({ pattern: matcher.pattern(id), start: end - matcher.patternLength(id), end });
  }
  return normalize(hits);
}

/** findAll's matches; count() must agree with their number. */
export function findAllHits(matcher: Matcher, text: string): Hit[] {
  const matches = matcher.findAll(text);
  const counted = matcher.count(text);
  if (counted !== matches.length) throw new Error(`count() is ${counted}, findAll() found ${matches.length}`);
  return normalize(matches);
}

