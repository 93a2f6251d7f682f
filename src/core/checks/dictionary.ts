import type { CompiledDictionaries, PatternRule } from '../dictionaries/compiled.js';
import type { Normalizer } from '../normalize/index.js';
import { BoundaryFilter } from '../segment/boundary-filter.js';
import type { CheckType, DroppedHit, Finding, Segmenter } from '../types.js';

export const DICTIONARY_CHECKS = ['sensitive', 'typo', 'normative'] as const;
export type DictionaryCheck = (typeof DICTIONARY_CHECKS)[number];

const CATEGORY_LABELS: Record<string, string> = {
  gambling: '赌博',
  drugs: '毒品',
  pornography: '色情',
  fraud: '诈骗及违法广告',
  violence: '暴力恐怖',
  cult: '邪教',
  separatism: '分裂国家',
  profanity: '粗俗用语',
};

/** A whitelist term found in the text, in original offsets: findings inside it are not reported. */
export interface WhitelistedSpan {
  start: number;
  end: number;
  term: string;
}

/** A site's additions to the base automaton (see core/sites/overlay.ts). */
export interface DictionaryOverlay {
  readonly dictionaries: CompiledDictionaries | undefined;
  /** Normalized terms switched off: hits on them are ignored, whatever the kind. */
  readonly disabled: ReadonlySet<string>;
}

interface Candidate {
  rule: PatternRule;
  /** Normalized units [start, end). */
  start: number;
  end: number;
  explain: string;
}

/**
 * Sensitive, typo-list and normative checks: one scan of the normalized text with the
 * combined automaton, then filters (whitelist cover, Latin whole-word, segmentation
 * boundaries for sensitive terms), then leftmost-longest per check type.
 */
export class DictionaryChecks {
  private readonly boundaryFilter: BoundaryFilter;
  // Reused across calls: check() is synchronous, so one text at a time.
  private hitIds: number[] = [];
  private hitEnds: number[] = [];
  private readonly collect = (patternId: number, end: number): void => {
    this.hitIds.push(patternId);
    this.hitEnds.push(end);
  };

  constructor(
    private readonly dictionaries: CompiledDictionaries,
    private readonly normalizer: Normalizer,
    segmenter: Segmenter,
  ) {
    this.boundaryFilter = new BoundaryFilter(segmenter);
  }

