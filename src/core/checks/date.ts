import type { Finding } from '../types.js';
import type { TextCheck } from './check.js';

/**
 * Impossible dates (2月30日, 13月, 2023年2月29日, 4月31日) and weekdays that do not match
 * their date (2024年3月5日（星期三）: a Tuesday). Reads Arabic, full-width and Chinese
 * numerals (二〇二四年三月五日), ranges (3月5日至7日, 3月5—7日, 3月30日至4月2日, each end
 * checked) and ISO-style dates (2024-02-30, 2024/3/5).
 *
 * Lunar dates (农历二月三十) are skipped: lunar months have 29 or 30 days by another rule.
 * A weekday is checked only when the year is known; a date without a year is impossible
 * only if no year makes it possible (2月29日 is fine, 2月30日 is not).
 */

const SP = '[ \\u00a0\\u3000]*';
const CN_DIGITS = '〇零○一二三四五六七八九';
const YEAR = `(\\d{4}|[０-９]{4}|[${CN_DIGITS}]{4})`;
const NUMBER = '(\\d{1,2}|[０-９]{1,2}|[一二三四五六七八九十]{1,3})(?![\\d０-９])';
/** Start of `[year 年] month 月`; nothing numeric may precede it. */
const MONTH_RE = new RegExp(`(?<![\\d０-９.${CN_DIGITS}十第])(?:${YEAR}${SP}年${SP})?${NUMBER}${SP}月`, 'gu');
const DAY_RE = new RegExp(`${SP}${NUMBER}${SP}([日号])?`, 'yu');
/** The second half of a range; group 1 is the second date, which inherits year and month. */
const RANGE_RE = new RegExp(`${SP}[至到~～\\-－—–]{1,2}${SP}((?:${NUMBER}${SP}月${SP})?${NUMBER}${SP}[日号])`, 'yu');
const WEEKDAY_RE = new RegExp(`${SP}[（(]?${SP}(星期|周|礼拜)([一二三四五六日天])(?![一二三四五六日天期末边年刊])${SP}[）)]?`, 'yu');
const ISO_RE = /(?<![\d.\-/])(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?![\d.\-/])/gu;
const LUNAR_BEFORE = /(?:农历|阴历|夏历|旧历)[^\n]{0,6}$/u;
/** A bare number of months that is an age or a pay count rather than a date: 36月龄, 13月薪. */
const NOT_A_MONTH_AFTER = /^[龄薪大]/u;

const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'];

// Every date this check reads has a 月 or, in ISO form, a - or /. One pass over the code units
// finds out which of the two searches can match, and most sentences need neither: official
// prose mentions a month in about 1 sentence in 70 (ECSpell, benchmarks/sentences.ts), and
// running both regular expressions over every sentence cost about 6 µs per sentence.
const HAS_MONTH = 1;
const HAS_ISO_SEPARATOR = 2;

function dateMarkers(text: string): number {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x6708 /* 月 */) found |= HAS_MONTH;
    else if (unit === 0x2d /* - */ || unit === 0x2f /* / */) found |= HAS_ISO_SEPARATOR;
  }
  return found;
}

function parseDigits(s: string): number {
  return Number(s.replace(/[０-９]/gu, (c) => String(c.charCodeAt(0) - 0xff10)));
}

/** Parses 1-99 in Arabic, full-width or Chinese numerals (五, 十, 十二, 二十, 三十一); NaN otherwise. */
export function parseSmallNumber(s: string): number {
  if (/^[\d０-９]+$/u.test(s)) return parseDigits(s);
  const digit = (c: string | undefined): number => (c === undefined ? -1 : '一二三四五六七八九'.indexOf(c) + 1);
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 && digit(s) > 0 ? digit(s) : NaN;
  if (ten !== s.lastIndexOf('十') || ten > 1 || s.length - ten > 2) return NaN;
  const tens = ten === 0 ? 1 : digit(s[0]);
  const units = ten === s.length - 1 ? 0 : digit(s[ten + 1]);
  return tens > 0 && units >= 0 ? tens * 10 + units : NaN;
}

