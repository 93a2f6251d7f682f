import type { Finding, Severity } from '../types.js';
import type { TextCheck } from './check.js';

/**
 * Personal data left unmasked in published text: resident ID numbers (GB 11643-1999, 18
 * digits with an ISO 7064 MOD 11-2 check character, and the old 15-digit form), mainland
 * mobile numbers and bank card numbers (Luhn, known issuer prefixes). 公示 lists (名单,
 * 补贴发放, 中标) are the usual leak, and inspection notices name sites for them.
 *
 * Precision first: a number is reported only when its own structure says what it is. An
 * 18-character code is a resident ID only if its check digit, birth date and province code
 * are right; a unified social credit code (GB 32100-2015, public by law) is recognised by its
 * own MOD 31 check character and never reported; a 16-19 digit number is a card number only
 * with a card prefix and a correct Luhn digit. Landlines (0351-1234567), service numbers
 * (12345, 95598), 400/800 numbers and masked numbers (138****5678) never match: they have
 * the wrong length or a mask character, and a number touching a mask character, a letter or
 * more digits is part of something else.
 */

export type PrivacyKind = 'id-number' | 'mobile' | 'bank-card';

export interface PrivacyCheckOptions {
  /** Severity per kind; default `error` for ID and card numbers, `warning` for mobiles (offices publish contact mobiles). */
  severity?: Partial<Record<PrivacyKind, Severity>>;
}

const DEFAULT_SEVERITY: Readonly<Record<PrivacyKind, Severity>> = { 'id-number': 'error', mobile: 'warning', 'bank-card': 'error' };

/** First two digits of an administrative division code (GB/T 2260): provinces, autonomous regions, municipalities, 71 Taiwan, 81/82 Hong Kong/Macao. */
const PROVINCES: ReadonlySet<string> = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '),
);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/** Province code known and the prefecture digits not 00. */
function plausibleRegion(digits: string): boolean {
  return PROVINCES.has(digits.slice(0, 2)) && digits.slice(2, 4) !== '00';
}

/** An 18-character resident ID (digits, last may be X): region, birth date 1900-2099 and check character. */
export function isResidentId18(id: string): boolean {
  if (!/^\d{17}[\dXx]$/u.test(id) || !plausibleRegion(id)) return false;
  const year = Number(id.slice(6, 10));
  if (year < 1900 || year > 2099 || !isDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;
  return residentIdCheckChar(id) === id[17].toUpperCase();
}

/** A 15-digit resident ID of the first generation (before 1999): region and a 19yy birth date. No check digit exists. */
export function isResidentId15(id: string): boolean {
  if (!/^\d{15}$/u.test(id) || !plausibleRegion(id)) return false;
  return isDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)));
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code (GB 32100-2015): 18 characters of its alphabet, the last a MOD 31 check character. */
export function isCreditCode(code: string): boolean {
  const upper = code.toUpperCase();
  if (upper.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARS.indexOf(upper[i]);
    if (value < 0) return false;
    sum += value * USCC_WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === upper[17];
}

/** Luhn (ISO/IEC 7812) check over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card scheme of a 16-19 digit number by its issuer prefix, or undefined. */
export function cardScheme(digits: string): string | undefined {
  const n = digits.length;
  if (n < 16 || n > 19) return undefined;
  if (digits.startsWith('62')) return 'unionpay';
  if (digits.startsWith('9558') || digits.startsWith('9559')) return 'unionpay'; // ICBC and ABC cards issued before the 62 range
  if (digits.startsWith('4')) return n === 16 || n === 19 ? 'visa' : undefined;
  const six = Number(digits.slice(0, 6));
  if (n === 16 && ((six >= 510000 && six < 560000) || (six >= 222100 && six < 272100))) return 'mastercard';
  if (six >= 352800 && six < 359000) return 'jcb';
  if (digits.startsWith('6011') || digits.startsWith('65') || (six >= 644000 && six < 650000)) return 'discover';
  if (digits.startsWith('60')) return 'unionpay'; // Chinese bank BINs such as 601382 (Bank of China)
  return undefined;
}

/** Second and third digits that mainland carriers assign after the leading 1 (MIIT numbering plan). */
const MOBILE_PREFIX = /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])/u;

// A number must not touch digits, Latin letters, an underscore or a mask character: then it
// is part of a longer code, a URL parameter or an already masked number.
const EDGE = '0-9A-Za-z_*＊×';
const ID_RE = new RegExp(`(?<![${EDGE}])(\\d{17}[\\dXx]|\\d{15}|\\d{6} \\d{8} \\d{3}[\\dXx])(?![${EDGE}])`, 'gu');
// Card numbers: one run, or groups of four joined by one kind of separator; the lookahead
// refuses a further group (\1 is empty for the ungrouped form, leaving "no digit next").
const CARD_RE = new RegExp(`(?<![${EDGE}]|\\d[ -])(?:\\d{16,19}|\\d{4}([ -])\\d{4}(?:\\1\\d{4}){2}(?:\\1\\d{1,3})?)(?![${EDGE}]|\\1\\d)`, 'gu');
// Mobiles: 3-4-4 digits with one kind of separator (or none), optionally after +86 / 0086 /
// (+86). A dash joining digits before or after means a landline with extension or a longer code.
const MOBILE_RE = new RegExp(
  `(?<![${EDGE}+]|\\d-)((?:[(（]\\+?86[)）] ?|(?:\\+|00)86[ -]?|86-)?)(1[3-9]\\d)([ -]?)(\\d{4})\\3(\\d{4})(?![${EDGE}]|-\\d)`,
  'gu',
);
/** An organisation's account (published on purpose for payments), not a person's card. */
const ORGANISATION_ACCOUNT = /(?:对公|单位账户|单位帐户|基本户|基本账户|收款单位|收款账户|收款帐户|缴款账户|财政专户|汇缴账户)[^\n]{0,24}$/u;
/**
 * 15-digit IDs have no check digit: about 1.4% of random 15-digit numbers pass region and date,
 * so one is reported only after an ID label (身份证号 140702900101123).
 */
