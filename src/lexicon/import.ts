/**
 * `jiaodui dict import` and the admin import route share this: read the files, decode, parse,
 * audit against the target folder, and write the accepted entries, the review list and the
 * audit. Nothing is written when any file cannot be read or the result would not load.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDictionaries, type SourceFile } from '../core/dictionaries/parse.js';
import { Normalizer } from '../core/normalize/index.js';
import { isSeverity, type Severity } from '../core/types.js';
import { readDictionarySources } from '../loader/dictionaries.js';
import { BUNDLED_DICTIONARIES } from '../loader/paths.js';
import { auditLexicon, DEFAULT_THRESHOLDS, type AuditReport, type AuditThresholds } from './audit.js';
import { decodeLexiconBytes, type Base64Framing, type LexiconEncoding } from './decode.js';
import { LexiconError } from './errors.js';
import { parseLexiconText, type LexiconLineProblem, type ParseLimits, type RawLexiconEntry } from './parse.js';
import { loadJiebaWords, loadReferenceCorpus, readExistingTerms, type JiebaWords } from './resources.js';
import { writeFileAtomic } from './write.js';

export interface LexiconSource {
  /** Shown in errors and in the audit (a path or an upload's name). */
  name: string;
  bytes: Uint8Array;
}

export interface DecodedSourceInfo {
  name: string;
  bytes: number;
  encoding: LexiconEncoding;
  bom: boolean;
  base64: Base64Framing;
  separator: string;
  secondField: string;
  entries: number;
  problems: number;
}

export interface LexiconAudit {
  report: AuditReport;
  sources: DecodedSourceInfo[];
}

export interface AuditOptions {
  /** Dictionary folders whose terms count as already listed, whitelisted or registered (the target, and the base for a site). */
  existing: readonly string[];
  thresholds?: Partial<AuditThresholds>;
  limits?: ParseLimits & { maxBytes?: number };
  /** Clean prose of the operator's own (e.g. a site's published pages) added to the bundled reference corpus. */
  reference?: readonly string[];
}

/** Where an import goes: `<folder>/sensitive/<category>.txt`. */
export interface ImportTarget {
  folder: string;
  category: string;
}

export interface WrittenImport {
  dictionaryFile: string;
  reviewFile: string;
  auditFile: string;
  added: number;
  parked: number;
}

let jiebaCache: { key: string; words: JiebaWords } | undefined;

/** Audits uploaded or read lists; throws LexiconError when a source cannot be read as a list at all. */
export async function auditLexiconSources(sources: readonly LexiconSource[], options: AuditOptions): Promise<LexiconAudit> {
  const normalizer = new Normalizer();
  const normalizeTerm = (term: string): string => normalizer.normalizeTerm(term);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const entries: RawLexiconEntry[] = [];
  const problems: LexiconLineProblem[] = [];
  const infos: DecodedSourceInfo[] = [];
  for (const source of sources) {
    const decoded = decodeLexiconBytes(source.bytes, source.name, options.limits);
    const skip = new Set(decoded.base64Problems.keys());
    const parsed = parseLexiconText(decoded.text, source.name, options.limits, skip);
    for (const [line, message] of decoded.base64Problems) {
      parsed.problems.push({ file: source.name, line, reason: 'malformed', message, excerpt: '' });
    }
    entries.push(...parsed.entries);
    problems.push(...parsed.problems);
    infos.push({
      name: source.name,
      bytes: source.bytes.length,
      encoding: decoded.encoding,
      bom: decoded.bom,
      base64: decoded.base64,
      separator: parsed.layout.separator,
      secondField: parsed.layout.second,
      entries: parsed.entries.length,
      problems: parsed.problems.length,
    });
  }
  const jiebaKey = `${thresholds.veryCommonWordFrequency}`;
  if (jiebaCache?.key !== jiebaKey) jiebaCache = { key: jiebaKey, words: await loadJiebaWords(new Normalizer(), thresholds.veryCommonWordFrequency) };
  const words = jiebaCache.words;
  const existing = await readExistingTerms(options.existing, normalizer);
  const reference = await loadReferenceCorpus(normalizer, options.reference);
  const report = auditLexicon(
    entries,
    problems,
    { normalizeTerm, word: words.word, commonWordContaining: words.commonWordContaining, reference, existing },
    thresholds,
    sources.map((source) => source.name),
  );
  return { report, sources: infos };
}

