import type { DocumentRow, FindingRow, JobRow } from '../scan/job-store.js';
import type { InspectionConfig } from './config.js';
import { assessFreshness, type FreshnessReport } from './freshness.js';
import { detectTampering, type DiffLine, type PageSnapshot } from './tampering.js';
import { LEVEL_RANK, type Evidence, type ReadinessItem, type ReadinessLevel } from './types.js';

/**
 * The veto-risk summary and score estimate of each site in one scan job, for dashboards and
 * for the rescan report: `readinessSummary(store, jobId, options)`.
 *
 * Structure after 《政府网站与政务新媒体检查指标》 (国务院办公厅, 国办秘函〔2019〕19号): single-veto
 * items (单项否决: any one fails the site) and deduction items (扣分指标) from 100. Which
 * findings count as which item, and the points per deduction, are jiaodui's estimate (the
 * indicators' own points are not reproduced here); the result says so in `score.basis`.
 *
 * Reads the job store through four read methods only, so tests (and other stores) can pass
 * plain objects.
 */

export interface ReadinessStore {
  job(id: number): JobRow | undefined;
  previousJob(jobId: number): JobRow | undefined;
  documentsOf(jobId: number): DocumentRow[];
  findingsOf(jobId: number): FindingRow[];
  /** A page's visible lines, when the store keeps them: tampering items then carry a diff. */
  pageLines?(jobId: number, input: string, document: string): string | undefined;
}

/** A deduction rule: findings with one of `codes` (or a code starting with `prefix`) count. */
export interface DeductionRule {
  code: string;
  title: string;
  codes?: readonly string[];
  prefixes?: readonly string[];
  /** Only findings at or above this severity. */
  minSeverity?: FindingRow['severity'];
  /** Count pages rather than findings (a leaked list is one problem however many rows it has). */
  perPage?: boolean;
  points: number;
  cap: number;
}

/** jiaodui's estimate of the deduction items; override with `options.deductions`. */
export const DEFAULT_DEDUCTIONS: readonly DeductionRule[] = [
  { code: 'deduct.broken-links', title: '链接不可用', codes: ['link.broken', 'link.soft404', 'link.retired-host'], points: 0.2, cap: 10 },
  { code: 'deduct.privacy', title: '泄露个人信息', prefixes: ['privacy.'], perPage: true, points: 2, cap: 10 },
  { code: 'deduct.expression', title: '错别字与表述问题', prefixes: ['typo.', 'normative.', 'name.', 'date.', 'sensitive.'], minSeverity: 'error', points: 0.5, cap: 10 },
  { code: 'deduct.meta-tags', title: '网页标签不规范', codes: ['compliance.meta-missing', 'compliance.meta-empty', 'compliance.meta-invalid'], perPage: true, points: 0.2, cap: 5 },
  { code: 'deduct.undated', title: '信息无发布时间', codes: ['compliance.no-publish-date', 'compliance.pubdate-invalid'], perPage: true, points: 0.5, cap: 5 },
];

/** Single-veto items read from findings. */
const VETO_FROM_FINDINGS: ReadonlyArray<{ code: string; title: string; test: (f: FindingRow) => boolean; message: string }> = [
  {
    code: 'veto.expression',
    title: '严重表述错误',
    test: (f) => f.severity === 'critical' && ['sensitive', 'name', 'typo', 'normative'].includes(f.type),
    message: '严重表述错误（领导人姓名职务、政治性表述、敏感内容）',
  },
  { code: 'veto.secrets', title: '泄露国家秘密', test: (f) => f.type === 'secrecy' && f.severity === 'critical', message: '页面带有密级标志或内部资料标注' },
  {
    code: 'veto.links',
    title: '链接到非法内容或暗链',
    test: (f) => f.code === 'link.poisoned' || f.code === 'link.hidden' || f.code === 'compliance.hidden-link',
    message: '链接指向被污染的网站，或页面中有隐藏链接',
  },
  {
    code: 'veto.forged-date',
    title: '发布时间不实',
    test: (f) => (f.code === 'compliance.date-mismatch' || f.code === 'compliance.pubdate-future') && f.severity !== 'info',
    message: '页面显示的发布时间与 PubDate 不一致，或发布时间晚于扫描时间',
  },
];

