import { readinessSummary, type ReadinessOptions, type ReadinessSummary } from '../../inspection/readiness.js';
import { SEVERITY_RANK } from '../../core/types.js';
import type { Severity } from '../../core/types.js';
import type { FindingRow, JobRow, JobStore, ProblemRow } from '../job-store.js';

/**
 * Everything a report shows, computed from the job store only: the findings, the comparison
 * with the previous job of the same scope, per-site and per-column roll-ups and the early
 * warnings. Every renderer (JSON, CSV, SARIF, HTML) formats this one object.
 */

export interface Thresholds {
  /** Warn when a site or column has at least this many critical findings (default 1: any). */
  critical: number;
  /** Warn when a column has at least this many error findings (default 5). */
  errors: number;
  /** Warn when a column has more than this many typo findings (default 10). */
  typos: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { critical: 1, errors: 5, typos: 10 };

export type FindingStatus = 'new' | 'open';

export interface ReportFinding {
  /** For directory inputs the path relative to the directory, else the document id. */
  document: string;
  input: string;
  site: string | null;
  column: string | null;
  url: string | null;
  start: number;
  end: number;
  type: string;
  category: string;
  code: string;
  severity: Severity;
  rule: string;
  text: string;
  suggestions: string[];
  message: string;
  confidence: number | null;
  contextBefore: string;
  contextAfter: string;
  /** Against the previous job of the same scope: `new` (not there before) or `open` (still there). Absent without a previous job. */
  status?: FindingStatus;
}

export interface Rollup {
  site: string | null;
  /** Absent for a per-site roll-up. */
  column?: string | null;
  documents: number;
  documentsWithFindings: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byType: Record<string, number>;
}

export interface EarlyWarning {
  level: 'veto' | 'warning';
  site: string | null;
  column: string | null;
  message: string;
}

export interface ReportData {
  job: JobRow;
  previousJob: JobRow | null;
  documents: { documents: number; checked: number; reused: number; failed: number; bytes: number };
  findings: ReportFinding[];
  /** Findings of the previous job that this job no longer has. */
  fixed: ReportFinding[];
  problems: ProblemRow[];
  sites: Rollup[];
  columns: Rollup[];
  warnings: EarlyWarning[];
  thresholds: Thresholds;
  /** Inspection readiness of the job's sites (src/inspection): veto risks with evidence, deductions, score estimate, trend. */
  readiness: ReadinessSummary;
}

function toReportFinding(row: FindingRow): ReportFinding {
  return {
    document: row.document,
    input: row.input,
    site: row.site,
    column: row.column,
    url: row.url,
    start: row.start,
    end: row.end,
    type: row.type,
    category: row.category,
    code: row.code,
    severity: row.severity,
    rule: row.rule,
    text: row.text,
    suggestions: row.suggestions,
    message: row.message,
    confidence: row.confidence,
    contextBefore: row.contextBefore,
    contextAfter: row.contextAfter,
  };
}

/**
 * Identity of a finding across jobs: where (input, document), what (code, matched text) and
 * which occurrence of that pair, not offsets: an edit earlier in the page moves offsets
 * without fixing anything.
 */
function comparisonKeys(findings: readonly { input: string; document: string; code: string; text: string }[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const base = JSON.stringify([finding.input, finding.document, finding.code, finding.text]);
    const nth = seen.get(base) ?? 0;
    seen.set(base, nth + 1);
    return `${base}#${nth}`;
  });
}

function emptySeverities(): Record<Severity, number> {
  return { info: 0, warning: 0, error: 0, critical: 0 };
}

