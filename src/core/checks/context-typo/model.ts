/**
 * The character n-gram table of the context-typo check: unigram, bigram and trigram
 * expected counts of Chinese characters, quantised to log10 steps of 1/20.
 *
 * Artifact layout (little-endian), all errors are thrown by `fromBytes`, never at lookup:
 *   0  magic "JDCTXLM\0"            8 bytes
 *   8  format version               u32
 *   12 FNV-1a 32 of bytes [36..)    u32
 *   16 source hash                  8 bytes (sha256 prefix of the sunpinyin files)
 *   24 chars, bigrams, trigrams     3 x u32
 *   36 chars                        u16 x chars (BMP code units)
 *      unigram levels               u8 x chars
 *      bigram keys                  varint deltas of a*n+b (sorted), then u8 levels
 *      trigram keys                 varint deltas of (a*n+b)*n+c (sorted), then u8 levels
 */

const MAGIC = [0x4a, 0x44, 0x43, 0x54, 0x58, 0x4c, 0x4d, 0x00];
const VERSION = 1;
const HEADER_BYTES = 36;
/** A level is round(20 * log10(count)); 0 means "not in the table". */
const LEVELS_PER_DECADE = 20;
/** log2 of the size in bits of the trigram presence filter (2 MB). */
const FILTER_BITS = 24;
/** The filter word of a trigram's hash3: its top bits (the three bits within come from presenceBits). */
const FILTER_WORD_SHIFT = 32 - (FILTER_BITS - 5);

/**
 * The three bits of the trigram with hash3 `h` within its filter word: the low ten bits of h and
 * five of a second multiplication, independent of the word index (h's top 19 bits).
 */
function presenceBits(h: number): number {
  return (1 << (h & 31)) | (1 << ((h >>> 5) & 31)) | (1 << (Math.imul(h, 0x2545f491) >>> 27));
}
/** At most this many bits of a bigram's hash are kept in its slot: the rest is the slot's position. */
const MAX_REMAINDER_BITS = 14;

/**
 * How bigram keys map to the one-word slots of the bigram table (see `ContextTypoModel.biTable`),
 * a function of the character count and the table size only. The key a*n+b (< 2^keyBits) goes
 * through a bijection of keyBits bits; the top bits of the result are its home slot, the low
 * `remBits` are kept in the slot with the distance from home, and together they give the key back.
 */
interface BigramLayout {
  keyBits: number;
  remBits: number;
  keyMask: number;
}

function bigramLayout(n: number, slots: number): BigramLayout {
  const slotBits = 31 - Math.clz32(slots);
  const keyBits = Math.max(slotBits, n * n <= 1 ? 1 : 32 - Math.clz32(n * n - 1));
  return { keyBits, remBits: keyBits - slotBits, keyMask: keyBits === 32 ? -1 : 2 ** keyBits - 1 };
}

/** Multiplicative inverse of odd `c` modulo 2^32 (Newton's iteration). */
function inverseOdd(c: number): number {
  let x = c;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(c, x));
  return x;
}
const MIX1 = 0x85ebca6b;
const MIX2 = 0xc2b2ae35;
const UNMIX1 = inverseOdd(MIX1);
const UNMIX2 = inverseOdd(MIX2);

export interface CharNgramSource {
  chars: string;
  unigramCounts: ArrayLike<number>;
  /** [key, count], sorted by key; key = a*n+b with n = chars.length. */
  bigrams: ReadonlyArray<readonly [number, number]>;
  /** [key, count], sorted by key; key = (a*n+b)*n+c. */
  trigrams: ReadonlyArray<readonly [number, number]>;
  sourceHash: Uint8Array;
}

export class ContextTypoModelError extends Error {
  override name = 'ContextTypoModelError';
}

function level(count: number): number {
  return Math.max(1, Math.min(255, Math.round(Math.log10(Math.max(count, 1)) * LEVELS_PER_DECADE)));
}

