import { crc32 } from './crc32.js';
import { SnapshotError } from './errors.js';
import { NODE_STRIDE } from './layout.js';
import type { MatcherParts } from './matcher.js';

/** "JDAC": jiaodui double-array Aho-Corasick. */
const MAGIC = 0x4341444a;
export const SNAPSHOT_VERSION = 2;
const HEADER_BYTES = 48;
const UNIT_SPACE = 0x10000;
/** Arrays are stored in host order; every supported host is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const align8 = (n: number): number => (n + 7) & ~7;

interface Layout {
  hashBytes: number;
  slots: number;
  alphabetSize: number;
  outputs: number;
  patterns: number;
  units: number;
}

/** Byte offset of each section, in file order; each starts 8-byte aligned. */
function sections(l: Layout) {
  let at = HEADER_BYTES + align8(l.hashBytes);
  const take = (bytes: number): number => {
    const start = at;
    at += align8(bytes);
    return start;
  };
  const nodes = take(l.slots * NODE_STRIDE * 4);
  const outputs = take(l.outputs * 2 * 4);
  const patternOffsets = take((l.patterns + 1) * 4);
  const alphabet = take(l.alphabetSize * 2);
  const patternText = take(l.units * 2);
  return { nodes, outputs, patternOffsets, alphabet, patternText, total: at };
}

export function encodeSnapshot(parts: MatcherParts, sourceHash: string): Uint8Array {
  const hash = new TextEncoder().encode(sourceHash);
  const layout: Layout = {
    hashBytes: hash.length,
    slots: parts.nodes.length / NODE_STRIDE,
    alphabetSize: parts.alphabetSize,
    outputs: parts.outputs.length / 2,
    patterns: parts.patternOffsets.length - 1,
    units: parts.patternText.length,
  };
  const at = sections(layout);
  const bytes = new Uint8Array(at.total);
  const buffer = bytes.buffer;
  new Int32Array(buffer, at.nodes, layout.slots * NODE_STRIDE).set(parts.nodes);
  new Int32Array(buffer, at.outputs, layout.outputs * 2).set(parts.outputs);
  new Uint32Array(buffer, at.patternOffsets, layout.patterns + 1).set(parts.patternOffsets);
  const alphabet = new Uint16Array(buffer, at.alphabet, layout.alphabetSize);
  for (let unit = 0; unit < UNIT_SPACE; unit++) {
    const code = parts.codeOf[unit];
    if (code !== 0) alphabet[code - 1] = unit;
  }
  const text = new Uint16Array(buffer, at.patternText, layout.units);
  for (let i = 0; i < layout.units; i++) text[i] = parts.patternText.charCodeAt(i);
  bytes.set(hash, HEADER_BYTES);

  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, SNAPSHOT_VERSION, true);
  view.setUint32(12, at.total, true);
  view.setUint32(16, layout.patterns, true);
  view.setUint32(20, layout.slots, true);
  view.setUint32(24, layout.alphabetSize, true);
  view.setUint32(28, layout.outputs, true);
  view.setUint32(32, layout.units, true);
  view.setUint32(36, parts.stateCount, true);
  view.setUint32(40, layout.hashBytes, true);
  view.setUint32(8, crc32(bytes, 12), true);
  return bytes;
}

export function decodeSnapshot(input: Uint8Array, expectedSourceHash?: string): MatcherParts {
  if (input.length >= 4 && readU32(input, 0) !== MAGIC) {
    throw new SnapshotError('bad-magic', 'not a jiaodui matcher snapshot');
  }
  if (input.length < HEADER_BYTES) throw new SnapshotError('truncated', `snapshot is ${input.length} bytes`);
  const version = readU32(input, 4);
  if (version !== SNAPSHOT_VERSION || !LITTLE_ENDIAN) {
    throw new SnapshotError('version', `snapshot format ${version}, this build reads ${SNAPSHOT_VERSION}`);
  }
  const total = readU32(input, 12);
  if (total < HEADER_BYTES || total > input.length) {
    throw new SnapshotError('truncated', `snapshot declares ${total} bytes, has ${input.length}`);
  }
  if (crc32(input, 12, total) !== readU32(input, 8)) {
    throw new SnapshotError('checksum', 'snapshot checksum does not match its contents');
  }
  const layout: Layout = {
    patterns: readU32(input, 16),
    slots: readU32(input, 20),
    alphabetSize: readU32(input, 24),
    outputs: readU32(input, 28),
    units: readU32(input, 32),
    hashBytes: readU32(input, 40),
  };
  const stateCount = readU32(input, 36);
  const at = sections(layout);
  if (at.total !== total) throw new SnapshotError('truncated', 'snapshot sections do not add up to its length');
  const sourceHash = new TextDecoder().decode(input.subarray(HEADER_BYTES, HEADER_BYTES + layout.hashBytes));
  if (expectedSourceHash !== undefined && sourceHash !== expectedSourceHash) {
    throw new SnapshotError('stale', `snapshot was built from "${sourceHash}", expected "${expectedSourceHash}"`);
  }

  // Views need 4-byte alignment; a misaligned input (e.g. a pooled Buffer) is copied once.
  let bytes = input;
  if (input.byteOffset % 8 !== 0) {
    bytes = new Uint8Array(total);
    bytes.set(input.subarray(0, total));
  }
  const buffer = bytes.buffer;
  const o = bytes.byteOffset;
  const codeOf = new Uint16Array(UNIT_SPACE);
  const alphabet = new Uint16Array(buffer, o + at.alphabet, layout.alphabetSize);
  for (let i = 0; i < alphabet.length; i++) codeOf[alphabet[i]] = i + 1;
  return {
    codeOf,
    alphabetSize: layout.alphabetSize,
    nodes: new Int32Array(buffer, o + at.nodes, layout.slots * NODE_STRIDE),
    outputs: new Int32Array(buffer, o + at.outputs, layout.outputs * 2),
    stateCount,
    patternOffsets: new Uint32Array(buffer, o + at.patternOffsets, layout.patterns + 1),
    patternText: decodeUnits(new Uint16Array(buffer, o + at.patternText, layout.units)),
  };
}

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** Code units to a string, lone surrogates kept (TextDecoder would replace them). */
function decodeUnits(units: Uint16Array): string {
  const chunks: string[] = [];
  const step = 8192;
  for (let i = 0; i < units.length; i += step) {
    chunks.push(String.fromCharCode.apply(null, units.subarray(i, i + step) as unknown as number[]));
  }
  return chunks.join('');
}