/** `sensitive` or `sensitive:<category>`; the category becomes a file name, so it is checked like one. */
export function parseInto(into: string): { kind: 'sensitive'; category: string } {
  const [kind, category = 'imported', ...rest] = into.split(':');
  if (kind !== 'sensitive' || rest.length > 0) throw new LexiconError('--into', 0, `expected 'sensitive' or 'sensitive:<category>', got '${into}'`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(category)) {
    throw new LexiconError('--into', 0, `category '${category}' must be letters, digits, '_' or '-' (it names the file sensitive/<category>.txt)`);
  }
  return { kind, category };
}

/**
 * Writes an audited import into `target`: the accepted entries appended to
 * `sensitive/<category>.txt`, the parked ones to `sensitive/<category>.review.txt` (which the
 * loader never reads), and the whole audit to `import-audit.json`. The folder with the new
 * dictionary file is parsed before anything is written: if it would not load, nothing is.
 */
export async function writeLexiconImport(audit: LexiconAudit, target: ImportTarget, options: { severity?: Severity; now?: Date } = {}): Promise<WrittenImport> {
  if (options.severity !== undefined && !isSeverity(options.severity)) throw new LexiconError('--severity', 0, `unknown severity '${String(options.severity)}'`);
  const now = (options.now ?? new Date()).toISOString();
  const folder = path.resolve(target.folder);
  const sensitiveDir = path.join(folder, 'sensitive');
  const dictionaryFile = path.join(sensitiveDir, `${target.category}.txt`);
  const reviewFile = path.join(sensitiveDir, `${target.category}.review.txt`);
  const auditFile = path.join(folder, 'import-audit.json');
  const from = audit.report.summary.files.map((file) => path.basename(file)).join(', ');

  const accepted = audit.report.entries.filter((entry) => entry.status === 'accepted');
  const parked = audit.report.entries.filter((entry) => entry.status === 'parked');
  const lines = accepted.map((entry) => {
    const severity = options.severity ?? entry.severity;
    return severity && severity !== 'error' ? `${entry.term}\t${severity}` : entry.term;
  });
  const previous = await readIfExists(dictionaryFile);
  const block = `# imported ${now} from ${from}: ${accepted.length} entries passed the import audit (doubtful ones: ${target.category}.review.txt)\n${lines.map((line) => `${line}\n`).join('')}`;
  const dictionary = previous === undefined
    ? `# sensitive/${target.category}: terms imported with \`jiaodui dict import\`; the audit is in ../import-audit.json.\n${block}`
    : `${previous}${previous.endsWith('\n') || previous === '' ? '' : '\n'}${block}`;

  await mkdir(sensitiveDir, { recursive: true });
  // The folder as it would be after the import must load; parse it before writing anything.
  const sources: SourceFile[] = (await readDictionarySources(folder)).filter((file) => file.path !== `sensitive/${target.category}.txt`);
  sources.push({ path: `sensitive/${target.category}.txt`, content: dictionary });
  const normalizer = new Normalizer();
  parseDictionaries(sources, (term) => normalizer.normalizeTerm(term));

  const previousReview = await readIfExists(reviewFile);
  const reviewBlock = `# audit ${now} from ${from}: ${parked.length} entries parked for review (term TAB reason TAB why TAB source)\n${parked
    .map((entry) => `${oneLine(entry.term)}\t${entry.reasons.join(',')}\t${oneLine(entry.details.join('; '))}\t${entry.file}:${entry.line}\n`)
    .join('')}`;
  const review = previousReview === undefined
    ? `# sensitive/${target.category}.review.txt: entries the import audit did not accept. Never loaded; move a reviewed term into ${target.category}.txt to use it.\n${reviewBlock}`
    : `${previousReview}${previousReview.endsWith('\n') ? '' : '\n'}${reviewBlock}`;
  const auditJson = `${JSON.stringify({ importedAt: now, target: { category: target.category, dictionaryFile: path.relative(folder, dictionaryFile), reviewFile: path.relative(folder, reviewFile) }, sources: audit.sources, ...audit.report }, null, 1)}\n`;

  await writeFileAtomic(reviewFile, review);
  await writeFileAtomic(auditFile, auditJson);
  // Last: the file that goes live.
  await writeFileAtomic(dictionaryFile, dictionary);
  return { dictionaryFile, reviewFile, auditFile, added: accepted.length, parked: parked.length };
}

