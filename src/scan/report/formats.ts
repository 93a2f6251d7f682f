import type { ReportData, ReportFinding } from './model.js';

/**
 * JSON: `{"findings": [...]}` (one object per finding, stable field names) plus the job, the
 * comparison, roll-ups, warnings and input problems next to it.
 */
export function renderJson(report: ReportData): string {
  return `${JSON.stringify(
    {
      findings: report.findings,
      job: report.job,
      previousJob: report.previousJob?.id ?? null,
      documents: report.documents,
      fixed: report.fixed,
      problems: report.problems,
      sites: report.sites,
      columns: report.columns,
      warnings: report.warnings,
      readiness: report.readiness,
    },
    null,
    2,
  )}\n`;
}

/** The CSV columns, in this order, always (a spreadsheet or script can rely on them). */
export const CSV_COLUMNS = [
  'document',
  'site',
  'column',
  'url',
  'start',
  'end',
  'type',
  'category',
  'code',
  'severity',
  'text',
  'suggestions',
  'message',
  'confidence',
  'status',
  'input',
] as const;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join('|') : String(value);
  // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet software reads the Chinese right). */
export function renderCsv(report: ReportData): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const finding of report.findings) {
    lines.push(CSV_COLUMNS.map((column) => csvField((finding as unknown as Record<string, unknown>)[column])).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const SARIF_LEVEL = { critical: 'error', error: 'error', warning: 'warning', info: 'note' } as const;

/** A relative URI reference for a document (directory path, NDJSON id) or its URL. */
function artifactUri(finding: ReportFinding): string {
  if (finding.url !== null && /^https?:\/\//i.test(finding.url)) return finding.url;
  if (/^https?:\/\//i.test(finding.document)) return finding.document;
  return finding.document.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 (validated against the official schema in the tests). One rule per finding
 * code; regions are `charOffset`/`charLength` in UTF-16 code units of the document's text
 * (the HTML source for HTML pages), plus the snippet.
 */
export function renderSarif(report: ReportData, toolVersion: string): string {
  const rules = new Map<string, { id: string; name: string; shortDescription: { text: string }; properties: { type: string; category: string } }>();
  for (const finding of report.findings) {
    if (!rules.has(finding.code)) {
      rules.set(finding.code, { id: finding.code, name: finding.code.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')), shortDescription: { text: `${finding.type} / ${finding.category}` }, properties: { type: finding.type, category: finding.category } });
    }
  }
  const ruleIds = [...rules.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const results = report.findings.map((finding) => {
    const result: Record<string, unknown> = {
      ruleId: finding.code,
      ruleIndex: ruleIndex.get(finding.code),
      level: SARIF_LEVEL[finding.severity],
      message: { text: finding.suggestions.length > 0 ? `${finding.message} (${finding.text} → ${finding.suggestions.join(' / ')})` : finding.message || finding.text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(finding) },
            region: { charOffset: finding.start, charLength: finding.end - finding.start, snippet: { text: finding.text } },
          },
        },
      ],
      properties: { severity: finding.severity, site: finding.site, column: finding.column, document: finding.document, ...(finding.status ? { status: finding.status } : {}) },
    };
    if (finding.status !== undefined) result.baselineState = finding.status === 'new' ? 'new' : 'unchanged';
    if (finding.suggestions.length > 0) {
      result.fixes = [
        {
          description: { text: `→ ${finding.suggestions[0]}` },
          artifactChanges: [
            {
              artifactLocation: { uri: artifactUri(finding) },
              replacements: [{ deletedRegion: { charOffset: finding.start, charLength: finding.end - finding.start }, insertedContent: { text: finding.suggestions[0] } }],
            },
          ],
        },
      ];
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'jiaodui', version: toolVersion, rules: ruleIds.map((id) => rules.get(id)!) } },
        automationDetails: { id: `jiaodui-scan/${report.job.id}` },
        invocations: [{ executionSuccessful: true, startTimeUtc: report.job.startedAt, ...(report.job.finishedAt ? { endTimeUtc: report.job.finishedAt } : {}) }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { dictionaryVersion: report.job.dictionaryVersion, documents: report.documents.documents },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
