import { MatcherBuildError } from './errors.js';
import { Matcher, type MatcherParts } from './matcher.js';

/** Code units are mapped to dense codes 1..K; 0 means "in no pattern". */
const UNIT_SPACE = 0x10000;
const MAX_ALPHABET = UNIT_SPACE - 1;
/**
 * A free slot that failed this many placement attempts leaves the free list, which keeps
 * placement linear; the 100k-term build in benchmarks/matcher (< 2 s target) set the value.
 */
const MAX_SLOT_TRIES = 16;

/**
 * Compiles patterns into a double-array Aho-Corasick {@link Matcher}. It has no options: the
 * automaton always reports every occurrence (see DESIGN.md). Every error happens here.
 */
export class MatcherBuilder {
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
    });
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
    throw new MatcherBuildError('patterns use all 65536 UTF-16 code units; one must stay unused', firstIndex.get(culprit)!);
  }
  const codes = new Uint16Array(UNIT_SPACE);
  for (let i = 0; i < present.length; i++) codes[present[i]] = i + 1;
  return { codes, size: present.length };
}

type TrieParts = Pick<MatcherParts, 'base' | 'check' | 'fail' | 'out' | 'outPattern' | 'outNext' | 'stateCount'>;

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
  const base = new Int32Array(length);
  base.set(slots.base.subarray(0, Math.min(length, slots.capacity)));
  for (const s of leaves) base[s] = leafBase;
  const check = new Uint16Array(length);
  check.set(slots.check.subarray(0, Math.min(length, slots.capacity)));

  const fail = new Int32Array(length);
  const out = new Int32Array(length);
  let outputs = 0;
  for (let q = 0; q < qLen; q++) if (qTerminal[q] >= 0) outputs++;
  const outPattern = new Int32Array(outputs + 1);
  const outNext = new Int32Array(outputs + 1);
  let entry = 0;
  for (let q = 1; q < qLen; q++) {
    const s = qState[q];
    const p = qParent[q];
    const c = check[s];
    let f = 0;
    if (p !== 0) {
      f = fail[p];
      for (;;) {
        const t = base[f] + c;
        if (check[t] === c) {
          f = t;
          break;
        }
        if (f === 0) break;
        f = fail[f];
      }
    }
    fail[s] = f;
    if (qTerminal[q] >= 0) {
      entry++;
      outPattern[entry] = qTerminal[q];
      outNext[entry] = out[f];
      out[s] = entry;
    } else {
      out[s] = out[f];
    }
  }
  return { base, check, fail, out, outPattern, outNext, stateCount: qLen };
}

/** Growable double-array slot space with a free list of unused slots. */
class SlotSpace {
  base: Int32Array;
  check: Uint16Array;
  capacity: number;
  maxUsed = 0;
  private used: Uint8Array;
  private usedBase: Uint8Array;
  private tries: Uint8Array;
  /** Doubly linked free list over unused slots; `head === -1` when empty. */
  private next: Int32Array;
  private prev: Int32Array;
  private head = -1;
  private tail = -1;

  constructor(capacity: number) {
    this.capacity = 0;
    this.base = new Int32Array(0);
    this.check = new Uint16Array(0);
    this.used = new Uint8Array(0);
    this.usedBase = new Uint8Array(0);
    this.tries = new Uint8Array(0);
    this.next = new Int32Array(0);
    this.prev = new Int32Array(0);
    this.grow(capacity);
  }

  /** Finds a base b, unused by any other state, with every b + code free. */
  findBase(codes: Int32Array, count: number, minCode: number, maxCode: number): number {
    let p = this.head;
    for (;;) {
      if (p === -1) {
        p = this.capacity;
        this.grow(this.capacity * 2);
      }
      const b = p - minCode;
      if (b >= 0) {
        if (b + maxCode >= this.capacity) this.grow(Math.max(this.capacity * 2, b + maxCode + 1));
        if (this.usedBase[b] === 0 && this.fits(b, codes, count)) return b;
      }
      const after = this.next[p];
      if (++this.tries[p] >= MAX_SLOT_TRIES) this.unlink(p);
      p = after;
    }
  }

  setBase(s: number, b: number): void {
    this.base[s] = b;
    this.usedBase[b] = 1;
  }

  occupy(t: number): void {
    this.used[t] = 1;
    this.unlink(t);
    if (t > this.maxUsed) this.maxUsed = t;
  }

  private fits(b: number, codes: Int32Array, count: number): boolean {
    for (let k = 0; k < count; k++) if (this.used[b + codes[k]] !== 0) return false;
    return true;
  }

  private unlink(t: number): void {
    const n = this.next[t];
    const p = this.prev[t];
    if (n === -2) return; // already out of the list
    if (p === -1) this.head = n;
    else this.next[p] = n;
    if (n === -1) this.tail = p;
    else this.prev[n] = p;
    this.next[t] = -2;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    if (capacity <= old) return;
    this.base = resize(this.base, capacity);
    this.check = resize(this.check, capacity);
    this.used = resize(this.used, capacity);
    this.usedBase = resize(this.usedBase, capacity);
    this.tries = resize(this.tries, capacity);
    this.next = resize(this.next, capacity);
    this.prev = resize(this.prev, capacity);
    for (let t = old; t < capacity; t++) {
      this.prev[t] = this.tail;
      this.next[t] = -1;
      if (this.tail === -1) this.head = t;
      else this.next[this.tail] = t;
      this.tail = t;
    }
    this.capacity = capacity;
  }
}

function resize<T extends Int32Array | Uint16Array | Uint8Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
