/**
 * Builds models/char-ngram.bin, the character n-gram table of the context-typo check, from
 * the open-gram word trigram model shipped by Debian's sunpinyin-data (CC BY-SA 3.0).
 *
 *   apt-get install sunpinyin-data sunpinyin-utils
 *   node --import tsx scripts/build-context-typo-model.ts [--out models/char-ngram.bin]
 *
 * The word model is turned into expected character n-gram frequencies: a word's probability
 * is credited to the character n-grams inside it, the joint probability of an explicit word
 * bigram (trigram) to the n-grams that cross its boundaries, and the back-off mass of a word
 * to the n-grams it forms with the start of the average next word. Non-Han words become one
 * boundary pseudo-character; nodejieba's dictionary words add their inner n-grams. The output
 * is byte-reproducible; models/README.md gives source, licence and numbers.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { encodeCharNgramModel } from '../src/core/checks/context-typo/model.js';

const require = createRequire(import.meta.url);
const DATA_DIR = '/usr/lib/x86_64-linux-gnu/sunpinyin/data';
const args = process.argv.slice(2);
/** `--arpa FILE`: a saved `tslminfo -v -p` dump, instead of running tslminfo. */
const arpaPath = args.includes('--arpa') ? args[args.indexOf('--arpa') + 1] : undefined;
const outPath = args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'models/char-ngram.bin';

/** Pseudo-corpus size: expected counts are probabilities times this. */
const SCALE = 1e9;
/** n-grams with a smaller expected count are dropped (keeps the artifact small). */
const MIN_BIGRAM = Number(process.env.MIN_BIGRAM ?? 10);
const MIN_TRIGRAM = Number(process.env.MIN_TRIGRAM ?? 30);
/** Share of nodejieba's dictionary words, relative to the open-gram word mass (1). */
const JIEBA_SHARE = Number(process.env.JIEBA_SHARE ?? 0.25);

const HAN = /^[\u4e00-\u9fff]+$/u;
/**
 * Every word that is not all Han (sentence marks, punctuation, Latin, digits) becomes this one
 * pseudo-character, so that the model knows which characters end or start a phrase.
 */
export const BOUNDARY = '\u0001';

