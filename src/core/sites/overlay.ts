import type { TextCheck } from '../checks/check.js';
import { homophones, lookalikes } from '../checks/context-typo/index.js';
import { createNameCheck } from '../checks/name.js';
import { CompiledDictionaries } from '../dictionaries/compiled.js';
import type { ParsedDictionaries } from '../dictionaries/parse.js';
import type { NormalizeOptions } from '../normalize/index.js';
import type { Finding, Severity } from '../types.js';
import { normalizeSettings, type SiteSettings } from './settings.js';

/** `off` drops findings of that code or type for the site. */
export type SeverityOverride = Severity | 'off';

/**
 * What one site changes on top of the shared base dictionaries: its own small automaton
 * (extra terms, whitelist), its registered names, the base terms it switches off and the
 * severities it overrides. The base is never copied: a check scans the base automaton and
 * this one, and merges (CoreProofreader.check with `overlay`).
 */
export class SiteOverlay {
  /** Normalized forms of switched-off terms (any dictionary kind). */
  readonly disabled: ReadonlySet<string>;
  /** By finding code (`sensitive.profanity`) or by type (`punctuation`); code wins. */
  readonly severities: ReadonlyMap<string, SeverityOverride>;
  /** The site's exact registered names: the base name check must not call them near-misses. */
  readonly registeredNames: ReadonlySet<string>;
  /** The name check over the site's own registry (leaders and agencies); undefined when it has none. */
  readonly nameCheck: TextCheck | undefined;

  private constructor(
    readonly id: string,
    /** Content hash of the overlay's sources and settings. */
    readonly version: string,
    /** Undefined when the site adds no terms. */
    readonly dictionaries: CompiledDictionaries | undefined,
    readonly settings: SiteSettings,
    normalizeTerm: (term: string) => string,
    /** The compiled automaton on shared memory: `dictionaries` is a view on it, workers get it as is. */
    private readonly snapshot: Uint8Array | undefined,
  ) {
    this.disabled = new Set((settings.disabled ?? []).map(normalizeTerm).filter((term) => term !== ''));
    this.severities = new Map(Object.entries(settings.severities ?? {}));
    const names = dictionaries?.names ?? [];
    this.registeredNames = new Set(names.map((entry) => entry.name));
    this.nameCheck = names.length > 0 ? createNameCheck(names, { homophones, lookalikes }) : undefined;
  }

  /**
   * Compiles a site's parsed sources. `normalize` must be the base's options, so that the
   * two automata see the same normalized units. The overlay's scan loop is the JavaScript
   * one: a WebAssembly instance per site would cost its own linear memory (benchmarks/sites).
   */
  static compile(id: string, parsed: ParsedDictionaries, settings: SiteSettings, version: string, normalize: NormalizeOptions, normalizeTerm: (term: string) => string): SiteOverlay {
    const clean = normalizeSettings(settings, `sites/${id}/site.json`);
    const hasContent = parsed.terms.length > 0 || parsed.names.length > 0;
    // Built, then restored from its shared snapshot: this thread's automaton and the workers'
    // are views on the same memory, so an overlay's arrays exist once per process.
    const snapshot = hasContent ? CompiledDictionaries.build(parsed, version, normalize, 'js').toSnapshot({ shared: true }) : undefined;
    const dictionaries = snapshot ? CompiledDictionaries.fromSnapshot(snapshot, version, 'js') : undefined;
    return new SiteOverlay(id, version, dictionaries, clean, normalizeTerm, snapshot);
  }

  /** For worker threads: the compiled automaton's snapshot (shared memory) and the settings. */
  toTransfer(): SiteOverlayTransfer {
    return { id: this.id, version: this.version, settings: this.settings, snapshot: this.snapshot };
  }

  static fromTransfer(transfer: SiteOverlayTransfer, normalizeTerm: (term: string) => string): SiteOverlay {
    const dictionaries = transfer.snapshot ? CompiledDictionaries.fromSnapshot(transfer.snapshot, transfer.version, 'js') : undefined;
    return new SiteOverlay(transfer.id, transfer.version, dictionaries, transfer.settings, normalizeTerm, transfer.snapshot);
  }

  /** Terms the site teaches the segmenter (so that its words segment whole). */
  segmentationWords(): string[] {
    return this.dictionaries?.segmentationWords() ?? [];
  }

  /**
   * Applies the severity overrides in place; returns false when the finding is switched off.
   * Pure bookkeeping on the merged findings, after every check ran.
   */
  adjust(finding: Finding): boolean {
    if (this.severities.size === 0) return true;
    const override = this.severities.get(finding.code ?? `${finding.type}.${finding.category}`) ?? this.severities.get(finding.type);
    if (override === undefined) return true;
    if (override === 'off') return false;
    finding.severity = override;
    return true;
  }
}

/** A compiled overlay as posted to a worker thread: the snapshot is on a SharedArrayBuffer. */
export interface SiteOverlayTransfer {
  id: string;
  version: string;
  settings: SiteSettings;
  snapshot: Uint8Array | undefined;
}
