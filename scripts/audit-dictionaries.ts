/**
 * Audit the bundled dictionaries under dictionaries/ against the format
 * contract (dictionaries/README.md) and against jieba's dictionary.
 *
 *   node --import tsx scripts/audit-dictionaries.ts [--dir dictionaries] [--jieba path]
 *
 * Exit status is non-zero when
 *   - a file violates the format (bad field count, unknown severity, empty term,
 *     missing header comment, single-character term, ...), or
 *   - a term is duplicated within a kind with conflicting data, or
 *   - a typo "wrong" form appears in jieba.dict.utf8 with a frequency above
 *     JIEBA_WRONG_FREQ_THRESHOLD and is not listed in a
 *     "# reviewed-exception: <word>" comment of a typo file.
 *
 * Everything else (right forms missing from jieba, frequent sensitive terms,
 * cross-kind overlaps, whitelist entries that contain no dictionary term) is
 * informational.
 *
 * Threshold rationale: jieba.dict.utf8 contains ~350k entries; its floor
 * frequency is 2-3 and the median is 3. Many real misspellings (按步就班,
 * 再接再励, 布署 ...) sit at that floor because jieba's corpus was not
 * proofread, so presence alone is not evidence that a form is correct. Above
 * 10 an entry reflects repeated use in the corpus and is a false-alarm risk,
 * so it must either be dropped or reviewed and listed as an exception.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const JIEBA_WRONG_FREQ_THRESHOLD = 10;
/** sensitive terms at or above this jieba frequency are listed as "common words" */
export const SENSITIVE_COMMON_FREQ = 500;

const SEVERITIES = new Set(['info', 'warning', 'error', 'critical']);
const KINDS = ['sensitive', 'typo', 'normative', 'whitelist', 'names'] as const;
type Kind = (typeof KINDS)[number];

interface Entry {
  kind: Kind;
  file: string; // path relative to dictionaries/
  line: number;
  term: string;
  /** canonical data used for conflict detection within a kind */
  data: string;
  rights?: string[];
  severity?: string;
}

interface ParsedFile {
  kind: Kind;
  category: string;
  file: string;
  entries: Entry[];
  exceptions: Set<string>;
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dictDir = resolve(repo, argValue('--dir') ?? 'dictionaries');
const jiebaPath = resolve(
  repo,
  argValue('--jieba') ?? 'node_modules/nodejieba/submodules/cppjieba/dict/jieba.dict.utf8',
);

const errors: string[] = [];
const err = (msg: string): void => {
  errors.push(msg);
};

const isLatin = (s: string): boolean => /^[\x20-\x7e]+$/.test(s);
/** length in code points */
const len = (s: string): number => [...s].length;

function listTxt(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTxt(p));
    // `*.review.txt`: entries `jiaodui dict import` parked for review (src/lexicon); never loaded.
    else if (name.endsWith('.txt') && !name.endsWith('.review.txt')) out.push(p);
  }
  return out;
}