function readLexicon(): string[] {
  // pydict_sc.bin ends with the word strings, UCS-4, NUL-terminated, in word-id order.
  const bytes = readFileSync(`${DATA_DIR}/pydict_sc.bin`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wordCount = view.getUint32(0, true);
  const stringsAt = view.getUint32(8, true);
  const words: string[] = [];
  let current: number[] = [];
  for (let at = stringsAt; at + 4 <= bytes.byteLength && words.length < wordCount; at += 4) {
    const cp = view.getUint32(at, true);
    if (cp === 0) {
      words.push(String.fromCodePoint(...current));
      current = [];
    } else current.push(cp);
  }
  if (words.length !== wordCount) throw new Error(`lexicon: expected ${wordCount} words, read ${words.length}`);
  return words;
}

const lexicon = readLexicon();
const hanWord: Array<string | undefined> = lexicon.map((w) => (HAN.test(w) ? w : BOUNDARY));

const charIds = new Map<string, number>();
const chars: string[] = [];
function charId(ch: string): number {
  let id = charIds.get(ch);
  if (id === undefined) {
    id = chars.length;
    charIds.set(ch, id);
    chars.push(ch);
  }
  return id;
}
const V = 1 << 14;
charId(BOUNDARY);

const uni = new Float64Array(V);
const bi = new Map<number, number>();
const tri = new Map<number, number>();
const add = (m: Map<number, number>, k: number, v: number): void => {
  m.set(k, (m.get(k) ?? 0) + v);
};
const ids = (w: string): number[] => [...w].map((ch) => charIds.get(ch)!);

/** Credit `mass` to every char n-gram of the concatenation a+b that crosses the join. */
function creditJoin(a: number[], b: number[], mass: number): void {
  const s = [...a.slice(-2), ...b.slice(0, 2)];
  const join = Math.min(a.length, 2);
  for (let i = 0; i < s.length - 1; i++) {
    if (i + 1 === join) add(bi, s[i]! * V + s[i + 1]!, mass);
    if (i + 2 < s.length && (i + 1 === join || i + 2 === join)) add(tri, (s[i]! * V + s[i + 1]!) * V + s[i + 2]!, mass);
  }
}

async function main(): Promise<void> {
  const p1 = new Float64Array(lexicon.length);
  const explicitMass = new Float64Array(lexicon.length);
  const condBigram = new Map<number, number>();
  const W = 1 << 17;
  let section = 0;
  let lines = 0;
  const input = arpaPath
    ? createReadStream(arpaPath)
    : spawn('tslminfo', ['-v', '-p', `${DATA_DIR}/lm_sc.t3g`], { stdio: ['ignore', 'pipe', 'inherit'] }).stdout;
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    lines++;
    if (line.startsWith('\\')) {
      section = Number(line[1]);
      if (section === 2) {
        // Words without a unigram entry may hold characters the model never saw.
        for (let w = 0; w < hanWord.length; w++) if (!(p1[w]! > 0)) hanWord[w] = undefined;
      }
      continue;
    }
    const f = line.trim().split(/\s+/);
    if (section === 1) {
      const w = Number(f[0]);
      p1[w] = Number(f[1]);
      const word = hanWord[w];
      if (word) {
        for (const ch of word) charId(ch);
        if (chars.length >= V) throw new Error(`too many characters: ${chars.length}`);
        const c = ids(word);
        const m = p1[w]!;
        for (let i = 0; i < c.length; i++) {
          uni[c[i]!] += m;
          if (i + 1 < c.length) add(bi, c[i]! * V + c[i + 1]!, m);
          if (i + 2 < c.length) add(tri, (c[i]! * V + c[i + 1]!) * V + c[i + 2]!, m);
        }
      }
    } else if (section === 2) {
      const h = Number(f[0]);
      const w = Number(f[1]);
      const p = Number(f[2]);
      condBigram.set(h * W + w, p);
      explicitMass[h] += p;
      const a = hanWord[h];
      const b = hanWord[w];
      if (a && b) creditJoin(ids(a), ids(b), p1[h]! * p);
    } else if (section === 3) {
      const h1 = Number(f[0]);
      const h2 = Number(f[1]);
      const w = Number(f[2]);
      const a = hanWord[h1];
      const mid = hanWord[h2];
      const b = hanWord[w];
      // Only char trigrams spanning all three words are new here: last(a) mid first(b).
      if (a && mid && b && mid.length === 1) {
        const joint = p1[h1]! * (condBigram.get(h1 * W + h2) ?? 0) * Number(f[3]);
        if (joint > 0) add(tri, (charId(a.slice(-1)) * V + charId(mid)) * V + charId(b[0]!), joint);
      }
    }
  }
  // Back-off mass of each word joins it to the start of an average following word.
  const endMass1 = new Map<number, number>();
  const endMass2 = new Map<string, number>();
  const startMass1 = new Map<number, number>();
  const startMass2 = new Map<string, number>();
  let startTotal = 0;
  for (let w = 0; w < lexicon.length; w++) {
    const word = hanWord[w];
    if (!word || !(p1[w]! > 0)) continue;
    const c = ids(word);
    startTotal += p1[w]!;
    add(startMass1, c[0]!, p1[w]!);
    if (c.length >= 2) startMass2.set(`${c[0]},${c[1]}`, (startMass2.get(`${c[0]},${c[1]}`) ?? 0) + p1[w]!);
    const resid = p1[w]! * Math.max(0, 1 - explicitMass[w]!);
    if (resid <= 0) continue;
    add(endMass1, c[c.length - 1]!, resid);
    if (c.length >= 2) {
      const k = `${c[c.length - 2]},${c[c.length - 1]}`;
      endMass2.set(k, (endMass2.get(k) ?? 0) + resid);
    }
  }
  const floorBi = MIN_BIGRAM / SCALE;
  const floorTri = MIN_TRIGRAM / SCALE;
  const starts1 = [...startMass1].map(([c, m]) => [c, m / startTotal] as const).sort((x, y) => y[1] - x[1]);
  const starts2 = [...startMass2]
    .map(([k, m]) => [k.split(',').map(Number), m / startTotal] as const)
    .sort((x, y) => y[1] - x[1]);
  for (const [x, m] of endMass1) {
    for (const [y, s] of starts1) {
      if (m * s < floorBi) break;
      add(bi, x * V + y, m * s);
    }
    for (const [[y1, y2], s] of starts2) {
      if (m * s < floorTri) break;
      add(tri, (x * V + y1!) * V + y2!, m * s);
    }
  }
  for (const [k, m] of endMass2) {
    const [x1, x2] = k.split(',').map(Number);
    for (const [y, s] of starts1) {
      if (m * s < floorTri) break;
      add(tri, (x1! * V + x2!) * V + y, m * s);
    }
  }

  // Vocabulary of nodejieba's dictionary (MIT; frequencies from news and official prose):
  // its words' inner n-grams, at JIEBA_SHARE of the open-gram word mass.
  if (JIEBA_SHARE > 0) {
    const entries: Array<[number[], number]> = [];
    let total = 0;
    for (const line of readFileSync(require.resolve('nodejieba/submodules/cppjieba/dict/jieba.dict.utf8'), 'utf8').split('\n')) {
      const [word, freq] = line.split(' ');
      if (!word || !freq || word.length < 2 || !HAN.test(word) || ![...word].every((ch) => charIds.has(ch))) continue;
      entries.push([ids(word), Number(freq)]);
      total += Number(freq);
    }
    const weight = JIEBA_SHARE / total;
    for (const [c, f] of entries) {
      for (let i = 0; i + 1 < c.length; i++) {
        add(bi, c[i]! * V + c[i + 1]!, f * weight);
        if (i + 2 < c.length) add(tri, (c[i]! * V + c[i + 1]!) * V + c[i + 2]!, f * weight);
      }
    }
  }
  const unigramCounts = new Float64Array(chars.length);
  for (let i = 0; i < chars.length; i++) unigramCounts[i] = uni[i]! * SCALE;
  const toEntries = (m: Map<number, number>, min: number, base: number): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (const [k, v] of m) if (v * SCALE >= min) out.push([k, v * SCALE]);
    out.sort((a, b) => a[0] - b[0]);
    // Re-key from the build radix (2^14) to the artifact's radix (chars.length).
    return out.map(([k, v]) => {
      const digits: number[] = [];
      let rest = k;
      for (let i = 0; i < base; i++) {
        digits.unshift(rest % V);
        rest = Math.floor(rest / V);
      }
      return [digits.reduce((acc, d) => acc * chars.length + d, 0), v];
    });
  };
  for (const [name, m] of [['bigrams', bi], ['trigrams', tri]] as const) {
    const decades = new Array<number>(14).fill(0);
    for (const v of m.values()) decades[Math.max(0, Math.min(13, Math.floor(Math.log10(v * SCALE))))]!++;
    console.log(`${name} per decade of expected count: ${decades.join(' ')}`);
  }
  const bigrams = toEntries(bi, MIN_BIGRAM, 2).sort((a, b) => a[0] - b[0]);
  const trigrams = toEntries(tri, MIN_TRIGRAM, 3).sort((a, b) => a[0] - b[0]);
  const sourceHash = createHash('sha256')
    .update(readFileSync(`${DATA_DIR}/lm_sc.t3g`))
    .update(readFileSync(`${DATA_DIR}/pydict_sc.bin`))
    .digest()
    .subarray(0, 8);
  const bytes = encodeCharNgramModel({ chars: chars.join(''), unigramCounts, bigrams, trigrams, sourceHash });
  writeFileSync(outPath, bytes);
  console.log(
    `read ${lines} ARPA lines, ${lexicon.length} words; chars ${chars.length}, bigrams ${bigrams.length} (of ${bi.size}), ` +
      `trigrams ${trigrams.length} (of ${tri.size}); wrote ${outPath} (${(bytes.length / 1e6).toFixed(2)} MB)`,
  );
}

await main();
