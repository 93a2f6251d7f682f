/**
 * The jiaodui library: `createProofreader()` loads (or restores) compiled dictionaries and
 * returns a synchronous `check(text)`. See README.md for the API and DESIGN.md for how it works.
 */
import { performance } from 'node:perf_hooks';
import { CompiledDictionaries } from './core/dictionaries/compiled.js';
import { CoreProofreader, type CheckOptions, type CheckResult } from './core/proofreader.js';
import { jiebaSegmenter } from './core/segment/jieba.js';
import { loadDictionaries } from './loader/dictionaries.js';
import { BUNDLED_DICTIONARIES } from './loader/paths.js';
import { loadTextChecks } from './loader/text-checks.js';
import { loadSensitiveContext } from './loader/sensitive-context.js';

export type { Finding, DroppedHit, Severity, CheckType, Segmenter } from './core/types.js';
export { SEVERITIES, SEVERITY_RANK, CHECK_TYPES, isCheckType, isSeverity } from './core/types.js';
export type { CheckOptions, CheckResult } from './core/proofreader.js';
export type { DictionaryCounts } from './core/dictionaries/compiled.js';
export { DictionaryError } from './core/dictionaries/errors.js';
export { DictionarySnapshotError } from './core/dictionaries/compiled.js';
export { BUNDLED_DICTIONARIES } from './loader/paths.js';
// Site overlays: `(await SiteRegistry.open(sitesDir)).get('city')?.overlay` goes into check()'s `overlay`.
export { SiteOverlay } from './core/sites/overlay.js';
export type { SiteSettings } from './core/sites/settings.js';
export { SiteRegistry, type CompiledSite } from './sites/registry.js';
// Inspection readiness: one published page's compliance (pure), and the per-site summary of a scan job.
export { checkPageCompliance } from './core/inspection/page-compliance.js';
export type { PageComplianceOptions, PageComplianceResult, PageKind } from './core/inspection/page-compliance.js';
export { readinessSummary } from './inspection/readiness.js';
export type { ReadinessOptions, ReadinessSummary, SiteReadiness } from './inspection/readiness.js';

export interface ProofreaderOptions {
  /** Dictionary folder (layout in dictionaries/README.md). Default: the bundled dictionaries. */
  dictionaries?: string;
  /** A compiled snapshot from `exportSnapshot()` (e.g. on a SharedArrayBuffer from another thread); replaces `dictionaries`. */
  snapshot?: Uint8Array;
  /** Folder for cached compiled snapshots; `false` disables it. Default: <tmpdir>/jiaodui-cache. */
  cacheDir?: string | false;
}

export interface DictionaryInfo {
  /** Content hash of the dictionary sources and normalization options. */
  version: string;
  /** Folder the dictionaries came from, or 'snapshot'. */
  source: string;
  loadedAt: string;
  loadMs: number;
  /** True when a compiled snapshot was used instead of building the automaton. */
  fromSnapshot: boolean;
  counts: import('./core/dictionaries/compiled.js').DictionaryCounts;
}

export interface Proofreader {
  check(text: string, options?: CheckOptions): CheckResult;
  readonly info: DictionaryInfo;
  /** The compiled dictionaries in a SharedArrayBuffer, for `createProofreader({ snapshot })` in worker threads. */
  exportSnapshot(): Uint8Array;
}

export async function createProofreader(options: ProofreaderOptions = {}): Promise<Proofreader> {
  const started = performance.now();
  let dictionaries: CompiledDictionaries;
  let source: string;
  let fromSnapshot: boolean;
  if (options.snapshot) {
    dictionaries = CompiledDictionaries.fromSnapshot(options.snapshot);
    source = 'snapshot';
    fromSnapshot = true;
  } else {
    source = options.dictionaries ?? BUNDLED_DICTIONARIES;
    const loaded = await loadDictionaries(source, { cacheDir: options.cacheDir });
    dictionaries = loaded.compiled;
    fromSnapshot = loaded.fromSnapshot;
  }
  const core = new CoreProofreader({
    dictionaries,
    segmenter: jiebaSegmenter(dictionaries.segmentationWords()),
    textChecks: loadTextChecks(dictionaries),
    sensitiveContext: await loadSensitiveContext(options.snapshot ? undefined : source),
  });
  const info: DictionaryInfo = {
    version: dictionaries.version,
    source,
    loadedAt: new Date().toISOString(),
    loadMs: Math.round((performance.now() - started) * 100) / 100,
    fromSnapshot,
    counts: dictionaries.counts,
  };
  let shared: Uint8Array | undefined;
  return {
    check: (text, checkOptions) => core.check(text, checkOptions),
    info,
    exportSnapshot: () => (shared ??= dictionaries.toSnapshot({ shared: true })),
  };
}
