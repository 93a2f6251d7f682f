import { LRUCache } from 'lru-cache';
import type { DocumentInput } from './check-document.js';
import { contentDigest } from './content-digest.js';
import type { CheckResult } from './check-result.js';

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
   * Only the content is hashed (contentDigest): version and checks are short and go into the
   * key as they are, which saves copying the content into one string first.
   */
  static key(version: string, checksKey: string, document: DocumentInput): string {
    const html = document.text === undefined;
    // The page URL changes compliance findings (SiteDomain, homepage or not): part of the key.
    return `${version}\0${checksKey}\0${html ? `html\0${document.url ?? ''}` : 'text'}\0${contentDigest(html ? document.html : document.text)}`;
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
