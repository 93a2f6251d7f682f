import { cpus } from 'node:os';
import type { CheckType, Finding } from '../core/types.js';
import { shareContextTypoModel } from '../loader/context-typo-model.js';
import { DictionaryStore } from '../service/dictionary-store.js';
import type { LoadedDictionaries } from '../service/dictionary-store.js';
import { CheckPool } from '../service/pool/check-pool.js';
import { GLOBAL_LAYER, SiteRegistry, type CompiledSite } from '../sites/registry.js';
import { checkDocument } from '../service/check-document.js';
import type { ScanDocument } from './types.js';

/**
 * Where documents are checked. The pipeline keeps at most `capacity` documents submitted
 * and not yet answered (backpressure: nothing more is read meanwhile) and calls `flush()`
 * when it waits, so a backend that groups documents (the queue) sends a partial group.
 */
export interface CheckBackend {
  /** Base dictionary version the findings come from. */
  readonly dictionaryVersion: string;
  readonly capacity: number;
  /**
   * The version a document is checked with, recorded per document and compared on rescans:
   * the base version, plus the site overlay's when the document's site has one.
   */
  versionFor(document: ScanDocument): string;
  submit(document: ScanDocument): Promise<Finding[]>;
  flush(): void;
  close(): Promise<void>;
}

/**
 * Which site overlay (src/sites) a document is checked with: `--site` for every document, or
 * else the document's own site (from the path pattern, NDJSON, the URL's host) when the sites
 * folder has it, else the global layer. Without a sites folder, none.
 */
export class SiteResolver {
  private constructor(
    readonly registry: SiteRegistry | undefined,
    private readonly fixed: CompiledSite | undefined,
  ) {}

  static async open(options: { sitesDir?: string; site?: string }): Promise<SiteResolver> {
    if (options.sitesDir === undefined) {
      if (options.site !== undefined) throw new Error(`--site ${options.site} needs a sites folder (--sites-dir or SITES_DIR)`);
      return new SiteResolver(undefined, undefined);
    }
    const registry = await SiteRegistry.open(options.sitesDir);
    const fixed = options.site === undefined ? undefined : registry.get(options.site);
    if (options.site !== undefined && fixed === undefined) throw new Error(`site ${options.site} is not in ${options.sitesDir}`);
    return new SiteResolver(registry, fixed);
  }

  static none(): SiteResolver {
    return new SiteResolver(undefined, undefined);
  }

  siteFor(document: Pick<ScanDocument, 'site'>): CompiledSite | undefined {
    if (this.registry === undefined) return undefined;
    return this.fixed ?? (document.site !== undefined ? this.registry.get(document.site) : undefined) ?? this.registry.global;
  }

  /** A site by id (queue workers resolve the coordinator's choice by id). */
  byId(id: string | undefined): CompiledSite | undefined {
    if (this.registry === undefined || id === undefined) return undefined;
    return id === GLOBAL_LAYER ? this.registry.global : this.registry.get(id);
  }

  close(): void {
    this.registry?.close();
  }
}

/** The same composition the service reports as `stats.dictionaryVersion`. */
export function versionWith(base: string, site: CompiledSite | undefined): string {
  return site === undefined ? base : `${base}+${site.id}:${site.version}`;
}

/** Loads the dictionaries once on this thread, for the snapshot that workers restore from. */
export function openDictionaries(dictionaries: string | undefined): Promise<DictionaryStore> {
  return DictionaryStore.open(dictionaries);
}

/**
 * The embedded backend: the service's worker pool (src/service/pool), one thread per core,
 * each holding the dictionaries from one shared snapshot and the shared typo model.
 */
/** Documents per worker task, and the text that closes a batch early: a round trip per short page costs as much as its check. */
const BATCH_DOCUMENTS = 8;
const BATCH_CHARS = 32_768;
/** A batch that is not full is sent after this long anyway (slow inputs: a crawl). */
const BATCH_WAIT_MS = 20;

interface PendingBatch {
  site: CompiledSite | undefined;
  documents: ScanDocument['content'][];
  chars: number;
  settle: Array<{ resolve: (findings: Finding[]) => void; reject: (error: unknown) => void }>;
}

