/**
 * Character references: the named entities that occur in Chinese web pages (the full
 * HTML table has 2,231 names; pages produced by CMS editors use a few dozen) and numeric
 * references decoded as the HTML standard says.
 */

export const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
  ['nbsp', '\u00a0'], ['ensp', '\u2002'], ['emsp', '\u2003'], ['thinsp', '\u2009'],
  ['zwnj', '\u200c'], ['zwj', '\u200d'], ['lrm', '\u200e'], ['rlm', '\u200f'], ['shy', '\u00ad'],
  ['copy', '©'], ['reg', '®'], ['trade', '™'], ['sect', '§'], ['para', '¶'],
  ['hellip', '…'], ['mdash', '—'], ['ndash', '–'], ['minus', '−'],
  ['lsquo', '‘'], ['rsquo', '’'], ['sbquo', '‚'], ['ldquo', '“'], ['rdquo', '”'], ['bdquo', '„'],
  ['laquo', '«'], ['raquo', '»'], ['lsaquo', '‹'], ['rsaquo', '›'],
  ['middot', '·'], ['bull', '•'], ['times', '×'], ['divide', '÷'], ['plusmn', '±'],
  ['deg', '°'], ['micro', 'µ'], ['permil', '‰'], ['prime', '′'], ['Prime', '″'],
  ['yen', '¥'], ['cent', '¢'], ['pound', '£'], ['euro', '€'], ['curren', '¤'],
  ['iexcl', '¡'], ['iquest', '¿'], ['frac12', '½'], ['frac14', '¼'], ['frac34', '¾'],
  ['sup1', '¹'], ['sup2', '²'], ['sup3', '³'],
  ['larr', '←'], ['rarr', '→'], ['uarr', '↑'], ['darr', '↓'], ['harr', '↔'],
  ['le', '≤'], ['ge', '≥'], ['ne', '≠'], ['asymp', '≈'], ['infin', '∞'], ['radic', '√'],
  ['sum', '∑'], ['prod', '∏'], ['isin', '∈'], ['cap', '∩'], ['cup', '∪'],
  ['alpha', 'α'], ['beta', 'β'], ['gamma', 'γ'], ['delta', 'δ'], ['epsilon', 'ε'],
  ['lambda', 'λ'], ['mu', 'μ'], ['pi', 'π'], ['sigma', 'σ'], ['omega', 'ω'],
  ['Alpha', 'Α'], ['Beta', 'Β'], ['Delta', 'Δ'], ['Sigma', 'Σ'], ['Omega', 'Ω'],
  ['hearts', '♥'], ['star', '☆'], ['starf', '★'], ['check', '✓'], ['cross', '✗'],
]);

/** Names that browsers also decode without the trailing semicolon. */
export const LEGACY_ENTITIES: ReadonlySet<string> = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

/** C1 controls that the HTML standard reads as Windows-1252 in numeric references. */
const WINDOWS_1252: Readonly<Record<number, number>> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

/** The string a numeric reference stands for; invalid code points become U+FFFD. */
export function decodeCodePoint(codePoint: number): string {
  if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return '\ufffd';
  const mapped = WINDOWS_1252[codePoint];
  return String.fromCodePoint(mapped ?? codePoint);
}

const HASH = 0x23;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isAsciiAlphanumeric(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** A decoded character reference and where it ends in the source. */
export interface CharacterReference {
  value: string;
  end: number;
}

/** The character reference at `amp` in `html` (ending before `limit`), if there is one. */
export function readCharacterReference(html: string, amp: number, limit: number, inAttribute: boolean): CharacterReference | undefined {
  let i = amp + 1;
  if (i < limit && html.charCodeAt(i) === HASH) {
    i++;
    const hex = i < limit && (html.charCodeAt(i) | 0x20) === 0x78;
    if (hex) i++;
    const digitsStart = i;
    while (i < limit && (hex ? isHexDigit(html.charCodeAt(i)) : isDigit(html.charCodeAt(i)))) i++;
    if (i === digitsStart) return undefined;
    const digits = html.slice(digitsStart, i);
    // More than 8 digits is out of range whatever they are; avoid parsing huge numbers.
    const codePoint = digits.length > 8 ? Infinity : Number.parseInt(digits, hex ? 16 : 10);
    if (i < limit && html.charCodeAt(i) === SEMICOLON) i++;
    return { value: decodeCodePoint(codePoint), end: i };
  }
  while (i < limit && i - amp <= 32 && isAsciiAlphanumeric(html.charCodeAt(i))) i++;
  if (i === amp + 1) return undefined;
  const name = html.slice(amp + 1, i);
  const value = NAMED_ENTITIES.get(name);
  if (value !== undefined && i < limit && html.charCodeAt(i) === SEMICOLON) return { value, end: i + 1 };
  // Without a semicolon only the legacy names count, as a prefix (`&copy2026` is ©2026).
  let legacy: string | undefined;
  for (const candidate of LEGACY_ENTITIES) {
    if (name.startsWith(candidate) && (legacy === undefined || candidate.length > legacy.length)) legacy = candidate;
  }
  if (legacy === undefined) return undefined;
  const end = amp + 1 + legacy.length;
  // In attribute values, `&amp=` and `&ampx` stay literal (the HTML standard's rule for URLs).
  if (inAttribute && end < limit && (html.charCodeAt(end) === EQUALS || isAsciiAlphanumeric(html.charCodeAt(end)))) return undefined;
  return { value: NAMED_ENTITIES.get(legacy) as string, end };
}

/** `html[from, to)` with its character references decoded (attribute rules when `inAttribute`). */
export function decodeCharacterReferences(html: string, from: number, to: number, inAttribute: boolean): string {
  let amp = html.indexOf('&', from);
  if (amp === -1 || amp >= to) return html.slice(from, to);
  const parts: string[] = [];
  let run = from;
  while (amp !== -1 && amp < to) {
    const reference = readCharacterReference(html, amp, to, inAttribute);
    if (reference === undefined) {
      amp = html.indexOf('&', amp + 1);
      continue;
    }
    parts.push(html.slice(run, amp), reference.value);
    run = reference.end;
    amp = html.indexOf('&', run);
  }
  parts.push(html.slice(run, to));
  return parts.join('');
}
