import { CHECK, NODE_STRIDE } from './layout.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';
import { WasmScan } from './wasm-scan.js';

/**
 * Which scan loop runs: `wasm` (wasm/scan-wat.ts, the default and the fast one) or `js` (the
 * loops in this file, same automaton, same answers; the conformance table runs both).
 */
export type MatcherEngine = 'wasm' | 'js';

/** One occurrence of a pattern; UTF-16 code-unit offsets, `end` exclusive. */
export interface Match {
  patternId: number;
  pattern: string;
  start: number;
  end: number;
}

export interface MatcherStats {
  kind: 'double-array-aho-corasick';
  engine: MatcherEngine;
  /** Patterns as given, duplicates included (= `patternCount`). */
  patterns: number;
  /** Automaton states (trie nodes, root included). */
  states: number;
  /** Bytes held by the automaton's arrays and pattern text (linear memory included). */
  bytes: number;
  /** Of which the WebAssembly engine's linear memory (0 for `js`): outside V8's heap and array buffers. */
  linearMemoryBytes: number;
}

/** The arrays a matcher is made of; shared by the builder and the snapshot codec. */
export interface MatcherParts {
  /** UTF-16 code unit -> dense code (1..alphabetSize), 0 when the unit is in no pattern. */
  codeOf: Uint16Array;
  alphabetSize: number;
  /**
   * The double array, one slot per NODE_STRIDE Int32s: [base, check, out, fail]. The child of
   * state s by code c is t = base(s) + c when the low half of check(t) is c. The high half of
   * check(s) is s's only child's code, MANY_CHILDREN, or 0 for a leaf. `out` encodes the
   * patterns that are suffixes of the state, longest first: 0 for none, ~patternId (< 0) for
   * exactly one, or an index k > 0 into `outputs` for two or more.
   */
  nodes: Int32Array;
  /**
   * Output pairs for chains of two or more patterns: `outputs[2k]` is a pattern id and
   * `outputs[2k + 1]` the rest of the chain, another index (> 0) or ~patternId for the last
   * one. Pair 0 is unused.
   */
  outputs: Int32Array;
  stateCount: number;
  /** Pattern id -> [offsets[id], offsets[id + 1]) in `patternText`. */
  patternOffsets: Uint32Array;
  patternText: string;
}


/**
 * An immutable double-array Aho-Corasick automaton over UTF-16 code units. It reports every
 * occurrence of every pattern, overlapping and nested ones included (see DESIGN.md).
 * Build it with `MatcherBuilder`, or restore it with `Matcher.fromSnapshot`.
 *
 * The transition loop is written out four times (scan, scanString, scanInto,
 * scanStringInto) on purpose: a shared helper taking the input or the output as a function
 * keeps V8 from inlining the per-unit read and costs a call per unit (benchmarks/matcher).
 * A change to one loop goes to all four; the conformance table runs all of them.
 */
export class Matcher {
  readonly patternCount: number;
  private readonly codeOf: Uint16Array;
  private readonly alphabetSize: number;
  private readonly nodes: Int32Array;
  /**
   * Low byte of each slot's check word, a 1-byte-per-slot copy of the double array's checks
   * that stays in L2 when `nodes` does not: most probes from a many-child state miss, and
   * this answers them without touching the child's slot (benchmarks/matcher, 100k terms).
   * Derived from `nodes`, never stored in snapshots; empty for the `wasm` engine, which keeps
   * a 16-bit one of its own.
   */
  private readonly probe: Uint8Array;
  private readonly outputs: Int32Array;
  private readonly stateCount: number;
  private readonly patternOffsets: Uint32Array;
  private readonly patternText: string;
  /** The WebAssembly loop, whose memory holds the arrays above; null for the `js` engine. */
  private readonly wasm: WasmScan | null;
  /**
   * findAll's pattern strings by id ('' until the pattern's first hit: patterns are never
   * empty), so that a pattern's hits share one string; made on the first findAll.
   */
  private patternStrings: string[] | undefined;
  /** findAll's (id, end) pairs before they become matches; grown, never shrunk. */
  private hitStore = new Int32Array(256);