const ID_LABEL = /(?:身份证|证件|身份号|公民身份)[^\n]{0,10}$/u;
/** Context before an 18-character code that says it is an organisation's code. */
const CREDIT_CODE_LABEL = /(?:信用代码|机构代码|识别号|税号|登记证号|注册号)[^\n]{0,12}$/u;

const FULLWIDTH_DIGIT = /[０-９]/gu;

/** Masks the middle digits of `match`, keeping `keepStart` and `keepEnd` digits and every separator. */
export function maskDigits(match: string, keepStart: number, keepEnd: number, fromDigit = 0): string {
  const digitCount = (match.match(/[\dXx０-９]/gu) ?? []).length;
  let seen = 0;
  let out = '';
  for (const c of match) {
    if (/[\dXx０-９]/u.test(c)) {
      const i = seen++;
      out += i < fromDigit || i - fromDigit < keepStart || i >= digitCount - keepEnd ? c : '*';
    } else out += c;
  }
  return out;
}

const LABEL: Readonly<Record<PrivacyKind, string>> = { 'id-number': '居民身份证号码', mobile: '手机号码', 'bank-card': '银行卡号' };

export function createPrivacyCheck(options: PrivacyCheckOptions = {}): TextCheck {
  const severity = { ...DEFAULT_SEVERITY, ...options.severity };
  return {
    type: 'privacy',
    run({ text }) {
      // Cheap exit: most sentences have no run of 11 digits at all.
      if (!/\d{3}/u.test(text) && !/[０-９]{3}/u.test(text)) return [];
      // Full-width digits are one code unit each, like ASCII ones: offsets stay the same.
      const ascii = text.replace(FULLWIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
      const findings: Finding[] = [];
      const claimed: Array<[number, number]> = [];
      const free = (start: number, end: number): boolean => claimed.every(([s, e]) => end <= s || start >= e);
      const report = (kind: PrivacyKind, rule: string, start: number, end: number, suggestion: string, detail: string): void => {
        claimed.push([start, end]);
        findings.push({
          type: 'privacy',
          category: kind,
          code: `privacy.${kind}`,
          severity: severity[kind],
          rule: `privacy:${kind}:${rule}`,
          start,
          end,
          match: text.slice(start, end),
          suggestions: [suggestion],
          message: `疑似未脱敏的${LABEL[kind]}（${detail}），公开前应部分隐藏，如 ${suggestion}`,
        });
      };

      for (const m of ascii.matchAll(ID_RE)) {
        const start = m.index;
        const end = start + m[0].length;
        const id = m[0].replace(/ /gu, '');
        if (id.length === 18) {
          const asId = isResidentId18(id);
          const asCredit = isCreditCode(id);
          // Both checks pass for about 1 ID in 31: the label in front decides.
          if (asCredit && (!asId || CREDIT_CODE_LABEL.test(ascii.slice(Math.max(0, start - 24), start)))) {
            claimed.push([start, end]);
            continue;
          }
          if (asId) report('id-number', '18', start, end, maskDigits(text.slice(start, end), 4, 4), '校验位、出生日期、地区码均有效');
        } else if (isResidentId15(id) && ID_LABEL.test(ascii.slice(Math.max(0, start - 16), start))) {
          report('id-number', '15', start, end, maskDigits(text.slice(start, end), 4, 4), '15位旧号码，出生日期、地区码有效');
        }
      }
      for (const m of ascii.matchAll(CARD_RE)) {
        const start = m.index;
        const end = start + m[0].length;
        if (!free(start, end)) continue;
        const digits = m[0].replace(/[ -]/gu, '');
        const scheme = cardScheme(digits);
        if (scheme === undefined || !luhnValid(digits)) continue;
        if (ORGANISATION_ACCOUNT.test(ascii.slice(Math.max(0, start - 32), start))) continue;
        report('bank-card', scheme, start, end, maskDigits(text.slice(start, end), 4, 4), `${digits.length}位，卡组织前缀与 Luhn 校验位有效`);
      }
      for (const m of ascii.matchAll(MOBILE_RE)) {
        const start = m.index;
        const end = start + m[0].length;
        if (!free(start, end)) continue;
        const number = m[2] + m[4] + m[5];
        if (!MOBILE_PREFIX.test(number)) continue;
        const prefixDigits = (m[1].match(/\d/gu) ?? []).length;
        report('mobile', 'cn', start, end, maskDigits(text.slice(start, end), 3, 4, prefixDigits), '11位，号段有效');
      }
      findings.sort((a, b) => a.start - b.start);
      return findings;
    },
  };
}
