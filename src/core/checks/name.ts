import { pinyin } from 'pinyin-pro';
import type { Finding } from '../types.js';
import type { TextCheck } from './check.js';
import { hanCodeUnits } from './han.js';

/**
 * Official names: a near-miss of a registered name (全国人民代表大会堂务委员会), a leader's
 * name written with a homophone next to their title (张叁市长), and a registered person next
 * to a title that is not theirs (张三副市长 when the registry says 市长). All `critical`:
 * a misspelled leader or agency name fails a site in the official inspection.
 *
 * What keeps it quiet:
 *  - an exact registered name is never a finding;
 *  - a near-miss has the registered name's length and differs in 1 position (2 for names of
 *    6 or more characters and for people's names of 3), each differing character a homophone
 *    or look-alike of the registered one. A name of 8 or more characters may also differ in
 *    one character of any kind in its middle: not in its first three characters (place names:
 *    晋中市/晋城市), not in its last three (the kind of office: 财政部/民政部), and not when
 *    either character is a numeral, direction or administrative level (第一中学/第二中学);
 *  - a person (an entry with titles) is a near-miss only right next to one of their titles,
 *    because two- and three-character names collide with ordinary words;
 *  - a title is checked on the side it binds: 市长张三 reads the title before the name, and
 *    only a name with no title before it is checked against the title after it.
 */

export interface NameEntry {
  name: string;
  /** Titles of a person (市长, 副书记); empty for institutions and countries. */
  titles: readonly string[];
}

export interface Confusables {
  homophones(ch: string): string;
  lookalikes(ch: string): string;
}

/** Characters whose difference makes a different institution rather than a typo. */
const DISTINGUISHING = new Set('〇零一二三四五六七八九十百千0123456789东南西北中上下前后左右内外省市县区乡镇村州盟旗');
/** Deputy prefixes: 张三副市长 contradicts a registry that says 市长 even if no one is 副市长. */
const DEPUTY_PREFIXES = ['副', '常务副'];
const HAN = /^\p{Script=Han}+$/u;
/** Institution names shorter than this collide with ordinary words (美国/每国). */
const MIN_INSTITUTION_LENGTH = 4;
const LONG_NAME = 6;
/**
 * Names this long may carry one slip of any kind in their middle. Shorter names and the
 * ends of longer ones are where real institutions differ by one character: 晋中市财政局 /
 * 晋中市民政局, 中华人民共和国财政部 / 中华人民共和国民政部.
 */
const ANY_SLIP_LENGTH = 8;

type SameSound = (a: string, b: string) => boolean;

/** Toneless pinyin readings per character, computed on first use. */
function pinyinHomophones(): SameSound {
  const readings = new Map<string, readonly string[]>();
  const of = (ch: string): readonly string[] => {
    let r = readings.get(ch);
    if (r === undefined) {
      r = HAN.test(ch) ? pinyin(ch, { toneType: 'none', type: 'array', multiple: true }) : [];
      readings.set(ch, r);
    }
    return r;
  };
  return (a, b) => {
    const rb = of(b);
    return of(a).some((r) => rb.includes(r));
  };
}

interface Anchor {
  name: string;
  /** Offset of the piece inside the name. */
  offset: number;
}

