import { MatcherBuildError } from './errors.js';
import { BASE, CHECK, FAIL, MANY_CHILDREN, NODE_STRIDE, OUT } from './layout.js';
import { Matcher, type MatcherEngine, type MatcherParts } from './matcher.js';

/** Code units are mapped to dense codes 1..K; 0 means "in no pattern". */
const UNIT_SPACE = 0x10000;
/** Codes fit the low 16 bits of the check word; 0 and MANY_CHILDREN are never codes. */
const MAX_ALPHABET = MANY_CHILDREN - 1;
/**
 * Placement bounds, set on the 100k-term build of benchmarks/matcher (< 2 s, dense array): a
 * hole that small nodes failed this often is closed, and a node with more than two children
 * only searches this many slots back from the last used one (older holes are left to the
 * one- and two-child nodes, which fill them).
 */
const MAX_SLOT_TRIES = 16;
const HEAVY_WINDOW = 32768;

/**
 * Compiles patterns into a double-array Aho-Corasick {@link Matcher}. The automaton always
 * reports every occurrence (see DESIGN.md); the one option is which scan loop runs it.
 * Every error happens here.
 */
export class MatcherBuilder {
  private scanEngine: MatcherEngine = 'wasm';

  /** `wasm` (default) or `js`: same automaton and answers, the WebAssembly loop is faster. */
  engine(kind: MatcherEngine): this {
    if (kind !== 'wasm' && kind !== 'js') throw new TypeError(`unknown matcher engine ${String(kind)}: use 'wasm' or 'js'`);
    this.scanEngine = kind;
    return this;
  }

  /**
   * Pattern ids are indices into `patterns`. A repeated pattern keeps the index of its first
   * occurrence; later indices are never reported but `pattern(id)` still answers for them.
   * @throws MatcherBuildError on an empty (or non-string) pattern, with its index.
   */
  build(patterns: readonly string[]): Matcher {
    const firstIndex = new Map<string, number>();
    const unique: string[] = [];
    const offsets = new Uint32Array(patterns.length + 1);
    let totalUnits = 0;
    for (let i = 0; i < patterns.length; i++) {
      const p = patterns[i];
      if (typeof p !== 'string' || p.length === 0) {
        throw new MatcherBuildError(`pattern ${i} is empty; a pattern needs at least one character`, i);
      }
      totalUnits += p.length;
      offsets[i + 1] = totalUnits;
      if (!firstIndex.has(p)) {
        firstIndex.set(p, i);
        unique.push(p);
      }
    }
    const codeOf = buildAlphabet(unique, firstIndex);
    unique.sort();
    const parts = placeTrie(unique, firstIndex, codeOf.codes, codeOf.size);
    return new Matcher({
      ...parts,
      codeOf: codeOf.codes,
      alphabetSize: codeOf.size,
      patternOffsets: offsets,
      patternText: patterns.join(''),
    }, this.scanEngine);
  }
}

interface Alphabet {
  codes: Uint16Array;
  size: number;
}

/** Dense codes, most frequent unit first, so that children cluster at small offsets (daachorse). */
function buildAlphabet(unique: readonly string[], firstIndex: ReadonlyMap<string, number>): Alphabet {
  const freq = new Uint32Array(UNIT_SPACE);
  for (const p of unique) for (let i = 0; i < p.length; i++) freq[p.charCodeAt(i)]++;
  const present: number[] = [];
  for (let u = 0; u < UNIT_SPACE; u++) if (freq[u] !== 0) present.push(u);
  present.sort((a, b) => freq[b] - freq[a] || a - b);
  if (present.length > MAX_ALPHABET) {
    const rarest = String.fromCharCode(present[present.length - 1]);
    const culprit = unique.find((p) => p.includes(rarest))!;
    throw new MatcherBuildError(`patterns use ${present.length} distinct UTF-16 code units; at most ${MAX_ALPHABET} are supported`, firstIndex.get(culprit)!);
  }
  const codes = new Uint16Array(UNIT_SPACE);
  for (let i = 0; i < present.length; i++) codes[present[i]] = i + 1;
  return { codes, size: present.length };
}

type TrieParts = Pick<MatcherParts, 'nodes' | 'outputs' | 'stateCount'>;

/**
 * Places the trie of the sorted, unique patterns into a double array, breadth first, straight
 * from sorted ranges (no intermediate trie), then adds fail and output links.
 *
 * Slot t = base[s] + code is the child of s when check[t] === code. Bases are unique per
 * state, so a code check is enough to tell owners apart (as in daachorse).
 */
