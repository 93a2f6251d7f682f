import type { Severity } from '../core/types.js';
import type { LexiconLineProblem, RawLexiconEntry } from './parse.js';
import { MatcherBuilder } from '../core/matcher/index.js';
import { selectLeftmostLongest, type ReferenceCorpus } from './reference.js';

/**
 * Why an entry is not imported as it is. `dropped` reasons are redundant entries (nothing is
 * lost by leaving them out); every other reason parks the entry in the review list.
 */
export const AUDIT_REASONS = {
  duplicate: { status: 'dropped', label: 'duplicate entry' },
  'same-key': { status: 'dropped', label: 'normalizes to the same key as another entry' },
  'already-listed': { status: 'dropped', label: 'already in the target dictionaries' },
  malformed: { status: 'parked', label: 'malformed line' },
  'too-long': { status: 'parked', label: 'line or term too long' },
  'control-character': { status: 'parked', label: 'NUL or control character' },
  'empty-after-normalization': { status: 'parked', label: 'nothing left after normalization' },
  'single-character': { status: 'parked', label: 'single character' },
  'latin-fragment': { status: 'parked', label: 'short Latin/pinyin fragment' },
  digits: { status: 'parked', label: 'digits and symbols only' },
  whitelisted: { status: 'parked', label: 'a whitelist entry in the target dictionaries' },
  'registered-name': { status: 'parked', label: 'a registered official name' },
  'official-vocabulary': { status: 'parked', label: 'inside a registered name or official wording of the target dictionaries' },
  'common-word': { status: 'parked', label: 'common word (jieba frequency)' },
  'proper-name': { status: 'parked', label: 'person, place or agency name' },
  'inside-common-word': { status: 'parked', label: 'substring of a very common word' },
  'reference-hits': { status: 'parked', label: 'hits clean reference prose' },
} as const;
export type AuditReason = keyof typeof AUDIT_REASONS;
export type AuditStatus = 'accepted' | 'parked' | 'dropped';

export interface AuditedEntry {
  term: string;
  normalized: string;
  file: string;
  line: number;
  status: AuditStatus;
  /** Empty when accepted; the first is the deciding one. */
  reasons: AuditReason[];
  /** One human sentence per reason, same order. */
  details: string[];
  severity?: Severity;
  label?: string;
  /** Hits on the reference corpus (boundary-filtered, overlapping included). */
  referenceHits: number;
  jiebaFrequency?: number;
}

export interface WordInfo {
  frequency: number;
  tag: string;
}

/** What the audit consults; everything is in memory, so the audit itself is pure. */
export interface AuditResources {
  normalizeTerm(term: string): string;
  /** jieba's dictionary entry for a (normalized) word. */
  word(term: string): WordInfo | undefined;
  /** The most frequent very common word that contains `term` as a proper substring. */
  commonWordContaining(term: string): { word: string; frequency: number } | undefined;
  reference: ReferenceCorpus;
  /** Normalized terms already in the target folder, by kind (sensitive, whitelist) and registered names. */
  existing: {
    sensitive: ReadonlyMap<string, string>;
    whitelist: ReadonlyMap<string, string>;
    names: ReadonlyMap<string, string>;
    /** Registered names and the corrections of normative entries: text that official prose is meant to contain. */
    vocabulary: ReadonlyArray<{ text: string; where: string }>;
  };
}

export interface AuditThresholds {
  /** A jieba word at or above this frequency is a common word (default 500, the level scripts/audit-dictionaries.ts calls frequent). */
  commonWordFrequency: number;
  /** A term inside a jieba word at or above this frequency may fire inside it (default 2000). */
  veryCommonWordFrequency: number;
  /** Parked when it hits the reference corpus at least this often (default 1). */
  referenceHits: number;
  /** Pure Latin terms of at most this many letters are fragments (default 3). */
  latinFragmentLength: number;
  /** Pinyin-only terms of at most this many syllables are fragments (default 2). */
  pinyinSyllables: number;
}

export const DEFAULT_THRESHOLDS: AuditThresholds = Object.freeze({
  commonWordFrequency: 500,
  veryCommonWordFrequency: 2000,
  referenceHits: 1,
  latinFragmentLength: 3,
  pinyinSyllables: 2,
});

export interface AuditSummary {
  files: string[];
  entries: number;
  accepted: number;
  parked: number;
  dropped: number;
  /** Entries per reason (an entry counts once, under its deciding reason). */
  byReason: Partial<Record<AuditReason, number>>;
  reference: {
    characters: number;
    /** Reported hits per 10,000 characters of clean prose: the list as given vs. what is imported. */
    hitsPer10kRaw: number;
    hitsPer10kAccepted: number;
  };
  thresholds: AuditThresholds;
}

