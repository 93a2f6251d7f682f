import { SEVERITY_RANK } from '../../core/types.js';
import type { Severity } from '../../core/types.js';
import type { ReportData, ReportFinding } from './model.js';

/**
 * The HTML report: one self-contained file (no CDN, no external fonts or scripts) that an
 * editor-in-chief or an inspector opens from disk. Charts are inline SVG drawn here; the
 * report's data is embedded as JSON (`<script type="application/json" id="report-data">`)
 * for anyone who wants to reuse it. Pages with critical findings come first.
 */

const SEVERITY_LABEL: Record<Severity, string> = { critical: '严重', error: '错误', warning: '警告', info: '提示' };
const SEVERITY_COLOR: Record<Severity, string> = { critical: '#b00020', error: '#d9480f', warning: '#b08800', info: '#4a6fa5' };
/** Past this many pages in detail the HTML points to the JSON/CSV reports (a browser still opens it). */
const MAX_PAGES = 1000;
const MAX_EMBEDDED_FINDINGS = 50_000;

function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A horizontal bar chart as inline SVG. */
export function barChart(title: string, bars: Array<{ label: string; value: number; color?: string }>): string {
  const width = 560;
  const row = 22;
  const labelWidth = 170;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = Math.max(1, bars.length) * row + 8;
  const body = bars
    .map((bar, index) => {
      const y = index * row + 4;
      const w = Math.max(1, Math.round(((width - labelWidth - 60) * bar.value) / max));
      return `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label)}</text><rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${row - 6}" fill="${bar.color ?? '#4a6fa5'}"><title>${escapeHtml(bar.label)}: ${bar.value}</title></rect><text x="${labelWidth + w + 6}" y="${y + 15}">${bar.value}</text>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg" font-size="12">${bars.length === 0 ? '<text x="10" y="16">—</text>' : body}</svg></figure>`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Array<{ label: string; value: number }> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}

function pageLink(finding: ReportFinding): string {
  const href = finding.url ?? (/^https?:\/\//i.test(finding.document) ? finding.document : undefined);
  return href !== undefined && /^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}" rel="noreferrer">${escapeHtml(finding.document)}</a>` : escapeHtml(finding.document);
}

function findingItem(finding: ReportFinding): string {
  const suggestion = finding.suggestions.length > 0 ? ` → <b>${escapeHtml(finding.suggestions.join(' / '))}</b>` : '';
  const status = finding.status === 'new' ? ' <span class="new">新增</span>' : '';
  return `<li class="sev-${finding.severity}"><span class="sev">${SEVERITY_LABEL[finding.severity]}</span> <code>${escapeHtml(finding.code)}</code>${status} <span class="ctx">…${escapeHtml(finding.contextBefore)}<mark>${escapeHtml(finding.text)}</mark>${escapeHtml(finding.contextAfter)}…</span>${suggestion} <small>${escapeHtml(finding.message)} [${finding.start}, ${finding.end})</small></li>`;
}

function rollupTable(title: string, rows: ReportData['sites'], withColumn: boolean): string {
  const head = `<tr><th>站点</th>${withColumn ? '<th>栏目</th>' : ''}<th>页面</th><th>有问题的页面</th><th>严重</th><th>错误</th><th>警告</th><th>提示</th></tr>`;
  const body = rows
    .slice(0, 200)
    .map((row) => `<tr><td>${escapeHtml(row.site ?? '—')}</td>${withColumn ? `<td>${escapeHtml(row.column ?? '—')}</td>` : ''}<td>${row.documents}</td><td>${row.documentsWithFindings}</td><td>${row.bySeverity.critical}</td><td>${row.bySeverity.error}</td><td>${row.bySeverity.warning}</td><td>${row.bySeverity.info}</td></tr>`)
    .join('');
  return `<h2>${escapeHtml(title)}</h2><table>${head}${body}</table>`;
}

function verdictRank(verdict: 'veto' | 'at-risk' | 'ready'): number {
  return verdict === 'veto' ? 2 : verdict === 'at-risk' ? 1 : 0;
}

const VERDICT_LABEL = { veto: '单项否决风险', 'at-risk': '有预警', ready: '未发现否决项' } as const;

/** A silently edited page's changes between the two rescans, line by line. */
function diffBlock(lines: ReadonlyArray<{ op: '-' | '+'; line: string }> | undefined): string {
  if (lines === undefined || lines.length === 0) return '';
  return `<pre class="diff">${lines.map((l) => `<span class="${l.op === '-' ? 'del' : 'ins'}">${l.op} ${escapeHtml(l.line)}</span>`).join('\n')}</pre>`;
}

function evidenceList(evidence: ReadonlyArray<{ url?: string; column?: string; detail: string; excerpt?: string }>, limit = 5, diffs: Readonly<Record<string, ReadonlyArray<{ op: '-' | '+'; line: string }>>> = {}): string {
  if (evidence.length === 0) return '';
  const items = evidence.slice(0, limit).map((e) => {
    const where = e.url !== undefined && /^https?:\/\//i.test(e.url) ? `<a href="${escapeHtml(e.url)}" rel="noreferrer">${escapeHtml(e.url)}</a>` : escapeHtml(e.url ?? e.column ?? '');
    return `<li>${where} ${escapeHtml(e.detail)}${e.excerpt ? ` <span class="ctx">…${escapeHtml(e.excerpt)}…</span>` : ''}${e.url !== undefined ? diffBlock(diffs[e.url]) : ''}</li>`;
  });
  return `<ul class="evidence">${items.join('')}${evidence.length > limit ? `<li>…另有 ${evidence.length - limit} 处</li>` : ''}</ul>`;
}

/**
 * Inspection readiness first: what would fail a site outright (单项否决), with its evidence,
 * then the warnings set inside the veto thresholds, the deductions and the estimated score.
 */
function readinessSection(report: ReportData): string {
  const { readiness } = report;
  if (readiness.sites.length === 0) return '';
  // Sites with a veto first, then those at risk.
  const ordered = [...readiness.sites].sort((a, b) => verdictRank(b.verdict) - verdictRank(a.verdict) || b.vetoes.length - a.vetoes.length);
  const sites = ordered.map((site) => {
    const items = [...site.vetoes, ...site.warnings]
      .map((item) => `<li class="${site.vetoes.includes(item) ? 'veto' : 'warn'}"><b>${site.vetoes.includes(item) ? '否决' : '预警'} · ${escapeHtml(item.title)}</b>：${escapeHtml(item.message)}${evidenceList(item.evidence, 5, item.code === 'tamper.silent-edit' ? site.tampering?.diffs : undefined)}</li>`)
      .join('');
    const deductions = site.deductions.length === 0 ? '' : `<table class="deductions"><tr><th>扣分项</th><th>数量</th><th>估计扣分</th></tr>${site.deductions.map((d) => `<tr><td>${escapeHtml(d.title)}</td><td>${d.count}</td><td>${d.points}</td></tr>`).join('')}</table>`;
    const trend = site.trend.length > 1 ? `<p><small>趋势：${site.trend.map((p) => `#${p.jobId} ${p.score}${p.vetoes ? `（否决 ${p.vetoes}）` : ''}`).join(' → ')}</small></p>` : '';
    return `<section class="site verdict-${site.verdict}"><h3>${escapeHtml(site.site ?? '（未分站点）')} <span class="badge">${VERDICT_LABEL[site.verdict]}</span> <span class="score">估算得分 ${site.score.value}/100</span> <small>${site.documents} 个页面</small></h3>${items ? `<ul class="items">${items}</ul>` : '<p>没有否决项或预警。</p>'}${deductions}${trend}</section>`;
  });
  return `<h2>检查准备度（单项否决风险在前）</h2><p><small>${escapeHtml(readiness.source)}</small></p>${sites.join('')}`;
}

export function renderHtml(report: ReportData): string {
  const { job, findings } = report;
  const pages = new Map<string, ReportFinding[]>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.input, finding.document]);
    let list = pages.get(key);
    if (list === undefined) pages.set(key, (list = []));
    list.push(finding);
  }
  const worst = (list: ReportFinding[]) => Math.max(...list.map((finding) => SEVERITY_RANK[finding.severity]));
  const ordered = [...pages.values()].sort((a, b) => worst(b) - worst(a) || b.length - a.length || a[0]!.document.localeCompare(b[0]!.document));
  const pageSections = ordered
    .slice(0, MAX_PAGES)
    .map((list) => {
      const sorted = [...list].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.start - b.start);
      const first = list[0]!;
      return `<section class="page"><h3>${pageLink(first)} <small>${escapeHtml([first.site, first.column].filter(Boolean).join(' / '))}</small></h3><ul>${sorted.map(findingItem).join('')}</ul></section>`;
    })
    .join('');
  const severities = (['critical', 'error', 'warning', 'info'] as const).map((severity) => ({ label: SEVERITY_LABEL[severity], value: findings.filter((f) => f.severity === severity).length, color: SEVERITY_COLOR[severity] }));
  const comparison =
    report.previousJob === null
      ? '<p>没有同一范围的上一次扫描可比较。</p>'
      : `<p>与第 ${report.previousJob.id} 次扫描相比：<b>新增 ${findings.filter((f) => f.status === 'new').length}</b>，<b>已修复 ${report.fixed.length}</b>，<b>仍存在 ${findings.filter((f) => f.status === 'open').length}</b>。</p>`;
  const warnings = report.warnings.length === 0 ? '<p>没有超过阈值的站点或栏目。</p>' : `<ul class="warnings">${report.warnings.map((w) => `<li class="${w.level}">${w.level === 'veto' ? '⚠ 单项否决风险：' : ''}${escapeHtml(w.message)}</li>`).join('')}</ul>`;
  const fixedList = report.fixed.length === 0 ? '' : `<h2>已修复（上次有、本次没有）</h2><ul>${report.fixed.slice(0, 500).map((f) => `<li>${pageLink(f)}: <code>${escapeHtml(f.code)}</code> <mark>${escapeHtml(f.text)}</mark></li>`).join('')}</ul>`;
  const problems = report.problems.length === 0 ? '' : `<h2>无法读取的输入（已跳过）</h2><ul>${report.problems.slice(0, 500).map((p) => `<li><code>${escapeHtml(p.file)}${p.line !== null ? `:${p.line}` : ''}${p.offset !== null ? ` @${p.offset}` : ''}</code> ${escapeHtml(p.message)}</li>`).join('')}</ul>`;
  const data = JSON.stringify({ job, previousJob: report.previousJob?.id ?? null, documents: report.documents, findings: findings.slice(0, MAX_EMBEDDED_FINDINGS), truncated: findings.length > MAX_EMBEDDED_FINDINGS, warnings: report.warnings, sites: report.sites, columns: report.columns })
    // Inside <script>, "</script" or "<!--" in a matched text must not end the element.
    .replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>校对扫描报告 #${job.id}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222;line-height:1.5}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}td:first-child,th:first-child,td:nth-child(2){text-align:left}
