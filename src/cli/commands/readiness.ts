import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { JobStore } from '../../scan/job-store.js';
import { alertJob, configsLookup, JsonlDeliveryLog } from '../../inspection/alerts.js';
import { loadInspectionConfigs, type InspectionConfigs } from '../../inspection/load.js';
import { readinessSummary, type ReadinessSummary } from '../../inspection/readiness.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../exit-codes.js';
import { parseCount, parsePositive } from '../options.js';

interface ReadinessCommandOptions {
  db: string;
  sites?: string;
  format: 'json' | 'text';
  out?: string;
  trend: number;
  now?: string;
  alert?: boolean;
  alertLog: string;
}

/** A few lines per site for a terminal; the JSON is the contract. */
export function renderReadinessText(summary: ReadinessSummary): string {
  const lines = [`job ${summary.jobId}, measured at ${summary.measuredAt}`, `score: ${summary.source}`];
  for (const site of summary.sites) {
    lines.push('', `${site.site ?? '(no site)'}: ${site.verdict}, estimated score ${site.score.value}/100 (${site.documents} documents)`);
    for (const item of site.vetoes) lines.push(`  VETO    ${item.title}: ${item.message}`);
    for (const item of site.warnings) lines.push(`  WARNING ${item.title}: ${item.message}`);
    for (const d of site.deductions) lines.push(`  -${d.points}  ${d.title} (${d.count})`);
    if (site.trend.length > 1) lines.push(`  trend: ${site.trend.map((p) => `#${p.jobId} ${p.score}${p.vetoes ? ` (${p.vetoes} veto)` : ''}`).join(' → ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One stderr line per webhook call. */
export function reportAlerts(command: string, sent: Awaited<ReturnType<typeof alertJob>>): void {
  for (const alert of sent) process.stderr.write(`${command}: alert for ${alert.site ?? '(no site)'} to ${alert.url}: ${alert.result.ok ? 'delivered' : `failed (${alert.result.error ?? alert.result.status})`} after ${alert.result.attempts} attempt(s)\n`);
}

export function register(program: Command): void {
  program
    .command('readiness')
    .description('inspection readiness of the sites of a scan job: single-veto risks with evidence, deductions, an estimated score, the trend; optionally alert the webhooks')
    .argument('[job]', 'job id (default: the newest job)', parsePositive)
    .option('--db <file>', 'job store (SQLite)', 'jiaodui-scan.db')
    .option('--sites <dir>', 'SITES_DIR with <site>/inspection.json (columns, thresholds, alerts)', process.env.SITES_DIR)
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'text']).default('json'))
    .option('--out <file>', 'write here instead of stdout')
    .option('--trend <n>', 'previous jobs in the trend', parseCount, 5)
    .option('--now <time>', 'measure freshness at this ISO time instead of the job\'s end')
    .option('--alert', 'POST items new since the previous job to the configured webhooks')
    .option('--alert-log <file>', 'delivery log (JSON lines)', 'jiaodui-alerts.log')
    .action(async (jobId: number | undefined, options: ReadinessCommandOptions) => {
      const configs: InspectionConfigs = options.sites ? await loadInspectionConfigs(options.sites) : { sites: new Map() };
      const store = new JobStore(options.db, { readonly: true });
      let summary: ReadinessSummary;
      let sent: Awaited<ReturnType<typeof alertJob>> = [];
      try {
        const job = jobId !== undefined ? store.job(jobId) : store.latestJob();
        if (job === undefined) throw new Error(jobId !== undefined ? `job ${jobId} is not in ${options.db}` : `no job in ${options.db}`);
        const now = options.now === undefined ? undefined : Date.parse(options.now);
        if (now !== undefined && Number.isNaN(now)) throw new Error(`--now: '${options.now}' is not a time`);
        const readinessOptions = { configFor: configsLookup(configs), trendJobs: options.trend, ...(now !== undefined ? { now } : {}) };
        summary = readinessSummary(store, job.id, readinessOptions);
        const text = options.format === 'text' ? renderReadinessText(summary) : `${JSON.stringify(summary, null, 2)}\n`;
        if (options.out) writeFileSync(options.out, text);
        else process.stdout.write(text);
        if (options.alert) sent = await alertJob(store, job.id, configs, readinessOptions, { log: new JsonlDeliveryLog(options.alertLog) });
      } finally {
        store.close();
      }
      reportAlerts('readiness', sent);
      process.exitCode = summary.sites.some((s) => s.vetoes.length > 0) ? EXIT_FINDINGS : EXIT_CLEAN;
    });
}
