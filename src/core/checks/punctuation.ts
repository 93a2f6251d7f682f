import type { Finding, Severity } from '../types.js';
import type { TextCheck } from './check.js';
import { hanCodeUnits } from './han.js';

/**
 * Chinese punctuation: pairing of 《》 “” ‘’ （） 【】 「」 『』, doubled marks, ASCII marks
 * between Chinese characters, ellipsis forms, and spaces before Chinese punctuation.
 *
 * Pairing runs one stack over the whole text, so a quotation that opens in one paragraph
 * and closes in a later one is fine; a paragraph that begins with the opener still open
 * from the previous one follows the convention of repeating “ at the start of every quoted
 * paragraph, and continues it.
 */

/** Opening and closing halves, one pair per string. */
const PAIRS = ['《》', '“”', '‘’', '（）', '【】', '「」', '『』'];
/** Curly quotes are the one pair whose halves are confused with each other (“…“ for “…”). */
const QUOTES = '“”‘’';

/** ASCII marks and their Chinese forms, flagged only between Chinese characters. */
const ASCII_TO_CHINESE: Readonly<Record<string, string>> = { ',': '，', '.': '。', ';': '；', ':': '：', '?': '？', '!': '！' };
/** Marks that are never doubled in running text; ！！ and ？？ are emphatic, hence only info. */
const DOUBLED_SEVERITY: Readonly<Record<string, Severity>> = { '，': 'warning', '。': 'warning', '、': 'warning', '；': 'warning', '：': 'warning', '！': 'info', '？': 'info' };
/** Marks that never take a space before them: pauses, stops and closing halves of pairs. */
const NO_SPACE_BEFORE = '，。、；：？！）》】”’」』';

/** 1）2）a）一）: enumerations close a bracket they never opened. */
const LIST_MARKER = /(?:^|[\s；;。：:，,、])[0-9a-zA-Z一二三四五六七八九十]{1,3}$/u;
const CHINESE_ORDINAL = /(?:^|\n)[ \t\u00a0\u3000]*[一二三四五六七八九十]{1,3}$/u;
const SPACES = ' \t\u00a0\u3000';

// What each UTF-16 code unit can take part in: one table lookup per character instead of
// one-character strings looked up in objects and sets, which made this check 5-10 times
// slower (µs per ECSpell sentence of benchmarks/sentences.ts: 16 before, under 2 after).
const OPENER = 1;
const CLOSER = 2;
const QUOTE = 4;
const SPACE = 8;
const NO_SPACE_MARK = 16;
const HAN = 32;
/** Can begin a finding of checkMarks: a space, a mark that may be doubled or ASCII, a dot or ellipsis. */
const MARK = 64;
const UNIT_CLASS = new Uint8Array(0x10000);
/** The other half of a pair, for either half. */
const PARTNER = new Uint16Array(0x10000);
const RIGHT_SINGLE_QUOTE = 0x2019; // ’
const RIGHT_PAREN = 0xff09; // ）
buildUnitTables();

function buildUnitTables(): void {
  const mark = (chars: string, bit: number): void => {
    for (let i = 0; i < chars.length; i++) UNIT_CLASS[chars.charCodeAt(i)] |= bit;
  };
  for (const pair of PAIRS) {
    const opener = pair.charCodeAt(0);
    const closer = pair.charCodeAt(1);
    UNIT_CLASS[opener] |= OPENER;
    UNIT_CLASS[closer] |= CLOSER;
    PARTNER[opener] = closer;
    PARTNER[closer] = opener;
  }
  mark(QUOTES, QUOTE);
  mark(SPACES, SPACE | MARK);
  mark(NO_SPACE_BEFORE, NO_SPACE_MARK);
  mark(Object.keys(ASCII_TO_CHINESE).join('') + Object.keys(DOUBLED_SEVERITY).join('') + '。.…', MARK);
  const han = hanCodeUnits();
  for (let c = 0; c < 0x10000; c++) if (han[c] === 1) UNIT_CLASS[c] |= HAN;
}

/** Whether text[at] is a Han code unit; false outside the text. */
function isHanAt(text: string, at: number): boolean {
  return at >= 0 && at < text.length && (UNIT_CLASS[text.charCodeAt(at)] & HAN) !== 0;
}

function isSpaceAt(text: string, at: number): boolean {
  return at < text.length && (UNIT_CLASS[text.charCodeAt(at)] & SPACE) !== 0;
}

/** Whether text[at] is an ASCII letter; false outside the text. */
function isAsciiLetterAt(text: string, at: number): boolean {
  const c = at >= 0 && at < text.length ? text.charCodeAt(at) | 0x20 : 0;
  return c >= 0x61 && c <= 0x7a;
}

interface Open {
  /** The opener's code unit. */
  unit: number;
  at: number;
  /** Index of the paragraph (line) where it opened. */
  paragraph: number;
}