function parseFile(kind: Kind, path: string): ParsedFile {
  const file = relative(dictDir, path);
  const category = path.slice(path.lastIndexOf('/') + 1).replace(/\.txt$/, '');
  const raw = readFileSync(path);
  const text = raw.toString('utf8');
  if (text.includes('\uFFFD')) err(`${file}: not valid UTF-8`);
  if (text.charCodeAt(0) === 0xfeff) err(`${file}: starts with a BOM`);
  if (text.includes('\r')) err(`${file}: contains CR characters (use LF line endings)`);
  const lines = text.split('\n');
  if (!lines[0]?.startsWith('#')) err(`${file}:1: file must start with a comment header`);
  const entries: Entry[] = [];
  const exceptions = new Set<string>();
  lines.forEach((line, idx) => {
    const ln = idx + 1;
    if (line.startsWith('#')) {
      const m = /^#\s*reviewed-exception:\s*(\S+)/.exec(line);
      if (m) exceptions.add(m[1]);
      return;
    }
    if (line.trim() === '') return;
    const fields = line.split('\t');
    const where = `${file}:${ln}`;
    const term = fields[0].trim();
    if (term === '') return err(`${where}: empty term`);
    if (term !== fields[0]) err(`${where}: term has surrounding whitespace`);
    if (/\s{2,}| {1}/.test(term) && !isLatin(term)) err(`${where}: term contains spaces (fields must be TAB-separated)`);
    const e: Entry = { kind, file, line: ln, term, data: '' };
    const sev = (s: string | undefined, def: string): string => {
      if (s === undefined) return def;
      if (!SEVERITIES.has(s)) err(`${where}: unknown severity "${s}"`);
      return s;
    };
    switch (kind) {
      case 'sensitive': {
        if (fields.length > 2) err(`${where}: sensitive expects "term [TAB severity]", got ${fields.length} fields`);
        e.severity = sev(fields[1], 'error');
        e.data = `${category}/${e.severity}`;
        if (len(term) < 2) err(`${where}: single-character sensitive term "${term}"`);
        break;
      }
      case 'typo': {
        if (fields.length !== 2) err(`${where}: typo expects "wrong TAB right[|right2]", got ${fields.length} fields`);
        const rights = (fields[1] ?? '').split('|').map((r) => r.trim());
        if (rights.some((r) => r === '')) err(`${where}: empty right form`);
        if (rights.includes(term)) err(`${where}: right form equals wrong form`);
        e.rights = rights;
        e.severity = 'warning';
        e.data = [...rights].sort().join('|');
        if (len(term) < 2) err(`${where}: wrong form shorter than 2 characters`);
        break;
      }
      case 'normative': {
        if (fields.length < 3 || fields.length > 4)
          err(`${where}: normative expects "wrong TAB right TAB note [TAB severity]", got ${fields.length} fields`);
        const right = (fields[1] ?? '').trim();
        const note = (fields[2] ?? '').trim();
        if (note === '') err(`${where}: empty note`);
        if (right === term) err(`${where}: right equals wrong`);
        e.rights = right === '' ? [] : [right];
        e.severity = sev(fields[3], 'error');
        e.data = `${right}/${e.severity}`;
        if (len(term) < 2) err(`${where}: single-character normative term`);
        break;
      }
      case 'whitelist': {
        if (fields.length !== 1) err(`${where}: whitelist expects one field, got ${fields.length}`);
        break;
      }
      case 'names': {
        if (fields.length > 2) err(`${where}: names expects "name [TAB title|title...]", got ${fields.length} fields`);
        const titles = fields[1] === undefined ? [] : fields[1].split('|').map((t) => t.trim());
        if (titles.some((t) => t === '')) err(`${where}: empty title`);
        e.data = [...titles].sort().join('|');
        break;
      }
    }
    entries.push(e);
  });
  return { kind, category, file, entries, exceptions };
}

function loadJieba(path: string): Map<string, number> {
  const m = new Map<string, number>();
  if (!existsSync(path)) {
    err(`jieba dictionary not found at ${path}`);
    return m;
  }
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [w, f] = line.split(' ');
    if (w && f) m.set(w, Math.max(m.get(w) ?? 0, Number(f)));
  }
  return m;
}

