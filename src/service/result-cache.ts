import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CheckType, Finding } from '../core/types.js';
import type { DocumentInput } from './check-document.js';

/** Rough heap cost of one cached result, so that the cache is bounded by bytes. */
function sizeOf(findings: readonly Finding[]): number {
  let bytes = 64;
  for (const finding of findings) {
    bytes += 160 + 2 * (finding.rule.length + finding.match.length + finding.message.length + finding.category.length);
    for (const suggestion of finding.suggestions) bytes += 32 + 2 * suggestion.length;
  }
  return bytes;
}

/**
 * Findings by content: CMS hooks resubmit the same article many times. The key hashes the
 * dictionary version, the checks run and the document; the profile enters through its
 * checks, and the verdict (the only other thing it changes) is recomputed per request.
 */
export class ResultCache {
  private readonly lru: LRUCache<string, Finding[]>;

  constructor(maxBytes: number) {
    this.lru = new LRUCache<string, Finding[]>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
      sizeCalculation: sizeOf,
    });
  }

  /**
   * UTF-16 is hashed as is: a UTF-8 encoding would fold lone surrogates into U+FFFD. One-shot
   * `crypto.hash` rather than a Hash object: a tenth of a cached request's CPU in bench:service.
   */
  static key(version: string, checks: readonly CheckType[], document: DocumentInput): string {
    const content = document.text !== undefined ? `text\0${document.text}` : `html\0${document.html}`;
    return hash('sha256', Buffer.from(`${version}\0${checks.join(',')}\0${content}`, 'utf16le'), 'base64');
  }

  get(key: string): Finding[] | undefined {
    return this.lru.get(key);
  }

  set(key: string, findings: Finding[]): void {
    this.lru.set(key, findings);
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get entries(): number {
    return this.lru.size;
  }
}
