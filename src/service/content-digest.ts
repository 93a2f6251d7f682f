import { hash } from 'node:crypto';

/** Reused for the UTF-16 bytes of contents up to 32K units: no allocation per digest. */
let utf16Scratch = Buffer.allocUnsafeSlow(0);
const SCRATCH_MAX_UNITS = 32 * 1024;

/** The UTF-16LE bytes of `content`, in a buffer that the next call overwrites. */
function utf16Bytes(content: string): Buffer {
  if (content.length > SCRATCH_MAX_UNITS) return Buffer.from(content, 'utf16le');
  if (utf16Scratch.length < 2 * content.length) utf16Scratch = Buffer.allocUnsafeSlow(Math.max(4096, 4 * content.length));
  return utf16Scratch.subarray(0, utf16Scratch.write(content, 0, 'utf16le'));
}

/** Contents memoized: enough for the articles a set of CMS editors is saving right now. */
const MEMO_ENTRIES = 64;
/**
 * Longer contents are not memoized: articles are shorter, and this bounds what a lookup can
 * compare (V8 compares contents whose hashes are equal; it hashes strings over 16,383 units
 * by their length alone).
 */
const MEMO_MAX_UNITS = 8192;
const memo = new Map<string, string>();

/**
 * SHA-256 of a document's content, base64. Hashed as UTF-16: a UTF-8 encoding would fold lone
 * surrogates into U+FFFD, and encoding a CJK string to UTF-8 costs more than SHA-256 of its
 * UTF-16 copy. Cryptographic, because a crafted collision would serve one article's findings
 * (and verdict) for another.
 *
 * The digests of the last 64 distinct contents are memoized by content. A CMS resubmits the
 * same article, byte for byte, many times; finding its digest again costs V8's own string
 * hash and one comparison instead of copying and hashing, which in the server costs several
 * times what a micro-benchmark says (bench:service, cache hits: 6–9 µs of main-thread CPU per
 * request against 2.5 µs in a loop, where code and data stay in cache). The memo is exact (a
 * content is only ever found by an equal string), bounded (64 contents of at most 8,192
 * units: 1 MB) and first-in first-out.
 */
export function contentDigest(content: string): string {
  if (content.length > MEMO_MAX_UNITS) return hash('sha256', utf16Bytes(content), 'base64');
  let digest = memo.get(content);
  if (digest === undefined) {
    digest = hash('sha256', utf16Bytes(content), 'base64');
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(content, digest);
  }
  return digest;
}