function main(): void {
  const files: ParsedFile[] = [];
  for (const kind of KINDS) {
    for (const p of listTxt(join(dictDir, kind))) files.push(parseFile(kind, p));
  }
  for (const name of readdirSync(dictDir)) {
    const p = join(dictDir, name);
    if (statSync(p).isDirectory() && !(KINDS as readonly string[]).includes(name))
      err(`unknown dictionary kind directory: ${name}/`);
  }
  const jieba = loadJieba(jiebaPath);

  // ---- counts
  console.log('== Term counts');
  const byKind = new Map<Kind, number>();
  for (const f of files) {
    byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + f.entries.length);
    const sevs = new Map<string, number>();
    for (const e of f.entries) if (e.severity) sevs.set(e.severity, (sevs.get(e.severity) ?? 0) + 1);
    const sevTxt = sevs.size ? '  (' + [...sevs].map(([s, n]) => `${s} ${n}`).join(', ') + ')' : '';
    console.log(`  ${f.file.padEnd(34)} ${String(f.entries.length).padStart(5)}${sevTxt}`);
  }
  for (const k of KINDS) console.log(`  total ${k.padEnd(28)} ${String(byKind.get(k) ?? 0).padStart(5)}`);

  // ---- duplicates within a kind (conflicting = error, identical = info)
  console.log('\n== Duplicates');
  let dupInfo = 0;
  for (const kind of KINDS) {
    const seen = new Map<string, Entry>();
    for (const f of files.filter((x) => x.kind === kind)) {
      for (const e of f.entries) {
        // typo: a wrong form may be listed once; names: a name once. sensitive:
        // a term may belong to one category only (the category is data).
        const prev = seen.get(e.term);
        if (!prev) {
          seen.set(e.term, e);
          continue;
        }
        if (prev.data !== e.data) {
          err(`conflicting duplicate ${kind} term "${e.term}": ${prev.file}:${prev.line} [${prev.data}] vs ${e.file}:${e.line} [${e.data}]`);
        } else {
          dupInfo++;
          console.log(`  info: identical duplicate ${kind} term "${e.term}" at ${prev.file}:${prev.line} and ${e.file}:${e.line}`);
        }
      }
    }
  }
  // across kinds
  const termKinds = new Map<string, string[]>();
  for (const f of files) {
    if (f.kind === 'whitelist') continue;
    for (const e of f.entries) {
      const arr = termKinds.get(e.term) ?? [];
      if (!arr.includes(f.file)) arr.push(f.file);
      termKinds.set(e.term, arr);
    }
  }
  let cross = 0;
  for (const [t, fs] of termKinds) {
    const kinds = new Set(fs.map((x) => x.split('/')[0]));
    if (kinds.size > 1) {
      cross++;
      console.log(`  info: "${t}" appears in several kinds: ${fs.join(', ')}`);
    }
  }
  // whitelist vs sensitive/normative exact equality would silence the term entirely
  const whitelist = files.filter((f) => f.kind === 'whitelist').flatMap((f) => f.entries);
  const flaggable = files.filter((f) => f.kind === 'sensitive' || f.kind === 'normative' || f.kind === 'typo').flatMap((f) => f.entries);
  const flagTerms = new Map(flaggable.map((e) => [e.term, e]));
  for (const w of whitelist) {
    const hit = flagTerms.get(w.term);
    if (hit) err(`whitelist term "${w.term}" (${w.file}:${w.line}) is identical to ${hit.kind} term in ${hit.file}:${hit.line}; it would silence it everywhere`);
  }
  console.log(`  ${dupInfo} identical duplicates, ${cross} terms shared across kinds`);

  // ---- typo checks against jieba
  console.log(`\n== Typo wrong forms present in jieba.dict.utf8 (fail above freq ${JIEBA_WRONG_FREQ_THRESHOLD} unless reviewed-exception)`);
  const typoFiles = files.filter((f) => f.kind === 'typo');
  const exceptions = new Set(typoFiles.flatMap((f) => [...f.exceptions]));
  const typoEntries = typoFiles.flatMap((f) => f.entries);
  const inJieba = typoEntries
    .filter((e) => jieba.has(e.term))
    .map((e) => ({ e, f: jieba.get(e.term) ?? 0 }))
    .sort((a, b) => b.f - a.f || a.e.term.localeCompare(b.e.term));
  let failing = 0;
  let excepted = 0;
  const floor: string[] = [];
  for (const { e, f } of inJieba) {
    if (f > JIEBA_WRONG_FREQ_THRESHOLD) {
      if (exceptions.has(e.term)) {
        excepted++;
        console.log(`  EXCEPTION ${e.term} (${f}) -> ${e.rights?.join('|')}  [${e.file}:${e.line}]`);
      } else {
        failing++;
        err(`typo wrong form "${e.term}" has jieba frequency ${f} > ${JIEBA_WRONG_FREQ_THRESHOLD} (${e.file}:${e.line}); drop it or add a reviewed-exception`);
      }
    } else if (f > 3) {
      console.log(`  low       ${e.term} (${f}) -> ${e.rights?.join('|')}`);
    } else {
      floor.push(`${e.term}(${f})`);
    }
  }
  console.log(`  at jieba floor frequency (<=3): ${floor.length}`);
  for (let i = 0; i < floor.length; i += 12) console.log('    ' + floor.slice(i, i + 12).join(' '));
  for (const x of exceptions) {
    if (!typoEntries.some((e) => e.term === x)) console.log(`  info: reviewed-exception "${x}" does not match any typo entry`);
  }
  console.log(`  ${inJieba.length} of ${typoEntries.length} wrong forms are in jieba; ${excepted} reviewed exceptions; ${failing} failing`);

  // wrong form that is part of a right form (would fire on correct text)
  const rights = new Set(typoEntries.flatMap((e) => e.rights ?? []));
  for (const e of typoEntries) {
    for (const r of rights) if (r !== e.term && r.includes(e.term)) err(`typo wrong form "${e.term}" (${e.file}:${e.line}) occurs inside right form "${r}"`);
  }
  const normRights = files.filter((f) => f.kind === 'normative').flatMap((f) => f.entries.flatMap((e) => e.rights ?? []));
  for (const f of files.filter((x) => x.kind === 'normative')) {
    for (const e of f.entries) for (const r of normRights) if (r.includes(e.term)) err(`normative wrong form "${e.term}" (${e.file}:${e.line}) occurs inside a right form "${r}"`);
  }

  // ---- terms that occur inside a longer, attested jieba word (false-alarm risk)
  console.log(
    `\n== Terms occurring inside a longer jieba word with freq > ${JIEBA_WRONG_FREQ_THRESHOLD} and not covered by a whitelist entry` +
      '\n   (typo: error unless reviewed-exception; sensitive/normative: informational)',
  );
  const wlTerms = whitelist.map((w) => w.term);
  const checkTerms = new Map<string, Entry>();
  for (const e of [...typoEntries, ...files.filter((f) => f.kind === 'sensitive' || f.kind === 'normative').flatMap((f) => f.entries)]) {
    if (!checkTerms.has(e.term)) checkTerms.set(e.term, e);
  }
  const inside = new Map<string, Array<[string, number]>>();
  for (const [w, f] of jieba) {
    if (f <= JIEBA_WRONG_FREQ_THRESHOLD) continue;
    const chars = [...w];
    if (chars.length < 3) continue;
    const seenHere = new Set<string>();
    for (let i = 0; i < chars.length; i++) {
      for (let j = i + 2; j <= chars.length; j++) {
        if (i === 0 && j === chars.length) continue;
        const sub = chars.slice(i, j).join('');
        if (seenHere.has(sub) || !checkTerms.has(sub)) continue;
        seenHere.add(sub);
        // covered when a whitelist entry contains the term and overlaps the word
        if (wlTerms.some((x) => x.includes(sub) && (w.includes(x) || x.includes(w)))) continue;
        const arr = inside.get(sub) ?? [];
        arr.push([w, f]);
        inside.set(sub, arr);
      }
    }
  }
  for (const [t, ws] of [...inside].sort((a, b) => a[0].localeCompare(b[0]))) {
    const e = checkTerms.get(t)!;
    ws.sort((a, b) => b[1] - a[1]);
    const sample = ws.slice(0, 5).map(([w, f]) => `${w}(${f})`).join(' ');
    if (e.kind === 'typo' && !exceptions.has(t)) err(`typo wrong form "${t}" (${e.file}:${e.line}) occurs inside attested words: ${sample}`);
    else console.log(`  ${e.kind.padEnd(9)} ${t}: ${sample}`);
  }
  console.log(`  ${inside.size} terms found inside longer words`);

  console.log('\n== Typo right forms missing from jieba.dict.utf8 (informational)');
  const missing = [...new Set(typoEntries.flatMap((e) => (e.rights ?? []).filter((r) => !jieba.has(r))))];
  for (let i = 0; i < missing.length; i += 10) console.log('  ' + missing.slice(i, i + 10).join(' '));
  console.log(`  ${missing.length} right forms not in jieba`);

  // ---- sensitive terms that are frequent words
  console.log(`\n== Sensitive terms that are frequent jieba words (freq >= ${SENSITIVE_COMMON_FREQ}, informational)`);
  const sens = files.filter((f) => f.kind === 'sensitive').flatMap((f) => f.entries);
  const frequent = sens.filter((e) => (jieba.get(e.term) ?? 0) >= SENSITIVE_COMMON_FREQ).sort((a, b) => (jieba.get(b.term) ?? 0) - (jieba.get(a.term) ?? 0));
  for (const e of frequent) console.log(`  ${e.term} (${jieba.get(e.term)}) [${e.file}, ${e.severity}]`);
  console.log(`  ${frequent.length} frequent sensitive terms`);

  // ---- whitelist entries that contain no dictionary term (they still cover text-check findings)
  console.log('\n== Whitelist entries that contain no sensitive/normative term (informational)');
  const protectable = [...sens, ...files.filter((f) => f.kind === 'normative').flatMap((f) => f.entries)].map((e) => e.term);
  let idle = 0;
  for (const w of whitelist) {
    if (!protectable.some((t) => w.term.includes(t))) {
      idle++;
      console.log(`  ${w.term} [${w.file}:${w.line}]`);
    }
  }
  console.log(`  ${idle} whitelist entries contain no dictionary term (they only cover text-check findings)`);

  // ---- names: short names are risky for near-miss matching
  const names = files.filter((f) => f.kind === 'names' && !f.file.includes('.example')).flatMap((f) => f.entries);
  const short = names.filter((e) => len(e.term) < 4);
  if (short.length) console.log(`\n== Names shorter than 4 characters (near-miss risk): ${short.map((e) => e.term).join(' ')}`);

  console.log('');
  if (errors.length) {
    console.log(`== ${errors.length} ERROR(S)`);
    for (const e of errors) console.log('  ' + e);
    process.exitCode = 1;
  } else {
    console.log('== OK: no errors');
  }
}

main();
