/**
 * Generates src/core/normalize/generated/tables.ts, the data behind the normalizer's fold tables.
 *
 *   node --import tsx scripts/build-normalize-tables.ts           # write the file
 *   node --import tsx scripts/build-normalize-tables.ts --check   # exit 1 if the file is stale
 *
 * Sources: opencc-js's TSCharacters dictionary (traditional -> simplified) and the ICU data of
 * the running Node (String.prototype.normalize('NFKC'), toLowerCase, \p{...} properties).
 * The choices (blocks, dropped entries, noise set) are explained in src/core/normalize/DESIGN.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error opencc-js ships no type declarations for its per-dictionary modules.
import TSCharacters from 'opencc-js/dict/TSCharacters';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputPath = join(root, 'src/core/normalize/generated/tables.ts');
const COMMAND = 'node --import tsx scripts/build-normalize-tables.ts';

type Range = readonly [first: number, last: number];

/** Blocks whose NFKC forms we fold under `compatibility`; anything else keeps its identity. */
const COMPATIBILITY_BLOCKS: readonly Range[] = [
  [0x00b2, 0x00b3], // ² ³ (Latin-1 superscript digits, the same job as the block below)
  [0x00b9, 0x00b9], // ¹
  [0x2070, 0x209f], // Superscripts and Subscripts
  [0x2100, 0x214f], // Letterlike Symbols
  [0x2150, 0x218f], // Number Forms (Roman numerals, vulgar fractions)
  [0x2460, 0x24ff], // Enclosed Alphanumerics (circled, parenthesized, full-stop numbers and letters)
  [0x2f00, 0x2fdf], // Kangxi Radicals: each looks exactly like the unified ideograph it maps to
  [0x3200, 0x32ff], // Enclosed CJK Letters and Months (㊙, ㈠, ㉑)
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
  [0xff00, 0xffef], // Halfwidth and Fullwidth Forms
];

/** `width` folds only this: full-width ASCII, half-width katakana/hangul, the ideographic space. */
const WIDTH_BLOCKS: readonly Range[] = [
  [0x3000, 0x3000],
  [0xff00, 0xffef],
];

/** The symbols abusers put between the halves of a term, in their ASCII form. */
const NOISE_SYMBOLS = '*._-|~+/\\`\'"^=#@·•';

/** Look-alikes of the noise symbols that NFKC does not fold onto them. */
const NOISE_LOOKALIKES = [
  0x00a6, // ¦ broken bar
  0x2010, 0x2011, 0x2012, 0x2013, // hyphen, non-breaking hyphen, figure dash, en dash
  0x2027, // ‧ hyphenation point
  0x2043, // ⁃ hyphen bullet
  0x2044, // ⁄ fraction slash (NFKC of ½ is 1⁄2)
  0x2212, // − minus sign
  0x2215, // ∕ division slash
  0x2219, // ∙ bullet operator
  0x223c, // ∼ tilde operator
  0x22c5, // ⋅ dot operator
  0x301c, // 〜 wave dash
  0x30fb, // ・ katakana middle dot
  0xff65, // ･ half-width katakana middle dot
];