function parseYear(s: string): number {
  if (/^[\d０-９]+$/u.test(s)) return parseDigits(s);
  let n = 0;
  for (const c of s) n = n * 10 + Math.max(0, '〇一二三四五六七八九'.indexOf(c === '零' || c === '○' ? '〇' : c));
  return n;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(month: number, year: number | undefined): number {
  if (month === 2) return year === undefined || isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface DateSpan {
  year?: number;
  month: number;
  day: number;
  start: number;
  end: number;
}

export function createDateCheck(): TextCheck {
  return {
    type: 'date',
    run({ text }) {
      const findings: Finding[] = [];
      const markers = dateMarkers(text);
      if (markers === 0) return findings;
      const impossible = (start: number, end: number, message: string): void => {
        findings.push({ type: 'date', category: 'impossible', severity: 'error', rule: 'date:impossible', start, end, match: text.slice(start, end), suggestions: [], message });
      };

      /** Validates one date, then the weekday written right after it; returns where reading may go on. */
      const checkDay = (date: DateSpan): number => {
        const { year, month, day } = date;
        const yearText = year === undefined ? '' : `${year}年`;
        if (month < 1 || month > 12) {
          impossible(date.start, date.end, `${month}月不存在`);
          return date.end;
        }
        if (day < 1 || day > daysInMonth(month, year)) {
          impossible(date.start, date.end, `${yearText}${month}月没有${day}日`);
          return date.end;
        }
        WEEKDAY_RE.lastIndex = date.end;
        const w = WEEKDAY_RE.exec(text);
        if (!w) return date.end;
        if (year !== undefined) {
          const actual = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
          const written = w[2] === '天' ? 0 : WEEKDAY_NAMES.indexOf(w[2]);
          if (written !== actual) {
            const wStart = text.indexOf(w[1], date.end);
            const wEnd = wStart + w[1].length + 1;
            const name = WEEKDAY_NAMES[actual];
            findings.push({
              type: 'date',
              category: 'weekday',
              severity: 'error',
              rule: 'date:weekday',
              start: wStart,
              end: wEnd,
              match: text.slice(wStart, wEnd),
              suggestions: [`${w[1]}${name}`],
              message: `${yearText}${month}月${day}日是${w[1]}${name}，不是${w[1]}${w[2]}`,
            });
          }
        }
        return WEEKDAY_RE.lastIndex;
      };

      /** A range's second date is read with the first; do not read it again on its own. */
      let readUntil = 0;
      // exec() on the shared global expressions: matchAll() would copy them on every call.
      MONTH_RE.lastIndex = 0;
      for (let m = markers & HAS_MONTH ? MONTH_RE.exec(text) : null; m !== null; m = MONTH_RE.exec(text)) {
        const start = m.index;
        if (start < readUntil) continue;
        if (LUNAR_BEFORE.test(text.slice(Math.max(0, start - 8), start))) continue;
        const year = m[1] === undefined ? undefined : parseYear(m[1]);
        const month = parseSmallNumber(m[2]);
        if (Number.isNaN(month)) continue;
        const monthEnd = start + m[0].length;

        DAY_RE.lastIndex = monthEnd;
        const d = DAY_RE.exec(text);
        const day = d ? parseSmallNumber(d[1]) : NaN;
        let afterDay = -1;
        if (d && !Number.isNaN(day)) {
          afterDay = DAY_RE.lastIndex;
          if (d[2] === undefined) {
            // 3月5—7日: the first day of a range may go without 日; otherwise 3月5 is not a day.
            RANGE_RE.lastIndex = afterDay;
            if (!RANGE_RE.test(text)) afterDay = -1;
          }
        }
        if (afterDay < 0) {
          // Without a year or a day, only an Arabic 13月 is read as a month: 九十月份 means September-October.
          const bare = year === undefined && (!/^[\d０-９]/u.test(m[2]) || NOT_A_MONTH_AFTER.test(text.charAt(monthEnd)));
          if ((month < 1 || month > 12) && !bare) {
            impossible(start, monthEnd, `${month}月不存在`);
          }
          continue;
        }
        const dayEnd = monthEnd + (d as RegExpExecArray)[0].trimEnd().length;
        RANGE_RE.lastIndex = checkDay({ year, month, day, start, end: dayEnd });
        if (month < 1 || month > 12) continue;
        const r = RANGE_RE.exec(text);
        if (!r) continue;
        const month2 = r[2] === undefined ? month : parseSmallNumber(r[2]);
        const day2 = parseSmallNumber(r[3]);
        if (Number.isNaN(month2) || Number.isNaN(day2)) continue;
        readUntil = RANGE_RE.lastIndex;
        checkDay({ year, month: month2, day: day2, start: readUntil - r[1].length, end: readUntil });
      }

      ISO_RE.lastIndex = 0;
      for (let m = markers & HAS_ISO_SEPARATOR ? ISO_RE.exec(text) : null; m !== null; m = ISO_RE.exec(text)) {
        const [year, month, day] = [Number(m[1]), Number(m[3]), Number(m[4])];
        // Only a plausible shape is read as a date: 2023-12-45 is more likely a document number.
        if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) continue;
        checkDay({ year, month, day, start: m.index, end: m.index + m[0].length });
      }

      findings.sort((a, b) => a.start - b.start || a.end - b.end);
      return findings;
    },
  };
}
