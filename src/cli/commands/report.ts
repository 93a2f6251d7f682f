import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Severity } from '../../core/types.js';
import { JobStore } from '../../scan/job-store.js';
import { buildReport, REPORT_FORMATS, renderReport, type ReportFormat } from '../../scan/report/index.js';
import { packageVersion, parseCount, parsePositive, parseSeverity, thresholdsFrom } from '../options.js';
import { exitCodeFor } from './scan.js';
import { loadInspectionConfigs } from '../../inspection/load.js';
import { configsLookup } from '../../inspection/alerts.js';

interface ReportCommandOptions {
  db: string;
  format: ReportFormat | 'readiness';
  sites?: string;
  out?: string;
  failOn: Severity;
  warnCritical?: number;
  warnErrors?: number;
  warnTypos?: number;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('render a scan job from the job store as JSON, CSV, SARIF 2.1.0 or a self-contained HTML page')
    .argument('[job]', 'job id (default: the newest job)', parsePositive)
    .option('--db <file>', 'job store (SQLite)', 'jiaodui-scan.db')
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS, 'readiness']).default('json'))
    .option('--sites <dir>', 'SITES_DIR: each site\'s inspection.json (columns for freshness in the readiness summary of every format)', process.env.SITES_DIR)
    .option('--out <file>', 'write here instead of stdout')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity', parseSeverity, 'error' as Severity)
    .option('--warn-critical <n>', 'early warning when a column has at least n critical findings', parsePositive)
    .option('--warn-errors <n>', 'early warning when a column has at least n error findings', parsePositive)
    .option('--warn-typos <n>', 'early warning when a column has more than n typos', parseCount)
    .action(async (jobId: number | undefined, options: ReportCommandOptions) => {
      // `readiness`: the inspection-readiness summary (src/inspection/README.md) as JSON.
      const configs = options.sites ? await loadInspectionConfigs(options.sites) : undefined;
      const store = new JobStore(options.db, { readonly: true });
      try {
        const job = jobId !== undefined ? store.job(jobId) : store.latestJob();
        if (job === undefined) throw new Error(jobId !== undefined ? `job ${jobId} is not in ${options.db}` : `no job in ${options.db}`);
        if (job.state !== 'finished') process.stderr.write(`report: job ${job.id} is not finished (run the same scan command again to finish it); reporting what it has\n`);
        const report = buildReport(store, job.id, thresholdsFrom(options), { configFor: configsLookup(configs) });
        const text = options.format === 'readiness' ? `${JSON.stringify(report.readiness, null, 2)}\n` : renderReport(report, options.format, packageVersion());
        if (options.out) writeFileSync(options.out, text);
        else process.stdout.write(text);
        process.exitCode = exitCodeFor(report, options.failOn);
      } finally {
        store.close();
      }
    });
}
