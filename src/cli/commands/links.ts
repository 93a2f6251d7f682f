import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { LinkFinding } from '../../core/links/types.js';
import { SEVERITY_RANK } from '../../core/types.js';
import type { Severity } from '../../core/types.js';
import { createProofreader } from '../../index.js';
import { LinkChecker } from '../../links/checker.js';
import { loadLinksConfig } from '../../links/config.js';
import { decodePage } from '../../scan/decode.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../exit-codes.js';
import { parsePositive, parseSeverity } from '../options.js';

interface LinksOptions {
  base?: string;
  allow?: string;
  retired?: string;
  perHost?: number;
  timeout?: number;
  sensitive: boolean;
  dictionaries?: string;
  format: 'text' | 'json';
  failOn: Severity;
  progress: boolean;
}

/** One input: URLs to check, or an HTML page. */
type Input = { name: string; urls: string[] } | { name: string; html: string; pageUrl: string | undefined };

const HTML_EXTENSIONS = ['.html', '.htm', '.shtml', '.xhtml'];

function parseUrl(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    throw new InvalidArgumentError('an absolute URL');
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An argument: an http(s) URL, `-` (URLs on stdin, one a line), an HTML file, or a file of URLs. */
async function readInput(argument: string, base: string | undefined): Promise<Input> {
  if (/^https?:\/\//i.test(argument)) return { name: argument, urls: [argument] };
  const stdin = argument === '-';
  const bytes = stdin ? await readStdin() : await readFile(argument);
  const html = !stdin && HTML_EXTENSIONS.includes(extname(argument).toLowerCase());
  const decoded = decodePage(bytes, { html });
  if (!decoded.ok) throw new Error(`${argument}: ${decoded.message}`);
  if (html) return { name: argument, html: decoded.text, pageUrl: base };
  const urls = decoded.text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  return { name: stdin ? '<stdin>' : argument, urls };
}

/** 1-based line and column of an offset. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

/** The progress line on stderr: redrawn on a terminal, silent otherwise (results are on stdout). */
class ProgressLine {
  private readonly tty = process.stderr.isTTY === true;
  private last = 0;

  constructor(private readonly enabled: boolean) {}

  update(name: string, done: number, total: number): void {
    if (!this.enabled || !this.tty) return;
    const now = Date.now();
    if (done < total && now - this.last < 100) return;
    this.last = now;
    const width = 20;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r\u001b[2K[${'#'.repeat(filled).padEnd(width, '-')}] ${done}/${total} ${name}`);
  }

  end(): void {
    if (this.enabled && this.tty) process.stderr.write('\r\u001b[2K');
  }
}

export function register(program: Command): void {
  program
    .command('links')
    .description('check links (错断链): URLs, HTML files (their links, with offsets), or files of URLs; findings on stdout')
    .argument('<input...>', 'http(s) URL, .html file, file with one URL a line, or - for URLs on stdin')
    .option('--base <url>', 'page URL of the HTML files (relative links are resolved against it)', parseUrl)
    .option('--allow <list>', 'CIDRs and host names to allow despite being private (default: LINKS_ALLOW)')
    .option('--retired <hosts>', 'comma-separated retired or merged hosts (added to LINKS_RETIRED_HOSTS)')
    .option('--per-host <n>', 'requests in flight per host (default: LINKS_PER_HOST or 2)', parsePositive)
    .option('--timeout <ms>', 'total time per request (default: LINKS_TIMEOUT_MS or 15000)', parsePositive)
    .option('--no-sensitive', 'do not load the dictionaries (no gambling/porn detection on destination pages)')
    .option('--dictionaries <dir>', 'dictionary folder for the destination-page check (default: the bundled dictionaries)')
    .option('--no-progress', 'no progress line on stderr')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity', parseSeverity, 'error' as Severity)
    .action(async (inputs: string[], options: LinksOptions) => {
      const config = loadLinksConfig(process.env);
      const proofreader = options.sensitive ? await createProofreader({ dictionaries: options.dictionaries }) : undefined;
      const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
      const checker = new LinkChecker({
        ...config.checker,
        ...(options.allow !== undefined ? { allow: list(options.allow) } : {}),
        retiredHosts: [...(config.checker.retiredHosts ?? []), ...list(options.retired)],
        ...(options.perHost !== undefined ? { perHostConcurrency: options.perHost } : {}),
        ...(options.timeout !== undefined ? { totalTimeoutMs: options.timeout } : {}),
        ...(proofreader !== undefined ? { sensitiveCheck: (text: string) => proofreader.check(text, { checks: ['sensitive'] }).findings } : {}),
      });
      const progress = new ProgressLine(options.progress);
      const results: Array<{ input: string; findings: LinkFinding[] }> = [];
      try {
        for (const argument of inputs) {
          const input = await readInput(argument, options.base);
          const onProgress = (done: number, total: number) => progress.update(input.name, done, total);
          const findings = 'html' in input ? await checker.checkPage(input.html, input.pageUrl, {}, onProgress) : await checker.checkUrls(input.urls, {}, onProgress);
          progress.end();
          results.push({ input: input.name, findings });
          if (options.format === 'text') {
            for (const f of findings) {
              const where = 'html' in input && f.start !== undefined ? `${input.name}:${lineAndColumn(input.html, f.start)}: ` : '';
              const detail = f.evidence?.reason !== undefined ? ` (${f.evidence.reason})` : '';
              process.stdout.write(`${where}${f.severity} ${f.code} ${f.url}${detail}  ${f.message}\n`);
            }
          }
        }
      } finally {
        progress.end();
        await checker.close();
      }
      if (options.format === 'json') process.stdout.write(`${JSON.stringify({ results, metrics: checker.metrics.snapshot() }, null, 2)}\n`);
      const failing = results.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[options.failOn]));
      process.exitCode = failing ? EXIT_FINDINGS : EXIT_CLEAN;
    });
}