/** Warnings read from findings (below veto class, above deductions). */
const WARNING_FROM_FINDINGS: ReadonlyArray<{ code: string; title: string; test: (f: FindingRow) => boolean; message: string }> = [
  { code: 'warn.secrecy', title: '疑似涉密标志', test: (f) => f.type === 'secrecy' && f.severity !== 'critical', message: '需人工确认的密级标志（如考试试卷的“绝密★启用前”）' },
  { code: 'warn.privacy', title: '未脱敏的个人信息', test: (f) => f.type === 'privacy', message: '身份证号、手机号或银行卡号未脱敏' },
];

export interface ReadinessOptions {
  /** Inspection settings of a site (its columns); freshness is skipped for a site without them. */
  configFor?: (site: string | null) => InspectionConfig | undefined;
  /** The moment freshness is measured at; default: when the job finished (or started). */
  now?: number;
  /** Previous jobs in the trend (default 5; 0 for none). */
  trendJobs?: number;
  deductions?: readonly DeductionRule[];
  /** Score under which a site fails even without a veto (default 60; an assumption). */
  passScore?: number;
  /** Evidence rows kept per item (default 20). */
  evidenceLimit?: number;
}

export interface Deduction {
  code: string;
  title: string;
  count: number;
  points: number;
  evidence: Evidence[];
}

export interface SiteReadiness {
  site: string | null;
  documents: number;
  verdict: 'veto' | 'at-risk' | 'ready';
  vetoes: ReadinessItem[];
  warnings: ReadinessItem[];
  deductions: Deduction[];
  score: { estimate: true; value: number; max: 100; passScore: number; vetoed: boolean; basis: string };
  freshness?: Pick<FreshnessReport, 'homepage' | 'columns' | 'staleCount' | 'emptyCount' | 'idleCount' | 'unassigned'>;
  tampering?: { previousJob: number; compared: number; diffs: Record<string, DiffLine[]> };
  trend: Array<{ jobId: number; finishedAt: string | null; vetoes: number; warnings: number; score: number }>;
}

export interface ReadinessSummary {
  jobId: number;
  jobFinishedAt: string | null;
  measuredAt: string;
  source: string;
  sites: SiteReadiness[];
}

export const SCORE_BASIS =
  '估算：结构参照《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）的单项否决与扣分指标，各项扣分值为 jiaodui 的估计，不是官方评分';

const SEVERITY_ORDER = ['info', 'warning', 'error', 'critical'] as const;

/**
 * The finding's excerpt for evidence (dashboards, webhooks). A privacy finding shows the masked
 * number it suggests, and every long digit run around any finding is masked too: evidence
 * about leaked personal data must not leak it again.
 */
function excerptOf(f: FindingRow): string {
  const text = f.type === 'privacy' ? (f.suggestions[0] ?? maskDigits(f.text)) : f.text;
  return `${maskDigits(f.contextBefore)}${text}${maskDigits(f.contextAfter)}`;
}

/** Runs of 7+ digits (ID, card and phone numbers) keep their first 3 and last 4: 139****5678. */
export function maskDigits(text: string): string {
  return text.replace(/\d{7,}[\dXx]*/g, (run) => `${run.slice(0, 3)}${'*'.repeat(run.length - 7)}${run.slice(-4)}`);
}

function findingEvidence(f: FindingRow): Evidence {
  return { ...(f.url ? { url: f.url } : { url: f.document }), ...(f.column ? { column: f.column } : {}), detail: `${f.code}: ${f.message}`, excerpt: excerptOf(f) };
}

/** Snapshots of a job's pages for the tampering comparison: hashes and dates from documents, inventories from findings. */
export function snapshotsOf(documents: readonly DocumentRow[], findings: readonly FindingRow[], lines?: (input: string, document: string) => string | undefined): PageSnapshot[] {
  const inventories = new Map<string, { scripts: string[]; iframes: string[]; hiddenLinks: string[] }>();
  const keyOf = (row: { url: string | null; input: string; document: string }) => row.url ?? `${row.input}\0${row.document}`;
  for (const f of findings) {
    const list = f.code === 'compliance.external-script' ? 'scripts' : f.code === 'compliance.iframe' ? 'iframes' : f.code === 'compliance.hidden-link' || f.code === 'link.hidden' ? 'hiddenLinks' : undefined;
    if (list === undefined) continue;
    const key = keyOf(f);
    let inventory = inventories.get(key);
    if (inventory === undefined) inventories.set(key, (inventory = { scripts: [], iframes: [], hiddenLinks: [] }));
    inventory[list].push(f.text);
  }
  return documents.map((d) => withText({
    key: keyOf(d),
    ...(d.url ? { url: d.url } : {}),
    ...(d.column ? { column: d.column } : {}),
    published: d.published,
    contentHash: d.contentHash,
    // Without findings of its own, a page has an empty inventory (the compliance check ran and found nothing).
    inventory: inventories.get(keyOf(d)) ?? { scripts: [], iframes: [], hiddenLinks: [] },
  }, lines === undefined ? undefined : () => lines(d.input, d.document)));
}

