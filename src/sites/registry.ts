import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DictionaryError } from '../core/dictionaries/errors.js';
import { parseDictionaries } from '../core/dictionaries/parse.js';
import { Normalizer } from '../core/normalize/index.js';
import { jiebaSegmenter } from '../core/segment/jieba.js';
import { SiteOverlay, type SiteOverlayTransfer } from '../core/sites/overlay.js';
import { normalizeSettings, SITE_ID, type SiteSettings } from '../core/sites/settings.js';
import { readDictionarySources } from '../loader/dictionaries.js';
import { EMPTY_LAYER, entriesOf, entryKey, EntryError, mergeLayers, parseLayer, type Entry, type LayerState } from './entries.js';
import { SiteStore, StoreConflictError, type AuditRecord, type LayerVersion, type SiteStoreOptions } from './store.js';

/** The layer whose entries and settings apply to every site (and to requests without one). */
export const GLOBAL_LAYER = '_global';

/** One layer as loaded: from the store (seq ≥ 1) or from its folder in SITES_DIR (seq 0). */
export interface LayerRecord {
  layer: string;
  seq: number;
  state: LayerState;
  /** `"<seq>-<hash>"`: what If-Match must send to change this layer. */
  etag: string;
  at?: string;
  actor?: string;
}

/** A site ready to check with: its overlay (global layer included) and what workers need. */
export interface CompiledSite {
  id: string;
  name: string;
  settings: SiteSettings;
  overlay: SiteOverlay;
  transfer: SiteOverlayTransfer;
  /** Overlay version: content hash of the merged layers. */
  version: string;
}

export class UnknownSiteError extends Error {
  constructor(readonly site: string) {
    super(`Unknown site ${JSON.stringify(site.slice(0, 64))}`);
    this.name = 'UnknownSiteError';
  }
}

export class PreconditionFailedError extends Error {
  constructor(readonly current: string) {
    super(`The layer changed meanwhile: its ETag is now ${current}; read it again and retry`);
    this.name = 'PreconditionFailedError';
  }
}

export class VersionNotFoundError extends Error {
  constructor(layer: string, seq: number) {
    super(`No version ${seq} of ${layer} in the store (it may have been pruned)`);
    this.name = 'VersionNotFoundError';
  }
}

export interface SiteRegistryOptions extends SiteStoreOptions {
  /** Polling interval of the shared store in ms (fs.watch answers sooner when it can); 0: no polling. */
  pollMs?: number;
  /** fs.watch the store's folders (default true); polling alone is what NFS and some containers get. */
  watchFiles?: boolean;
}

/** What a change records: who (a key's name), with which role, doing what. */
export interface ChangeMeta {
  actor: string;
  role: string;
  action: string;
  /** The ETag the caller read; a different current ETag fails with PreconditionFailedError. */
  ifMatch?: string;
  /** Allow creating a layer that does not exist yet. */
  create?: boolean;
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function etagOf(seq: number, state: LayerState): string {
  return `"${seq}-${hash(state).slice(0, 12)}"`;
}

/**
 * Every site known to this process, compiled, with the shared store behind them. Requests
 * read `get(id)` once and keep that object: a change swaps whole CompiledSite objects, so a
 * request sees the old overlay or the new one, never a mix. Changes go to the store first;
 * other replicas pick them up through fs.watch and polling (`refresh`).
 */
export class SiteRegistry {
  readonly store: SiteStore | undefined;
  private readonly normalizer = new Normalizer();
  private readonly normalizeTerm = (term: string): string => this.normalizer.normalizeTerm(term);
  private layersNow = new Map<string, LayerRecord>();
  private sitesNow = new Map<string, CompiledSite>();
  private globalNow: CompiledSite | undefined;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private refreshing: Promise<void> | undefined;
  private lastFingerprint = '';
  private watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private closed = false;
  /** Called after every swap (tests, metrics). */
  onSwap: ((layers: string[]) => void) | undefined;
  onError: ((error: unknown) => void) | undefined;

  private constructor(
    readonly sitesDir: string | undefined,
    private readonly options: SiteRegistryOptions,
  ) {
    this.store = sitesDir === undefined ? undefined : new SiteStore(sitesDir, options);
  }

