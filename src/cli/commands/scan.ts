import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { CHECK_TYPES, SEVERITY_RANK } from '../../core/types.js';
import type { CheckType, Severity } from '../../core/types.js';
import type { LinkFinding } from '../../core/links/types.js';
import { InProcessBackend, openDictionaries, PoolBackend, SiteResolver } from '../../scan/backend.js';
import { LinkChecker } from '../../links/checker.js';
import { loadLinksConfig } from '../../links/config.js';
import type { CheckBackend } from '../../scan/backend.js';
import { DEFAULT_PATH_PATTERN, type CrawlOptions } from '../../scan/inputs/index.js';
import { JobStore } from '../../scan/job-store.js';
import { runScan } from '../../scan/pipeline.js';
import { ScanProgress } from '../../scan/progress.js';
import { QueueBackend } from '../../scan/queue.js';
import { buildReport, REPORT_FORMATS, renderReport, type ReportData, type ReportFormat } from '../../scan/report/index.js';
import { alertJob, configsLookup, JsonlDeliveryLog } from '../../inspection/alerts.js';
import { loadInspectionConfigs } from '../../inspection/load.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../exit-codes.js';
import { reportAlerts } from './readiness.js';
import { packageVersion, parseChecks, parseCount, parsePositive, parseSeverity, thresholdsFrom } from '../options.js';
import { ProgressView } from '../progress-view.js';

interface ScanCommandOptions {
  db: string;
  dictionaries?: string;
  checks?: CheckType[];
  full?: boolean;
  resume?: number;
  pathPattern: string;
  encoding?: string;
  site?: string;
  sitesDir?: string;
  baseUrl?: string;
  links?: boolean;
  workers?: number;
  queue?: string;
  queueName: string;
  chunkSize: number;
  format?: ReportFormat;
  out?: string;
  failOn: Severity;
  warnCritical?: number;
  warnErrors?: number;
  warnTypos?: number;
  progress: boolean;
  progressInterval?: number;
  crawl: string[];
  alert?: boolean;
  alertLog: string;
  crawlDepth: number;
  crawlMaxPages: number;
}

/** The early-warning summary and totals, as printed at the end of a scan (stdout). */
export function summaryText(report: ReportData): string {
  const lines: string[] = [];
  const { documents } = report;
  const bySeverity = { critical: 0, error: 0, warning: 0, info: 0 };
  for (const finding of report.findings) bySeverity[finding.severity]++;
  lines.push(
    `job ${report.job.id}: ${documents.documents} documents (${documents.checked} checked, ${documents.reused} unchanged since job ${report.previousJob?.id ?? '-'}, ${documents.failed} failed), ${report.problems.length} unreadable inputs`,
  );
  lines.push(`findings: ${report.findings.length} (critical ${bySeverity.critical}, error ${bySeverity.error}, warning ${bySeverity.warning}, info ${bySeverity.info})`);
  if (report.previousJob !== null) {
    const fresh = report.findings.filter((finding) => finding.status === 'new').length;
    lines.push(`since job ${report.previousJob.id}: ${fresh} new, ${report.fixed.length} fixed, ${report.findings.length - fresh} still open`);
  }
  if (report.warnings.length > 0) {
    lines.push('early warnings:');
    for (const warning of report.warnings) lines.push(`  ${warning.level === 'veto' ? 'VETO' : 'warn'}  ${warning.message}`);
  }
  for (const problem of report.problems.slice(0, 20)) {
    lines.push(`unreadable: ${problem.file}${problem.line !== null ? `:${problem.line}` : ''}${problem.offset !== null ? ` @${problem.offset}` : ''}: ${problem.message}`);
  }
  if (report.problems.length > 20) lines.push(`unreadable: ... ${report.problems.length - 20} more (see the report)`);
  return `${lines.join('\n')}\n`;
}

