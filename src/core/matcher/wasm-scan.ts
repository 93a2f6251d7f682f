import { Buffer } from 'node:buffer';
import { SCAN_WASM } from './generated/scan-wasm.js';

/**
 * Hits one chunk may produce: the hit area holds this many (256 KiB), or `longest` when that
 * is more. A unit ends at most `longest pattern length` hits (the patterns of one output chain
 * are suffixes of one string, so their lengths differ), so chunks of area / longest units can
 * never overflow it.
 */
const HIT_PAIRS = 1 << 15;
const MAX_CHUNK_UNITS = 1 << 14;

type ScanExport = (
  codeOf: number,
  nodes: number,
  probe: number,
  outputs: number,
  rootPairs: number,
  text: number,
  n: number,
  start: number,
  hits: number,
  endOffset: number,
) => number;

let compiled: WebAssembly.Module | undefined;

/**
 * The WebAssembly scan loop (wasm/scan.wat) with its own linear memory, which holds the
 * automaton's arrays, the root's children by code, a text chunk and the hit area. The `Matcher` keeps views on these
 * arrays instead of its own copies. Long texts are scanned chunk by chunk, the state carried
 * from one to the next, so the memory never grows after construction (growing would detach
 * every view).
 */
export class WasmScan {
  readonly codeOf: Uint16Array;
  readonly nodes: Int32Array;
  readonly probe: Uint8Array;
  readonly outputs: Int32Array;
  private readonly scanChunk: ScanExport;
  private readonly state: WebAssembly.Global;
  private readonly memoryBytes: Buffer;
  private readonly textUnits: Uint16Array;
  private readonly hits: Int32Array;
  private readonly chunkUnits: number;
  private readonly codeOfAt: number;
  private readonly nodesAt: number;
  private readonly probeAt: number;
  private readonly outputsAt: number;
  private readonly rootPairsAt: number;
  private readonly textAt: number;
  private readonly hitsAt: number;