figure{display:inline-block;margin:.5rem 1rem .5rem 0}figcaption{font-weight:bold}mark{background:#ffe08a}
.sev{font-weight:bold}.sev-critical .sev{color:#b00020}.sev-error .sev{color:#d9480f}.sev-warning .sev{color:#8a6d00}.sev-info .sev{color:#4a6fa5}
.warnings .veto{color:#b00020;font-weight:bold}.new{background:#b00020;color:#fff;padding:0 .3rem;border-radius:3px;font-size:.8em}
.page h3{margin-bottom:.2rem;font-size:1rem}.page ul{margin-top:0}small{color:#666}
.site{border-left:4px solid #2b8a3e;padding:.2rem .8rem;margin:.6rem 0}.site.verdict-veto{border-color:#b00020}.site.verdict-at-risk{border-color:#b08800}
.site h3{font-size:1.05rem;margin:.3rem 0}.badge{font-size:.8em;padding:.05rem .4rem;border-radius:3px;background:#2b8a3e;color:#fff}.verdict-veto .badge{background:#b00020}.verdict-at-risk .badge{background:#b08800}
.diff{background:#f6f8fa;padding:.3rem .5rem;white-space:pre-wrap;font-family:inherit;font-size:.9em;margin:.2rem 0}.diff .del{color:#b00020;text-decoration:line-through}.diff .ins{color:#2b8a3e}
.score{font-weight:normal;margin-left:.5rem}.items .veto b{color:#b00020}.items .warn b{color:#8a6d00}.evidence{font-size:.9em;color:#444}.ctx{color:#333}
</style></head><body>
<h1>校对扫描报告 #${job.id}</h1>
<p>开始 ${escapeHtml(job.startedAt)}，结束 ${escapeHtml(job.finishedAt ?? '（未完成）')}；词库版本 <code>${escapeHtml(job.dictionaryVersion.slice(0, 12))}</code>；页面 ${report.documents.documents}（检查 ${report.documents.checked}，未变化沿用 ${report.documents.reused}，失败 ${report.documents.failed}）；问题 ${findings.length}；无法读取 ${report.problems.length}。</p>
${comparison}
${readinessSection(report)}
<h2>栏目预警</h2>${warnings}
<h2>概览</h2>
${barChart('按严重程度', severities)}
${barChart('按类型', countBy(findings, (f) => f.type))}
${barChart('按站点', countBy(findings, (f) => f.site ?? '—').slice(0, 15))}
${barChart('按栏目', countBy(findings, (f) => `${f.site ?? '—'} / ${f.column ?? '—'}`).slice(0, 15))}
${barChart('高频问题词', countBy(findings, (f) => f.text).slice(0, 20))}
${rollupTable('各站点', report.sites, false)}
${rollupTable('各栏目', report.columns, true)}
<h2>问题页面（严重问题在前）</h2>
${ordered.length > MAX_PAGES ? `<p>只列出前 ${MAX_PAGES} 个页面，共 ${ordered.length} 个；完整列表见 JSON 或 CSV 报告。</p>` : ''}
${pageSections || '<p>没有发现问题。</p>'}
${fixedList}
${problems}
<script type="application/json" id="report-data">${data}</script>
</body></html>
`;
}
