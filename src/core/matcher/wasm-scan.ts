import { Buffer } from 'node:buffer';
import { SCAN_WASM } from './generated/scan-wasm.js';
import { BASE, CHECK, NODE_STRIDE, OUT } from './layout.js';
import { UNROLL } from './wasm/scan-wat.js';

/**
 * Units per text chunk (64 KiB of linear memory) and hit pairs before a walk stops to hand
 * its hits over (128 KiB). The walk checks for that every UNROLL units, so the hit area has
 * room past it for UNROLL units' longest output chains: the patterns of one chain are
 * suffixes of one string, so they differ in length and there are at most `longest pattern`
 * of them.
 */
const CHUNK_UNITS = 1 << 15;
const HIT_PAIRS = 1 << 14;

type EncodeExport = (codeOf: number, text: number, n: number) => void;
type WalkExport = (
  nodes: number,
  probe: number,
  outputs: number,
  rootSteps: number,
  text: number,
  from: number,
  n: number,
  start: number,
  hits: number,
  hitsFull: number,
) => number;

let compiled: WebAssembly.Module | undefined;

/** Where a walk's hits go: a callback per hit, or a caller's Int32Array. */
export type HitSink = (hits: Int32Array, count: number) => void;

/**
 * The WebAssembly scan loop (wasm/scan-wat.ts) with its own linear memory, which holds the
 * automaton's arrays, the root's children by code, a text chunk and the hit area. The
 * `Matcher` keeps views on these arrays instead of its own copies. Long texts are scanned
 * chunk by chunk, and a walk hands its hits over whenever the hit area fills up, the state
 * carried along each time, so the memory never grows after construction (growing would
 * detach every view).
 */
export class WasmScan {
  readonly codeOf: Uint16Array;
  readonly nodes: Int32Array;
  readonly outputs: Int32Array;
  private readonly encode: EncodeExport;
  private readonly walk: WalkExport;
  private readonly state: WebAssembly.Global;
  private readonly next: WebAssembly.Global;
  private readonly memoryBytes: Buffer;
  private readonly textUnits: Uint16Array;
  private readonly hits: Int32Array;
  private readonly codeOfAt: number;
  private readonly nodesAt: number;
  private readonly probeAt: number;
  private readonly outputsAt: number;
  private readonly rootStepsAt: number;
  private readonly textAt: number;
  private readonly hitsAt: number;
  private readonly hitsFull: number;

