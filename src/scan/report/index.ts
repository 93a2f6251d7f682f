import type { ReportData } from './model.js';
import { renderCsv, renderJson, renderSarif } from './formats.js';
import { renderHtml } from './html.js';

export { buildReport, DEFAULT_THRESHOLDS, earlyWarnings, worstSeverity } from './model.js';
export type { ReportData, ReportFinding, Rollup, EarlyWarning, Thresholds } from './model.js';
export { CSV_COLUMNS } from './formats.js';

export const REPORT_FORMATS = ['json', 'csv', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: ReportData, format: ReportFormat, toolVersion: string): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'sarif':
      return renderSarif(report, toolVersion);
    case 'html':
      return renderHtml(report);
  }
}
