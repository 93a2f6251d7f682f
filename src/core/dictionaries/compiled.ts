import { Matcher, MatcherBuilder, type MatcherEngine } from '../matcher/index.js';
import type { NormalizeOptions } from '../normalize/index.js';
import type { Severity } from '../types.js';
import type { MatchKind, NameEntry, ParsedDictionaries } from './parse.js';

/** What a pattern of the automaton means; one pattern may carry several rules (e.g. a typo and a whitelist term). */
export interface PatternRule {
  kind: MatchKind;
  category: string;
  term: string;
  severity: Severity;
  suggestions: string[];
  note: string;
  latinStart: boolean;
  latinEnd: boolean;
}

export interface RegisteredName {
  name: string;
  titles: string[];
}

export interface DictionaryCounts {
  [kind: string]: { total: number; categories: Record<string, number> };
}

/** Thrown when a snapshot cannot be used; the caller rebuilds from source. */
export class DictionarySnapshotError extends Error {
  constructor(readonly reason: 'bad-magic' | 'version' | 'checksum' | 'stale' | 'truncated', detail: string) {
    super(`dictionary snapshot unusable (${reason}): ${detail}`);
    this.name = 'DictionarySnapshotError';
  }
}

const MAGIC = 0x4a445344; // 'JDSD'
const FORMAT_VERSION = 1;
const HEADER_BYTES = 20;

interface SnapshotMeta {
  version: string;
  normalize: NormalizeOptions;
  rules: PatternRule[][];
  names: RegisteredName[];
  counts: DictionaryCounts;
}

/**
 * Every dictionary of one version compiled into a single automaton: one scan of the text
 * finds sensitive, typo, normative and whitelist terms at once. Immutable once built.
 */
export class CompiledDictionaries {
  private constructor(
    readonly matcher: Matcher,
    /** Indexed by pattern id. */
    readonly rules: readonly PatternRule[][],
    readonly names: readonly RegisteredName[],
    readonly counts: DictionaryCounts,
    /** Content hash of the sources and the normalization options. */
    readonly version: string,
    readonly normalize: NormalizeOptions,
  ) {}

  /** `engine`: the scan loop; small site overlays use `js` (no WebAssembly memory per overlay). */
  static build(parsed: ParsedDictionaries, version: string, normalize: NormalizeOptions, engine: MatcherEngine = 'wasm'): CompiledDictionaries {
    const patternIds = new Map<string, number>();
    const patterns: string[] = [];
    const rules: PatternRule[][] = [];
    const counts: DictionaryCounts = {};
    for (const entry of parsed.terms) {
      let id = patternIds.get(entry.normalized);
      if (id === undefined) {
        id = patterns.length;
        patternIds.set(entry.normalized, id);
        patterns.push(entry.normalized);
        rules.push([]);
      }
      rules[id].push({
        kind: entry.kind,
        category: entry.category,
        term: entry.term,
        severity: entry.severity,
        suggestions: entry.suggestions,
        note: entry.note,
        latinStart: entry.latinEdges.start,
        latinEnd: entry.latinEdges.end,
      });
      count(counts, entry.kind, entry.category);
    }
    for (const name of parsed.names) count(counts, 'names', name.source.file.replace(/^names\/|\.txt$/g, ''));
    const names = parsed.names.map((entry) => ({ name: entry.name, titles: entry.titles }));
    return new CompiledDictionaries(new MatcherBuilder().engine(engine).build(patterns), rules, names, counts, version, normalize);
  }

  /** Terms that segmentation should keep whole (taught to jieba as user words). */
  segmentationWords(): string[] {
    const words: string[] = [];
    for (let id = 0; id < this.rules.length; id++) {
      if (this.rules[id].some((rule) => rule.kind !== 'whitelist' || rule.term.length > 1)) words.push(this.matcher.pattern(id));
    }
    return words;
  }

