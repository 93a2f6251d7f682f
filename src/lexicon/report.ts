import { AUDIT_REASONS, type AuditReason, type AuditReport } from './audit.js';
import type { DecodedSourceInfo } from './import.js';

/** The audit as a plain-text table for the terminal (the JSON form is the report itself). */
export function formatAuditTable(report: AuditReport, sources: readonly DecodedSourceInfo[] = [], examples = 3): string {
  const out: string[] = [];
  for (const source of sources) {
    out.push(
      `${source.name}: ${source.bytes} bytes, ${source.encoding}${source.bom ? ' with BOM' : ''}${source.base64 !== 'none' ? `, base64 (${source.base64 === 'file' ? 'whole file' : 'one entry per line'})` : ''}, separator ${source.separator}${source.secondField !== 'none' ? ` (second field: ${source.secondField})` : ''}; ${source.entries} entries, ${source.problems} unreadable lines`,
    );
  }
  const { summary } = report;
  const rows: string[][] = [['reason', 'status', 'entries', 'examples']];
  rows.push(['(accepted)', 'accepted', String(summary.accepted), exampleTerms(report, null, examples)]);
  for (const reason of Object.keys(AUDIT_REASONS) as AuditReason[]) {
    const count = summary.byReason[reason];
    if (!count) continue;
    rows.push([`${reason}: ${AUDIT_REASONS[reason].label}`, AUDIT_REASONS[reason].status, String(count), exampleTerms(report, reason, examples)]);
  }
  rows.push(['total', '', String(summary.entries), '']);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]))));
  for (const [index, row] of rows.entries()) {
    out.push(row.map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column]))).join('  ').trimEnd());
    if (index === 0) out.push(widths.map((width) => '-'.repeat(width)).join('  '));
  }
  out.push(
    `clean reference prose (${summary.reference.characters} characters): ${summary.reference.hitsPer10kRaw} hits per 10,000 characters for the list as given, ${summary.reference.hitsPer10kAccepted} for the accepted entries`,
  );
  return `${out.join('\n')}\n`;
}

function exampleTerms(report: AuditReport, reason: AuditReason | null, count: number): string {
  const terms: string[] = [];
  for (const entry of report.entries) {
    if (terms.length >= count) break;
    if (reason === null ? entry.status === 'accepted' : entry.reasons[0] === reason) terms.push(entry.term.length > 16 ? `${entry.term.slice(0, 16)}…` : entry.term);
  }
  return terms.join(' ');
}

/** CJK characters take two columns in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