function inRanges(c: number, ranges: readonly Range[]): boolean {
  return ranges.some(([first, last]) => c >= first && c <= last);
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

function isBmpChar(s: string): boolean {
  return s.length === 1 && !isSurrogate(s.charCodeAt(0));
}

interface Tables {
  width: string;
  caseFold: string;
  compatibility: string;
  compatibilityExpansions: string[];
  traditional: string;
  noise: string;
  stats: Record<string, number>;
}

function buildTables(): Tables {
  const stats: Record<string, number> = {};
  const width: string[] = [];
  const caseFold: string[] = [];
  const compatibility: string[] = [];
  const compatibilityExpansions: string[] = [];
  const noise: string[] = [];
  const noiseBase = new Set(NOISE_SYMBOLS);
  const lookalikes = new Set(NOISE_LOOKALIKES);
  stats.compatibilityDroppedAstral = 0;
  stats.compatibilityDroppedSpacing = 0;

  for (let c = 0; c < 0x10000; c++) {
    if (isSurrogate(c)) continue;
    const s = String.fromCharCode(c);
    const nfkc = s.normalize('NFKC');

    if (inRanges(c, WIDTH_BLOCKS) && nfkc !== s && isBmpChar(nfkc)) width.push(s + nfkc);

    const lower = s.toLowerCase();
    if (lower !== s && isBmpChar(lower)) caseFold.push(s + lower);

    if (inRanges(c, COMPATIBILITY_BLOCKS) && nfkc !== s) {
      if ([...nfkc].some((ch) => ch.length > 1)) {
        stats.compatibilityDroppedAstral++;
      } else if (/[\p{Zs}\p{M}]/u.test(nfkc) && nfkc.length > 1) {
        // Spacing clones of combining marks (￣ -> space + U+0304) would leave a lone mark behind.
        stats.compatibilityDroppedSpacing++;
      } else if (nfkc.length === 1) {
        compatibility.push(s + nfkc);
      } else {
        compatibilityExpansions.push(s + nfkc);
      }
    }

    const isNoise =
      c === 0x09 ||
      /\p{Zs}/u.test(s) ||
      /\p{Default_Ignorable_Code_Point}/u.test(s) ||
      noiseBase.has(s) ||
      lookalikes.has(c) ||
      (nfkc.length === 1 && noiseBase.has(nfkc));
    if (isNoise) noise.push(s);
  }

  const traditional = buildTraditional(stats);
  stats.width = width.length;
  stats.caseFold = caseFold.length;
  stats.compatibility = compatibility.length;
  stats.compatibilityExpansions = compatibilityExpansions.length;
  stats.noise = noise.length;
  return {
    width: width.join(''),
    caseFold: caseFold.join(''),
    compatibility: compatibility.join(''),
    compatibilityExpansions,
    traditional,
    noise: noise.join(''),
    stats,
  };
}

/** One-char -> one-char BMP entries of TSCharacters, with chains (薴 -> 苧 -> 苎) resolved to their end. */
function buildTraditional(stats: Record<string, number>): string {
  const entries = (TSCharacters as string).split('|').map((entry) => entry.split(' '));
  const map = new Map<string, string>();
  stats.traditionalSource = entries.length;
  stats.traditionalDroppedNotBmp = 0;
  for (const [from, ...to] of entries) {
    if (to.length !== 1) throw new Error(`TSCharacters: unexpected entry ${JSON.stringify([from, ...to])}`);
    if (!isBmpChar(from) || !isBmpChar(to[0])) {
      stats.traditionalDroppedNotBmp++;
      continue;
    }
    if (from !== to[0]) map.set(from, to[0]);
  }
  stats.traditionalChainsResolved = 0;
  const resolved: string[] = [];
  for (const [from, to] of map) {
    let end = to;
    const seen = new Set([from]);
    while (map.has(end) && !seen.has(end)) {
      seen.add(end);
      end = map.get(end)!;
    }
    if (end !== to) stats.traditionalChainsResolved++;
    if (end !== from) resolved.push(from + end);
  }
  stats.traditional = resolved.length;
  return resolved.sort().join('');
}

/** A TypeScript string literal in which every invisible or combining character is an escape. */
function literal(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (c < 0x7f && c >= 0x20) out += ch;
    else if (/[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) && !/\p{Default_Ignorable_Code_Point}/u.test(ch)) out += ch;
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + "'";
}

/** Breaks a pair string into lines of at most `perLine` pairs so that diffs stay readable. */
function pairLines(pairs: string, perLine = 40): string {
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += perLine * 2) lines.push('  ' + literal(pairs.slice(i, i + perLine * 2)));
  return lines.length === 0 ? "''" : '\n' + lines.join(' +\n');
}

function render(tables: Tables): string {
  const opencc = JSON.parse(readFileSync(join(root, 'node_modules/opencc-js/package.json'), 'utf8')) as {
    version: string;
  };
  const s = tables.stats;
  return `// GENERATED FILE, DO NOT EDIT. Regenerate with: ${COMMAND}
// Sources: opencc-js ${opencc.version} dict/TSCharacters (traditional -> simplified);
// String.prototype.normalize('NFKC'), toLowerCase and \\p{Zs} / \\p{Default_Ignorable_Code_Point}
// of Node ${process.versions.node} (ICU ${process.versions.icu}, Unicode ${process.versions.unicode}).
// Choices and what was dropped: src/core/normalize/DESIGN.md.
//
// Pair strings hold (source, target) UTF-16 units back to back; expansions hold the source unit
// followed by its replacement. Everything is in the BMP.

/** \`width\`: ${s.width} pairs, NFKC of U+3000 and of the Halfwidth and Fullwidth Forms block. */
export const WIDTH_PAIRS =${pairLines(tables.width)};

/** \`case\`: ${s.caseFold} pairs, toLowerCase() where it gives one BMP unit. */
export const CASE_PAIRS =${pairLines(tables.caseFold)};

/** \`compatibility\`: ${s.compatibility} pairs, one-unit NFKC forms of the chosen blocks. */
export const COMPATIBILITY_PAIRS =${pairLines(tables.compatibility)};

/**
 * \`compatibility\`: ${s.compatibilityExpansions} expansions (first unit = source). Dropped:
 * ${s.compatibilityDroppedAstral} with an astral target, ${s.compatibilityDroppedSpacing} spacing clones of combining marks.
 */
export const COMPATIBILITY_EXPANSIONS: readonly string[] = [
${tables.compatibilityExpansions.map((e) => '  ' + literal(e) + ',').join('\n')}
];

/**
 * \`traditional\`: ${s.traditional} pairs from ${s.traditionalSource} TSCharacters entries; dropped ${s.traditionalDroppedNotBmp}
 * whose source or target is outside the BMP; ${s.traditionalChainsResolved} chain(s) resolved to their end.
 */
export const TRADITIONAL_PAIRS =${pairLines(tables.traditional)};

/** \`noise\`: ${s.noise} units dropped entirely. */
export const NOISE_UNITS =${pairLines(tables.noise, 20)};
`;
}

const source = render(buildTables());
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outputPath, 'utf8');
  } catch {
    // A missing file is simply stale.
  }
  if (current !== source) {
    console.error(`${outputPath} is stale; run: ${COMMAND}`);
    process.exit(1);
  }
  console.log(`${outputPath} is up to date`);
} else {
  writeFileSync(outputPath, source);
  console.log(`wrote ${outputPath}`);
}