export function createNameCheck(entries: readonly NameEntry[], confusables?: Confusables): TextCheck {
  const registered = new Set(entries.map((e) => e.name));
  const personTitles = new Map<string, Set<string>>();
  for (const e of entries) {
    if (e.titles.length === 0) continue;
    const titles = personTitles.get(e.name) ?? new Set<string>();
    for (const t of e.titles) titles.add(t);
    personTitles.set(e.name, titles);
  }
  const allTitles = new Set<string>();
  const personsByTitle = new Map<string, string[]>();
  for (const [name, titles] of personTitles) {
    for (const t of titles) {
      allTitles.add(t);
      personsByTitle.set(t, [...(personsByTitle.get(t) ?? []), name]);
    }
  }
  const titleForms = new Set(allTitles);
  for (const t of allTitles) for (const p of DEPUTY_PREFIXES) if (!t.startsWith('副')) titleForms.add(p + t);
  const titleLengths = [...new Set([...titleForms].map((t) => t.length))].sort((a, b) => b - a);

  // Pigeonhole anchors: a name with at most k differing characters, cut into k + 1 pieces,
  // keeps at least one piece intact; looking pieces up finds every candidate window.
  const anchors = new Map<string, Anchor[]>();
  for (const name of registered) {
    if (personTitles.has(name) || name.length < MIN_INSTITUTION_LENGTH) continue;
    const pieces = maxDiffs(name) + 1;
    for (let p = 0; p < pieces; p++) {
      const from = Math.floor((p * name.length) / pieces);
      const to = Math.floor(((p + 1) * name.length) / pieces);
      const piece = name.slice(from, to);
      anchors.set(piece, [...(anchors.get(piece) ?? []), { name, offset: from }]);
    }
  }
  const pieceLengths = [...new Set([...anchors.keys()].map((k) => k.length))];
  const { buckets: piecesByBigram, shift } = bucketPiecesByBigram(anchors);

  // pinyin-pro readings always count: a confusion table limited to frequent characters
  // misses the rare ones that names use (叁 for 三); the injected sets add look-alikes.
  const samePinyin = pinyinHomophones();
  const injected = (a: string, b: string): boolean =>
    confusables !== undefined && (confusables.homophones(a).includes(b) || confusables.homophones(b).includes(a) || confusables.lookalikes(a).includes(b) || confusables.lookalikes(b).includes(a));
  const confusable = (a: string, b: string): boolean => HAN.test(a) && HAN.test(b) && (samePinyin(a, b) || injected(a, b));

  /**
   * Whether text[start, start + name.length) is a slip for `name`; `institution` allows one slip of
   * any kind in long names (see the module comment). Counts the differing code units first, so
   * that the window is cut from the text only for the few candidates that differ in one or two.
   */
  const isNearMissAt = (text: string, start: number, name: string, institution: boolean): boolean => {
    const allowed = institution ? maxDiffs(name) : maxPersonDiffs(name);
    let count = 0;
    for (let i = 0; i < name.length; i++) {
      if (text.charCodeAt(start + i) !== name.charCodeAt(i) && ++count > allowed) return false;
    }
    if (count === 0 || !isHanSpan(text, start, start + name.length)) return false;
    const window = text.slice(start, start + name.length);
    if (registered.has(window)) return false;
    const diffs: number[] = [];
    for (let i = 0; i < name.length; i++) if (window[i] !== name[i]) diffs.push(i);
    if (diffs.every((i) => confusable(window[i], name[i]))) return true;
    if (!institution || diffs.length !== 1 || name.length < ANY_SLIP_LENGTH) return false;
    const i = diffs[0];
    return i >= 3 && i < name.length - 3 && !DISTINGUISHING.has(window[i]) && !DISTINGUISHING.has(name[i]);
  };

  /** The longest title form that ends at `end` (before) or starts at `start` (after). */
  const titleBefore = (text: string, end: number): string | undefined => {
    for (const len of titleLengths) if (end - len >= 0 && titleForms.has(text.slice(end - len, end))) return text.slice(end - len, end);
    return undefined;
  };
  const titleAfter = (text: string, start: number): string | undefined => {
    for (const len of titleLengths) if (titleForms.has(text.slice(start, start + len))) return text.slice(start, start + len);
    return undefined;
  };

  return {
    type: 'name',
    run({ text }) {
      const report = new NameReport(text);

      // Institutions and countries. Every piece has two code units or more (see bucketPiecesByBigram).
      let next = text.charCodeAt(0);
      for (let i = 0; i + 1 < text.length; i++) {
        const unit = next;
        next = text.charCodeAt(i + 1);
        const candidates = piecesByBigram[bigramBucket(unit, next, shift)];
        if (candidates === undefined) continue;
        for (const len of pieceLengths) {
          // Near the end of the text a piece length reads what is left, as text.slice(i, i + len) would.
          const hits = pieceAt(candidates, text, i, Math.min(len, text.length - i));
          if (hits === undefined) continue;
          for (const { name, offset } of hits) {
            const start = i - offset;
            if (start < 0 || start + name.length > text.length) continue;
            if (isNearMissAt(text, start, name, true)) {
              report.add('near-miss', start, start + name.length, name, [name], `疑为“${name}”之误`);
            }
          }
        }
      }

      // Registered people next to a title that is not theirs.
      for (const [name, titles] of personTitles) {
        for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
          const before = titleBefore(text, at);
          const title = before ?? titleAfter(text, at + name.length);
          if (title === undefined || titles.has(title)) continue;
          const start = before !== undefined ? at - before.length : at + name.length;
          report.add('title', start, start + title.length, name, [...titles], `登记的${name}的职务是“${[...titles].join('、')}”，不是“${title}”`);
        }
      }

      // People written with a slip, recognised by their own title right next to them.
      for (const [title, names] of personsByTitle) {
        for (let at = text.indexOf(title); at >= 0; at = text.indexOf(title, at + 1)) {
          const end = at + title.length;
          // In 常务副市长 the characters before 市长 belong to a longer title, not to a name.
          const partOfLongerTitle = titleBefore(text, end) !== title;
          for (const name of names) {
            const before = at - name.length;
            if (!partOfLongerTitle && before >= 0 && isNearMissAt(text, before, name, false)) {
              report.add('near-miss', before, at, name, [name], `疑为“${name}${title}”之误`);
            }
            if (end + name.length <= text.length && isNearMissAt(text, end, name, false)) {
              report.add('near-miss', end, end + name.length, name, [name], `疑为“${title}${name}”之误`);
            }
          }
        }
      }

      const findings = report.findings;
      if (findings.length === 0) return findings;
      // 中华人民共合国国务院 is one slip: report it against the longest registered name only.
      // Sorted by start, longest first, a near-miss is inside another iff an earlier one reaches its end.
      findings.sort((a, b) => a.start - b.start || b.end - a.end);
      let reach = -1;
      const kept = findings.filter((f) => {
        if (f.category !== 'near-miss') return true;
        const inside = reach >= f.end;
        reach = Math.max(reach, f.end);
        return !inside;
      });
      return kept.sort((a, b) => a.start - b.start || a.end - b.end);
    },
  };
}