function rollups(store: JobStore, jobId: number, findings: readonly ReportFinding[]): { sites: Rollup[]; columns: Rollup[] } {
  const sites = new Map<string, Rollup>();
  const columns = new Map<string, Rollup>();
  const siteOf = (site: string | null) => {
    const key = JSON.stringify(site);
    let rollup = sites.get(key);
    if (rollup === undefined) sites.set(key, (rollup = { site, documents: 0, documentsWithFindings: 0, findings: 0, bySeverity: emptySeverities(), byType: {} }));
    return rollup;
  };
  const columnOf = (site: string | null, column: string | null) => {
    const key = JSON.stringify([site, column]);
    let rollup = columns.get(key);
    if (rollup === undefined) columns.set(key, (rollup = { site, column, documents: 0, documentsWithFindings: 0, findings: 0, bySeverity: emptySeverities(), byType: {} }));
    return rollup;
  };
  for (const document of store.documentsOf(jobId)) {
    for (const rollup of [siteOf(document.site), columnOf(document.site, document.column)]) {
      rollup.documents++;
      if (document.findingCount > 0) rollup.documentsWithFindings++;
    }
  }
  for (const finding of findings) {
    for (const rollup of [siteOf(finding.site), columnOf(finding.site, finding.column)]) {
      rollup.findings++;
      rollup.bySeverity[finding.severity]++;
      rollup.byType[finding.type] = (rollup.byType[finding.type] ?? 0) + 1;
    }
  }
  const order = (a: Rollup, b: Rollup) =>
    b.bySeverity.critical - a.bySeverity.critical || b.bySeverity.error - a.bySeverity.error || b.findings - a.findings || String(a.site).localeCompare(String(b.site)) || String(a.column).localeCompare(String(b.column));
  return { sites: [...sites.values()].sort(order), columns: [...columns.values()].sort(order) };
}

/** Early warnings, what an inspector would single-veto (any critical finding) first. */
export function earlyWarnings(sites: readonly Rollup[], columns: readonly Rollup[], thresholds: Thresholds): EarlyWarning[] {
  const warnings: EarlyWarning[] = [];
  const where = (rollup: Rollup) => (rollup.column === undefined ? `site ${rollup.site ?? '(none)'}` : `${rollup.site ?? '(none)'} / ${rollup.column ?? '(none)'}`);
  for (const column of columns) {
    if (column.bySeverity.critical >= thresholds.critical) {
      warnings.push({ level: 'veto', site: column.site, column: column.column ?? null, message: `${where(column)}: ${column.bySeverity.critical} critical finding(s) (serious wording errors are a single veto in inspections)` });
    }
  }
  for (const column of columns) {
    if (column.bySeverity.error >= thresholds.errors) {
      warnings.push({ level: 'warning', site: column.site, column: column.column ?? null, message: `${where(column)}: ${column.bySeverity.error} error finding(s) (threshold ${thresholds.errors})` });
    }
    const typos = column.byType.typo ?? 0;
    if (typos > thresholds.typos) {
      warnings.push({ level: 'warning', site: column.site, column: column.column ?? null, message: `${where(column)}: ${typos} typo(s), more than ${thresholds.typos}` });
    }
  }
  return warnings;
}

/**
 * Everything a report shows, read from the store only. `readiness` passes the sites'
 * inspection settings (their columns, for freshness); without them the veto risks the findings
 * and pages show are still assessed.
 */
export function buildReport(store: JobStore, jobId: number, thresholds: Thresholds = DEFAULT_THRESHOLDS, readiness: ReadinessOptions = {}): ReportData {
  const job = store.job(jobId);
  if (job === undefined) throw new Error(`job ${jobId} is not in the store`);
  const previousJob = store.previousJob(jobId) ?? null;
  const findings = store.findingsOf(jobId).map(toReportFinding);
  let fixed: ReportFinding[] = [];
  if (previousJob !== null) {
    const before = store.findingsOf(previousJob.id).map(toReportFinding);
    const beforeKeys = new Set(comparisonKeys(before));
    const nowKeys = comparisonKeys(findings);
    const nowSet = new Set(nowKeys);
    findings.forEach((finding, index) => {
      finding.status = beforeKeys.has(nowKeys[index]!) ? 'open' : 'new';
    });
    const beforeKeyList = comparisonKeys(before);
    fixed = before.filter((_, index) => !nowSet.has(beforeKeyList[index]!));
  }
  const { sites, columns } = rollups(store, jobId, findings);
  return {
    job,
    previousJob,
    documents: store.documentCount(jobId),
    findings,
    fixed,
    problems: store.problemsOf(jobId),
    sites,
    columns,
    warnings: earlyWarnings(sites, columns, thresholds),
    thresholds,
    readiness: readinessSummary(store, jobId, readiness),
  };
}

/** Highest severity among the findings, for exit codes. */
export function worstSeverity(findings: readonly { severity: Severity }[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const finding of findings) if (worst === undefined || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]) worst = finding.severity;
  return worst;
}