export function createPunctuationCheck(): TextCheck {
  return {
    type: 'punctuation',
    run({ text }) {
      if (!hasCandidateUnit(text)) return [];
      const report = new Report(text);
      checkPairs(text, report);
      checkMarks(text, report);
      const findings = report.findings;
      if (findings.length === 0) return findings;
      // A space before ”/init“ is a space before what should be an opening quote: fine once fixed.
      const reversedAt = new Set(findings.filter((f) => f.rule === 'punctuation:quote-direction' && (UNIT_CLASS[f.suggestions[0].charCodeAt(0)] & OPENER) !== 0).map((f) => f.start));
      return findings.filter((f) => f.rule !== 'punctuation:space' || !reversedAt.has(f.end)).sort((a, b) => a.start - b.start || a.end - b.end);
    },
  };
}

/** Every finding starts at a bracket, a quote, a space or a mark: text without one has none. */
function hasCandidateUnit(text: string): boolean {
  for (let i = 0; i < text.length; i++) if ((UNIT_CLASS[text.charCodeAt(i)] & (OPENER | CLOSER | MARK)) !== 0) return true;
  return false;
}

/** The findings of one run, with the text their matches are cut from. */
class Report {
  readonly findings: Finding[] = [];
  constructor(private readonly text: string) {}

  add(rule: string, severity: Severity, start: number, end: number, suggestions: string[], message: string): void {
    this.findings.push({ type: 'punctuation', category: rule, severity, rule: `punctuation:${rule}`, start, end, match: this.text.slice(start, end), suggestions, message });
  }
}

function checkPairs(text: string, report: Report): void {
  const stack: Open[] = [];
  /** Openers dropped as unclosed in this paragraph: a later stray closer of theirs means crossing, not a second error. */
  let orphans: Open[] = [];
  let paragraph = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x0a) {
      for (const o of orphans) reportUnclosed(o, report);
      if (orphans.length > 0) orphans = [];
      paragraph++;
      lineStart = true;
      continue;
    }
    const atParagraphStart = lineStart;
    const unitClass = UNIT_CLASS[unit];
    if ((unitClass & SPACE) === 0 && unit !== 0x0d) lineStart = false;
    if ((unitClass & (OPENER | CLOSER)) === 0) continue;
    const partner = PARTNER[unit];

    if ((unitClass & OPENER) !== 0) {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.unit === unit && (unitClass & QUOTE) !== 0) {
        if (atParagraphStart && top.paragraph < paragraph && followsParagraphEnd(text, i)) {
          // “ repeated at the start of each quoted paragraph: the quotation continues.
          top.paragraph = paragraph;
          top.at = i;
          continue;
        }
        if (!comesFirst(text, i + 1, partner, unit)) {
          // “…“ with no ” before the next “: a closing quote typed the wrong way.
          stack.pop();
          const closer = String.fromCharCode(partner);
          report.add('quote-direction', 'warning', i, i + 1, [closer], `引号方向错误：此处应为后引号“${closer}”`);
          continue;
        }
      }
      stack.push({ unit, at: i, paragraph });
      continue;
    }

    // A closer; `partner` is its opener.
    if (unit === RIGHT_SINGLE_QUOTE && isAsciiLetterAt(text, i - 1) && isAsciiLetterAt(text, i + 1)) continue; // Debian’s: an apostrophe
    const top = stack[stack.length - 1];
    if (top !== undefined && top.unit === partner) {
      stack.pop();
      continue;
    }
    const depth = findOpen(stack, partner);
    if (depth >= 0) {
      // Everything opened after the matching opener was never closed: crossing pairs such as “《”》.
      while (stack.length > depth + 1) {
        const unclosed = stack.pop() as Open;
        if (unclosed.paragraph === paragraph) orphans.push(unclosed);
        else reportUnclosed(unclosed, report);
      }
      stack.pop();
      continue;
    }
    const orphan = orphans.findIndex((o) => o.unit === partner);
    if (orphan >= 0) {
      const o = orphans[orphan];
      orphans.splice(orphan, 1);
      report.add('misnested', 'warning', o.at, i + 1, [], `“${String.fromCharCode(o.unit)}${text[i]}”与其他成对标点交叉嵌套`);
      continue;
    }
    const reopened = (unitClass & QUOTE) === 0 ? -1 : nextQuote(text, i + 1, unit, partner);
    if (reopened >= 0 && text.charCodeAt(reopened) === partner) {
      // ”/init“: both halves typed the wrong way round.
      const inner = text.slice(i + 1, reopened);
      const opener = text[reopened];
      const closer = text[i];
      report.add('quote-direction', 'warning', i, reopened + 1, [opener + inner + closer], `引号方向错误：应为“${opener}${inner}${closer}”`);
      i = reopened;
      continue;
    }
    if (reopened >= 0) {
      // ”…” in one paragraph: the first one was meant to open.
      stack.push({ unit: partner, at: i, paragraph });
      const opener = String.fromCharCode(partner);
      report.add('quote-direction', 'warning', i, i + 1, [opener], `引号方向错误：此处应为前引号“${opener}”`);
      continue;
    }
    if (unit === RIGHT_PAREN && LIST_MARKER.test(text.slice(Math.max(0, i - 4), i))) continue;
    report.add('unpaired', 'warning', i, i + 1, [], `“${text[i]}”没有对应的“${String.fromCharCode(partner)}”`);
  }
  for (const o of orphans) reportUnclosed(o, report);
  for (const o of stack) reportUnclosed(o, report);
}