  /** @internal Use `MatcherBuilder.build` or `Matcher.fromSnapshot`. */
  constructor(parts: MatcherParts, engine: MatcherEngine = 'wasm') {
    const wasm = engine === 'wasm' ? instantiateWasm(parts) : null;
    if (wasm !== null) {
      this.wasm = wasm;
      this.codeOf = wasm.codeOf;
      this.nodes = wasm.nodes;
      // The WebAssembly loop keeps its own (16-bit) probe in linear memory.
      this.probe = new Uint8Array(0);
      this.outputs = wasm.outputs;
    } else {
      this.wasm = null;
      this.codeOf = parts.codeOf;
      this.nodes = parts.nodes;
      this.probe = probeTable(parts.nodes);
      this.outputs = parts.outputs;
    }
    this.alphabetSize = parts.alphabetSize;
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
   * One `Match` per hit and nothing else: `pattern` is the same string for every hit of a
   * pattern (made on its first hit), and the WebAssembly engine builds the matches straight
   * from its hit area (benchmarks/README.md, "Matcher": bytes per hit).
   */
  findAll(text: string): Match[] {
    let count: number;
    if (this.wasm !== null) {
      count = 0;
      this.wasm.scanStringWith(text, (hits, n) => {
        if ((count + n) * 2 > this.hitStore.length) this.growHitStore((count + n) * 2, count * 2);
        this.hitStore.set(hits.subarray(0, n * 2), count * 2);
        count += n;
      });
    } else {
      count = this.scanStringInto(text, this.hitStore);
      if (count * 2 > this.hitStore.length) {
        this.growHitStore(count * 2, 0);
        this.scanStringInto(text, this.hitStore);
      }
    }
    return this.toMatches(this.hitStore, count);
  }

  /**
   * Number of occurrences (`findAll(text).length`, what `scanString` would call back for),
   * without building them.
   */
  count(text: string): number {
    return this.scanStringInto(text, NO_HITS);
  }

  /** At least `length` Int32s of hit store, keeping its first `keep`. */
  private growHitStore(length: number, keep: number): void {
    const grown = new Int32Array(Math.max(length, this.hitStore.length * 2));
    grown.set(this.hitStore.subarray(0, keep));
    this.hitStore = grown;
  }

  /**
   * `count` (id, end) pairs in scan order as matches in findAll order: each end's group,
   * longest first in the scan, is written back to front. The array is allocated at its
   * final size and holds instances of one class (cheaper to make and keep than literals:
   * benchmarks/README.md, "Matcher", the public path).
   */
  private toMatches(hits: Int32Array, count: number): Match[] {
    const names = (this.patternStrings ??= new Array<string>(this.patternCount).fill(''));
    const offsets = this.patternOffsets;
    const matches = new Array<Match>(count);
    let i = 0;
    while (i < count) {
      const end = hits[2 * i + 1];
      let j = i + 1;
      while (j < count && hits[2 * j + 1] === end) j++;
      for (let k = i; k < j; k++) {
        const id = hits[2 * k];
        let pattern = names[id];
        if (pattern === '') pattern = names[id] = this.patternText.slice(offsets[id], offsets[id + 1]);
        matches[i + j - 1 - k] = new FoundMatch(id, pattern, end - (offsets[id + 1] - offsets[id]), end);
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
    if (this.wasm !== null) return this.wasm.scan(units, Math.min(length, units.length), onMatch);
    const codeOf = this.codeOf;
    const nodes = this.nodes;
    const probe = this.probe;
    const rootBase = nodes[0];
    const outputs = this.outputs;
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
      const low = c & 0xff;
      for (;;) {
        const only = nodes[(s << 2) + 1] >>> 16;
        if (only === c) {
          s = nodes[s << 2] + c;
          break;
        }
        if (only === 0xffff) {
          const t = nodes[s << 2] + c;
          if (probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c) {
            s = t;
            break;
          }
        }
        if (s === 0) break;
        s = nodes[(s << 2) + 3];
        if (s === 0) {
          // Failing to the root: take the root's transition here, without another turn.
          const t = rootBase + c;
          s = probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c ? t : 0;
          break;
        }
      }
      // A chain of one pattern is inline (~id), so most hits read nothing outside the slot
      // (benchmarks/matcher, 100k terms: the old entry arrays were a third of the L2 misses).
      let o = nodes[(s << 2) + 2];
      if (o !== 0) {
        for (; o > 0; o = outputs[(o << 1) + 1]) onMatch(outputs[o << 1], i + 1);
        onMatch(~o, i + 1);
      }
    }
  }

  /** Same as `scan`, straight over a string (charCodeAt, no copy). */
  scanString(text: string, onMatch: (patternId: number, end: number) => void): void {
    if (this.wasm !== null) return this.wasm.scanString(text, onMatch);
    const codeOf = this.codeOf;
    const nodes = this.nodes;
    const probe = this.probe;
    const rootBase = nodes[0];
    const outputs = this.outputs;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = codeOf[text.charCodeAt(i)];
      if (c === 0) {
        s = 0;
        continue;
      }
      // Literal offsets (base 0, check 1, out 2, fail 3 of NODE_STRIDE 4, MANY_CHILDREN 0xffff)
      // keep the loop free of lookups. A one-child or leaf state answers from its own check
      // word, without touching a child's cache line (benchmarks/matcher, 100k terms).
      const low = c & 0xff;
      for (;;) {
        const only = nodes[(s << 2) + 1] >>> 16;
        if (only === c) {
          s = nodes[s << 2] + c;
          break;
        }
        if (only === 0xffff) {
          const t = nodes[s << 2] + c;
          if (probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c) {
            s = t;
            break;
          }
        }
        if (s === 0) break;
        s = nodes[(s << 2) + 3];
        if (s === 0) {
          // Failing to the root: take the root's transition here, without another turn.
          const t = rootBase + c;
          s = probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c ? t : 0;
          break;
        }
      }
      let o = nodes[(s << 2) + 2];
      if (o !== 0) {
        for (; o > 0; o = outputs[(o << 1) + 1]) onMatch(outputs[o << 1], i + 1);
        onMatch(~o, i + 1);
      }
    }
  }

  /**
   * Same occurrences and order as `scan`, written into `out` instead of a callback: hit k is
   * `out[2k]` (pattern id) and `out[2k + 1]` (end, exclusive). Returns the number of hits;
   * only the first `floor(out.length / 2)` are written, so when the result is larger, grow
   * `out` to twice the result and scan again. No call per hit (benchmarks/matcher).
   */
  scanInto(units: Uint16Array, length: number, out: Int32Array): number {
    if (this.wasm !== null) return this.wasm.scanInto(units, Math.min(length, units.length), out);
    const codeOf = this.codeOf;
    const nodes = this.nodes;
    const probe = this.probe;
    const rootBase = nodes[0];
    const outputs = this.outputs;
    const n = Math.min(length, units.length);
    const limit = out.length & ~1;
    let w = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = codeOf[units[i]];
      if (c === 0) {
        s = 0;
        continue;
      }
      const low = c & 0xff;
      for (;;) {
        const only = nodes[(s << 2) + 1] >>> 16;
        if (only === c) {
          s = nodes[s << 2] + c;
          break;
        }
        if (only === 0xffff) {
          const t = nodes[s << 2] + c;
          if (probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c) {
            s = t;
            break;
          }
        }
        if (s === 0) break;
        s = nodes[(s << 2) + 3];
        if (s === 0) {
          const t = rootBase + c;
          s = probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c ? t : 0;
          break;
        }
      }
      let o = nodes[(s << 2) + 2];
      if (o !== 0) {
        for (; o > 0; o = outputs[(o << 1) + 1]) {
          if (w < limit) {
            out[w] = outputs[o << 1];
            out[w + 1] = i + 1;
          }
          w += 2;
        }
        if (w < limit) {
          out[w] = ~o;
          out[w + 1] = i + 1;
        }
        w += 2;
      }
    }
    return w >> 1;
  }