function fnv1a(bytes: Uint8Array, from: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

export function encodeCharNgramModel(src: CharNgramSource): Uint8Array {
  const out: number[] = [];
  const u32 = (v: number): void => {
    out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  };
  const varint = (v: number): void => {
    while (v >= 128) {
      out.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    out.push(v);
  };
  out.push(...MAGIC);
  u32(VERSION);
  u32(0);
  for (let i = 0; i < 8; i++) out.push(src.sourceHash[i] ?? 0);
  u32(src.chars.length);
  u32(src.bigrams.length);
  u32(src.trigrams.length);
  for (let i = 0; i < src.chars.length; i++) {
    const c = src.chars.charCodeAt(i);
    out.push(c & 0xff, c >>> 8);
  }
  for (let i = 0; i < src.chars.length; i++) out.push(level(src.unigramCounts[i]!));
  for (const table of [src.bigrams, src.trigrams]) {
    let prev = -1;
    for (const [key] of table) {
      if (key <= prev) throw new ContextTypoModelError('n-gram keys must be strictly increasing');
      varint(key - prev);
      prev = key;
    }
    for (const [, count] of table) out.push(level(count));
  }
  const bytes = Uint8Array.from(out);
  new DataView(bytes.buffer).setUint32(12, fnv1a(bytes, HEADER_BYTES), true);
  return bytes;
}

/**
 * Everything a decoded model holds. With `fromBytes(bytes, { shared: true })` the typed arrays
 * live on SharedArrayBuffers, so posting the parts to a worker thread shares them (nothing is
 * copied) and `fromParts` there costs nothing: one decoded model per process, not per thread.
 */
export interface ContextTypoModelParts {
  chars: string;
  idOf: Uint16Array;
  unigramLog: Float32Array;
  totalLog: number;
  biMask: number;
  biTable: Uint32Array;
  triMask: number;
  triTable: Uint32Array;
  triFilter: Int32Array;
  bigramCount: number;
  trigramCount: number;
  byteLength: number;
}

type TypedArrayOf<T> = { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number };

/** A zeroed typed array, on a SharedArrayBuffer when `shared` (so that posting it to a thread shares it). */
export function allocate<T>(Type: TypedArrayOf<T>, length: number, shared: boolean): T {
  const bytes = length * Type.BYTES_PER_ELEMENT;
  return new Type(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

/** Open-addressing tables on typed arrays: lookups allocate nothing and never fail. */
export class ContextTypoModel {
  /** Model id + 1 of each BMP code unit, 0 when the character is not modelled. */
  private readonly idOf: Uint16Array;
  readonly chars: string;
  /** log10 count of each char. */
  readonly unigramLog: Float32Array;
  /** log10 of the total unigram count. */
  readonly totalLog: number;
  private readonly n: number;
  private readonly biMask: number;
  /**
   * One word a slot (16 MB instead of 32 with key and level in two words): level in bits 0-7
   * (>= 1; 0 marks an empty slot), then the low `remBits` of the key's hash, then the distance
   * of the slot from the key's home slot (the hash's top bits). Linear probing from home.
   */
  private readonly biTable: Uint32Array;
  private readonly biKeyBits: number;
  private readonly biRemBits: number;
  private readonly biKeyMask: number;
  private readonly triMask: number;
  /**
   * [a*n+b+1, c<<16 | level of bigram ab<<8 | level] per slot: the back-off score of a present
   * trigram also needs its context's bigram, which then costs no probe of its own.
   */
  private readonly triTable: Uint32Array;
  /**
   * A blocked Bloom filter over hash3 (2 MB): three bits of one 32-bit word (presenceBits) set
   * for every trigram. Most trigrams asked for are absent (~80% while scoring candidates), and
   * this answers 97% of those (one bit a trigram: 90%) from a table small enough to stay in
   * cache, instead of a probe into the 32 MB one, and tightens check.ts's score bound.
   */
  private readonly triFilter: Int32Array;
  readonly bigramCount: number;
  readonly trigramCount: number;
  readonly byteLength: number;

  private constructor(source: { bytes: Uint8Array; shared: boolean } | { parts: ContextTypoModelParts }) {
    if ('parts' in source) {
      const p = source.parts;
      this.chars = p.chars;
      this.n = p.chars.length;
      this.idOf = p.idOf;
      this.unigramLog = p.unigramLog;
      this.totalLog = p.totalLog;
      this.biMask = p.biMask;
      this.biTable = p.biTable;
      const layout = bigramLayout(this.n, p.biMask + 1);
      this.biKeyBits = layout.keyBits;
      this.biRemBits = layout.remBits;
      this.biKeyMask = layout.keyMask;
      this.triMask = p.triMask;
      this.triTable = p.triTable;
      this.triFilter = p.triFilter;
      this.bigramCount = p.bigramCount;
      this.trigramCount = p.trigramCount;
      this.byteLength = p.byteLength;
      return;
    }
    const { bytes, shared } = source;
    if (bytes.length < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
      throw new ContextTypoModelError('not a context-typo model (bad magic)');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(8, true);
    if (version !== VERSION) throw new ContextTypoModelError(`unsupported model version ${version}`);
    if (view.getUint32(12, true) !== fnv1a(bytes, HEADER_BYTES)) {
      throw new ContextTypoModelError('model checksum mismatch (corrupt or truncated artifact)');
    }
    const n = view.getUint32(24, true);
    const nBi = view.getUint32(28, true);
    const nTri = view.getUint32(32, true);
    if (n === 0 || n >= 1 << 16) throw new ContextTypoModelError(`bad character count ${n}`);
    this.n = n;
    this.byteLength = bytes.length;
    this.bigramCount = nBi;
    this.trigramCount = nTri;
    let at = HEADER_BYTES;
    const need = (k: number): void => {
      if (at + k > bytes.length) throw new ContextTypoModelError('model truncated');
    };
    need(3 * n);
    const codes: number[] = [];
    this.idOf = allocate(Uint16Array, 65536, shared);
    for (let i = 0; i < n; i++, at += 2) {
      const c = view.getUint16(at, true);
      codes.push(c);
      this.idOf[c] = i + 1;
    }
    this.chars = String.fromCharCode(...codes);
    this.unigramLog = allocate(Float32Array, n, shared);
    let total = 0;
    for (let i = 0; i < n; i++, at++) {
      const lv = bytes[at]! / LEVELS_PER_DECADE;
      this.unigramLog[i] = lv;
      total += 10 ** lv;
    }
    this.totalLog = Math.log10(total);

    const readKeys = (count: number): Float64Array => {
      const keys = new Float64Array(count);
      let prev = -1;
      for (let i = 0; i < count; i++) {
        let v = 0;
        let mul = 1;
        for (;;) {
          need(1);
          const b = bytes[at++]!;
          v += (b & 127) * mul;
          if (b < 128) break;
          mul *= 128;
        }
        prev += v;
        keys[i] = prev;
      }
      need(count);
      return keys;
    };
    const capacity = (count: number): number => {
      let c = 16;
      while (c < count * 2) c *= 2;
      return c;
    };

    // Open addressing, one word a slot (see biTable): a probe costs one cache miss, which is
    // what the scoring loop waits on, and the table is half the size of key + level words.
    const biKeys = readKeys(nBi);
    let slots = capacity(nBi);
    // The table must be large enough that at most MAX_REMAINDER_BITS of the hash stay in a slot.
    while (bigramLayout(n, slots).remBits > MAX_REMAINDER_BITS) slots *= 2;
    for (;;) {
      const layout = bigramLayout(n, slots);
      const table = allocate(Uint32Array, slots, shared);
      const mask = slots - 1;
      const maxDistance = 2 ** (24 - layout.remBits) - 1;
      let fits = true;
      for (let i = 0; i < nBi && fits; i++) {
        const key = biKeys[i]!;
        if (key >= n * n) throw new ContextTypoModelError('bigram key out of range');
        const h = mixBits(key, layout.keyBits, layout.keyMask);
        const home = h >>> layout.remBits;
        let d = 0;
        while (table[(home + d) & mask] !== 0) d++;
        if (d > maxDistance) fits = false;
        else table[(home + d) & mask] = ((((d << layout.remBits) | (h & ((1 << layout.remBits) - 1))) << 8) | bytes[at + i]!) >>> 0;
      }
      if (fits) {
        this.biMask = mask;
        this.biTable = table;
        this.biKeyBits = layout.keyBits;
        this.biRemBits = layout.remBits;
        this.biKeyMask = layout.keyMask;
        break;
      }
      // A cluster too long to record its distances (never seen at load 0.5): a larger table.
      slots *= 2;
    }
    const biLevels = bytes.subarray(at, at + nBi);
    at += nBi;

    const triKeys = readKeys(nTri);
    this.triMask = capacity(nTri) - 1;
    this.triTable = allocate(Uint32Array, 2 * (this.triMask + 1), shared);
    this.triFilter = allocate(Int32Array, 1 << (FILTER_BITS - 5), shared);
    // Level of each trigram's context bigram ab: both key lists are sorted by ab, so one merge.
    let bi = 0;
    for (let i = 0; i < nTri; i++) {
      const key = triKeys[i]!;
      const ab = Math.floor(key / n);
      const c = key - ab * n;
      if (ab >= n * n) throw new ContextTypoModelError('trigram key out of range');
      while (bi < nBi && biKeys[bi]! < ab) bi++;
      const abLevel = bi < nBi && biKeys[bi] === ab ? biLevels[bi]! : 0;
      const h = this.hash3(ab, c);
      this.triFilter[h >>> FILTER_WORD_SHIFT]! |= presenceBits(h);
      let slot = h & this.triMask;
      while (this.triTable[2 * slot] !== 0) slot = (slot + 1) & this.triMask;
      this.triTable[2 * slot] = ab + 1;
      this.triTable[2 * slot + 1] = ((c << 16) | (abLevel << 8) | bytes[at + i]!) >>> 0;
    }
    at += nTri;
    if (at !== bytes.length) throw new ContextTypoModelError('trailing bytes after model');
  }

  /** Decodes and validates an artifact; `shared` puts the tables on SharedArrayBuffers (see `toParts`). */
  static fromBytes(bytes: Uint8Array, options: { shared?: boolean } = {}): ContextTypoModel {
    return new ContextTypoModel({ bytes, shared: options.shared ?? false });
  }

  /** A model over parts from `toParts()`, typically posted from another thread; checks their shape. */
  static fromParts(parts: ContextTypoModelParts): ContextTypoModel {
    const n = typeof parts?.chars === 'string' ? parts.chars.length : 0;
    const tableOk = (table: unknown, mask: number, words: number): boolean =>
      table instanceof Uint32Array && Number.isInteger(mask) && mask > 0 && table.length === words * (mask + 1) && (mask & (mask + 1)) === 0;
    if (
      n === 0 ||
      !(parts.idOf instanceof Uint16Array) ||
      parts.idOf.length !== 65536 ||
      !(parts.unigramLog instanceof Float32Array) ||
      parts.unigramLog.length !== n ||
      !tableOk(parts.biTable, parts.biMask, 1) ||
      bigramLayout(n, parts.biMask + 1).remBits > MAX_REMAINDER_BITS ||
      !tableOk(parts.triTable, parts.triMask, 2) ||
      !(parts.triFilter instanceof Int32Array) ||
      parts.triFilter.length !== 1 << (FILTER_BITS - 5)
    ) {
      throw new ContextTypoModelError('not the parts of a decoded context-typo model');
    }
    return new ContextTypoModel({ parts });
  }

  /** Whether the tables live on SharedArrayBuffers (decoded with `shared: true`). */
  get shared(): boolean {
    return this.biTable.buffer instanceof SharedArrayBuffer;
  }

  /** The decoded tables (on shared memory if decoded with `shared: true`), for `fromParts` in another thread. */
  toParts(): ContextTypoModelParts {
    return {
      chars: this.chars,
      idOf: this.idOf,
      unigramLog: this.unigramLog,
      totalLog: this.totalLog,
      biMask: this.biMask,
      biTable: this.biTable,
      triMask: this.triMask,
      triTable: this.triTable,
      triFilter: this.triFilter,
      bigramCount: this.bigramCount,
      trigramCount: this.trigramCount,
      byteLength: this.byteLength,
    };
  }

  get charCount(): number {
    return this.n;
  }

  /** Model id of a UTF-16 code unit, or -1. */
  id(code: number): number {
    return this.idOf[code]! - 1;
  }

  /** murmur3's 32-bit finaliser: linear probing needs every input bit in the low bits. */
  private hash2(key: number): number {
    let h = key ^ (key >>> 16);
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  private hash3(ab: number, c: number): number {
    return this.hash2(ab ^ Math.imul(c + 1, 0x9e3779b1));
  }

  /** log10 count of bigram ab, or -1 when absent. */
  bigramLog(a: number, b: number): number {
    const h = mixBits(a * this.n + b, this.biKeyBits, this.biKeyMask);
    const remBits = this.biRemBits;
    const rem = h & ((1 << remBits) - 1);
    const t = this.biTable;
    const mask = this.biMask;
    let slot = h >>> remBits;
    // The slot at distance d from home holds this key when it records distance d and remainder rem.
    for (let tag = rem; ; tag += 1 << remBits) {
      const e = t[slot]!;
      if (e === 0) return -1;
      if (e >>> 8 === tag) return (e & 255) / LEVELS_PER_DECADE;
      slot = (slot + 1) & mask;
    }
  }

  /** Calls `visit(a, b, log10 count)` for every bigram, in table order (build-time use). */
  forEachBigram(visit: (a: number, b: number, log: number) => void): void {
    const t = this.biTable;
    const remBits = this.biRemBits;
    for (let slot = 0; slot <= this.biMask; slot++) {
      const e = t[slot]!;
      if (e === 0) continue;
      const d = e >>> (8 + remBits);
      const home = (slot - d) & this.biMask;
      const key = unmixBits(((home << remBits) | ((e >>> 8) & ((1 << remBits) - 1))) >>> 0, this.biKeyBits, this.biKeyMask);
      const a = Math.floor(key / this.n);
      visit(a, key - a * this.n, (e & 255) / LEVELS_PER_DECADE);
    }
  }

  /** False when trigram abc is certainly absent (one of its presence bits is clear), without a probe into the table. */
  mayHaveTrigram(a: number, b: number, c: number): boolean {
    const h = this.hash3(a * this.n + b, c);
    const bits = presenceBits(h);
    return (this.triFilter[h >>> FILTER_WORD_SHIFT]! & bits) === bits;
  }

  /** log10 count of trigram abc, or -1 when absent. */
  trigramLog(a: number, b: number, c: number): number {
    const ab = a * this.n + b;
    const h = this.hash3(ab, c);
    const bits = presenceBits(h);
    if ((this.triFilter[h >>> FILTER_WORD_SHIFT]! & bits) !== bits) return -1;
    const t = this.triTable;
    let slot = h & this.triMask;
    for (;;) {
      const k = t[2 * slot]!;
      if (k === ab + 1 && t[2 * slot + 1]! >>> 16 === c) return (t[2 * slot + 1]! & 255) / LEVELS_PER_DECADE;
      if (k === 0) return -1;
      slot = (slot + 1) & this.triMask;
    }
  }

  /**
   * The stupid back-off term of a present trigram abc, log10 count(abc) - log10 count(ab) (the
   * trigram's level when bigram ab is absent or lower), from one probe; 1 (never a log10
   * probability) when abc is absent. Equal to trigramLog - max(trigramLog, bigramLog(a, b)).
   */
  trigramCond(a: number, b: number, c: number): number {
    const ab = a * this.n + b;
    const h = this.hash3(ab, c);
    const bits = presenceBits(h);
    if ((this.triFilter[h >>> FILTER_WORD_SHIFT]! & bits) !== bits) return 1;
    const t = this.triTable;
    let slot = h & this.triMask;
    for (;;) {
      const k = t[2 * slot]!;
      if (k === ab + 1) {
        const w = t[2 * slot + 1]!;
        if (w >>> 16 === c) {
          const tri = (w & 255) / LEVELS_PER_DECADE;
          return tri - Math.max(tri, ((w >>> 8) & 255) / LEVELS_PER_DECADE);
        }
      }
      if (k === 0) return 1;
      slot = (slot + 1) & this.triMask;
    }
  }

  /** What the model is, for logs and the service's info route. */
  describe(): string {
    return `char n-gram model: ${this.n} chars, ${this.bigramCount} bigrams, ${this.trigramCount} trigrams, ${this.byteLength} bytes`;
  }
}

/**
 * A bijection of the `bits`-bit integers (mask = 2^bits - 1, bits >= 4): murmur3's finaliser
 * with the shifts and the multiplications taken modulo 2^bits, so that every bit of the key
 * reaches the top bits (the home slot) and nothing is lost (the key comes back from the slot).
 */
function mixBits(key: number, bits: number, mask: number): number {
  const s1 = bits >>> 1;
  const s2 = (bits + 1) >>> 1;
  let h = key ^ (key >>> s1);
  h = Math.imul(h, MIX1) & mask;
  h ^= h >>> s2;
  h = Math.imul(h, MIX2) & mask;
  return (h ^ (h >>> s1)) >>> 0;
}

/** The inverse of mixBits. */
function unmixBits(h: number, bits: number, mask: number): number {
  const s1 = bits >>> 1;
  const s2 = (bits + 1) >>> 1;
  let x = unshiftBits(h, s1, bits);
  x = (Math.imul(x, UNMIX2) & mask) >>> 0;
  x = unshiftBits(x, s2, bits);
  x = (Math.imul(x, UNMIX1) & mask) >>> 0;
  return unshiftBits(x, s1, bits);
}

/** The inverse of x ^ (x >>> s) on `bits`-bit integers. */
function unshiftBits(x: number, s: number, bits: number): number {
  let y = x;
  for (let covered = s; covered < bits; covered += s) y = x ^ (y >>> s);
  return y >>> 0;
}