/** `text` read from the store only when the comparison asks (silently edited pages): a job's pages are not all held in memory. */
function withText(snapshot: PageSnapshot, text: (() => string | undefined) | undefined): PageSnapshot {
  if (text === undefined) return snapshot;
  let cached: string | undefined | null = null;
  return Object.defineProperty(snapshot, 'text', { enumerable: true, get: () => (cached === null ? (cached = text()) : cached) });
}

function bySite<T extends { site: string | null }>(rows: readonly T[]): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const row of rows) {
    let list = out.get(row.site);
    if (list === undefined) out.set(row.site, (list = []));
    list.push(row);
  }
  return out;
}

interface JobView {
  job: JobRow;
  documents: Map<string | null, DocumentRow[]>;
  findings: Map<string | null, FindingRow[]>;
  lines?: (input: string, document: string) => string | undefined;
}

function viewOf(store: ReadinessStore, job: JobRow): JobView {
  const lines = store.pageLines === undefined ? undefined : (input: string, document: string) => store.pageLines!(job.id, input, document);
  return { job, documents: bySite(store.documentsOf(job.id)), findings: bySite(store.findingsOf(job.id)), ...(lines ? { lines } : {}) };
}

function assessSite(site: string | null, current: JobView, previous: JobView | undefined, options: ReadinessOptions, now: number): Omit<SiteReadiness, 'trend'> {
  const limit = options.evidenceLimit ?? 20;
  const documents = current.documents.get(site) ?? [];
  const findings = current.findings.get(site) ?? [];
  const vetoes: ReadinessItem[] = [];
  const warnings: ReadinessItem[] = [];
  const place = (item: ReadinessItem): void => {
    const capped = { ...item, evidence: item.evidence.slice(0, limit) };
    if (item.evidence.length > limit) capped.message += `（证据仅列前 ${limit} 条，共 ${item.evidence.length} 条）`;
    if (item.level === 'veto') vetoes.push(capped);
    else if (item.level === 'warning') warnings.push(capped);
  };
  for (const rule of VETO_FROM_FINDINGS) {
    const hits = findings.filter(rule.test);
    if (hits.length > 0) place({ code: rule.code, level: 'veto', title: rule.title, message: `${hits.length} 处：${rule.message}`, evidence: hits.map(findingEvidence) });
  }
  for (const rule of WARNING_FROM_FINDINGS) {
    const hits = findings.filter(rule.test);
    if (hits.length > 0) place({ code: rule.code, level: 'warning', title: rule.title, message: `${hits.length} 处：${rule.message}`, evidence: hits.map(findingEvidence) });
  }

  const result: Omit<SiteReadiness, 'trend'> = {
    site,
    documents: documents.length,
    verdict: 'ready',
    vetoes,
    warnings,
    deductions: [],
    score: { estimate: true, value: 100, max: 100, passScore: options.passScore ?? 60, vetoed: false, basis: SCORE_BASIS },
  };
  const config = options.configFor?.(site);
  if (config !== undefined) {
    const emptyIndexPages = findings.filter((f) => f.code === 'compliance.empty-column' && f.url !== null).map((f) => f.url!);
    const freshness = assessFreshness(config, documents, now, { emptyIndexPages });
    for (const item of freshness.items) place(item);
    const { homepage, columns, staleCount, emptyCount, idleCount, unassigned } = freshness;
    result.freshness = { homepage, columns, staleCount, emptyCount, idleCount, unassigned };
  }
  if (previous !== undefined) {
    const tampering = detectTampering(
      snapshotsOf(previous.documents.get(site) ?? [], previous.findings.get(site) ?? [], previous.lines),
      snapshotsOf(documents, findings, current.lines),
    );
    for (const item of tampering.items) place(item);
    result.tampering = { previousJob: previous.job.id, compared: tampering.compared, diffs: tampering.diffs };
  }

  let total = 0;
  for (const rule of options.deductions ?? DEFAULT_DEDUCTIONS) {
    const min = SEVERITY_ORDER.indexOf(rule.minSeverity ?? 'info');
    const hits = findings.filter(
      (f) => (rule.codes?.includes(f.code) || rule.prefixes?.some((p) => f.code.startsWith(p))) && SEVERITY_ORDER.indexOf(f.severity) >= min && !(f.severity === 'critical' && rule.code === 'deduct.expression'),
    );
    if (hits.length === 0) continue;
    const count = rule.perPage ? new Set(hits.map((f) => `${f.input}\0${f.document}`)).size : hits.length;
    const points = Math.min(rule.cap, Math.round(count * rule.points * 10) / 10);
    total += points;
    result.deductions.push({ code: rule.code, title: rule.title, count, points, evidence: hits.slice(0, limit).map(findingEvidence) });
  }
  result.score.value = Math.max(0, Math.round((100 - total) * 10) / 10);
  result.score.vetoed = vetoes.length > 0;
  result.verdict = vetoes.length > 0 ? 'veto' : warnings.length > 0 || result.score.value < result.score.passScore ? 'at-risk' : 'ready';
  return result;
}