  /** Same as `scanInto`, straight over a string (charCodeAt, no copy). */
  scanStringInto(text: string, out: Int32Array): number {
    if (this.wasm !== null) return this.wasm.scanStringInto(text, out);
    const codeOf = this.codeOf;
    const nodes = this.nodes;
    const probe = this.probe;
    const rootBase = nodes[0];
    const outputs = this.outputs;
    const n = text.length;
    const limit = out.length & ~1;
    let w = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = codeOf[text.charCodeAt(i)];
      if (c === 0) {
        s = 0;
        continue;
      }
      const low = c & 0xff;
      for (;;) {
        const only = nodes[(s << 2) + 1] >>> 16;
        if (only === c) {
          s = nodes[s << 2] + c;
          break;
        }
        if (only === 0xffff) {
          const t = nodes[s << 2] + c;
          if (probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c) {
            s = t;
            break;
          }
        }
        if (s === 0) break;
        s = nodes[(s << 2) + 3];
        if (s === 0) {
          const t = rootBase + c;
          s = probe[t] === low && (nodes[(t << 2) + 1] & 0xffff) === c ? t : 0;
          break;
        }
      }
      let o = nodes[(s << 2) + 2];
      if (o !== 0) {
        for (; o > 0; o = outputs[(o << 1) + 1]) {
          if (w < limit) {
            out[w] = outputs[o << 1];
            out[w + 1] = i + 1;
          }
          w += 2;
        }
        if (w < limit) {
          out[w] = ~o;
          out[w + 1] = i + 1;
        }
        w += 2;
      }
    }
    return w >> 1;
  }

  /** Which scan loop this matcher runs. */
  get engine(): MatcherEngine {
    return this.wasm === null ? 'js' : 'wasm';
  }

  stats(): MatcherStats {
    // The wasm engine's arrays live in its linear memory, with the text chunk and hit area.
    const arrays = this.wasm === null ? [this.codeOf, this.nodes, this.probe, this.outputs] : [];
    let bytes = this.patternText.length * 2 + this.patternOffsets.byteLength + (this.wasm?.byteLength ?? 0);
    for (const a of arrays) bytes += a.byteLength;
    return {
      kind: 'double-array-aho-corasick',
      engine: this.engine,
      patterns: this.patternCount,
      states: this.stateCount,
      bytes,
      linearMemoryBytes: this.wasm?.byteLength ?? 0,
    };
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
  static fromSnapshot(bytes: Uint8Array, expectedSourceHash?: string, engine: MatcherEngine = 'wasm'): Matcher {
    return new Matcher(decodeSnapshot(bytes, expectedSourceHash), engine);
  }

  private parts(): MatcherParts {
    return {
      codeOf: this.codeOf,
      alphabetSize: this.alphabetSize,
      nodes: this.nodes,
      outputs: this.outputs,
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

/**
 * The WebAssembly loop for these parts, or null when the engine cannot get another linear
 * memory: each reserves address space (V8 on 64-bit hosts: ~10 GB of it, for bounds checks
 * without code), so a process holding some 12,000 live matchers runs out. The matcher then
 * runs the JS loops, which give the same answers.
 */
function instantiateWasm(parts: MatcherParts): WasmScan | null {
  try {
    return new WasmScan(parts.codeOf, parts.alphabetSize, parts.nodes, parts.outputs, longestPattern(parts.patternOffsets));
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** Units in the longest pattern: it bounds the hits one unit can end (see wasm-scan.ts). */
function longestPattern(offsets: Uint32Array): number {
  let longest = 0;
  for (let id = 0; id + 1 < offsets.length; id++) longest = Math.max(longest, offsets[id + 1] - offsets[id]);
  return longest;
}

/** count()'s buffer: scanStringInto counts every hit and writes none. */
const NO_HITS = new Int32Array(0);

/** findAll's matches: one class, four fields, so every hit costs one small fixed-shape object. */
class FoundMatch implements Match {
  constructor(
    readonly patternId: number,
    readonly pattern: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** The low byte of every slot's check word (see `Matcher.probe`). */
function probeTable(nodes: Int32Array): Uint8Array {
  const slots = nodes.length / NODE_STRIDE;
  const probe = new Uint8Array(slots);
  for (let t = 0; t < slots; t++) probe[t] = nodes[t * NODE_STRIDE + CHECK] & 0xff;
  return probe;
}
