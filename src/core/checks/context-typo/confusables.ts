/**
 * Characters commonly confused with a given character, derived at build time
 * (scripts/build-confusables.ts) from pinyin-pro readings and cjk-decomp decompositions.
 * Independent of the n-gram model, so other checks (names) can use it alone.
 */
import { CONFUSABLES_TSV } from './generated/confusables-data.js';

export interface ConfusionSet {
  /** Same syllable and tone. */
  sameTone: string;
  /** Same syllable, another tone. */
  otherTone: string;
  /** Same layout, one component differs (清/情/请), or one contains the other (列/例). */
  shape: string;
  /** Sounds many speakers merge: zh/z, ch/c, sh/s, n/l, -ng/-n (生/身, 近/境). */
  nearSound: string;
}

const EMPTY: ConfusionSet = { sameTone: '', otherTone: '', shape: '', nearSound: '' };
let table: Map<string, ConfusionSet> | undefined;

function load(): Map<string, ConfusionSet> {
  if (!table) {
    table = new Map();
    for (const line of CONFUSABLES_TSV.split('\n')) {
      const [ch, sameTone = '', otherTone = '', shape = '', nearSound = ''] = line.split('\t');
      if (ch) table.set(ch, { sameTone, otherTone, shape, nearSound });
    }
  }
  return table;
}

export function confusionSet(ch: string): ConfusionSet {
  return load().get(ch) ?? EMPTY;
}

/** Every character that has confusables, in pinyin order (homophones are neighbours). */
export function confusableCharacters(): IterableIterator<string> {
  return load().keys();
}

/** Characters that sound like `ch` (same tone first), most frequent first. */
export function homophones(ch: string): string {
  const set = confusionSet(ch);
  return set.sameTone + set.otherTone;
}

/** Characters that look like `ch`, most frequent first. */
export function lookalikes(ch: string): string {
  return confusionSet(ch).shape;
}