export interface AuditReport {
  summary: AuditSummary;
  entries: AuditedEntry[];
}

const SINGLE_CHAR = /^.$/u;
const LATIN_ONLY = /^[a-z]+$/;
const LATIN_OR_DIGITS = /^[a-z0-9]+$/;
const DIGITS_OR_SYMBOLS = /^[^\p{L}]+$/u;
const PINYIN_SYLLABLE =
  /(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ua|uo|ui|un|ue|ve|ia|ie|iu|in|ai|ei|ao|ou|an|en|er|a|o|e|i|u|v)(?![aeiouv])/y;

/**
 * Audits a parsed list against the resources. Every entry gets a status and its reasons.
 * Order of decisions: redundant (dropped) first, then shape (single character, fragments),
 * then conflicts with the target dictionaries, then usage (jieba, reference corpus).
 */
export function auditLexicon(
  entries: readonly RawLexiconEntry[],
  problems: readonly LexiconLineProblem[],
  resources: AuditResources,
  thresholds: Partial<AuditThresholds> = {},
  files: readonly string[] = [],
): AuditReport {
  const limits: AuditThresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const audited: AuditedEntry[] = [];
  const byTerm = new Map<string, AuditedEntry>();
  const byKey = new Map<string, AuditedEntry>();

  for (const problem of problems) {
    audited.push({ term: problem.excerpt, normalized: '', file: problem.file, line: problem.line, status: 'parked', reasons: [problem.reason], details: [problem.message], referenceHits: 0 });
  }

  const candidates: AuditedEntry[] = [];
  for (const raw of entries) {
    const normalized = resources.normalizeTerm(raw.term);
    const entry: AuditedEntry = {
      term: raw.term,
      normalized,
      file: raw.file,
      line: raw.line,
      status: 'accepted',
      reasons: [],
      details: [],
      referenceHits: 0,
      ...(raw.severity ? { severity: raw.severity } : {}),
      ...(raw.label !== undefined ? { label: raw.label } : {}),
    };
    audited.push(entry);
    const add = (reason: AuditReason, detail: string): void => {
      entry.reasons.push(reason);
      entry.details.push(detail);
    };
    const sameTerm = byTerm.get(raw.term);
    if (sameTerm) {
      add('duplicate', `'${raw.term}' already at ${sameTerm.file}:${sameTerm.line}`);
      continue;
    }
    byTerm.set(raw.term, entry);
    if (normalized === '') {
      add('empty-after-normalization', `'${raw.term}' is only noise characters`);
      continue;
    }
    const sameKey = byKey.get(normalized);
    if (sameKey) {
      add('same-key', `'${raw.term}' and '${sameKey.term}' (${sameKey.file}:${sameKey.line}) both match as '${normalized}'`);
      continue;
    }
    byKey.set(normalized, entry);
    const listed = resources.existing.sensitive.get(normalized);
    if (listed) {
      add('already-listed', `already in ${listed}`);
      continue;
    }
    candidates.push(entry);
    shapeReasons(normalized, limits, add);
    const whitelisted = resources.existing.whitelist.get(normalized);
    if (whitelisted) add('whitelisted', `the whitelist entry in ${whitelisted} says covered text is never reported`);
    const name = resources.existing.names.get(normalized);
    if (name) add('registered-name', `registered in ${name}`);
    const word = resources.word(normalized);
    if (word) {
      entry.jiebaFrequency = word.frequency;
      if (word.frequency >= limits.commonWordFrequency) add('common-word', `jieba frequency ${word.frequency} (threshold ${limits.commonWordFrequency})`);
      const kind = properNameKind(normalized, word.tag);
      if (kind) add('proper-name', `jieba tags it '${word.tag}' (${kind} name): official prose may name it legitimately`);
    }
    const agency = AGENCY_SUFFIX.exec(normalized);
    if (agency && !entry.reasons.includes('proper-name')) add('proper-name', `ends in '${agency[1]}', the shape of an agency name: official prose names agencies all the time`);
    if (normalized.length >= 2) {
      const container = resources.commonWordContaining(normalized);
      if (container) add('inside-common-word', `inside '${container.word}' (jieba frequency ${container.frequency})`);
    }
  }

  // Terms inside official vocabulary (审计署 in 中华人民共和国审计署): one scan of all of it.
  if (candidates.length > 0 && resources.existing.vocabulary.length > 0) {
    const inside = new Map<number, { text: string; where: string }>();
    const matcher = new MatcherBuilder().engine('js').build(candidates.map((entry) => entry.normalized));
    for (const item of resources.existing.vocabulary) {
      for (const match of matcher.findAll(item.text)) {
        if (match.end - match.start === item.text.length) continue; // equal: registered-name already says it
        if (!inside.has(match.patternId)) inside.set(match.patternId, item);
      }
    }
    for (const [index, item] of inside) {
      const entry = candidates[index];
      if (entry.reasons.includes('registered-name')) continue;
      entry.reasons.push('official-vocabulary');
      entry.details.push(`occurs in '${item.text}' (${item.where})`);
    }
  }

  // One scan of the reference corpus for every candidate: per-entry hits and the list's rate.
  const patterns = candidates.map((entry) => entry.normalized);
  const hits = resources.reference.scan(patterns);
  for (const hit of hits) candidates[hit.pattern].referenceHits++;
  for (const entry of candidates) {
    if (entry.referenceHits >= limits.referenceHits) {
      entry.reasons.push('reference-hits');
      entry.details.push(`${entry.referenceHits} hit${entry.referenceHits === 1 ? '' : 's'} on ${resources.reference.characters} characters of clean reference prose`);
    }
  }
  for (const entry of audited) {
    if (entry.reasons.length === 0) continue;
    entry.status = AUDIT_REASONS[entry.reasons[0]].status;
  }

  const per10k = (selected: number): number => (resources.reference.characters === 0 ? 0 : Math.round((selected / resources.reference.characters) * 10_000 * 100) / 100);
  const acceptedHits = selectLeftmostLongest(hits.filter((hit) => candidates[hit.pattern].status === 'accepted')).length;
  const byReason: Partial<Record<AuditReason, number>> = {};
  let accepted = 0;
  let parked = 0;
  let dropped = 0;
  for (const entry of audited) {
    if (entry.status === 'accepted') accepted++;
    else {
      if (entry.status === 'parked') parked++;
      else dropped++;
      byReason[entry.reasons[0]] = (byReason[entry.reasons[0]] ?? 0) + 1;
    }
  }
  return {
    summary: {
      files: [...files],
      entries: audited.length,
      accepted,
      parked,
      dropped,
      byReason,
      reference: { characters: resources.reference.characters, hitsPer10kRaw: per10k(selectLeftmostLongest(hits).length), hitsPer10kAccepted: per10k(acceptedHits) },
      thresholds: limits,
    },
    entries: audited,
  };
}

