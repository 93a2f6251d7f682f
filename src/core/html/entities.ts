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
