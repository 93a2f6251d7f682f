import { createProofreader } from '../index.js';
import type { DictionaryInfo, Proofreader } from '../index.js';
import { buildSnapshot } from './pool/check-pool.js';

/** One loaded dictionary version: everything a request needs, swapped as a whole. */
export interface LoadedDictionaries {
  readonly version: string;
  readonly proofreader: Proofreader;
  /** Compiled automata in a SharedArrayBuffer, handed to the workers with each task. */
  readonly snapshot: Uint8Array;
  readonly info: DictionaryInfo;
}

/** A view of `bytes` on shared memory: posting it to a worker then shares instead of copying. */
function shared(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

function loaded(proofreader: Proofreader): LoadedDictionaries {
  const { info } = proofreader;
  return { version: info.version, proofreader, snapshot: shared(proofreader.exportSnapshot()), info };
}

/**
 * Holds the dictionary version that new requests use. A reload compiles the folder on
 * another thread, loads the snapshot, then replaces `current` in one assignment: a request
 * reads `current` once and keeps that object, so it never sees a mix of two versions.
 */
export class DictionaryStore {
  private pending: Promise<{ previous: LoadedDictionaries; next: LoadedDictionaries }> | undefined;

  private constructor(
    private readonly dictionaries: string | undefined,
    private loadedNow: LoadedDictionaries,
  ) {}

  /** Startup load, on the main thread: nothing is being served yet. */
  static async open(dictionaries: string | undefined): Promise<DictionaryStore> {
    return new DictionaryStore(dictionaries, loaded(await createProofreader({ dictionaries })));
  }

  get current(): LoadedDictionaries {
    return this.loadedNow;
  }

  get reloading(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Reloads from disk. Concurrent calls share one reload. On a malformed dictionary this
   * rejects (DictionaryBuildError with file:line) and the current version keeps serving.
   */
  reload(): Promise<{ previous: LoadedDictionaries; next: LoadedDictionaries }> {
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<{ previous: LoadedDictionaries; next: LoadedDictionaries }> {
    const started = performance.now();
    const snapshot = shared(await buildSnapshot(this.dictionaries));
    const proofreader = await createProofreader({ snapshot });
    const info: DictionaryInfo = {
      ...proofreader.info,
      source: this.dictionaries ?? this.loadedNow.info.source,
      loadedAt: new Date().toISOString(),
      loadMs: Math.round((performance.now() - started) * 10) / 10,
    };
    const previous = this.loadedNow;
    this.loadedNow = { version: info.version, proofreader, snapshot, info };
    return { previous, next: this.loadedNow };
  }
}
