import { createHash } from 'node:crypto';
import { Queue, QueueEvents, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CheckType, Finding } from '../core/types.js';
import type { DocumentInput } from '../service/check-document.js';
import type { LoadedDictionaries } from '../service/dictionary-store.js';
import { contentWithUrl, openDictionaries, PoolBackend, SiteResolver, versionWith, type CheckBackend } from './backend.js';
import type { ScanDocument } from './types.js';

/**
 * Distributed checking over BullMQ (Redis). The coordinator (`jiaodui scan --queue`) groups
 * documents into chunks, each chunk one BullMQ job; any number of `jiaodui worker` processes
 * check chunks with their own worker pools and return the findings as the job's result. Only
 * the coordinator writes the SQLite job store.
 *
 * Nothing is lost or doubled: a chunk's BullMQ id is a hash of its documents, dictionary
 * version and checks, so re-adding it (a resumed coordinator) finds the same job; a worker
 * that dies mid-chunk stops renewing its lock, BullMQ's stalled-job check hands the chunk to
 * another worker, and the store's upsert by (job, input, document) makes a second delivery
 * of the same results a no-op.
 */

export interface ChunkData {
  /** Base dictionary version; each document also names its site overlay and full version. */
  dictionaryVersion: string;
  checks: CheckType[];
  documents: Array<{ key: string; content: DocumentInput; site?: string; version: string }>;
}

export interface ChunkResult {
  dictionaryVersion: string;
  findings: Finding[][];
}

export function redisConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') throw new Error(`--queue ${url}: expected redis://host:port`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 6379),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    // BullMQ workers block on Redis; ioredis must not give up on those commands.
    maxRetriesPerRequest: null,
  };
}

interface Waiting {
  document: ScanDocument;
  resolve: (findings: Finding[]) => void;
  reject: (error: unknown) => void;
}

export class QueueBackend implements CheckBackend {
  readonly capacity: number;
  private chunk: Waiting[] = [];
  private readonly sent = new Set<Promise<void>>();

  private constructor(
    private readonly queue: Queue<ChunkData, ChunkResult>,
    private readonly events: QueueEvents,
    readonly dictionaryVersion: string,
    private readonly checks: readonly CheckType[],
    private readonly chunkSize: number,
    private readonly sites: SiteResolver,
  ) {
    this.capacity = chunkSize * 16;
  }

  static async open(options: { url: string; queueName: string; chunkSize: number; dictionaries?: string; loaded?: LoadedDictionaries; checks: readonly CheckType[]; sites?: SiteResolver }): Promise<QueueBackend> {
    // Loaded here for the version only (what incremental rescans compare); workers load their own.
    const version = options.loaded?.version ?? (await openDictionaries(options.dictionaries)).current.version;
    const connection = redisConnection(options.url);
    const queue = new Queue<ChunkData, ChunkResult>(options.queueName, { connection });
    const events = new QueueEvents(options.queueName, { connection });
    const seen = new Set<string>();
    const report = (error: Error) => {
      if (!seen.has(error.message)) process.stderr.write(`scan: queue: ${error.message}\n`);
      seen.add(error.message);
    };
    queue.on('error', report);
    events.on('error', report);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueBackend(queue, events, version, options.checks, options.chunkSize, options.sites ?? SiteResolver.none());
  }

  versionFor(document: ScanDocument): string {
    return versionWith(this.dictionaryVersion, this.sites.siteFor(document));
  }

  submit(document: ScanDocument): Promise<Finding[]> {
    return new Promise((resolve, reject) => {
      this.chunk.push({ document, resolve, reject });
      if (this.chunk.length >= this.chunkSize) this.flush();
    });
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    const chunk = this.chunk;
    this.chunk = [];
    const sending = this.send(chunk).catch((error: unknown) => {
      for (const waiting of chunk) waiting.reject(error);
    });
    const tracked = sending.finally(() => this.sent.delete(tracked));
    this.sent.add(tracked);
  }

