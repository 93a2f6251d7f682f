import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import t from 'tap';
import {
  CASE_PAIRS,
  COMPATIBILITY_EXPANSIONS,
  COMPATIBILITY_PAIRS,
  NOISE_UNITS,
  TRADITIONAL_PAIRS,
  WIDTH_PAIRS,
} from '../../../src/core/normalize/generated/tables.js';
import { Normalizer, type NormalizeOptions } from '../../../src/core/normalize/index.js';

function pairs(table: string): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < table.length; i += 2) map.set(table[i], table[i + 1]);
  return map;
}

t.test('pair tables are well formed', async (t) => {
  for (const [name, table] of Object.entries({ WIDTH_PAIRS, CASE_PAIRS, COMPATIBILITY_PAIRS, TRADITIONAL_PAIRS })) {
    t.equal(table.length % 2, 0, `${name} has an even length`);
    t.equal(pairs(table).size, table.length / 2, `${name} has no duplicate source`);
    t.notOk(/[\ud800-\udfff]/.test(table), `${name} is BMP only`);
  }
  for (const expansion of COMPATIBILITY_EXPANSIONS) t.ok(expansion.length >= 3, `${expansion} expands`);
  t.notOk(/[\ud800-\udfff]/.test(COMPATIBILITY_EXPANSIONS.join('')), 'expansions are BMP only');
});

t.test('traditional -> simplified table', async (t) => {
  const t2s = pairs(TRADITIONAL_PAIRS);
  t.equal(t2s.get('賭'), '赌');
  t.equal(t2s.get('簡'), '简');
  t.equal(t2s.get('國'), '国');
  t.equal(t2s.get('體'), '体');
  t.notOk(t2s.has('博'), '博 is the same in both scripts');
  t.notOk(t2s.has('赌'), 'simplified characters are not sources');
  t.ok(t2s.size > 2500, `${t2s.size} pairs`);
  for (const target of t2s.values()) {
    if (t2s.has(target)) t.fail(`chain left unresolved at ${target}`);
  }

  // Agreement with opencc-js's own t -> cn converter, one character at a time; the only
  // allowed difference is a chain we resolved to its end (薴 -> 苧 -> 苎).
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
  const disagreements: string[] = [];
  for (const [from, to] of t2s) {
    if (convert(from) !== to) disagreements.push(`${from}->${to} (opencc: ${convert(from)})`);
  }
  t.same(disagreements, ['薴->苎 (opencc: 苧)']);
});

t.test('noise set', async (t) => {
  const noise = new Set(NOISE_UNITS);
  for (const ch of ' \t\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad*._-|~·•+/\\`\'"^=#@＊．') {
    t.ok(noise.has(ch), `U+${ch.charCodeAt(0).toString(16)} is noise`);
  }
  for (const ch of '。，！？；：、,!?;:\n\r()（）“”‘’《》【】—…%&$') {
    t.notOk(noise.has(ch), `${JSON.stringify(ch)} is not noise`);
  }
  t.notOk(/[\p{L}\p{N}]/u.test(NOISE_UNITS.replace(/[\u115f\u1160\u3164\uffa0]/g, '')), 'no letters or digits besides the Hangul fillers');
});

t.test('folding is idempotent for every BMP unit under every option combination', async (t) => {
  let all = '';
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) all += String.fromCharCode(c);
  const keys: (keyof NormalizeOptions)[] = ['width', 'case', 'compatibility', 'traditional', 'noise'];
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    const options = Object.fromEntries(keys.map((k, bit) => [k, (mask & (1 << bit)) !== 0]));
    const normalizer = new Normalizer(options);
    // Folding is per unit, so the folded text is a fixed point iff every folded unit is.
    const once = normalizer.normalizeTerm(all);
    const twice = normalizer.normalizeTerm(once);
    let firstDifference = 0;
    while (firstDifference < once.length && once[firstDifference] === twice[firstDifference]) firstDifference++;
    const at = once.charCodeAt(firstDifference).toString(16);
    t.ok(once === twice, `${JSON.stringify(options)}${once === twice ? '' : ` first differs at U+${at}`}`);
  }
});

const generatedSource = readFileSync(new URL('../../../src/core/normalize/generated/tables.ts', import.meta.url), 'utf8');
const generatedWith = /Node ([\d.]+) \(ICU ([\d.]+), Unicode ([\d.]+)\)/.exec(generatedSource);

t.test('the generated file says it is generated, from what and how', async (t) => {
  t.match(generatedSource, /^\/\/ GENERATED FILE, DO NOT EDIT\. Regenerate with: node --import tsx scripts\/build-normalize-tables\.ts/);
  t.match(generatedSource, /opencc-js [\d.]+ dict\/TSCharacters/);
  t.ok(generatedWith, 'header names the Node, ICU and Unicode versions');
});

// NFKC and toLowerCase come from ICU, so the check is only meaningful on the ICU that generated it.
const sameIcu = generatedWith?.[2] === process.versions.icu;
t.test('the generated file is current', { skip: sameIcu ? false : `generated with ICU ${generatedWith?.[2]}` }, async (t) => {
  const script = new URL('../../../scripts/build-normalize-tables.ts', import.meta.url).pathname;
  const output = execFileSync(process.execPath, ['--import', 'tsx', script, '--check'], { encoding: 'utf8' });
  t.match(output, /is up to date/);
});