function placeTrie(
  unique: readonly string[],
  firstIndex: ReadonlyMap<string, number>,
  codeOf: Uint16Array,
  alphabetSize: number,
): TrieParts {
  let maxStates = 1;
  for (const p of unique) maxStates += p.length;
  // Breadth-first queue of states with their pattern ranges; its order is the fail-link order.
  const qState = new Int32Array(maxStates);
  const qParent = new Int32Array(maxStates);
  const qLo = new Int32Array(maxStates);
  const qHi = new Int32Array(maxStates);
  const qDepth = new Int32Array(maxStates);
  const qTerminal = new Int32Array(maxStates).fill(-1);
  /** The only child's code, MANY_CHILDREN, or 0 for a leaf (high half of the check word). */
  const qOnlyChild = new Int32Array(maxStates);
  let qLen = 1;
  qHi[0] = unique.length;

  const slots = new SlotSpace(Math.max(1024, Math.ceil(maxStates * 1.2) + alphabetSize + 1));
  slots.occupy(0);

  const childCode = new Int32Array(alphabetSize + 1);
  const childLo = new Int32Array(alphabetSize + 1);
  const childHi = new Int32Array(alphabetSize + 1);
  const leaves: number[] = [];

  for (let q = 0; q < qLen; q++) {
    const s = qState[q];
    const depth = qDepth[q];
    let i = qLo[q];
    const hi = qHi[q];
    if (i < hi && unique[i].length === depth) {
      qTerminal[q] = firstIndex.get(unique[i])!;
      i++;
    }
    let children = 0;
    let minCode = alphabetSize + 1;
    let maxCode = 0;
    while (i < hi) {
      const unit = unique[i].charCodeAt(depth);
      let j = i + 1;
      while (j < hi && unique[j].charCodeAt(depth) === unit) j++;
      const code = codeOf[unit];
      childCode[children] = code;
      childLo[children] = i;
      childHi[children] = j;
      children++;
      if (code < minCode) minCode = code;
      if (code > maxCode) maxCode = code;
      i = j;
    }
    if (children === 0) {
      leaves.push(s);
      continue;
    }
    qOnlyChild[q] = children === 1 ? childCode[0] : MANY_CHILDREN;
    const b = slots.findBase(childCode, children, minCode, maxCode);
    slots.setBase(s, b);
    for (let k = 0; k < children; k++) {
      const t = b + childCode[k];
      slots.occupy(t);
      slots.check[t] = childCode[k];
      qState[qLen] = t;
      qParent[qLen] = s;
      qLo[qLen] = childLo[k];
      qHi[qLen] = childHi[k];
      qDepth[qLen] = depth + 1;
      qLen++;
    }
  }

  // Leaves get a base past the last used slot, where every check is 0, so all lookups miss.
  const leafBase = slots.maxUsed;
  const length = leafBase + alphabetSize + 1;
  const nodes = new Int32Array(length * NODE_STRIDE);
  const used = Math.min(length, slots.capacity);
  for (let t = 0; t < used; t++) {
    nodes[t * NODE_STRIDE + BASE] = slots.base[t];
    nodes[t * NODE_STRIDE + CHECK] = slots.check[t];
  }
  for (const s of leaves) nodes[s * NODE_STRIDE + BASE] = leafBase;

  // Output chains as entries (pattern, next shorter entry), one per terminal state; rewritten
  // into the scan's format by encodeOutputs once every chain is known.
  let terminals = 0;
  for (let q = 0; q < qLen; q++) if (qTerminal[q] >= 0) terminals++;
  const outPattern = new Int32Array(terminals + 1);
  const outNext = new Int32Array(terminals + 1);
  let entry = 0;
  for (let q = 1; q < qLen; q++) {
    const s = qState[q];
    const p = qParent[q];
    const c = nodes[s * NODE_STRIDE + CHECK];
    let f = 0;
    if (p !== 0) {
      f = nodes[p * NODE_STRIDE + FAIL];
      for (;;) {
        const t = nodes[f * NODE_STRIDE + BASE] + c;
        if (nodes[t * NODE_STRIDE + CHECK] === c) {
          f = t;
          break;
        }
        if (f === 0) break;
        f = nodes[f * NODE_STRIDE + FAIL];
      }
    }
    nodes[s * NODE_STRIDE + FAIL] = f;
    const inherited = nodes[f * NODE_STRIDE + OUT];
    if (qTerminal[q] >= 0) {
      entry++;
      outPattern[entry] = qTerminal[q];
      outNext[entry] = inherited;
      nodes[s * NODE_STRIDE + OUT] = entry;
    } else {
      nodes[s * NODE_STRIDE + OUT] = inherited;
    }
  }
  const outputs = encodeOutputs(nodes, qState, qLen, outPattern, outNext);
  for (let q = 0; q < qLen; q++) nodes[qState[q] * NODE_STRIDE + CHECK] |= qOnlyChild[q] << 16;
  return { nodes, outputs, stateCount: qLen };
}