  /**
   * Findings of the enabled dictionary checks, and the whitelist terms found in the text (in
   * original offsets), which cover findings of every other check too.
   */
  run(text: string, enabled: ReadonlySet<CheckType>, dropped: DroppedHit[] | undefined, overlay?: DictionaryOverlay): { findings: Finding[]; whitelisted: WhitelistedSpan[] } {
    const normalized = this.normalizer.normalize(text);
    this.hitIds.length = 0;
    this.hitEnds.length = 0;
    this.dictionaries.matcher.scan(normalized.units, normalized.length, this.collect);
    const baseHits = this.hitIds.length;
    // A site's own automaton scans the same normalized units; its hits follow the base's.
    overlay?.dictionaries?.matcher.scan(normalized.units, normalized.length, this.collect);
    if (this.hitIds.length === 0) return { findings: [], whitelisted: [] };
    const disabled = overlay !== undefined && overlay.disabled.size > 0 ? overlay.disabled : undefined;

    const { units, length, origStart, origEnd } = normalized;
    const toFinding = (candidate: Candidate): Finding => {
      const start = origStart[candidate.start];
      const end = origEnd[candidate.end - 1];
      return describe(candidate, start, end, text.slice(start, end), dropped !== undefined);
    };
    const drop = (candidate: Candidate, reason: string): void => {
      if (!dropped) return;
      const { rule } = candidate;
      const start = origStart[candidate.start];
      const end = origEnd[candidate.end - 1];
      dropped.push({ type: rule.kind as CheckType, rule: ruleId(rule), start, end, match: text.slice(start, end), reason });
    };

    const whitelist: Array<{ start: number; end: number; term: string }> = [];
    const candidates: Candidate[] = [];
    for (let i = 0; i < this.hitIds.length; i++) {
      const { matcher, rules } = i < baseHits ? this.dictionaries : (overlay?.dictionaries as CompiledDictionaries);
      const id = this.hitIds[i];
      const end = this.hitEnds[i];
      const start = end - matcher.patternLength(id);
      if (disabled?.has(matcher.pattern(id))) {
        if (dropped) for (const rule of rules[id]) if (rule.kind !== 'whitelist') drop({ rule, start, end, explain: '' }, 'switched off for this site');
        continue;
      }
      for (const rule of rules[id]) {
        if (rule.kind === 'whitelist') whitelist.push({ start, end, term: rule.term });
        else if (enabled.has(rule.kind)) candidates.push({ rule, start, end, explain: '' });
      }
    }
    this.boundaryFilter.reset();
    // Sweep by start: the whitelist span reaching furthest among those starting at or
    // before a candidate covers it iff it reaches the candidate's end. Linear, so a text
    // made of thousands of hits stays fast.
    candidates.sort((a, b) => a.start - b.start);
    whitelist.sort((a, b) => a.start - b.start);
    let nextWhite = 0;
    let reach: { end: number; term: string } | undefined;
    const kept: Candidate[] = [];
    for (const candidate of candidates) {
      while (nextWhite < whitelist.length && whitelist[nextWhite].start <= candidate.start) {
        const white = whitelist[nextWhite++];
        if (!reach || white.end > reach.end) reach = white;
      }
      if (reach && reach.end >= candidate.end) {
        drop(candidate, `covered by whitelist term '${reach.term}'`);
        continue;
      }
      const { rule } = candidate;
      if (rule.latinStart || rule.latinEnd) {
        const before = origStart[candidate.start] - 1;
        const after = origEnd[candidate.end - 1];
        if ((rule.latinStart && before >= 0 && isWordChar(text.charCodeAt(before))) || (rule.latinEnd && after < text.length && isWordChar(text.charCodeAt(after)))) {
          drop(candidate, 'Latin term inside a longer word');
          continue;
        }
        candidate.explain = 'whole Latin word';
      } else if (rule.kind === 'sensitive' || rule.kind === 'typo') {
        const verdict = this.boundaryFilter.judge(units, length, candidate.start, candidate.end, rule.kind);
        if (!verdict.keep) {
          drop(candidate, verdict.reason);
          continue;
        }
        candidate.explain = verdict.reason;
      } else {
        candidate.explain = 'dictionary term';
      }
      kept.push(candidate);
    }
    const findings = leftmostLongestPerKind(kept, (loser, winner) => drop(loser, `overlaps longer or earlier hit '${winner.rule.term}'`)).map(toFinding);
    const whitelisted = whitelist.map((span) => ({ start: origStart[span.start], end: origEnd[span.end - 1], term: span.term }));
    return { findings, whitelisted };
  }
}

/** Per check type, keep the leftmost hit and, among those starting there, the longest (网络赌场 over 赌场). */
function leftmostLongestPerKind(candidates: Candidate[], onDrop: (loser: Candidate, winner: Candidate) => void): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const lastByKind = new Map<string, Candidate>();
  const result: Candidate[] = [];
  for (const candidate of candidates) {
    const last = lastByKind.get(candidate.rule.kind);
    if (last && candidate.start < last.end) {
      onDrop(candidate, last);
      continue;
    }
    lastByKind.set(candidate.rule.kind, candidate);
    result.push(candidate);
  }
  return result;
}

/** Letters and digits, ASCII or full-width: a Latin term must not touch one. */
function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xff10 && code <= 0xff19) ||
    (code >= 0xff21 && code <= 0xff3a) ||
    (code >= 0xff41 && code <= 0xff5a) ||
    (code >= 0xc0 && code <= 0x24f)
  );
}

function ruleId(rule: PatternRule): string {
  return `${rule.kind}:${rule.category}:${rule.term}`;
}

function describe(candidate: Candidate, start: number, end: number, match: string, explain: boolean): Finding {
  const { rule } = candidate;
  let message: string;
  switch (rule.kind) {
    case 'sensitive':
      message = `敏感词（${CATEGORY_LABELS[rule.category] ?? rule.category}）：“${rule.term}”`;
      break;
    case 'typo':
      message = `疑似错别字：“${match}”应为“${rule.suggestions.join('”或“')}”`;
      break;
    default:
      message = rule.suggestions.length > 0 ? `不规范表述：“${match}”宜作“${rule.suggestions.join('”或“')}”。${rule.note}` : `不规范表述：“${match}”。${rule.note}`;
  }
  const finding: Finding = {
    type: rule.kind as CheckType,
    category: rule.category,
    severity: rule.severity,
    rule: ruleId(rule),
    start,
    end,
    match,
    suggestions: [...rule.suggestions],
    message,
  };
  if (explain) finding.explain = candidate.explain;
  return finding;
}
