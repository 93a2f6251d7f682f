import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { LayerState } from './entries.js';

/** One committed version of a layer: immutable once written. */
export interface LayerVersion {
  layer: string;
  seq: number;
  at: string;
  /** Name of the key that made the change (never the key). */
  actor: string;
  action: string;
  state: LayerState;
}

interface StoredVersion extends LayerVersion {
  /** SHA-256 of JSON.stringify(state): a torn or edited file is not used. */
  checksum: string;
}

/** One line of the audit log. */
export interface AuditRecord {
  at: string;
  actor: string;
  role: string;
  layer: string;
  action: string;
  fromVersion: number;
  toVersion: number;
  /** What changed: each entry or setting before and after (null = absent). */
  changes: Array<{ what: string; before: unknown; after: unknown }>;
}

/** Another writer committed this sequence number first (another request, another replica). */
export class StoreConflictError extends Error {
  constructor(
    readonly layer: string,
    readonly seq: number,
  ) {
    super(`version ${seq} of ${layer} was written by someone else first`);
    this.name = 'StoreConflictError';
  }
}

export interface SiteStoreOptions {
  /** How many versions of each layer are kept on disk (older ones are deleted). */
  keep?: number;
  /** Test hook: runs after the temporary file is written and synced, before it is published. */
  beforePublish?: (temporary: string) => void | Promise<void>;
}

const VERSION_FILE = /^v(\d{6,})\.json$/;

function checksum(state: LayerState): string {
  return createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

/**
 * The shared store of managed versions: a folder (`<SITES_DIR>/.jiaodui/`) that every replica
 * reads and writes. Each version of a layer is one file, `layers/<layer>/v000042.json`,
 * written to a temporary file, fsynced, then published with link(2), which fails if the name
 * exists: two writers cannot both publish version 42, and a crash before the link leaves
 * only a temporary file that nobody reads. The current version is the highest readable one.
 * The audit log is an append-only NDJSON file, fsynced after each record.
 */
export class SiteStore {
  readonly dir: string;
  private readonly keep: number;
  private auditQueue: Promise<void> = Promise.resolve();

  constructor(
    sitesDir: string,
    private readonly options: SiteStoreOptions = {},
  ) {
    this.dir = path.join(sitesDir, '.jiaodui');
    this.keep = Math.max(2, options.keep ?? 50);
  }

  get layersDir(): string {
    return path.join(this.dir, 'layers');
  }

  layerDir(layer: string): string {
    return path.join(this.layersDir, layer);
  }

  get auditFile(): string {
    return path.join(this.dir, 'audit.log');
  }

  /** Layers that have at least a folder in the store. */
  async layers(): Promise<string[]> {
    try {
      return (await readdir(this.layersDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Published sequence numbers of a layer, ascending. */
  async sequences(layer: string): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.layerDir(layer));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const seqs: number[] = [];
    for (const name of names) {
      const match = VERSION_FILE.exec(name);
      if (match) seqs.push(Number(match[1]));
    }
    return seqs.sort((a, b) => a - b);
  }

  /** A version, or undefined when it is missing or fails its checksum. */
  async read(layer: string, seq: number): Promise<LayerVersion | undefined> {
    try {
      const stored = JSON.parse(await readFile(path.join(this.layerDir(layer), versionName(seq)), 'utf8')) as StoredVersion;
      if (stored.seq !== seq || stored.layer !== layer || checksum(stored.state) !== stored.checksum) return undefined;
      const { checksum: _checksum, ...version } = stored;
      return version;
    } catch {
      return undefined;
    }
  }

  /** The newest readable version of a layer (a damaged newest file falls back to the one before). */
  async latest(layer: string): Promise<LayerVersion | undefined> {
    const seqs = await this.sequences(layer);
    for (let i = seqs.length - 1; i >= 0; i--) {
      const version = await this.read(layer, seqs[i]);
      if (version) return version;
    }
    return undefined;
  }

  /** The newest `limit` versions, newest first. */
  async history(layer: string, limit: number): Promise<LayerVersion[]> {
    const seqs = (await this.sequences(layer)).reverse();
    const versions: LayerVersion[] = [];
    for (const seq of seqs) {
      if (versions.length >= limit) break;
      const version = await this.read(layer, seq);
      if (version) versions.push(version);
    }
    return versions;
  }

  /**
   * Publishes `state` as version `seq` of `layer`. Throws StoreConflictError when that
   * version exists already. Durable on return: the file and its folder are fsynced.
   */
  async commit(layer: string, seq: number, state: LayerState, meta: { actor: string; action: string }): Promise<LayerVersion> {
    const dir = this.layerDir(layer);
    await mkdir(dir, { recursive: true });
    const version: LayerVersion = { layer, seq, at: new Date().toISOString(), actor: meta.actor, action: meta.action, state };
    const stored: StoredVersion = { ...version, checksum: checksum(state) };
    const temporary = path.join(dir, `.${versionName(seq)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(JSON.stringify(stored));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await this.options.beforePublish?.(temporary);
      await link(temporary, path.join(dir, versionName(seq)));
    } catch (error) {
      await unlink(temporary).catch(() => {});
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new StoreConflictError(layer, seq);
      throw error;
    }
    await unlink(temporary);
    await syncDir(dir);
    await this.prune(layer);
    return version;
  }

  private async prune(layer: string): Promise<void> {
    const seqs = await this.sequences(layer);
    for (const seq of seqs.slice(0, Math.max(0, seqs.length - this.keep))) {
      await unlink(path.join(this.layerDir(layer), versionName(seq))).catch(() => {});
    }
  }

  /** Appends one record to the audit log and fsyncs it; records from this process never interleave. */
  appendAudit(record: AuditRecord): Promise<void> {
    const write = async (): Promise<void> => {
      await mkdir(this.dir, { recursive: true });
      const handle = await open(this.auditFile, 'a');
      try {
        await handle.write(`${JSON.stringify(record)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
    };
    const next = this.auditQueue.then(write, write);
    this.auditQueue = next.catch(() => {});
    return next;
  }

  /** The newest `limit` audit records (of one layer when given), newest first. */
  async readAudit(options: { layer?: string; layers?: ReadonlySet<string>; limit: number }): Promise<AuditRecord[]> {
    let text: string;
    try {
      text = await readFile(this.auditFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: AuditRecord[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && records.length < options.limit; i--) {
      if (lines[i] === '') continue;
      let record: AuditRecord;
      try {
        record = JSON.parse(lines[i]) as AuditRecord;
      } catch {
        continue; // a torn last line after a crash
      }
      if (options.layer !== undefined && record.layer !== options.layer) continue;
      if (options.layers !== undefined && !options.layers.has(record.layer)) continue;
      records.push(record);
    }
    return records;
  }

  /** A cheap fingerprint of what is published (layers and their newest sequence): polling compares it. */
  async fingerprint(): Promise<string> {
    const parts: string[] = [];
    for (const layer of await this.layers()) {
      const seqs = await this.sequences(layer);
      parts.push(`${layer}:${seqs[seqs.length - 1] ?? 0}`);
    }
    return parts.join(',');
  }
}

function versionName(seq: number): string {
  return `v${String(seq).padStart(6, '0')}.json`;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse to fsync a directory; the file itself is synced.
  }
}