function reportUnclosed(o: Open, report: Report): void {
  report.add('unpaired', 'warning', o.at, o.at + 1, [], `“${String.fromCharCode(o.unit)}”没有对应的“${String.fromCharCode(PARTNER[o.unit])}”`);
}

function findOpen(stack: readonly Open[], opener: number): number {
  for (let d = stack.length - 1; d >= 0; d--) if (stack[d].unit === opener) return d;
  return -1;
}

/** Whether code unit `first` occurs after `from` before `other` does and before the block ends at a blank line. */
function comesFirst(text: string, from: number, first: number, other: number): boolean {
  const at = nextQuote(text, from, first, other);
  return at >= 0 && text.charCodeAt(at) === first;
}

/** Where the next code unit `a` or `b` is, within the block (up to a blank line); -1 if none. */
function nextQuote(text: string, from: number, a: number, b: number): number {
  let lineIsBlank = false;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === a || c === b) return j;
    if (c === 0x0a) {
      if (lineIsBlank) return -1;
      lineIsBlank = true;
    } else if ((UNIT_CLASS[c] & SPACE) === 0) lineIsBlank = false;
  }
  return -1;
}

/** Whether the line before `at` closed a paragraph: it ends a sentence or a blank line separates them. */
function followsParagraphEnd(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 400), at).replace(/[ \t\u00a0\u3000]+$/u, '');
  if (!before.endsWith('\n')) return false;
  const previous = before.slice(0, -1).replace(/[ \t\u00a0\u3000]+$/u, '');
  return previous.endsWith('\n') || /[。！？…”：]$/u.test(previous);
}

function checkMarks(text: string, report: Report): void {
  let i = 0;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    const unitClass = UNIT_CLASS[unit];
    // Other characters begin no finding; stepping over them one at a time or by runs is the same.
    if ((unitClass & MARK) === 0) {
      i++;
      continue;
    }
    let run = 1;
    if ((unitClass & SPACE) !== 0) {
      while (isSpaceAt(text, i + run)) run++;
      const markAt = i + run;
      if (markAt < text.length && (UNIT_CLASS[text.charCodeAt(markAt)] & NO_SPACE_MARK) !== 0 && !isLineStart(text, i)) {
        // After Latin text the space may be deliberate (it keeps a URL from swallowing the mark).
        const severity: Severity = isAsciiVisibleAt(text, i - 1) ? 'info' : 'warning';
        report.add('space', severity, i, markAt, [''], `中文标点“${text[markAt]}”前不应有空格`);
      }
      i += run;
      continue;
    }
    while (i + run < text.length && text.charCodeAt(i + run) === unit) run++;

    if (unit === 0x3002 /* 。 */ && run >= 3) {
      report.add('ellipsis', 'warning', i, i + run, ['……'], '省略号应为“……”');
    } else if (unit === 0x2e /* . */ && run >= 3 && (isHanAt(text, i - 1) || isHanAt(text, i + run))) {
      report.add('ellipsis', 'warning', i, i + run, ['……'], '中文省略号应为“……”');
    } else if (unit === 0x2026 /* … */ && (run === 1 || run === 3) && (isHanAt(text, i - 1) || isHanAt(text, i + run))) {
      report.add('ellipsis', 'warning', i, i + run, ['……'], '省略号应为两个“…”');
    } else if (run === 2 && DOUBLED_SEVERITY[text[i]] !== undefined) {
      const ch = text[i];
      report.add('doubled', DOUBLED_SEVERITY[ch], i, i + 2, [ch], `标点“${ch}”重复`);
    } else if (run === 1 && unit < 0x80 && ASCII_TO_CHINESE[text[i]] !== undefined && isHanAt(text, i - 1)) {
      let end = i + 1;
      while (text.charCodeAt(end) === 0x20) end++;
      // 一.总则: after a Chinese ordinal at the start of a line the mark is 、, not 。.
      const mark = unit === 0x2e && CHINESE_ORDINAL.test(text.slice(Math.max(0, i - 8), i)) ? '、' : ASCII_TO_CHINESE[text[i]];
      if (isHanAt(text, end)) report.add('ascii', 'warning', i, end, [mark], `中文之间应使用全角标点“${mark}”`);
    }
    i += run;
  }
}

/** Whether text[at] is a visible ASCII character; false outside the text. */
function isAsciiVisibleAt(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  const c = text.charCodeAt(at);
  return c > 0x20 && c <= 0x7e;
}

/** Indentation before a line's first visible character is layout, not a typo. */
function isLineStart(text: string, at: number): boolean {
  for (let j = at - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === 0x0a) return true;
    if ((UNIT_CLASS[c] & SPACE) === 0) return false;
  }
  return true;
}