  /** Loads every site (store first, else its folder); throws DictionaryError (file:line) on a malformed folder. */
  static async open(sitesDir: string | undefined, options: SiteRegistryOptions = {}): Promise<SiteRegistry> {
    const registry = new SiteRegistry(sitesDir, options);
    if (sitesDir !== undefined) {
      const info = await stat(sitesDir).catch(() => undefined);
      if (!info?.isDirectory()) throw new DictionaryError(sitesDir, 0, 'SITES_DIR is not a folder');
      await registry.loadAll();
    }
    return registry;
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  /** A site by id, or undefined. */
  get(id: string): CompiledSite | undefined {
    return this.sitesNow.get(id);
  }

  /** The global layer's overlay for requests without a site; undefined when the global layer is empty. */
  get global(): CompiledSite | undefined {
    return this.globalNow;
  }

  list(): CompiledSite[] {
    return [...this.sitesNow.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  get size(): number {
    return this.sitesNow.size;
  }

  /** A layer's entries and settings as they are now (`_global` included); undefined for an unknown site. */
  layer(layer: string): LayerRecord | undefined {
    const record = this.layersNow.get(layer);
    if (record) return record;
    if (layer === GLOBAL_LAYER) return { layer, seq: 0, state: EMPTY_LAYER, etag: etagOf(0, EMPTY_LAYER) };
    return undefined;
  }

  /** The hosts a site has retired (dead links), for the links check; empty for an unknown site. */
  retiredHosts(site: string | undefined): readonly string[] {
    const compiled = site === undefined ? this.globalNow : this.sitesNow.get(site);
    return compiled?.settings.retiredHosts ?? this.layersNow.get(GLOBAL_LAYER)?.state.settings.retiredHosts ?? [];
  }

  // ---- loading ---------------------------------------------------------------------------

  private async loadAll(): Promise<void> {
    const layers = new Map<string, LayerRecord>();
    for (const layer of await this.knownLayers()) {
      const record = await this.loadLayer(layer);
      if (record) layers.set(layer, record);
    }
    this.lastFingerprint = (await this.store?.fingerprint()) ?? '';
    this.install(layers, [...layers.keys()]);
  }

  /** Site folders in SITES_DIR and layers in the store. */
  private async knownLayers(): Promise<string[]> {
    const dir = this.sitesDir as string;
    const names = new Set<string>();
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && (SITE_ID.test(entry.name) || entry.name === GLOBAL_LAYER)) names.add(entry.name);
    }
    for (const layer of (await this.store?.layers()) ?? []) if (SITE_ID.test(layer) || layer === GLOBAL_LAYER) names.add(layer);
    return [...names].sort();
  }

  private async loadLayer(layer: string): Promise<LayerRecord | undefined> {
    const latest = await this.store?.latest(layer);
    if (latest) return { layer, seq: latest.seq, state: latest.state, etag: etagOf(latest.seq, latest.state), at: latest.at, actor: latest.actor };
    const folder = path.join(this.sitesDir as string, layer);
    if (!(await stat(folder).catch(() => undefined))?.isDirectory()) return undefined;
    const state = await this.readFolder(layer, folder);
    return { layer, seq: 0, state, etag: etagOf(0, state) };
  }

  /** A site folder in the plain-text layout of dictionaries/, plus site.json. */
  private async readFolder(layer: string, folder: string): Promise<LayerState> {
    let parsed;
    try {
      parsed = parseDictionaries(await readDictionarySources(folder), this.normalizeTerm);
    } catch (error) {
      // Name the site: `city/sensitive/local.txt:3: ...`.
      if (error instanceof DictionaryError) throw new DictionaryError(`${layer}/${error.file}`, error.line, error.reason);
      throw error;
    }
    let settings: SiteSettings = {};
    const settingsFile = path.join(folder, 'site.json');
    let raw: string | undefined;
    try {
      raw = await readFile(settingsFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (raw !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (error) {
        throw new DictionaryError(`${layer}/site.json`, 0, `not valid JSON: ${(error as Error).message}`);
      }
      settings = normalizeSettings(json, `${layer}/site.json`);
    }
    return { entries: entriesOf(parsed), settings };
  }

  /** Compiles the sites affected by `changed` layers from `layers` and swaps them in at once. */
  private install(layers: Map<string, LayerRecord>, changed: string[]): void {
    const compiled = this.compileAffected(layers, changed);
    this.layersNow = layers;
    this.sitesNow = compiled.sites;
    this.globalNow = compiled.global;
    this.onSwap?.(changed);
  }

  private compileAffected(layers: Map<string, LayerRecord>, changed: string[]): { sites: Map<string, CompiledSite>; global: CompiledSite | undefined } {
    const globalChanged = changed.includes(GLOBAL_LAYER);
    const globalState = layers.get(GLOBAL_LAYER)?.state ?? EMPTY_LAYER;
    const sites = new Map<string, CompiledSite>();
    for (const [layer, record] of layers) {
      if (layer === GLOBAL_LAYER) continue;
      const previous = this.sitesNow.get(layer);
      sites.set(layer, previous && !globalChanged && !changed.includes(layer) ? previous : this.compile(layer, record.state, globalState));
    }
    let global = globalChanged ? undefined : this.globalNow;
    if (globalChanged) {
      const empty = globalState.entries.length === 0 && Object.keys(globalState.settings).length === 0;
      global = empty ? undefined : this.compile(GLOBAL_LAYER, EMPTY_LAYER, globalState);
    }
    return { sites, global };
  }

  private compile(id: string, site: LayerState, global: LayerState): CompiledSite {
    const merged = mergeLayers(global, site);
    const parsed = parseLayer(merged, this.normalizeTerm, (index) => describeEntry(merged.entries[index]));
    const version = hash({ id, merged });
    const overlay = SiteOverlay.compile(id, parsed, merged.settings, version, this.normalizer.options, this.normalizeTerm);
    // The segmenter should keep the site's words whole, as it does the base's.
    jiebaSegmenter(overlay.segmentationWords());
    return { id, name: merged.settings.name ?? id, settings: overlay.settings, overlay, transfer: overlay.toTransfer(), version };
  }

  // ---- changes ---------------------------------------------------------------------------

  /**
   * Applies `edit` to a layer's current state, validates the result (entries and every site
   * it affects), publishes it as the next version in the store, appends the audit record
   * and swaps the compiled sites. Edits of this process run one at a time; a version
   * published meanwhile by another replica is read first (and fails If-Match).
   */
  change(layer: string, edit: (state: LayerState) => LayerState, meta: ChangeMeta): Promise<{ from: LayerRecord; to: LayerRecord }> {
    const store = this.store;
    if (store === undefined) return Promise.reject(new UnknownSiteError(layer));
    const run = async (): Promise<{ from: LayerRecord; to: LayerRecord }> => {
      for (let attempt = 0; ; attempt++) {
        await this.refreshUnlocked();
        const from = this.layer(layer);
        if (from === undefined && !meta.create) throw new UnknownSiteError(layer);
        const current = from ?? { layer, seq: 0, state: EMPTY_LAYER, etag: etagOf(0, EMPTY_LAYER) };
        if (meta.ifMatch !== undefined && meta.ifMatch !== current.etag && meta.ifMatch !== '*') throw new PreconditionFailedError(current.etag);
        // A version in the store newer than this view was published by another replica that
        // this view has not caught up with: read it first, so If-Match is judged against it.
        const latest = Math.max(0, ...(await store.sequences(layer)).slice(-1));
        if (latest > current.seq && attempt < 2) {
          await this.refreshUnlocked(true);
          continue;
        }
        const state = edit(current.state);
        const layers = new Map(this.layersNow);
        const seq = Math.max(current.seq, latest) + 1;
        const next: LayerRecord = { layer, seq, state, etag: etagOf(seq, state) };
        layers.set(layer, next);
        // Compile before publishing: a change that breaks a site never reaches the store.
        const compiled = this.compileAffected(layers, [layer]);
        let version: LayerVersion;
        try {
          version = await store.commit(layer, seq, state, { actor: meta.actor, action: meta.action });
        } catch (error) {
          if (error instanceof StoreConflictError && attempt < 5) {
            if (meta.ifMatch !== undefined) {
              await this.refreshUnlocked(true);
              throw new PreconditionFailedError(this.layer(layer)?.etag ?? '""');
            }
            await this.refreshUnlocked(true);
            continue;
          }
          throw error;
        }
        next.at = version.at;
        next.actor = version.actor;
        await store.appendAudit({
          at: version.at,
          actor: meta.actor,
          role: meta.role,
          layer,
          action: meta.action,
          fromVersion: current.seq,
          toVersion: seq,
          changes: diff(current.state, state),
        } satisfies AuditRecord);
        this.layersNow = layers;
        this.sitesNow = compiled.sites;
        this.globalNow = compiled.global;
        // lastFingerprint stays as it was: another replica may have published meanwhile, and
        // the next refresh compares every layer's newest version anyway.
        this.onSwap?.([layer]);
        return { from: current, to: next };
      }
    };
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => {});
    return result;
  }

  /** Versions of a layer in the store, newest first. */
  async history(layer: string, limit: number): Promise<LayerVersion[]> {
    return (await this.store?.history(layer, limit)) ?? [];
  }

  /** Publishes the content of an earlier version as the next version. */
  async rollback(layer: string, seq: number, meta: ChangeMeta): Promise<{ from: LayerRecord; to: LayerRecord }> {
    const version = await this.store?.read(layer, seq);
    if (version === undefined) throw new VersionNotFoundError(layer, seq);
    return this.change(layer, () => version.state, { ...meta, action: `rollback to ${seq}` });
  }

  /**
   * Re-reads the site folders that the store does not manage yet (version 0), and folders
   * added since: what an operator edited by hand. A malformed folder throws DictionaryError
   * (file:line) and every site keeps its current overlay. Managed sites are not touched.
   */
  reloadFolders(): Promise<string[]> {
    if (this.store === undefined) return Promise.resolve([]);
    const run = async (): Promise<string[]> => {
      const layers = new Map(this.layersNow);
      const changed: string[] = [];
      for (const layer of await this.knownLayers()) {
        const record = this.layersNow.get(layer);
        if (record !== undefined && record.seq > 0) continue;
        const loaded = await this.loadLayer(layer);
        if (loaded === undefined || loaded.etag === record?.etag) continue;
        layers.set(layer, loaded);
        changed.push(layer);
      }
      if (changed.length > 0) this.install(layers, changed);
      return changed;
    };
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => {});
    return result;
  }

  // ---- replicas --------------------------------------------------------------------------

  /**
   * Reads what other replicas published since the last look; swaps the affected sites. Runs
   * in turn with this process's own changes, so neither installs a view older than the other's.
   */
  refreshNow(force = false): Promise<void> {
    if (this.store === undefined) return Promise.resolve();
    if (this.refreshing !== undefined && !force) return this.refreshing;
    const run = (): Promise<void> => this.refreshUnlocked(force);
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => {});
    const pending = result.finally(() => {
      if (this.refreshing === pending) this.refreshing = undefined;
    });
    this.refreshing = pending;
    return pending;
  }