  constructor(
    codeOf: Uint16Array,
    alphabetSize: number,
    nodes: Int32Array,
    outputs: Int32Array,
    longestPattern: number,
  ) {
    compiled ??= new WebAssembly.Module(SCAN_WASM);
    const instance = new WebAssembly.Instance(compiled, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    this.encode = instance.exports.encode as EncodeExport;
    this.walk = instance.exports.walk as WalkExport;
    this.state = instance.exports.state as WebAssembly.Global;
    this.next = instance.exports.next as WebAssembly.Global;
    // Past hitsFull: the longest chains of UNROLL units, and the scratch pair.
    const hitPairs = HIT_PAIRS + UNROLL * Math.max(1, longestPattern) + 1;

    this.codeOfAt = 0;
    this.nodesAt = align(this.codeOfAt + codeOf.byteLength);
    this.probeAt = align(this.nodesAt + nodes.byteLength);
    const slots = nodes.length / NODE_STRIDE;
    this.outputsAt = align(this.probeAt + slots * 2);
    this.rootStepsAt = align(this.outputsAt + outputs.byteLength);
    this.textAt = align(this.rootStepsAt + (alphabetSize + 1) * 16);
    this.hitsAt = align(this.textAt + CHUNK_UNITS * 2);
    this.hitsFull = this.hitsAt + HIT_PAIRS * 8;
    const pages = Math.ceil((this.hitsAt + hitPairs * 8) / 65536);
    if (pages > 1) memory.grow(pages - 1);

    const buffer = memory.buffer;
    this.codeOf = new Uint16Array(buffer, this.codeOfAt, codeOf.length);
    this.codeOf.set(codeOf);
    this.nodes = new Int32Array(buffer, this.nodesAt, nodes.length);
    this.nodes.set(nodes);
    const probe = new Uint16Array(buffer, this.probeAt, slots);
    for (let t = 0; t < slots; t++) probe[t] = nodes[t * NODE_STRIDE + CHECK] & 0xffff;
    this.outputs = new Int32Array(buffer, this.outputsAt, outputs.length);
    this.outputs.set(outputs);
    new Int32Array(buffer, this.rootStepsAt, (alphabetSize + 1) * 4).set(rootSteps(nodes, alphabetSize));
    this.textUnits = new Uint16Array(buffer, this.textAt, CHUNK_UNITS);
    this.hits = new Int32Array(buffer, this.hitsAt, hitPairs * 2);
    this.memoryBytes = Buffer.from(buffer);
  }

  /** Bytes of linear memory (the automaton's arrays included). */
  get byteLength(): number {
    return this.memoryBytes.byteLength;
  }

  scan(units: Uint16Array, length: number, onMatch: (patternId: number, end: number) => void): void {
    this.scanChunks(length, (from, n) => this.textUnits.set(units.subarray(from, from + n)), callbackSink(onMatch));
  }

  scanString(text: string, onMatch: (patternId: number, end: number) => void): void {
    this.scanChunks(text.length, (from, n) => this.writeText(text, from, n), callbackSink(onMatch));
  }

  scanInto(units: Uint16Array, length: number, out: Int32Array): number {
    const sink = new ArraySink(out);
    this.scanChunks(length, (from, n) => this.textUnits.set(units.subarray(from, from + n)), sink.take);
    return sink.total;
  }

  scanStringInto(text: string, out: Int32Array): number {
    const sink = new ArraySink(out);
    this.scanChunks(text.length, (from, n) => this.writeText(text, from, n), sink.take);
    return sink.total;
  }

  /** Hands `sink` the hits as the walk produces them: (id, end) pairs in scan order, valid during the call. */
  scanStringWith(text: string, sink: HitSink): void {
    this.scanChunks(text.length, (from, n) => this.writeText(text, from, n), sink);
  }

  /** Copies each chunk of the text into the text area with `fill`, then walks it. */
  private scanChunks(length: number, fill: (from: number, n: number) => void, sink: HitSink): void {
    let state = 0;
    for (let from = 0; from < length; from += CHUNK_UNITS) {
      const n = Math.min(CHUNK_UNITS, length - from);
      fill(from, n);
      state = this.walkChunk(n, from, state, sink);
    }
  }

  /**
   * Encodes and walks the chunk in the text area, which holds text[offset, offset + n), from
   * `start`; returns the state after it. The walk counts units from the start of the whole
   * text (so a hit's end needs no adding): its text pointer is biased back by `offset` units,
   * and i32 arithmetic brings every address it forms back into the chunk.
   */
  private walkChunk(n: number, offset: number, start: number, sink: HitSink): number {
    this.encode(this.codeOfAt, this.textAt, n);
    const biasedText = this.textAt - 2 * offset;
    let state = start;
    for (let from = offset; from < offset + n; ) {
      const count = this.walk(
        this.nodesAt,
        this.probeAt,
        this.outputsAt,
        this.rootStepsAt,
        biasedText,
        from,
        offset + n,
        state,
        this.hitsAt,
        this.hitsFull,
      );
      state = this.state.value;
      from = this.next.value;
      sink(this.hits, count);
    }
    return state;
  }

  /** UTF-16LE copies code units as they are, lone surrogates included (a native copy). */
  private writeText(text: string, from: number, n: number): void {
    this.memoryBytes.write(from === 0 ? text : text.slice(from), this.textAt, n * 2, 'utf16le');
  }
}

function callbackSink(onMatch: (patternId: number, end: number) => void): HitSink {
  return (hits, count) => {
    for (let k = 0; k < count * 2; k += 2) onMatch(hits[k], hits[k + 1]);
  };
}

/** Copies hits into `out` as far as it holds them, and counts them all (scanInto's contract). */
class ArraySink {
  total = 0;
  constructor(private readonly out: Int32Array) {}

  readonly take: HitSink = (hits, count) => {
    const room = Math.max(0, Math.min(count, (this.out.length >> 1) - this.total));
    if (room > 0) this.out.set(hits.subarray(0, room * 2), this.total * 2);
    this.total += count;
  };
}

/**
 * (state, base, out) of the root's child by each code, the root itself (0, base of the root,
 * 0) for code 0 and for codes that start no pattern: the walk's step after a fail to the
 * root.
 */
function rootSteps(nodes: Int32Array, alphabetSize: number): Int32Array {
  const steps = new Int32Array((alphabetSize + 1) * 4);
  const rootBase = nodes[0];
  steps[1] = rootBase;
  for (let code = 1; code <= alphabetSize; code++) {
    const t = rootBase + code;
    const child = (nodes[t * NODE_STRIDE + CHECK] & 0xffff) === code;
    steps[4 * code] = child ? t : 0;
    steps[4 * code + 1] = child ? nodes[t * NODE_STRIDE + BASE] : rootBase;
    steps[4 * code + 2] = child ? nodes[t * NODE_STRIDE + OUT] : 0;
  }
  return steps;
}

function align(offset: number): number {
  return (offset + 15) & ~15;
}
