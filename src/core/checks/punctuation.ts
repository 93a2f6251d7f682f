import type { Finding, Severity } from '../types.js';
import type { TextCheck } from './check.js';

/**
 * Chinese punctuation: pairing of 《》 “” ‘’ （） 【】 「」 『』, doubled marks, ASCII marks
 * between Chinese characters, ellipsis forms, and spaces before Chinese punctuation.
 *
 * Pairing runs one stack over the whole text, so a quotation that opens in one paragraph
 * and closes in a later one is fine; a paragraph that begins with the opener still open
 * from the previous one follows the convention of repeating “ at the start of every quoted
 * paragraph, and continues it.
 */

const OPENERS: Readonly<Record<string, string>> = { '《': '》', '“': '”', '‘': '’', '（': '）', '【': '】', '「': '」', '『': '』' };
const CLOSERS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(OPENERS).map(([o, c]) => [c, o]));
/** Curly quotes are the one pair whose halves are confused with each other (“…“ for “…”). */
const QUOTE_SWAP: Readonly<Record<string, string>> = { '“': '”', '”': '“', '‘': '’', '’': '‘' };

/** ASCII marks and their Chinese forms, flagged only between Chinese characters. */
const ASCII_TO_CHINESE: Readonly<Record<string, string>> = { ',': '，', '.': '。', ';': '；', ':': '：', '?': '？', '!': '！' };
/** Marks that are never doubled in running text; ！！ and ？？ are emphatic, hence only info. */
const DOUBLED_SEVERITY: Readonly<Record<string, Severity>> = { '，': 'warning', '。': 'warning', '、': 'warning', '；': 'warning', '：': 'warning', '！': 'info', '？': 'info' };
/** Marks that never take a space before them: pauses, stops and closing halves of pairs. */
const NO_SPACE_BEFORE = new Set('，。、；：？！）》】”’」』');

/** 1）2）a）一）: enumerations close a bracket they never opened. */
const LIST_MARKER = /(?:^|[\s；;。：:，,、])[0-9a-zA-Z一二三四五六七八九十]{1,3}$/u;
const CHINESE_ORDINAL = /(?:^|\n)[ \t\u00a0\u3000]*[一二三四五六七八九十]{1,3}$/u;
const SPACES = new Set(' \t\u00a0\u3000');
const HAN = /\p{Script=Han}/u;

function isHan(ch: string | undefined): boolean {
  return ch !== undefined && HAN.test(ch);
}

interface Open {
  ch: string;
  at: number;
  /** Index of the paragraph (line) where it opened. */
  paragraph: number;
}

export function createPunctuationCheck(): TextCheck {
  return {
    type: 'punctuation',
    run({ text }) {
      const findings: Finding[] = [];
      const add = (rule: string, severity: Severity, start: number, end: number, suggestions: string[], message: string): void => {
        findings.push({ type: 'punctuation', category: rule, severity, rule: `punctuation:${rule}`, start, end, match: text.slice(start, end), suggestions, message });
      };
      checkPairs(text, add);
      checkMarks(text, add);
      // A space before ”/init“ is a space before what should be an opening quote: fine once fixed.
      const reversedAt = new Set(findings.filter((f) => f.rule === 'punctuation:quote-direction' && f.suggestions[0][0] in OPENERS).map((f) => f.start));
      return findings.filter((f) => f.rule !== 'punctuation:space' || !reversedAt.has(f.end)).sort((a, b) => a.start - b.start || a.end - b.end);
    },
  };
}

type Add = (rule: string, severity: Severity, start: number, end: number, suggestions: string[], message: string) => void;