export function exitCodeFor(report: ReportData, failOn: Severity): number {
  return report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** `--crawl` limits plus the links room's network settings (LINKS_ALLOW, LINKS_PER_HOST, timeouts...). */
function crawlOptions(options: ScanCommandOptions): CrawlOptions {
  const network = loadLinksConfig(process.env).checker;
  return {
    maxDepth: options.crawlDepth,
    maxPages: options.crawlMaxPages,
    allow: network.allow,
    ports: network.ports,
    userAgent: network.userAgent,
    connectTimeoutMs: network.connectTimeoutMs,
    totalTimeoutMs: network.totalTimeoutMs,
    perHostConcurrency: network.perHostConcurrency,
    minIntervalMs: network.minIntervalMs,
    maxRedirects: network.maxRedirects,
  };
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('check directories, NDJSON/WARC files, stdin (-) or crawled sites into a resumable job store; the same command again resumes an unfinished job or rescans incrementally')
    .argument('[inputs...]', 'directories of .html/.htm/.shtml/.txt/.md, .ndjson/.jsonl files, .warc/.warc.gz files, - for NDJSON on stdin, http(s):// URLs to crawl')
    .option('--db <file>', 'job store (SQLite)', 'jiaodui-scan.db')
    .option('--dictionaries <dir>', 'dictionary folder (default: the bundled dictionaries)')
    .option('--checks <list>', `comma-separated checks (default: all of ${CHECK_TYPES.join(',')})`, parseChecks)
    .option('--full', 're-check every document, even those unchanged since the previous job')
    .option('--resume <job>', 'resume this job id', parsePositive)
    .option('--path-pattern <pattern>', 'site and column from directory levels: {site}, {column} or * per level', DEFAULT_PATH_PATTERN)
    .option('--encoding <charset>', 'decode every page with this charset (gbk, gb18030, utf-8) instead of detecting it')
    .option('--site <id>', 'check every document with this site\'s overlay (default: each document\'s own site when the sites folder has it)')
    .option('--sites-dir <dir>', 'site overlays folder (default: SITES_DIR)', process.env.SITES_DIR)
    .option('--base-url <url>', 'URL of a directory input\'s root: a page without <link rel=canonical> is at base + its path (for --links and page compliance)')
    .option('--crawl <url>', 'crawl this site (robots.txt, sitemaps, same-origin links; LINKS_* network settings); repeatable', (url: string, all: string[]) => [...all, url], [] as string[])
    .option('--crawl-depth <n>', 'link hops followed from the start page', parseCount, 3)
    .option('--crawl-max-pages <n>', 'pages requested per crawled site', parsePositive, 1000)
    .option('--links', 'also check every HTML page\'s links (LINKS_* settings; re-checked on every rescan, since links break without the page changing)')
    .option('--workers <n>', 'check threads (default: one per core; 0: check on the main thread)', parseCount)
    .option('--queue <url>', 'distribute the job over `jiaodui worker` processes through Redis (redis://host:port)')
    .option('--queue-name <name>', 'BullMQ queue name (workers must use the same)', 'jiaodui-scan')
    .option('--chunk-size <n>', 'documents per queue job', parsePositive, 50)
    .addOption(new Option('--format <format>', 'also write a report at the end').choices(REPORT_FORMATS))
    .option('--out <file>', 'where --format writes (default: stdout)')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity', parseSeverity, 'error' as Severity)
    .option('--warn-critical <n>', 'early warning when a column has at least n critical findings', parsePositive)
    .option('--warn-errors <n>', 'early warning when a column has at least n error findings', parsePositive)
    .option('--warn-typos <n>', 'early warning when a column has more than n typos', parseCount)
    .option('--alert', 'at the end, POST the inspection items new since the previous job to the webhooks of the sites\' inspection.json (--sites-dir)')
    .option('--alert-log <file>', 'alert delivery log (JSON lines)', 'jiaodui-alerts.log')
    .option('--no-progress', 'no progress on stderr')
    .option('--progress-interval <ms>', 'progress line interval when stderr is not a terminal', parsePositive)
    .action(async (positional: string[], options: ScanCommandOptions) => {
      const inputs = [...positional, ...options.crawl];
      if (inputs.length === 0) throw new Error('scan needs inputs: directories, files, - (stdin), http(s) URLs or --crawl <url>');
      if (options.alert && !options.sitesDir) throw new Error('--alert needs --sites-dir (or SITES_DIR): the webhooks are in each site\'s inspection.json');
      const checks = options.checks ?? [...CHECK_TYPES];
      const store = new JobStore(options.db);
      let backend: CheckBackend | undefined;
      let sites: SiteResolver | undefined;
      const progress = new ScanProgress();
      const view = new ProgressView(progress, process.stderr, { enabled: options.progress, intervalMs: options.progressInterval });
      try {
        sites = await SiteResolver.open({ sitesDir: options.sitesDir, site: options.site });
        // Read before the scan: a broken inspection.json is an error now, not after an hour of checking.
        const inspection = options.sitesDir ? await loadInspectionConfigs(options.sitesDir) : undefined;
        const loaded = (await openDictionaries(options.dictionaries)).current;
        backend = options.queue
          ? await QueueBackend.open({ url: options.queue, queueName: options.queueName, chunkSize: options.chunkSize, loaded, checks, sites })
          : options.workers === 0
            ? await InProcessBackend.open({ loaded, checks, sites })
            : await PoolBackend.open({ loaded, checks, workers: options.workers, sites });
        let links: ((html: string, url: string | undefined) => Promise<readonly LinkFinding[]>) | undefined;
        if (options.links) {
          const checker = new LinkChecker({
            ...loadLinksConfig(process.env).checker,
            // The dictionaries recognize gambling/porn destination pages (link.poisoned).
            sensitiveCheck: (text: string) => loaded.proofreader.check(text, { checks: ['sensitive'] }).findings,
          });
          links = (html, url) => checker.checkPage(html, url);
        }
        const outcome = await runScan(store, backend, {
          inputs,
          checks,
          full: options.full,
          resume: options.resume,
          pathPattern: options.pathPattern,
          encoding: options.encoding,
          site: options.site,
          baseUrl: options.baseUrl,
          crawl: crawlOptions(options),
          links,
          progress,
        });
        view.stop();
        const readiness = { configFor: configsLookup(inspection) };
        const report = buildReport(store, outcome.job.id, thresholdsFrom(options), readiness);
        if (options.format !== undefined) {
          const text = renderReport(report, options.format, packageVersion());
          if (options.out) writeFileSync(options.out, text);
          else process.stdout.write(text);
        }
        const elapsed = progress.elapsedSeconds;
        process.stderr.write(
          `scan: ${outcome.mode} job ${outcome.job.id} finished in ${elapsed.toFixed(1)} s: ${progress.done} documents, ${progress.docsPerSecond.toFixed(0)} docs/s, ${progress.megabytesPerSecond.toFixed(2)} MB/s\n`,
        );
        (options.format !== undefined && !options.out ? process.stderr : process.stdout).write(summaryText(report));
        if (options.alert && inspection !== undefined) reportAlerts('scan', await alertJob(store, outcome.job.id, inspection, readiness, { log: new JsonlDeliveryLog(options.alertLog) }));
        process.exitCode = exitCodeFor(report, options.failOn);
      } finally {
        view.stop();
        await backend?.close();
        sites?.close();
        store.close();
      }
    });
}