/**
 * Rewrites each state's out word from a chain entry to the format the scan reads (see
 * `MatcherParts.nodes`): a chain of one pattern inline as ~patternId, a longer chain as an
 * index into `[patternId, rest]` pairs, numbered in breadth-first order of first use.
 */
function encodeOutputs(nodes: Int32Array, qState: Int32Array, qLen: number, outPattern: Int32Array, outNext: Int32Array): Int32Array {
  /** Chain entry -> its encoded out word, once computed (0 = not yet). */
  const word = new Int32Array(outPattern.length);
  const pairs: number[] = [0, 0];
  const chain: number[] = [];
  const encode = (head: number): number => {
    if (head === 0 || word[head] !== 0) return word[head];
    // A pair for each entry down to the first one already encoded or the last of the chain,
    // then each pair's rest from the tail back (no recursion: chains can be long).
    chain.length = 0;
    let e = head;
    while (word[e] === 0 && outNext[e] !== 0) {
      word[e] = pairs.length >> 1;
      pairs.push(outPattern[e], 0);
      chain.push(e);
      e = outNext[e];
    }
    let rest = word[e] !== 0 ? word[e] : (word[e] = ~outPattern[e]);
    for (let k = chain.length - 1; k >= 0; k--) {
      pairs[2 * word[chain[k]] + 1] = rest;
      rest = word[chain[k]];
    }
    return word[head];
  };
  for (let q = 0; q < qLen; q++) {
    const s = qState[q];
    nodes[s * NODE_STRIDE + OUT] = encode(nodes[s * NODE_STRIDE + OUT]);
  }
  return Int32Array.from(pairs);
}

/**
 * Growable double-array slot space. Free slots are found with a union-find "next free slot"
 * pointer (path halving), so a search can start at the first slot that yields a base >= 0.
 */
class SlotSpace {
  base: Int32Array;
  check: Uint16Array;
  capacity = 0;
  maxUsed = 0;
  private used: Uint8Array;
  private usedBase: Uint8Array;
  private tries: Uint8Array;
  /** nextFree[p] === p when p is open; otherwise a pointer towards the next open slot. */
  private nextFree: Int32Array;

  constructor(capacity: number) {
    this.base = new Int32Array(0);
    this.check = new Uint16Array(0);
    this.used = new Uint8Array(0);
    this.usedBase = new Uint8Array(0);
    this.tries = new Uint8Array(0);
    this.nextFree = new Int32Array(0);
    this.grow(capacity);
  }

  /**
   * Finds a base b >= 0, unused by any other state, with every b + code free.
   */
  findBase(codes: Int32Array, count: number, minCode: number, maxCode: number): number {
    let p = this.open(count > 2 ? Math.max(minCode, this.maxUsed - HEAVY_WINDOW) : minCode);
    for (;;) {
      const b = p - minCode;
      if (b + maxCode >= this.capacity) this.grow(Math.max(this.capacity * 2, b + maxCode + 1));
      if (this.usedBase[b] === 0 && this.fits(b, codes, count)) return b;
      // Only small nodes close a hole: if they cannot use it, hardly anything can.
      if (count <= 2 && ++this.tries[p] >= MAX_SLOT_TRIES) this.close(p);
      p = this.open(p + 1);
    }
  }

  setBase(s: number, b: number): void {
    this.base[s] = b;
    this.usedBase[b] = 1;
  }

  occupy(t: number): void {
    this.used[t] = 1;
    this.close(t);
    if (t > this.maxUsed) this.maxUsed = t;
  }

  private fits(b: number, codes: Int32Array, count: number): boolean {
    for (let k = 0; k < count; k++) if (this.used[b + codes[k]] !== 0) return false;
    return true;
  }

  /** First open slot >= p, growing the space when there is none. */
  private open(p: number): number {
    for (;;) {
      if (p >= this.capacity) this.grow(Math.max(this.capacity * 2, p + 1));
      const next = this.nextFree;
      const q = next[p];
      if (q === p) return p;
      if (q < this.capacity) {
        // Path halving keeps long runs of used slots cheap to skip.
        const r = next[q];
        next[p] = r;
        p = r;
      } else {
        p = q;
      }
    }
  }

  /** Takes slot t out of the search, for good: used, or tried too often. */
  private close(t: number): void {
    this.nextFree[t] = t + 1;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    if (capacity <= old) return;
    this.base = resize(this.base, capacity);
    this.check = resize(this.check, capacity);
    this.used = resize(this.used, capacity);
    this.usedBase = resize(this.usedBase, capacity);
    this.tries = resize(this.tries, capacity);
    this.nextFree = resize(this.nextFree, capacity);
    for (let t = old; t < capacity; t++) this.nextFree[t] = t;
    this.capacity = capacity;
  }
}

function resize<T extends Int32Array | Uint16Array | Uint8Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
