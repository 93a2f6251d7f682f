import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { DocumentInput } from './check-document.js';
import type { CheckResult } from './check-result.js';

/** Reused for the UTF-16 bytes of documents up to 32K units: no allocation per key. */
let utf16Scratch = Buffer.allocUnsafeSlow(0);
const SCRATCH_MAX_UNITS = 32 * 1024;

/** The UTF-16LE bytes of `content`, in a buffer that the next call overwrites. */
function utf16Bytes(content: string): Buffer {
  if (content.length > SCRATCH_MAX_UNITS) return Buffer.from(content, 'utf16le');
  if (utf16Scratch.length < 2 * content.length) utf16Scratch = Buffer.allocUnsafeSlow(Math.max(4096, 4 * content.length));
  return utf16Scratch.subarray(0, utf16Scratch.write(content, 0, 'utf16le'));
}

/**
 * Check results by content: CMS hooks resubmit the same article many times. The key is the
 * dictionary version, the checks run, whether the content is text or HTML, and a SHA-256 of
 * the content; the profile enters through its checks, and the verdict (the only other thing
 * it changes) is recomputed per request.
 */
export class ResultCache {
  private readonly lru: LRUCache<string, CheckResult>;

  constructor(maxBytes: number) {
    this.lru = new LRUCache<string, CheckResult>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
      sizeCalculation: (result) => result.bytes,
    });
  }

  /**
   * Only the content is hashed: version and checks are short and go into the key as they
   * are, which saves copying the content into one string first. The content is hashed as
   * UTF-16 (a UTF-8 encoding would fold lone surrogates into U+FFFD, and encoding a CJK string
   * to UTF-8 costs more than SHA-256 of its UTF-16 copy). A cryptographic hash, because a
   * crafted collision would serve one article's findings for another. In bench:service this
   * key costs about half the previous one (which hashed `version, checks, content` joined).
   */
  static key(version: string, checksKey: string, document: DocumentInput): string {
    const html = document.text === undefined;
    const digest = hash('sha256', utf16Bytes(html ? document.html : document.text), 'base64');
    return `${version}\0${checksKey}\0${html ? 'html' : 'text'}\0${digest}`;
  }

  get(key: string): CheckResult | undefined {
    return this.lru.get(key);
  }

  set(key: string, result: CheckResult): void {
    this.lru.set(key, result);
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get entries(): number {
    return this.lru.size;
  }
}
