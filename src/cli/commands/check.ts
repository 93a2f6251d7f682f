import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { CHECK_TYPES, SEVERITY_RANK } from '../../core/types.js';
import type { CheckType, Finding, Severity } from '../../core/types.js';
import { createProofreader } from '../../index.js';
import { checkDocument } from '../../service/check-document.js';
import { decodePage } from '../../scan/decode.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../exit-codes.js';
import { parseChecks, parseSeverity } from '../options.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** 1-based line and column (UTF-16 units) of an offset, for editor-style output. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export function register(program: Command): void {
  program
    .command('check')
    .description('check one file (.txt/.md as text, .html/.htm/.shtml as HTML) or stdin; findings on stdout')
    .argument('[file]', 'file to check (default or -: stdin)')
    .option('--html', 'treat the input as HTML (default: by file extension; stdin is text)')
    .option('--dictionaries <dir>', 'dictionary folder (default: the bundled dictionaries)')
    .option('--checks <list>', `comma-separated checks (default: all of ${CHECK_TYPES.join(',')})`, parseChecks)
    .option('--encoding <charset>', 'decode with this charset (gbk, gb18030, utf-8) instead of detecting it')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity', parseSeverity, 'error' as Severity)
    .action(async (file: string | undefined, options: { html?: boolean; dictionaries?: string; checks?: CheckType[]; encoding?: string; format: 'text' | 'json'; failOn: Severity }) => {
      const stdin = file === undefined || file === '-';
      const bytes = stdin ? await readStdin() : await readFile(file);
      const html = options.html ?? (!stdin && ['.html', '.htm', '.shtml'].includes(extname(file).toLowerCase()));
      const decoded = decodePage(bytes, { html, forced: options.encoding });
      if (!decoded.ok) throw new Error(`${stdin ? '<stdin>' : file}: ${decoded.message}`);
      const proofreader = await createProofreader({ dictionaries: options.dictionaries });
      const findings: Finding[] = checkDocument(proofreader, html ? { html: decoded.text } : { text: decoded.text }, options.checks ?? [...CHECK_TYPES]);
      const name = stdin ? '<stdin>' : file;
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify({ file: name, dictionaryVersion: proofreader.info.version, findings }, null, 2)}\n`);
      } else {
        for (const finding of findings) {
          const { line, column } = lineAndColumn(decoded.text, finding.start);
          const suggestion = finding.suggestions.length > 0 ? ` → ${finding.suggestions.join(' / ')}` : '';
          process.stdout.write(`${name}:${line}:${column}: ${finding.severity} ${finding.code} ${finding.match}${suggestion}  ${finding.message}\n`);
        }
      }
      process.exitCode = findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.failOn]) ? EXIT_FINDINGS : EXIT_CLEAN;
    });
}
