import { Piscina } from 'piscina';
import { ServiceError } from '../errors.js';
import type { SharedContextTypoModel } from '../../loader/context-typo-model.js';
import type { BuildOutcome, CheckBatchResult, CheckBatchTask, CheckTask, CheckTaskResult, CheckWorkerData } from './messages.js';
import { workerFile } from './worker-file.js';

/** Thrown when a dictionary build fails; carries the library's file:line diagnosis. */
export class DictionaryBuildError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'DictionaryBuildError';
  }
}

/**
 * The worker threads that run checks, so that CPU-bound work never blocks the event loop.
 * Each task carries its dictionary snapshot (shared memory), so workers hold one compiled
 * copy per version between them rather than one per request.
 */
export class CheckPool {
  private readonly piscina: Piscina<CheckTask | CheckBatchTask, CheckTaskResult | CheckBatchResult>;
  private started = false;
  private closing: Promise<void> | undefined;

  /**
   * `contextTypo`: the statistical typo model decoded once on shared memory
   * (`shareContextTypoModel()`); each worker adopts it instead of decoding its own copy.
   */
  constructor(options: { workers: number; queueLimit: number; tasksPerWorker?: number; contextTypo?: SharedContextTypoModel }) {
    const { filename, execArgv } = workerFile('worker');
    this.piscina = new Piscina({
      filename,
      execArgv,
      workerData: { contextTypo: options.contextTypo } satisfies CheckWorkerData,
      minThreads: options.workers,
      maxThreads: options.workers,
      maxQueue: options.queueLimit,
      // A worker's second task waits in its port while the first runs (benchmarks/service/README.md).
      concurrentTasksPerWorker: options.tasksPerWorker ?? 2,
      // Workers await the snapshot load (a promise), so they must keep their event loop.
      atomics: 'async',
      idleTimeout: Number.MAX_SAFE_INTEGER,
    });
  }

  /** Loads `task`'s dictionary version in every worker; the pool is ready afterwards. */
  async start(warmup: CheckTask): Promise<void> {
    await Promise.all(Array.from({ length: this.piscina.maxThreads }, () => this.piscina.run(warmup)));
    this.started = true;
  }

  get ready(): boolean {
    return this.started && this.closing === undefined && this.piscina.threads.length > 0;
  }

  get threads(): number {
    return this.piscina.threads.length;
  }

  get queueSize(): number {
    return this.piscina.queueSize;
  }

  get utilization(): number {
    return this.piscina.utilization;
  }

  async check(task: CheckTask, retryAfter: number): Promise<CheckTaskResult> {
    return (await this.run(task, 'default', retryAfter)) as CheckTaskResult;
  }

  /** Several documents in one round trip (bulk rescans). */
  async checkBatch(task: CheckBatchTask, retryAfter: number): Promise<CheckBatchResult> {
    return (await this.run(task, 'checkBatch', retryAfter)) as CheckBatchResult;
  }

  private async run(task: CheckTask | CheckBatchTask, name: string, retryAfter: number): Promise<CheckTaskResult | CheckBatchResult> {
    try {
      return await this.piscina.run(task, { name });
    } catch (error) {
      if (error instanceof Error && error.message === 'Task queue is at limit') {
        throw new ServiceError('JD_OVERLOADED', 'All workers are busy and the queue is full; retry later', { retryAfter });
      }
      throw error;
    }
  }

  /** Finishes queued checks, then stops the workers. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.piscina.close();
    return this.closing;
  }
}

/**
 * Compiles a dictionary folder on a one-shot thread and returns the snapshot, so that a
 * reload never blocks the event loop. Rejects with a DictionaryBuildError naming file:line.
 */
export async function buildSnapshot(dictionaries: string | undefined): Promise<Uint8Array> {
  const { filename, execArgv } = workerFile('builder');
  // A pool of one (piscina loads TypeScript workers under tsx; a bare Worker cannot).
  const builder = new Piscina<{ dictionaries: string | undefined }, BuildOutcome>({ filename, execArgv, minThreads: 0, maxThreads: 1 });
  try {
    const outcome = await builder.run({ dictionaries });
    if (!outcome.ok) {
      if (outcome.code === 'JD_DICTIONARY_INVALID') throw new DictionaryBuildError(outcome.message, outcome.file, outcome.line);
      throw new Error(`dictionary build failed: ${outcome.message}`);
    }
    return outcome.snapshot;
  } finally {
    await builder.destroy();
  }
}
