/**
 * `jiaodui dict import FILE... --into sensitive[:category] --dictionaries DIR` and
 * `jiaodui dict audit FILE...`: the safe import of public word lists (src/lexicon).
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { isSeverity, SEVERITIES, type Severity } from '../../core/types.js';
import { formatAuditTable, importLexiconFiles, type AuditThresholds, type ImportFilesResult } from '../../lexicon/index.js';

interface DictOptions {
  into: string;
  dictionaries?: string;
  site?: string;
  sitesDir?: string;
  severity?: string;
  json?: boolean;
  dryRun?: boolean;
  commonFrequency?: string;
  referenceHits?: string;
  reference?: string[];
}

function thresholds(options: DictOptions): Partial<AuditThresholds> {
  const out: Partial<AuditThresholds> = {};
  const integer = (value: string, flag: string): number => {
    if (!/^\d+$/.test(value)) throw new Error(`${flag} expects a whole number, got '${value}'`);
    return Number(value);
  };
  if (options.commonFrequency !== undefined) out.commonWordFrequency = integer(options.commonFrequency, '--common-frequency');
  if (options.referenceHits !== undefined) out.referenceHits = Math.max(1, integer(options.referenceHits, '--reference-hits'));
  return out;
}

function print(result: ImportFilesResult, options: DictOptions): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ sources: result.sources, ...result.report, ...(result.written ? { written: result.written } : {}) })}\n`);
    return;
  }
  process.stdout.write(formatAuditTable(result.report, result.sources));
  if (result.written) {
    const cwd = process.cwd();
    process.stdout.write(
      `imported ${result.written.added} entries into ${path.relative(cwd, result.written.dictionaryFile)}; ${result.written.parked} parked in ${path.relative(cwd, result.written.reviewFile)}; audit in ${path.relative(cwd, result.written.auditFile)}\n`,
    );
  }
}

function common(command: Command): Command {
  return command
    .option('--json', 'print the audit as JSON instead of a table')
    .option('--common-frequency <n>', 'jieba frequency from which a term counts as a common word (default 500)')
    .option('--reference-hits <n>', 'hits on the clean reference corpus from which a term is parked (default 1)')
    .option('--reference <files...>', 'clean prose of your own (e.g. published pages as text) added to the bundled reference corpus');
}

export function register(program: Command): void {
  const dict = program.command('dict').description('dictionary maintenance: audit and import public word lists');

  common(
    dict
      .command('import')
      .description('audit word lists and write the accepted entries into a dictionary folder (doubtful ones go to a review list)')
      .argument('<files...>', 'word lists: one term per line, term with category or weight, comma/tab/pipe separated; UTF-8 or GBK, BOM or not, base64')
      .requiredOption('--into <kind[:category]>', 'sensitive or sensitive:<category> (default category: imported)')
      .option('--dictionaries <dir>', 'the dictionary folder to write into (the layout DICTIONARIES_DIR reads)')
      .option('--site <id>', 'write into the site overlay <sites-dir>/<id>/ instead')
      .option('--sites-dir <dir>', 'folder of site overlays (default SITES_DIR)')
      .addOption(new Option('--severity <severity>', 'severity of the imported terms (default: the list\'s own, else error)').choices([...SEVERITIES]))
      .option('--dry-run', 'audit only, write nothing'),
  ).action(async (files: string[], options: DictOptions) => {
    if (options.dictionaries === undefined && options.site === undefined) throw new Error('dict import needs --dictionaries <dir> or --site <id>');
    const severity = options.severity !== undefined && isSeverity(options.severity) ? (options.severity as Severity) : undefined;
    const result = await importLexiconFiles({
      files,
      into: options.into,
      dictionaries: options.dictionaries,
      site: options.site,
      sitesDir: options.sitesDir,
      severity,
      dryRun: options.dryRun,
      thresholds: thresholds(options),
      reference: options.reference,
    });
    print(result, options);
  });

  common(
    dict
      .command('audit')
      .description('audit word lists against a dictionary folder and print the result; writes nothing')
      .argument('<files...>', 'word lists (same formats as dict import)')
      .option('--into <kind[:category]>', 'sensitive or sensitive:<category>', 'sensitive')
      .option('--dictionaries <dir>', 'dictionary folder whose terms count as already listed (default DICTIONARIES_DIR or the bundled one)'),
  ).action(async (files: string[], options: DictOptions) => {
    const result = await importLexiconFiles({ files, into: options.into, dictionaries: options.dictionaries, dryRun: true, thresholds: thresholds(options), reference: options.reference });
    print(result, options);
  });
}