function jobTime(job: JobRow): number {
  return Date.parse(job.finishedAt ?? job.startedAt);
}

/**
 * The readiness of every site of job `jobId` (sites as the documents name them; `null` for
 * documents without one), with the trend over up to `trendJobs` previous jobs of the scope.
 */
export function readinessSummary(store: ReadinessStore, jobId: number, options: ReadinessOptions = {}): ReadinessSummary {
  const job = store.job(jobId);
  if (job === undefined) throw new Error(`job ${jobId} is not in the store`);
  const chain: JobView[] = [viewOf(store, job)];
  const trendJobs = options.trendJobs ?? 5;
  for (let previous = store.previousJob(job.id); previous !== undefined && chain.length <= trendJobs; previous = store.previousJob(previous.id)) {
    chain.push(viewOf(store, previous));
  }
  const now = options.now ?? jobTime(job);
  const sites = [...chain[0].documents.keys()].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  const summaries = sites.map((site) => {
    const current = assessSite(site, chain[0], chain[1], options, now);
    const trend: SiteReadiness['trend'] = [];
    for (let i = chain.length - 1; i >= 1; i--) {
      if (!chain[i].documents.has(site)) continue;
      const past = assessSite(site, chain[i], chain[i + 1], { ...options, evidenceLimit: 0 }, options.now ?? jobTime(chain[i].job));
      trend.push({ jobId: chain[i].job.id, finishedAt: chain[i].job.finishedAt, vetoes: past.vetoes.length, warnings: past.warnings.length, score: past.score.value });
    }
    trend.push({ jobId: job.id, finishedAt: job.finishedAt, vetoes: current.vetoes.length, warnings: current.warnings.length, score: current.score.value });
    return { ...current, trend };
  });
  return { jobId: job.id, jobFinishedAt: job.finishedAt, measuredAt: new Date(now).toISOString(), source: SCORE_BASIS, sites: summaries };
}

/** Items of `now` that were not in `before` (by code and evidence), at or above `minLevel`: what an alert announces. */
export function newItems(now: SiteReadiness, before: SiteReadiness | undefined, minLevel: ReadinessLevel = 'warning'): ReadinessItem[] {
  // Where, not what: a stale column's day count grows every job, and that is not news; a new
  // page, a new column or a level that rose to veto is.
  const key = (item: ReadinessItem) => `${item.code}\0${item.level}\0${[...new Set(item.evidence.map((e) => `${e.url ?? ''}|${e.column ?? ''}`))].sort().join('\n')}`;
  const seen = new Set([...(before?.vetoes ?? []), ...(before?.warnings ?? [])].map(key));
  return [...now.vetoes, ...now.warnings].filter((item) => LEVEL_RANK[item.level] >= LEVEL_RANK[minLevel] && !seen.has(key(item)));
}