  private async send(chunk: Waiting[]): Promise<void> {
    const data: ChunkData = {
      dictionaryVersion: this.dictionaryVersion,
      checks: [...this.checks],
      documents: chunk.map(({ document }) => {
        const site = this.sites.siteFor(document);
        return { key: `${document.input}\u0000${document.id}`, content: contentWithUrl(document), ...(site ? { site: site.id } : {}), version: versionWith(this.dictionaryVersion, site) };
      }),
    };
    const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 32);
    const jobId = `chunk-${hash}`;
    // A chunk that failed before (e.g. a version mismatch since fixed) is tried afresh.
    const existing = await this.queue.getJob(jobId);
    if (existing !== undefined && (await existing.isFailed())) await existing.remove();
    const job = await this.queue.add('chunk', data, { jobId, attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: false, removeOnFail: false });
    const result = (await job.waitUntilFinished(this.events)) as ChunkResult;
    if (result.dictionaryVersion !== this.dictionaryVersion) throw new Error(`worker checked with dictionary version ${result.dictionaryVersion}, not ${this.dictionaryVersion}`);
    chunk.forEach((waiting, index) => waiting.resolve(result.findings[index] ?? []));
    // The results are in the store's hands now (or will be when this batch is written); Redis need not keep them.
    await job.remove().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.sent]);
    await this.events.close();
    await this.queue.close();
  }
}

export interface WorkerOptions {
  url: string;
  queueName: string;
  dictionaries?: string;
  /** Site overlays (src/sites), the same folder as the coordinator's. */
  sitesDir?: string;
  workers?: number;
  /** Chunks processed at once (each spreads over the local threads). */
  concurrency?: number;
  /** How long a chunk's lock lasts without renewal; a dead worker's chunk is handed on after about this long. */
  lockMs?: number;
  log?: (line: string) => void;
}

/**
 * `jiaodui worker`: checks chunks from the queue until stopped. Resolves when `stop()` has
 * closed the BullMQ worker and the local pool.
 */
export async function startWorker(options: WorkerOptions): Promise<{ stop: () => Promise<void>; dictionaryVersion: string }> {
  const log = options.log ?? (() => undefined);
  const dictionaries = (await openDictionaries(options.dictionaries)).current;
  const sites = await SiteResolver.open({ sitesDir: options.sitesDir });
  const backends = new Map<string, Promise<PoolBackend>>();
  const backendFor = (checks: CheckType[]) => {
    const key = [...checks].sort().join(',');
    let backend = backends.get(key);
    if (backend === undefined) backends.set(key, (backend = PoolBackend.open({ loaded: dictionaries, checks, workers: options.workers })));
    return backend;
  };
  // Test hook: JIAODUI_WORKER_CHUNK_DELAY_MS holds each chunk this long before answering, so
  // a test can kill a worker while it is certainly inside a chunk.
  const delayMs = Number(process.env.JIAODUI_WORKER_CHUNK_DELAY_MS ?? 0);
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<ChunkData, ChunkResult>(
    options.queueName,
    async (job: Job<ChunkData, ChunkResult>) => {
      const data = job.data;
      if (data.dictionaryVersion !== dictionaries.version) {
        throw new UnrecoverableError(`dictionary version ${dictionaries.version} on this worker, the coordinator has ${data.dictionaryVersion}: start the worker with the same --dictionaries`);
      }
      log(`worker: chunk ${job.id} started (${data.documents.length} documents, attempt ${job.attemptsStarted})`);
      const backend = await backendFor(data.checks);
      const resolved = data.documents.map((document) => sites.byId(document.site));
      data.documents.forEach((document, index) => {
        const version = versionWith(dictionaries.version, resolved[index]);
        if (version !== document.version) {
          throw new UnrecoverableError(`document checked with ${document.version} by the coordinator, ${version} here: start the worker with the same --dictionaries and --sites-dir`);
        }
      });
      const findings = await Promise.all(data.documents.map(({ key, content }, index) => backend.submit({ input: '', id: key, content, bytes: 0 }, resolved[index])));
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      log(`worker: chunk ${job.id} done`);
      return { dictionaryVersion: dictionaries.version, findings };
    },
    {
      connection: redisConnection(options.url),
      concurrency: options.concurrency ?? 2,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
      maxStalledCount: 10,
    },
  );
  worker.on('failed', (job, error) => log(`worker: chunk ${job?.id ?? '?'} failed: ${error.message}`));
  // Without a listener an 'error' (Redis gone) would be thrown; log each distinct message once.
  const seen = new Set<string>();
  worker.on('error', (error) => {
    if (!seen.has(error.message)) log(`worker: ${error.message}`);
    seen.add(error.message);
  });
  await worker.waitUntilReady();
  log(`worker: ready on ${options.queueName} (dictionary version ${dictionaries.version.slice(0, 12)})`);
  return {
    dictionaryVersion: dictionaries.version,
    stop: async () => {
      await worker.close();
      for (const backend of backends.values()) await (await backend).close();
      sites.close();
    },
  };
}
