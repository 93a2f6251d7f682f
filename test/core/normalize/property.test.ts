import t from 'tap';
import { Normalizer, type NormalizeOptions } from '../../../src/core/normalize/index.js';
import { mulberry32 as prng } from '../../helpers/random.js';


/** Character classes the normalizer treats differently; every random text draws from all of them. */
const CLASSES: string[][] = [
  [...'abcXYZ019'],
  [...'ＡＢｃｄ０９　！，'],
  [...'赌博国家简体中文'],
  [...'賭國簡體網站薴'],
  [...'①⑩⑽⒈Ⓐⓩ㊙㈶℃Ⅻ²\uf900⼈'],
  [...' *._-|~·•+/\\`\'"^=#@＊'],
  ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\ufe0f', '\u00a0', '\t'],
  [...'。，！？；：、,!?;:\n'],
  ['𠀀', '😀', '𝐀'],
  ['\ud800', '\udc00', '\ufffe', '\uffff'],
  [...'ｶﾞ한글ΣΩЖ'],
];

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const cls = CLASSES[Math.floor(random() * CLASSES.length)];
    text += cls[Math.floor(random() * cls.length)];
  }
  return text;
}

const KEYS: (keyof NormalizeOptions)[] = ['width', 'case', 'compatibility', 'traditional', 'noise'];

/**
 * The reference: normalization is per character, so the expected output is each code point (a
 * lone surrogate counts as one) normalized on its own, with the span of that code point.
 */
function reference(normalizer: Normalizer, text: string): { text: string; starts: number[]; ends: number[] } {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const ch of text) {
    const folded = normalizer.normalizeTerm(ch);
    out += folded;
    for (let k = 0; k < folded.length; k++) {
      starts.push(index);
      ends.push(index + ch.length);
    }
    index += ch.length;
  }
  return { text: out, starts, ends };
}

t.test('normalizeTerm(s) === normalize(s).toString(), and offsets match a per-character reference', async (t) => {
  const random = prng(0x6a69616f);
  const normalizers = Array.from({ length: 1 << KEYS.length }, (_, mask) =>
    new Normalizer(Object.fromEntries(KEYS.map((k, bit) => [k, (mask & (1 << bit)) !== 0]))),
  );
  let failures = 0;
  for (let round = 0; round < 3000 && failures < 5; round++) {
    const normalizer = normalizers[Math.floor(random() * normalizers.length)];
    const length = random() < 0.05 ? 2000 + Math.floor(random() * 2000) : Math.floor(random() * 60);
    const text = randomText(random, length);
    const n = normalizer.normalize(text);
    const actual = n.toString();
    const expected = reference(normalizer, text);
    const starts = Array.from(n.origStart.subarray(0, n.length));
    const ends = Array.from(n.origEnd.subarray(0, n.length));
    const ok =
      normalizer.normalizeTerm(text) === actual &&
      actual === expected.text &&
      starts.join() === expected.starts.join() &&
      ends.join() === expected.ends.join();
    if (!ok) {
      failures++;
      t.fail(`round ${round}, options ${JSON.stringify(normalizer.options)}, text ${JSON.stringify(text)}`);
    }
  }
  t.equal(failures, 0, '3000 random texts');
});
