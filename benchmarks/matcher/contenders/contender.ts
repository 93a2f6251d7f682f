/** What every benchmark contender provides; one adapter file per contender. */
export interface Contender<Built = unknown> {
  name: string;
  build(words: string[]): Built;
  /** Number of (pattern, end) occurrences in `text`, overlapping and nested ones included. */
  count(built: Built, text: string): number;
  /** The search's own result (for its heap cost), when `count` throws it away; defaults to `count`. */
  search?(built: Built, text: string): unknown;
  /**
   * Bytes the built automaton holds outside V8's heap and array buffers (WebAssembly linear
   * memory, which `process.memoryUsage()` does not count); added to the heap+buffers column.
   */
  offHeapBytes?(built: Built): number;
  /** Only for contenders that can persist their automaton. */
  snapshot?: {
    save(built: Built): Uint8Array;
    load(bytes: Uint8Array): Built;
  };
}