  private async refreshUnlocked(force = false): Promise<void> {
    const store = this.store as SiteStore;
    const fingerprint = await store.fingerprint();
    if (!force && fingerprint === this.lastFingerprint) return;
    const layers = new Map(this.layersNow);
    const changed: string[] = [];
    for (const layer of await this.knownLayers()) {
      const record = this.layersNow.get(layer);
      const seqs = await store.sequences(layer);
      const newest = seqs[seqs.length - 1] ?? 0;
      if (record !== undefined && record.seq === newest) continue;
      const loaded = await this.loadLayer(layer);
      if (loaded === undefined || (record !== undefined && loaded.seq === record.seq)) continue;
      layers.set(layer, loaded);
      changed.push(layer);
    }
    this.lastFingerprint = fingerprint;
    if (changed.length > 0) this.install(layers, changed);
  }

  /** Follows the shared store: fs.watch on its folders, and polling as the fallback. */
  async watch(): Promise<void> {
    const store = this.store;
    if (store === undefined || this.closed) return;
    await mkdir(store.layersDir, { recursive: true });
    const poke = (): void => {
      if (this.closed) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.refreshNow()
          .then(() => this.armWatchers())
          .catch((error) => this.onError?.(error));
      }, 25);
      this.debounce.unref();
    };
    this.poke = poke;
    await this.armWatchers();
    const pollMs = this.options.pollMs ?? 2000;
    if (pollMs > 0) {
      this.timer = setInterval(poke, pollMs);
      this.timer.unref();
    }
  }

  private poke: (() => void) | undefined;

  private async armWatchers(): Promise<void> {
    const store = this.store;
    if (store === undefined || this.closed || this.poke === undefined || this.options.watchFiles === false) return;
    const dirs = [store.layersDir, ...(await store.layers()).map((layer) => store.layerDir(layer))];
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, this.poke);
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, watcher);
      } catch {
        // Not every file system supports fs.watch (NFS): polling covers it.
      }
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

