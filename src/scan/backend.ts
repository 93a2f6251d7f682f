import { cpus } from 'node:os';
import type { CheckType, Finding } from '../core/types.js';
import { shareContextTypoModel } from '../loader/context-typo-model.js';
import { DictionaryStore } from '../service/dictionary-store.js';
import type { LoadedDictionaries } from '../service/dictionary-store.js';
import { CheckPool } from '../service/pool/check-pool.js';
import { checkDocument } from '../service/check-document.js';
import type { ScanDocument } from './types.js';

/**
 * Where documents are checked. The pipeline keeps at most `capacity` documents submitted
 * and not yet answered (backpressure: nothing more is read meanwhile) and calls `flush()`
 * when it waits, so a backend that groups documents (the queue) sends a partial group.
 */
export interface CheckBackend {
  /** Dictionary version the findings come from (recorded per document, compared on rescans). */
  readonly dictionaryVersion: string;
  readonly capacity: number;
  submit(document: ScanDocument): Promise<Finding[]>;
  flush(): void;
  close(): Promise<void>;
}

/** Loads the dictionaries once on this thread, for the snapshot that workers restore from. */
export function openDictionaries(dictionaries: string | undefined): Promise<DictionaryStore> {
  return DictionaryStore.open(dictionaries);
}

/**
 * The embedded backend: the service's worker pool (src/service/pool), one thread per core,
 * each holding the dictionaries from one shared snapshot and the shared typo model.
 */
export class PoolBackend implements CheckBackend {
  readonly capacity: number;

  private constructor(
    private readonly pool: CheckPool,
    private readonly dictionaries: LoadedDictionaries,
    private readonly checks: readonly CheckType[],
    workers: number,
  ) {
    // Enough queued per thread that a thread never waits for the reader, few enough that memory stays flat.
    this.capacity = workers * 8;
  }

  static async open(options: { dictionaries?: string; loaded?: LoadedDictionaries; checks: readonly CheckType[]; workers?: number; site?: string }): Promise<PoolBackend> {
    const dictionaries = options.loaded ?? (await openDictionaries(options.dictionaries)).current;
    const workers = Math.max(1, options.workers ?? cpus().length);
    const pool = new CheckPool({ workers, queueLimit: workers * 64, contextTypo: shareContextTypoModel() });
    await pool.start({ version: dictionaries.version, snapshot: dictionaries.snapshot, document: { text: '预热' }, checks: [] });
    return new PoolBackend(pool, dictionaries, options.checks, workers);
  }

  get dictionaryVersion(): string {
    return this.dictionaries.version;
  }

  async submit(document: ScanDocument): Promise<Finding[]> {
    const task = { version: this.dictionaries.version, snapshot: this.dictionaries.snapshot, document: contentWithUrl(document), checks: this.checks };
    const { findings } = await this.pool.check(task, 1);
    return findings;
  }

  flush(): void {}

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Checks on this thread, one document at a time: for small scans and tests, where starting
 * worker threads costs more than the checks.
 */
export class InProcessBackend implements CheckBackend {
  readonly capacity = 1;

  private constructor(
    private readonly dictionaries: LoadedDictionaries,
    private readonly checks: readonly CheckType[],
  ) {}

  static async open(options: { dictionaries?: string; loaded?: LoadedDictionaries; checks: readonly CheckType[] }): Promise<InProcessBackend> {
    return new InProcessBackend(options.loaded ?? (await openDictionaries(options.dictionaries)).current, options.checks);
  }

  get dictionaryVersion(): string {
    return this.dictionaries.version;
  }

  async submit(document: ScanDocument): Promise<Finding[]> {
    return checkDocument(this.dictionaries.proofreader, contentWithUrl(document), this.checks);
  }

  flush(): void {}

  async close(): Promise<void> {}
}

/** An HTML page with its URL, so that the compliance check (meta tags, publish dates, off-site scripts) runs on archived pages. */
function contentWithUrl(document: ScanDocument): ScanDocument['content'] {
  return document.content.html !== undefined && document.url !== undefined ? { ...document.content, url: document.url } : document.content;
}