export class PoolBackend implements CheckBackend {
  readonly capacity: number;
  private batch: PendingBatch | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pool: CheckPool,
    private readonly dictionaries: LoadedDictionaries,
    private readonly checks: readonly CheckType[],
    workers: number,
    private readonly sites: SiteResolver,
  ) {
    // Enough in flight that each thread has its task and the next one's batch queued
    // (TASKS_PER_WORKER), few enough that memory stays flat.
    this.capacity = workers * BATCH_DOCUMENTS * 3;
  }

  static async open(options: { dictionaries?: string; loaded?: LoadedDictionaries; checks: readonly CheckType[]; workers?: number; sites?: SiteResolver }): Promise<PoolBackend> {
    const dictionaries = options.loaded ?? (await openDictionaries(options.dictionaries)).current;
    const workers = Math.max(1, options.workers ?? cpus().length);
    const pool = new CheckPool({ workers, queueLimit: workers * 64, contextTypo: shareContextTypoModel() });
    await pool.start({ version: dictionaries.version, snapshot: dictionaries.snapshot, document: { text: '预热' }, checks: [] });
    return new PoolBackend(pool, dictionaries, options.checks, workers, options.sites ?? SiteResolver.none());
  }

  get dictionaryVersion(): string {
    return this.dictionaries.version;
  }

  versionFor(document: ScanDocument): string {
    return versionWith(this.dictionaries.version, this.sites.siteFor(document));
  }

  /** `site`: the overlay to use instead of the document's own (queue workers pass the coordinator's choice). */
  /**
   * Queues `document` in the current batch (one site overlay per batch) and resolves with its
   * findings when the batch has been checked. `site`: the overlay to use instead of the
   * document's own (queue workers pass the coordinator's choice).
   */
  submit(document: ScanDocument, site: CompiledSite | undefined = this.sites.siteFor(document)): Promise<Finding[]> {
    if (this.batch !== undefined && this.batch.site !== site) this.flush();
    const batch = (this.batch ??= { site, documents: [], chars: 0, settle: [] });
    const content = contentWithUrl(document);
    batch.documents.push(content);
    batch.chars += (content.html ?? content.text ?? '').length;
    const settled = new Promise<Finding[]>((resolve, reject) => batch.settle.push({ resolve, reject }));
    if (batch.documents.length >= BATCH_DOCUMENTS || batch.chars >= BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_WAIT_MS);
    return settled;
  }

  /** Sends the current batch now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    const task = { version: this.dictionaries.version, snapshot: this.dictionaries.snapshot, documents: batch.documents, checks: this.checks, ...(batch.site ? { overlay: batch.site.transfer } : {}) };
    this.pool.checkBatch(task, 1).then(
      ({ findings }) =>
        batch.settle.forEach((waiter, index) => {
          const outcome = findings[index]!;
          if (Array.isArray(outcome)) waiter.resolve(outcome);
          else waiter.reject(new Error(outcome.error));
        }),
      (error: unknown) => batch.settle.forEach((waiter) => waiter.reject(error)),
    );
  }

  close(): Promise<void> {
    this.flush();
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
    private readonly sites: SiteResolver,
  ) {}

  static async open(options: { dictionaries?: string; loaded?: LoadedDictionaries; checks: readonly CheckType[]; sites?: SiteResolver }): Promise<InProcessBackend> {
    return new InProcessBackend(options.loaded ?? (await openDictionaries(options.dictionaries)).current, options.checks, options.sites ?? SiteResolver.none());
  }

  versionFor(document: ScanDocument): string {
    return versionWith(this.dictionaries.version, this.sites.siteFor(document));
  }

  get dictionaryVersion(): string {
    return this.dictionaries.version;
  }

  async submit(document: ScanDocument): Promise<Finding[]> {
    return checkDocument(this.dictionaries.proofreader, contentWithUrl(document), this.checks, this.sites.siteFor(document)?.overlay);
  }

  flush(): void {}

  async close(): Promise<void> {}
}

/** An HTML page with its URL, so that the compliance check (meta tags, publish dates, off-site scripts) runs on archived pages. */
export function contentWithUrl(document: ScanDocument): ScanDocument['content'] {
  return document.content.html !== undefined && document.url !== undefined ? { ...document.content, url: document.url } : document.content;
}