/** An entry as people name it in an error: `sensitive '某某'`. */
export function describeEntry(entry: Entry | undefined): string {
  return entry === undefined ? 'an entry' : `${entry.kind} '${entry.term}'`;
}

const MAX_RECORDED_CHANGES = 1000;

/** Entry and setting changes between two states, for the audit log. */
export function diff(before: LayerState, after: LayerState): AuditRecord['changes'] {
  const changes: AuditRecord['changes'] = [];
  const old = new Map(before.entries.map((entry) => [entryKey(entry), entry]));
  const now = new Map(after.entries.map((entry) => [entryKey(entry), entry]));
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (previous === undefined) changes.push({ what: describeEntry(entry), before: null, after: entry });
    else if (JSON.stringify(previous) !== JSON.stringify(entry)) changes.push({ what: describeEntry(entry), before: previous, after: entry });
  }
  for (const [key, entry] of old) if (!now.has(key)) changes.push({ what: describeEntry(entry), before: entry, after: null });
  const fields = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)]);
  for (const field of fields) {
    const a = (before.settings as Record<string, unknown>)[field];
    const b = (after.settings as Record<string, unknown>)[field];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ what: `setting ${field}`, before: a ?? null, after: b ?? null });
  }
  if (changes.length > MAX_RECORDED_CHANGES) {
    const total = changes.length;
    changes.length = MAX_RECORDED_CHANGES;
    changes.push({ what: `${total - MAX_RECORDED_CHANGES} more changes`, before: null, after: null });
  }
  return changes;
}

export { EntryError };