function shapeReasons(normalized: string, limits: AuditThresholds, add: (reason: AuditReason, detail: string) => void): void {
  if (SINGLE_CHAR.test(normalized)) {
    add('single-character', `'${normalized}' alone fires inside countless ordinary words`);
    return;
  }
  if (DIGITS_OR_SYMBOLS.test(normalized)) {
    add('digits', `'${normalized}' has no letters or characters: numbers and codes collide with dates, prices and phone numbers`);
    return;
  }
  if (LATIN_OR_DIGITS.test(normalized) && normalized.length <= limits.latinFragmentLength) {
    add('latin-fragment', `'${normalized}' is ${normalized.length} Latin letters or digits: an abbreviation that collides with ordinary words and codes`);
    return;
  }
  if (LATIN_ONLY.test(normalized)) {
    const syllables = pinyinSyllables(normalized);
    if (syllables !== undefined && syllables <= limits.pinyinSyllables) {
      add('latin-fragment', `'${normalized}' reads as ${syllables} pinyin syllable${syllables === 1 ? '' : 's'}: ambiguous across many words`);
    }
  }
}

/** Number of syllables when the whole string reads as toneless pinyin, else undefined. */
export function pinyinSyllables(text: string): number | undefined {
  let at = 0;
  let count = 0;
  while (at < text.length) {
    PINYIN_SYLLABLE.lastIndex = at;
    const match = PINYIN_SYLLABLE.exec(text);
    if (!match || match[0].length === 0) return undefined;
    at += match[0].length;
    count++;
  }
  return count;
}

/**
 * The 100-odd most common surnames (and the common compound ones): jieba tags many words
 * `nr` that are not names (王八蛋 and 老虎机 both are), so a person-name tag counts only for a
 * 2-4 character Han term that starts with a surname.
 */
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查苑迟邝'.split(''),
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '慕容', '尉迟', '长孙', '宇文', '司徒', '夏侯', '公孙', '端木'];

/** 粮食局, 计生委, 教育厅, 审计署, 商务部, 维稳办公室: how government agencies are named. */
const AGENCY_SUFFIX = /^[\u4e00-\u9fff]{1,10}(局|委|厅|署|部|办公室)$/;

function properNameKind(term: string, tag: string): string | undefined {
  if (tag.startsWith('nt')) return 'organization';
  if (tag.startsWith('ns')) return 'place';
  if (tag === 'nrt') return 'foreign person';
  if (!tag.startsWith('nr')) return undefined;
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(term)) return undefined;
  const surname = COMPOUND_SURNAMES.some((name) => term.startsWith(name)) || SURNAMES.has(term[0]);
  return surname ? 'person' : undefined;
}
