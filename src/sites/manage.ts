import { DictionaryError } from '../core/dictionaries/errors.js';
import { Normalizer } from '../core/normalize/index.js';
import { normalizeSettings, type SiteSettings } from '../core/sites/settings.js';
import { cleanEntry, entryKey, EntryError, parseLayer, type Entry, type EntryKind, type LayerState } from './entries.js';
import type { ChangeMeta, LayerRecord, SiteRegistry } from './registry.js';

/** A batch of changes to one layer, applied together or not at all. */
export interface EntryOperations {
  /** Entries to add; an entry whose kind and term exist already replaces it. */
  add?: readonly unknown[];
  /** Entries to remove, by kind and term; each must exist. */
  remove?: ReadonlyArray<{ kind: string; term: string }>;
  /** Replace the layer's whole entry list with `add` (a bulk upload of a complete list). */
  replace?: boolean;
  /** With `replace`: only these kinds are replaced, the others are kept. */
  kinds?: readonly EntryKind[];
}

export class EntryNotFoundError extends Error {
  constructor(readonly where: string, kind: string, term: string) {
    super(`${where === '' ? '' : `${where}: `}no ${kind} entry '${term}' in this list`);
    this.name = 'EntryNotFoundError';
  }
}

const normalizer = new Normalizer();
const normalizeTerm = (term: string): string => normalizer.normalizeTerm(term);

/**
 * Validates the entries a caller sent, each on its own and against the others in the same
 * request, with the dictionary loader's checks; errors name `add[i]`.
 */
export function cleanEntries(raw: readonly unknown[], label = 'add'): Entry[] {
  const entries = raw.map((entry, index) => cleanEntry(entry, `${label}[${index}]`));
  parseLayer({ entries, settings: {} }, normalizeTerm, (index) => `${label}[${index}]`);
  return entries;
}

/** The layer after `operations`; throws EntryError or EntryNotFoundError, changing nothing. */
export function applyOperations(state: LayerState, operations: EntryOperations): LayerState {
  const added = cleanEntries(operations.add ?? []);
  const entries = new Map<string, Entry>();
  const keepKinds = operations.replace ? new Set<string>(operations.kinds ?? []) : undefined;
  for (const entry of state.entries) {
    if (keepKinds !== undefined && (keepKinds.size === 0 || keepKinds.has(entry.kind))) continue;
    entries.set(entryKey(entry), entry);
  }
  (operations.remove ?? []).forEach((key, index) => {
    const id = entryKey({ kind: key.kind as EntryKind, term: key.term.trim() });
    if (!entries.delete(id)) throw new EntryNotFoundError(`remove[${index}]`, key.kind, key.term);
  });
  for (const entry of added) entries.set(entryKey(entry), entry);
  return { entries: [...entries.values()], settings: state.settings };
}

/** Settings from a caller, validated like site.json; errors name the field. */
export function cleanSettings(raw: unknown, knownProfiles?: ReadonlySet<string>): SiteSettings {
  let settings: SiteSettings;
  try {
    settings = normalizeSettings(raw, 'settings');
  } catch (error) {
    if (error instanceof DictionaryError) throw new EntryError('settings', error.reason);
    throw error;
  }
  if (settings.profile !== undefined && knownProfiles !== undefined && !knownProfiles.has(settings.profile)) {
    throw new EntryError('settings', `profile: unknown profile '${settings.profile}' (known: ${[...knownProfiles].join(', ')})`);
  }
  return settings;
}

/**
 * Adds a batch of entries to a layer (a site, or `_global` for every site) in one version:
 * all of them go live together, or none (the first bad entry throws EntryError naming it).
 * For importers (e.g. a reviewed public lexicon): `entries` are `{ kind, term, category,
 * severity? }` objects as the management API takes them.
 */
export async function addEntries(registry: SiteRegistry, layer: string, entries: readonly unknown[], meta: ChangeMeta): Promise<{ from: LayerRecord; to: LayerRecord }> {
  const added = cleanEntries(entries);
  return registry.change(layer, (state) => applyOperations(state, { add: added }), meta);
}