export interface ImportFilesOptions {
  files: readonly string[];
  into: string;
  /** The dictionary folder to write into. */
  dictionaries?: string;
  /** Write into `<sitesDir>/<site>/` instead; the base folder's terms still count as existing. */
  site?: string;
  sitesDir?: string;
  /** For a site import: the shared base (default DICTIONARIES_DIR or the bundled dictionaries). */
  base?: string;
  severity?: Severity;
  thresholds?: Partial<AuditThresholds>;
  /** Audit only. */
  dryRun?: boolean;
  /** Files of clean prose of your own, added to the reference corpus (UTF-8 or GB18030). */
  reference?: readonly string[];
  limits?: ParseLimits & { maxBytes?: number };
}

export interface ImportFilesResult extends LexiconAudit {
  target?: ImportTarget;
  written?: WrittenImport;
}

/** Reads `files` from disk and audits (and unless `dryRun`, imports) them. */
export async function importLexiconFiles(options: ImportFilesOptions): Promise<ImportFilesResult> {
  const { category } = parseInto(options.into);
  const target = await resolveTarget(options, category);
  const sources: LexiconSource[] = [];
  for (const file of options.files) {
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new LexiconError(file, 0, 'file not found');
    if (!info.isFile()) throw new LexiconError(file, 0, 'not a regular file');
    const maxBytes = options.limits?.maxBytes ?? 64 * 1024 * 1024;
    if (info.size > maxBytes) throw new LexiconError(file, 0, `file is ${info.size} bytes (limit ${maxBytes})`);
    sources.push({ name: file, bytes: await readFile(file) });
  }
  const existing = target ? [...(target.base ? [target.base] : []), ...(await isFolder(target.folder) ? [target.folder] : [])] : [options.dictionaries ?? process.env.DICTIONARIES_DIR ?? BUNDLED_DICTIONARIES];
  const reference: string[] = [];
  for (const file of options.reference ?? []) reference.push(decodeLexiconBytes(await readFile(file), file).text);
  const audit = await auditLexiconSources(sources, { existing, thresholds: options.thresholds, limits: options.limits, reference });
  if (options.dryRun || !target) return { ...audit, ...(target ? { target: { folder: target.folder, category } } : {}) };
  await mkdir(target.folder, { recursive: true });
  const written = await writeLexiconImport(audit, { folder: target.folder, category }, { severity: options.severity });
  return { ...audit, target: { folder: target.folder, category }, written };
}

async function resolveTarget(options: ImportFilesOptions, category: string): Promise<{ folder: string; base?: string } | undefined> {
  void category;
  if (options.site !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(options.site)) throw new LexiconError('--site', 0, `site id '${options.site}' must be letters, digits, '_' or '-'`);
    const sitesDir = options.sitesDir ?? process.env.SITES_DIR;
    if (!sitesDir) throw new LexiconError('--site', 0, 'needs --sites-dir or SITES_DIR: the folder that holds the site overlays');
    if (!(await isFolder(sitesDir))) throw new LexiconError(sitesDir, 0, 'sites folder not found');
    return { folder: path.join(sitesDir, options.site), base: options.base ?? options.dictionaries ?? process.env.DICTIONARIES_DIR ?? BUNDLED_DICTIONARIES };
  }
  if (options.dictionaries === undefined) return undefined;
  if (!(await isFolder(options.dictionaries))) throw new LexiconError(options.dictionaries, 0, 'dictionary folder not found');
  return { folder: options.dictionaries };
}

async function isFolder(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => undefined))?.isDirectory() ?? false;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\t\r\n\x00-\x1f\x7f]/g, ' ');
}
