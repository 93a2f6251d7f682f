import type { TextCheck } from './checks/check.js';
import { DictionaryChecks } from './checks/dictionary.js';
import { sensitiveContextOf, type SensitiveContext, type SensitiveContextOptions } from './checks/sensitive-context.js';
import type { CompiledDictionaries } from './dictionaries/compiled.js';
import { Normalizer } from './normalize/index.js';
import type { SiteOverlay } from './sites/overlay.js';
import { CHECK_TYPES, type CheckType, type DroppedHit, type Finding, type Segmenter } from './types.js';

export interface CheckOptions {
  /** Which checks to run; default: all. */
  checks?: readonly CheckType[];
  /** Statistical wrong-character detection as part of `typo` (default true); off leaves the typo list and usage rules. */
  contextTypos?: boolean;
  /** Add `explain` to findings and report the hits that filters dropped. */
  explain?: boolean;
  /** How a sensitive term governed by an opposing predicate (打击“台独”) is reported (checks/sensitive-context.ts); default: lowered to info. */
  sensitiveContext?: SensitiveContextOptions;
  /** A site's overlay (core/sites/overlay.ts), compiled against these dictionaries' normalization. */
  overlay?: SiteOverlay;
}

export interface CheckResult {
  findings: Finding[];
  /** Only with `explain: true`. */
  dropped?: DroppedHit[];
}

export interface ProofreaderParts {
  dictionaries: CompiledDictionaries;
  segmenter: Segmenter;
  /** How governed sensitive terms are reported unless check() says otherwise (dictionaries/sensitive-context.txt). */
  sensitiveContext?: SensitiveContextOptions;
  /** Checks that read the text itself; a `typo` check whose `statistical` flag is set obeys `contextTypos`. */
  textChecks: ReadonlyArray<TextCheck & { statistical?: boolean }>;
}

const ALL_CHECKS: ReadonlySet<CheckType> = new Set(CHECK_TYPES);

/**
 * Runs the checks over one text and returns findings sorted by position. Pure and
 * synchronous; everything it needs was compiled beforehand. Not reentrant (reuses
 * buffers), which is fine on one thread.
 */
export class CoreProofreader {
  readonly dictionaries: CompiledDictionaries;
  private readonly dictionaryChecks: DictionaryChecks;
  private sensitiveContext: SensitiveContext | undefined;

  /** Several text checks segment the same text: cut it once per check() call. */
  private readonly segmentations = new Map<string, string[]>();
  private readonly segmenter: Segmenter = {
    cut: (text: string): string[] => {
      let words = this.segmentations.get(text);
      if (!words) {
        words = this.parts.segmenter.cut(text);
        this.segmentations.set(text, words);
      }
      return words;
    },
    tag: (text: string) => this.parts.segmenter.tag?.(text) ?? this.parts.segmenter.cut(text).map((word) => ({ word, tag: '' })),
    split: (word: string) => this.parts.segmenter.split?.(word) ?? [word],
    isWord: (text: string): boolean => {
      const { segmenter } = this.parts;
      if (segmenter.isWord) return segmenter.isWord(text);
      const tagged = segmenter.tag?.(text);
      return tagged !== undefined && tagged.length === 1 && tagged[0]!.tag !== 'x';
    },
  };

  constructor(private readonly parts: ProofreaderParts) {
    this.dictionaries = parts.dictionaries;
    this.dictionaryChecks = new DictionaryChecks(parts.dictionaries, new Normalizer(parts.dictionaries.normalize), parts.segmenter);
  }

  check(text: string, options: CheckOptions = {}): CheckResult {
    const enabled = options.checks ? new Set(options.checks) : ALL_CHECKS;
    this.segmentations.clear();
    const dropped: DroppedHit[] | undefined = options.explain ? [] : undefined;
    const { overlay } = options;
    const { findings, whitelisted } = this.dictionaryChecks.run(text, enabled, dropped, overlay);
    (options.sensitiveContext !== undefined ? sensitiveContextOf(options.sensitiveContext) : (this.sensitiveContext ??= sensitiveContextOf(this.parts.sensitiveContext))).apply(findings, text, dropped !== undefined);
    const listed = findings.length;
    const textChecks = overlay?.nameCheck ? [...this.parts.textChecks, overlay.nameCheck] : this.parts.textChecks;
    for (const check of textChecks) {
      if (!enabled.has(check.type)) continue;
      if ((check as { statistical?: boolean }).statistical && options.contextTypos === false) continue;
      for (const finding of check.run({ text, segmenter: this.segmenter })) {
        if (!enabled.has(finding.type)) continue;
        // A site's own registered name is not a near-miss of a base name.
        if (finding.type === 'name' && check !== overlay?.nameCheck && overlay?.registeredNames.has(finding.match)) {
          dropped?.push({ type: finding.type, rule: finding.rule, start: finding.start, end: finding.end, match: finding.match, reason: 'a name registered for this site' });
          continue;
        }
        // The whitelist's contract: text it covers is never reported, whatever the check.
        const cover = whitelisted.find((span) => span.start <= finding.start && finding.end <= span.end);
        if (cover) {
          dropped?.push({ type: finding.type, rule: finding.rule, start: finding.start, end: finding.end, match: finding.match, reason: `covered by whitelist term '${cover.term}'` });
          continue;
        }
        // A dictionary finding of the same kind over the same characters is the better-founded one.
        if (overlapsDictionaryFinding(findings, listed, finding)) {
          dropped?.push({ type: finding.type, rule: finding.rule, start: finding.start, end: finding.end, match: finding.match, reason: 'overlaps a dictionary finding of the same kind' });
          continue;
        }
        findings.push(finding);
      }
    }
    this.segmentations.clear();
    for (const finding of findings) finding.code ??= `${finding.type}.${finding.category}`;
    if (overlay !== undefined && overlay.severities.size > 0) {
      let kept = 0;
      for (const finding of findings) if (overlay.adjust(finding)) findings[kept++] = finding;
      findings.length = kept;
    }
    findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    return dropped ? { findings, dropped } : { findings };
  }
}

/** Types whose findings propose a rewrite of the characters they cover: one rewrite per span is enough. */
const REWRITES: ReadonlySet<CheckType> = new Set<CheckType>(['typo', 'normative']);

/** Whether a dictionary finding of the same type, or another rewrite over a rewrite, covers part of `candidate`. */
function overlapsDictionaryFinding(findings: Finding[], count: number, candidate: Finding): boolean {
  for (let i = 0; i < count; i++) {
    const f = findings[i];
    if (f.start >= candidate.end || candidate.start >= f.end) continue;
    if (f.type === candidate.type || (REWRITES.has(f.type) && REWRITES.has(candidate.type))) return true;
  }
  return false;
}