  constructor(
    codeOf: Uint16Array,
    alphabetSize: number,
    nodes: Int32Array,
    probe: Uint8Array,
    outputs: Int32Array,
    longestPattern: number,
  ) {
    compiled ??= new WebAssembly.Module(SCAN_WASM);
    const instance = new WebAssembly.Instance(compiled, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    this.scanChunk = instance.exports.scan as ScanExport;
    this.state = instance.exports.state as WebAssembly.Global;
    const longest = Math.max(1, longestPattern);
    const hitPairs = Math.max(HIT_PAIRS, longest);
    this.chunkUnits = Math.max(1, Math.min(MAX_CHUNK_UNITS, Math.floor(hitPairs / longest)));

    this.codeOfAt = 0;
    this.nodesAt = align(this.codeOfAt + codeOf.byteLength);
    this.probeAt = align(this.nodesAt + nodes.byteLength);
    this.outputsAt = align(this.probeAt + probe.byteLength);
    this.rootPairsAt = align(this.outputsAt + outputs.byteLength);
    this.textAt = align(this.rootPairsAt + (alphabetSize + 1) * 8);
    this.hitsAt = align(this.textAt + this.chunkUnits * 2);
    const end = this.hitsAt + (hitPairs + 1) * 8;
    const pages = Math.ceil(end / 65536);
    if (pages > 1) memory.grow(pages - 1);

    const buffer = memory.buffer;
    this.codeOf = new Uint16Array(buffer, this.codeOfAt, codeOf.length);
    this.codeOf.set(codeOf);
    this.nodes = new Int32Array(buffer, this.nodesAt, nodes.length);
    this.nodes.set(nodes);
    this.probe = new Uint8Array(buffer, this.probeAt, probe.length);
    this.probe.set(probe);
    this.outputs = new Int32Array(buffer, this.outputsAt, outputs.length);
    this.outputs.set(outputs);
    new Int32Array(buffer, this.rootPairsAt, (alphabetSize + 1) * 2).set(rootPairs(nodes, alphabetSize));
    this.textUnits = new Uint16Array(buffer, this.textAt, this.chunkUnits);
    this.hits = new Int32Array(buffer, this.hitsAt, hitPairs * 2);
    this.memoryBytes = Buffer.from(buffer);
  }

  /** Bytes of linear memory (the automaton's arrays included). */
  get byteLength(): number {
    return this.memoryBytes.byteLength;
  }

  scan(units: Uint16Array, length: number, onMatch: (patternId: number, end: number) => void): void {
    let start = 0;
    for (let from = 0; from < length; from += this.chunkUnits) {
      const n = Math.min(this.chunkUnits, length - from);
      this.textUnits.set(units.subarray(from, from + n));
      const count = this.run(n, start, from);
      start = this.state.value;
      this.deliver(count, onMatch);
    }
  }

  scanString(text: string, onMatch: (patternId: number, end: number) => void): void {
    let start = 0;
    for (let from = 0; from < text.length; from += this.chunkUnits) {
      const n = Math.min(this.chunkUnits, text.length - from);
      this.writeText(text, from, n);
      const count = this.run(n, start, from);
      start = this.state.value;
      this.deliver(count, onMatch);
    }
  }

  scanInto(units: Uint16Array, length: number, out: Int32Array): number {
    let start = 0;
    let total = 0;
    for (let from = 0; from < length; from += this.chunkUnits) {
      const n = Math.min(this.chunkUnits, length - from);
      this.textUnits.set(units.subarray(from, from + n));
      const count = this.run(n, start, from);
      start = this.state.value;
      this.copyOut(count, out, total);
      total += count;
    }
    return total;
  }

  scanStringInto(text: string, out: Int32Array): number {
    let start = 0;
    let total = 0;
    for (let from = 0; from < text.length; from += this.chunkUnits) {
      const n = Math.min(this.chunkUnits, text.length - from);
      this.writeText(text, from, n);
      const count = this.run(n, start, from);
      start = this.state.value;
      this.copyOut(count, out, total);
      total += count;
    }
    return total;
  }

  private run(n: number, start: number, endOffset: number): number {
    return this.scanChunk(
      this.codeOfAt,
      this.nodesAt,
      this.probeAt,
      this.outputsAt,
      this.rootPairsAt,
      this.textAt,
      n,
      start,
      this.hitsAt,
      endOffset,
    );
  }

  /** UTF-16LE copies code units as they are, lone surrogates included (a native copy). */
  private writeText(text: string, from: number, n: number): void {
    this.memoryBytes.write(from === 0 ? text : text.slice(from), this.textAt, n * 2, 'utf16le');
  }

  private deliver(count: number, onMatch: (patternId: number, end: number) => void): void {
    const hits = this.hits;
    for (let k = 0; k < count * 2; k += 2) onMatch(hits[k], hits[k + 1]);
  }

  /** Hits [written, written + count) of the scan into `out`, as far as `out` holds them. */
  private copyOut(count: number, out: Int32Array, written: number): void {
    const room = Math.max(0, Math.min(count, (out.length >> 1) - written));
    if (room > 0) out.set(this.hits.subarray(0, room * 2), written * 2);
  }
}

/**
 * (state, base) of the root's child by each code, the root itself (0, base of the root) for
 * code 0 and for codes that start no pattern: the loop's shortcut after a fail to the root.
 */
// Slots are four Int32 words [base, check, out, fail] (NODE_STRIDE in matcher.ts, not imported:
// matcher.ts imports this module).
function rootPairs(nodes: Int32Array, alphabetSize: number): Int32Array {
  const pairs = new Int32Array((alphabetSize + 1) * 2);
  const rootBase = nodes[0];
  pairs[1] = rootBase;
  for (let code = 1; code <= alphabetSize; code++) {
    const t = rootBase + code;
    const child = (nodes[t * 4 + 1] & 0xffff) === code;
    pairs[2 * code] = child ? t : 0;
    pairs[2 * code + 1] = child ? nodes[t * 4] : rootBase;
  }
  return pairs;
}

function align(offset: number): number {
  return (offset + 15) & ~15;
}