  /**
   * Serializes to one buffer: header (magic, format version, lengths, checksum of the
   * metadata), metadata JSON, then the matcher's own checksummed snapshot, 8-byte aligned
   * so that the matcher's typed arrays can be views on the buffer. `shared` places it in a
   * SharedArrayBuffer so that worker threads use the same memory.
   */
  toSnapshot(options: { shared?: boolean } = {}): Uint8Array {
    const meta: SnapshotMeta = { version: this.version, normalize: this.normalize, rules: this.rules as PatternRule[][], names: this.names as RegisteredName[], counts: this.counts };
    const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
    const matcherBytes = this.matcher.toSnapshot(this.version);
    const matcherOffset = align8(HEADER_BYTES + metaBytes.length);
    const total = matcherOffset + matcherBytes.length;
    const buffer = options.shared ? new SharedArrayBuffer(total) : new ArrayBuffer(total);
    const bytes = new Uint8Array(buffer);
    const view = new DataView(buffer);
    view.setUint32(0, MAGIC);
    view.setUint32(4, FORMAT_VERSION);
    view.setUint32(8, metaBytes.length);
    view.setUint32(12, matcherBytes.length);
    view.setUint32(16, fnv1a(metaBytes));
    bytes.set(metaBytes, HEADER_BYTES);
    bytes.set(matcherBytes, matcherOffset);
    return bytes;
  }

  /** Restores a snapshot without rebuilding; throws DictionarySnapshotError when it is corrupt or not `expectedVersion`. */
  static fromSnapshot(bytes: Uint8Array, expectedVersion?: string, engine: MatcherEngine = 'wasm'): CompiledDictionaries {
    if (bytes.length < HEADER_BYTES) throw new DictionarySnapshotError('truncated', `${bytes.length} bytes`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0) !== MAGIC) throw new DictionarySnapshotError('bad-magic', 'not a jiaodui dictionary snapshot');
    const format = view.getUint32(4);
    if (format !== FORMAT_VERSION) throw new DictionarySnapshotError('version', `format ${format}, expected ${FORMAT_VERSION}`);
    const metaLength = view.getUint32(8);
    const matcherLength = view.getUint32(12);
    const matcherOffset = align8(HEADER_BYTES + metaLength);
    if (bytes.length < matcherOffset + matcherLength) throw new DictionarySnapshotError('truncated', `${bytes.length} of ${matcherOffset + matcherLength} bytes`);
    const metaBytes = bytes.subarray(HEADER_BYTES, HEADER_BYTES + metaLength);
    if (fnv1a(metaBytes) !== view.getUint32(16)) throw new DictionarySnapshotError('checksum', 'metadata checksum mismatch');
    // TextDecoder refuses views on a SharedArrayBuffer, hence the copy of the (small) metadata.
    const meta = JSON.parse(new TextDecoder().decode(metaBytes.slice())) as SnapshotMeta;
    if (expectedVersion !== undefined && meta.version !== expectedVersion) {
      throw new DictionarySnapshotError('stale', `snapshot of ${meta.version}, sources are ${expectedVersion}`);
    }
    let matcher: Matcher;
    try {
      matcher = Matcher.fromSnapshot(bytes.subarray(matcherOffset, matcherOffset + matcherLength), meta.version, engine);
    } catch (error) {
      const reason = (error as { reason?: string }).reason;
      const known = reason === 'bad-magic' || reason === 'version' || reason === 'checksum' || reason === 'stale' || reason === 'truncated';
      throw new DictionarySnapshotError(known ? reason : 'checksum', (error as Error).message);
    }
    return new CompiledDictionaries(matcher, meta.rules, meta.names, meta.counts, meta.version, meta.normalize);
  }
}

function count(counts: DictionaryCounts, kind: string, category: string): void {
  const bucket = (counts[kind] ??= { total: 0, categories: {} });
  bucket.total++;
  bucket.categories[category] = (bucket.categories[category] ?? 0) + 1;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** FNV-1a, 32 bit: a cheap integrity check of the metadata (the matcher checksums its own arrays). */
function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