function maxDiffs(name: string): number {
  return name.length >= LONG_NAME ? 2 : 1;
}

/** A person's name sits next to their title, so a three-character name may carry two slips (李可墙市长). */
function maxPersonDiffs(name: string): number {
  return name.length >= 3 ? 2 : 1;
}

interface Piece {
  text: string;
  anchors: readonly Anchor[];
}

/**
 * The pieces in 65,536 buckets by a hash of their first two code units, so that a position
 * where no piece starts costs one array lookup: no one-character string, no slice, no Map.
 * (A Set of first characters, then a slice and a Map lookup per piece length, made this check
 * 4-5 times slower on the ECSpell sentences of benchmarks/sentences.ts.) A bucket may also hold
 * pieces of other bigrams: pieceAt compares.
 */
function bucketPiecesByBigram(anchors: ReadonlyMap<string, readonly Anchor[]>): { buckets: Array<Piece[] | undefined>; shift: number } {
  // About four buckets per piece, at most 2^16: a site's registry of a few leaders must not
  // cost the 512 KiB table of the national one (benchmarks/sites/memory.ts).
  const bits = Math.min(16, Math.max(4, Math.ceil(Math.log2(Math.max(1, anchors.size) * 4))));
  const shift = 32 - bits;
  const buckets: Array<Piece[] | undefined> = new Array(1 << bits).fill(undefined);
  for (const [text, pieceAnchors] of anchors) {
    // Names of 4+ characters are cut into 2 pieces, names of 6+ into 3: never a single code unit.
    if (text.length < 2) throw new Error(`name piece '${text}' is shorter than two code units`);
    (buckets[bigramBucket(text.charCodeAt(0), text.charCodeAt(1), shift)] ??= []).push({ text, anchors: pieceAnchors });
  }
  return { buckets, shift };
}

function bigramBucket(first: number, second: number, shift: number): number {
  return Math.imul((first << 16) | second, 0x9e3779b1) >>> shift;
}

/** The anchors of the piece of length `length` that starts at text[at]; undefined if none. */
function pieceAt(candidates: readonly Piece[], text: string, at: number, length: number): readonly Anchor[] | undefined {
  for (const piece of candidates) if (piece.text.length === length && text.startsWith(piece.text, at)) return piece.anchors;
  return undefined;
}

/** The findings of one run; two findings never share a span (the first reported wins). */
class NameReport {
  readonly findings: Finding[] = [];
  private spans: Set<string> | undefined;
  constructor(private readonly text: string) {}

  add(category: 'near-miss' | 'title', start: number, end: number, registeredAs: string, suggestions: string[], message: string): void {
    const key = `${start}:${end}`;
    this.spans ??= new Set();
    if (this.spans.has(key)) return;
    this.spans.add(key);
    this.findings.push({ type: 'name', category, severity: 'critical', rule: `name:${category}:${registeredAs}`, start, end, match: this.text.slice(start, end), suggestions, message });
  }
}

/** Whether text[from, to) is all Han, as HAN.test(text.slice(from, to)) says, without the slice for BMP text. */
function isHanSpan(text: string, from: number, to: number): boolean {
  const hanUnits = hanCodeUnits();
  for (let i = from; i < to; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair may be a Han character outside the BMP: the regular expression decides.
    if (unit >= 0xd800 && unit <= 0xdfff) return HAN.test(text.slice(from, to));
    if (hanUnits[unit] !== 1) return false;
  }
  return to > from;
}