function checkPairs(text: string, add: Add): void {
  const stack: Open[] = [];
  /** Openers dropped as unclosed in this paragraph: a later stray closer of theirs means crossing, not a second error. */
  let orphans: Open[] = [];
  let paragraph = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      for (const o of orphans) reportUnclosed(o, add);
      orphans = [];
      paragraph++;
      lineStart = true;
      continue;
    }
    const atParagraphStart = lineStart;
    if (!SPACES.has(ch) && ch !== '\r') lineStart = false;

    const closerOfOpener = OPENERS[ch];
    if (closerOfOpener !== undefined) {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.ch === ch && QUOTE_SWAP[ch] !== undefined) {
        if (atParagraphStart && top.paragraph < paragraph && followsParagraphEnd(text, i)) {
          // “ repeated at the start of each quoted paragraph: the quotation continues.
          top.paragraph = paragraph;
          top.at = i;
          continue;
        }
        if (!comesFirst(text, i + 1, closerOfOpener, ch)) {
          // “…“ with no ” before the next “: a closing quote typed the wrong way.
          stack.pop();
          add('quote-direction', 'warning', i, i + 1, [closerOfOpener], `引号方向错误：此处应为后引号“${closerOfOpener}”`);
          continue;
        }
      }
      stack.push({ ch, at: i, paragraph });
      continue;
    }

    const opener = CLOSERS[ch];
    if (opener === undefined) continue;
    if (ch === '’' && /[A-Za-z]/u.test(text[i - 1] ?? '') && /[A-Za-z]/u.test(text[i + 1] ?? '')) continue; // Debian’s: an apostrophe
    const top = stack[stack.length - 1];
    if (top !== undefined && top.ch === opener) {
      stack.pop();
      continue;
    }
    const depth = findOpen(stack, opener);
    if (depth >= 0) {
      // Everything opened after the matching opener was never closed: crossing pairs such as “《”》.
      while (stack.length > depth + 1) {
        const unclosed = stack.pop() as Open;
        if (unclosed.paragraph === paragraph) orphans.push(unclosed);
        else reportUnclosed(unclosed, add);
      }
      stack.pop();
      continue;
    }
    const orphan = orphans.findIndex((o) => o.ch === opener);
    if (orphan >= 0) {
      const o = orphans[orphan];
      orphans.splice(orphan, 1);
      add('misnested', 'warning', o.at, i + 1, [], `“${o.ch}${ch}”与其他成对标点交叉嵌套`);
      continue;
    }
    const swapped = QUOTE_SWAP[ch];
    const reopened = swapped === undefined ? -1 : nextQuote(text, i + 1, ch, swapped);
    if (reopened >= 0 && text[reopened] === swapped) {
      // ”/init“: both halves typed the wrong way round.
      const inner = text.slice(i + 1, reopened);
      add('quote-direction', 'warning', i, reopened + 1, [swapped + inner + ch], `引号方向错误：应为“${swapped}${inner}${ch}”`);
      i = reopened;
      continue;
    }
    if (reopened >= 0) {
      // ”…” in one paragraph: the first one was meant to open.
      stack.push({ ch: swapped, at: i, paragraph });
      add('quote-direction', 'warning', i, i + 1, [swapped], `引号方向错误：此处应为前引号“${swapped}”`);
      continue;
    }
    if (ch === '）' && LIST_MARKER.test(text.slice(Math.max(0, i - 4), i))) continue;
    add('unpaired', 'warning', i, i + 1, [], `“${ch}”没有对应的“${opener}”`);
  }
  for (const o of [...orphans, ...stack]) reportUnclosed(o, add);
}

function reportUnclosed(o: Open, add: Add): void {
  add('unpaired', 'warning', o.at, o.at + 1, [], `“${o.ch}”没有对应的“${OPENERS[o.ch]}”`);
}

function findOpen(stack: readonly Open[], opener: string): number {
  for (let d = stack.length - 1; d >= 0; d--) if (stack[d].ch === opener) return d;
  return -1;
}

/** Whether `first` occurs after `from` before `other` does and before the block ends at a blank line. */
function comesFirst(text: string, from: number, first: string, other: string): boolean {
  const at = nextQuote(text, from, first, other);
  return at >= 0 && text[at] === first;
}

/** Where the next `a` or `b` is, within the block (up to a blank line); -1 if none. */
function nextQuote(text: string, from: number, a: string, b: string): number {
  let lineIsBlank = false;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === a || c === b) return j;
    if (c === '\n') {
      if (lineIsBlank) return -1;
      lineIsBlank = true;
    } else if (!SPACES.has(c)) lineIsBlank = false;
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

function checkMarks(text: string, add: Add): void {
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    let run = 1;
    if (SPACES.has(ch)) {
      while (SPACES.has(text[i + run])) run++;
      const mark = text[i + run];
      if (NO_SPACE_BEFORE.has(mark) && !isLineStart(text, i)) {
        // After Latin text the space may be deliberate (it keeps a URL from swallowing the mark).
        const severity: Severity = isAsciiVisible(text[i - 1]) ? 'info' : 'warning';
        add('space', severity, i, i + run, [''], `中文标点“${mark}”前不应有空格`);
      }
      i += run;
      continue;
    }
    while (text[i + run] === ch) run++;

    if (ch === '。' && run >= 3) {
      add('ellipsis', 'warning', i, i + run, ['……'], '省略号应为“……”');
    } else if (ch === '.' && run >= 3 && (isHan(text[i - 1]) || isHan(text[i + run]))) {
      add('ellipsis', 'warning', i, i + run, ['……'], '中文省略号应为“……”');
    } else if (ch === '…' && (run === 1 || run === 3) && (isHan(text[i - 1]) || isHan(text[i + run]))) {
      add('ellipsis', 'warning', i, i + run, ['……'], '省略号应为两个“…”');
    } else if (run === 2 && DOUBLED_SEVERITY[ch] !== undefined) {
      add('doubled', DOUBLED_SEVERITY[ch], i, i + 2, [ch], `标点“${ch}”重复`);
    } else if (run === 1 && ASCII_TO_CHINESE[ch] !== undefined && isHan(text[i - 1])) {
      let end = i + 1;
      while (text[end] === ' ') end++;
      // 一.总则: after a Chinese ordinal at the start of a line the mark is 、, not 。.
      const mark = ch === '.' && CHINESE_ORDINAL.test(text.slice(Math.max(0, i - 8), i)) ? '、' : ASCII_TO_CHINESE[ch];
      if (isHan(text[end])) add('ascii', 'warning', i, end, [mark], `中文之间应使用全角标点“${mark}”`);
    }
    i += run;
  }
}

function isAsciiVisible(ch: string | undefined): boolean {
  return ch !== undefined && ch > ' ' && ch <= '~';
}

/** Indentation before a line's first visible character is layout, not a typo. */
function isLineStart(text: string, at: number): boolean {
  for (let j = at - 1; j >= 0; j--) {
    const c = text[j];
    if (c === '\n') return true;
    if (!SPACES.has(c)) return false;
  }
  return true;
}
