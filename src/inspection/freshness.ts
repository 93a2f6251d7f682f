import { columnLimits, type ColumnConfig, type ColumnType, type InspectionConfig } from './config.js';
import { dateValue, daysBetween, type ReadinessItem, type SiteDocument } from './types.js';

/**
 * Column freshness and empty columns over one job's documents (pure).
 *
 * The veto rules of 《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号), as the issue lists
 * them: the homepage not updated for more than 2 weeks; 动态/要闻 columns not updated for more
 * than 2 weeks and 通知公告/政策文件 columns for more than 6 months, 5 or more together; 5 or more
 * empty columns (空白栏目); 10 or more columns idle for long. "More than N days" is read as
 * `days > N`: a column last updated exactly 14 days ago is not yet stale.
 *
 * Warnings come at the configured lead: a column is `due` from `maxGapDays - leadDays` days on
 * (10 of 14, 150 of 180 by default), the homepage from `homepageWarnDays` (10), the counts
 * from their `...Warn` thresholds (3 stale, 3 empty, 7 idle). A page without a publish date
 * does not count as an update (the inspection treats it as not updated).
 */

export type ColumnState = 'ok' | 'due' | 'stale' | 'empty' | 'undated';

export interface ColumnStatus {
  name: string;
  type: ColumnType;
  url?: string;
  documents: number;
  /** Newest publish date (YYYY-MM-DD or as stored) among the column's documents, not in the future. */
  lastPublished?: string;
  daysSince?: number;
  maxGapDays: number;
  leadDays: number;
  state: ColumnState;
  /** Days left before the gap is exceeded (negative when it is). */
  daysLeft?: number;
  /** Empty because its index page lists no entries (what an inspector sees), whatever the archive holds. */
  indexEmpty?: boolean;
}

export interface FreshnessOptions {
  /** URLs of index pages that list no entries (the `compliance.empty-column` finding of a scan). */
  emptyIndexPages?: Iterable<string>;
}

export interface FreshnessReport {
  homepage: { lastPublished?: string; daysSince?: number; level: 'ok' | 'warning' | 'veto' };
  columns: ColumnStatus[];
  /** 动态/要闻/通知公告/政策文件 columns past their gap (undated ones included). */
  staleCount: number;
  emptyCount: number;
  /** Columns of any type past their gap. */
  idleCount: number;
  /** Documents not in any configured column. */
  unassigned: number;
  items: ReadinessItem[];
}

/** The folder of an index page (`.../tzgg/index.html` -> `.../tzgg/`), for URL membership. */
export function columnFolder(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.endsWith('/') ? parsed.pathname : parsed.pathname.replace(/[^/]*$/u, '');
    return `${parsed.host.toLowerCase()}${path}`;
  } catch {
    return url;
  }
}

function urlKey(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.host.toLowerCase()}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/** The column a document belongs to: by its `column` name, else by the longest index folder containing its URL. */
export function assignColumns(columns: readonly ColumnConfig[], documents: readonly SiteDocument[]): Map<string, SiteDocument[]> {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const folders = columns
    .filter((c) => c.url !== undefined)
    .map((c) => ({ name: c.name, folder: columnFolder(c.url!), index: urlKey(c.url!) }))
    .sort((a, b) => b.folder.length - a.folder.length);
  const assigned = new Map<string, SiteDocument[]>(columns.map((c) => [c.name, []]));
  assigned.set('', []);
  for (const document of documents) {
    let name = document.column?.trim();
    if (name === undefined || !byName.has(name)) {
      const key = document.url ? urlKey(document.url) : undefined;
      // The index page itself is not one of the column's documents.
      const hit = key === undefined ? undefined : folders.find((f) => key.startsWith(f.folder) && key !== f.index && `${key}/` !== f.folder);
      name = hit?.name ?? '';
    }
    assigned.get(name)!.push(document);
  }
  return assigned;
}

function newest(documents: readonly SiteDocument[], now: number): { text: string; time: number } | undefined {
  let best: { text: string; time: number } | undefined;
  for (const document of documents) {
    const time = dateValue(document.published);
    // A date in the future is no evidence of an update (and is reported as a forged date elsewhere).
    if (time === undefined || time > now) continue;
    if (best === undefined || time > best.time) best = { text: document.published!, time };
  }
  return best;
}

const RULED: ReadonlySet<ColumnType> = new Set(['homepage', 'news', 'notice', 'policy']);
const TYPE_NAMES: Readonly<Record<ColumnType, string>> = { homepage: '首页', news: '动态要闻类', notice: '通知公告类', policy: '政策文件类', other: '其他' };

export function assessFreshness(config: InspectionConfig, documents: readonly SiteDocument[], now: number, options: FreshnessOptions = {}): FreshnessReport {
  const t = config.thresholds;
  const assigned = assignColumns(config.columns, documents);
  const emptyFolders = new Set([...(options.emptyIndexPages ?? [])].map(columnFolder));
  const columns: ColumnStatus[] = config.columns.map((column) => {
    const docs = assigned.get(column.name) ?? [];
    const { maxGapDays, leadDays } = columnLimits(column);
    const status: ColumnStatus = { name: column.name, type: column.type, documents: docs.length, maxGapDays, leadDays, state: 'ok' };
    if (column.url !== undefined) status.url = column.url;
    if (column.url !== undefined && emptyFolders.has(columnFolder(column.url))) {
      status.state = 'empty';
      status.indexEmpty = true;
      return status;
    }
    if (docs.length === 0) {
      status.state = 'empty';
      return status;
    }
    const last = newest(docs, now);
    if (last === undefined) {
      status.state = 'undated';
      return status;
    }
    status.lastPublished = last.text;
    status.daysSince = daysBetween(last.time, now);
    status.daysLeft = maxGapDays - status.daysSince;
    status.state = status.daysSince > maxGapDays ? 'stale' : status.daysSince >= maxGapDays - leadDays ? 'due' : 'ok';
    return status;
  });

  const homepageDocs = config.homepage?.columns ? config.homepage.columns.flatMap((name) => assigned.get(name) ?? []) : documents;
  const homepageLast = newest(homepageDocs, now);
  const homepageDays = homepageLast === undefined ? undefined : daysBetween(homepageLast.time, now);
  const homepageLevel =
    homepageDays === undefined ? (homepageDocs.length > 0 || config.columns.length > 0 ? 'veto' : 'ok') : homepageDays > t.homepageVetoDays ? 'veto' : homepageDays >= t.homepageWarnDays ? 'warning' : 'ok';

  const pastGap = (c: ColumnStatus): boolean => c.state === 'stale' || c.state === 'undated';
  const stale = columns.filter((c) => RULED.has(c.type) && pastGap(c));
  const empty = columns.filter((c) => c.state === 'empty');
  const idle = columns.filter(pastGap);
  const items: ReadinessItem[] = [];
  const columnEvidence = (c: ColumnStatus) => ({
    column: c.name,
    ...(c.url ? { url: c.url } : {}),
    detail:
      c.state === 'empty'
        ? c.indexEmpty
          ? '栏目页未列出任何信息'
          : '栏目无任何信息'
        : c.state === 'undated'
          ? `${c.documents} 篇信息均无发布时间`
          : `最近更新 ${c.lastPublished}，距今 ${c.daysSince} 天（${TYPE_NAMES[c.type]}上限 ${c.maxGapDays} 天）`,
  });

  if (homepageLevel !== 'ok') {
    items.push({
      code: 'freshness.homepage',
      level: homepageLevel,
      title: '首页不更新',
      message:
        homepageDays === undefined
          ? '首页栏目没有任何带发布时间的信息：按未更新计'
          : homepageLevel === 'veto'
            ? `首页已 ${homepageDays} 天未更新（超过 ${t.homepageVetoDays} 天属单项否决）`
            : `首页已 ${homepageDays} 天未更新（预警线 ${t.homepageWarnDays} 天，否决线 ${t.homepageVetoDays} 天）`,
      evidence: [{ ...(config.homepage?.url ? { url: config.homepage.url } : {}), detail: homepageLast ? `最近更新 ${homepageLast.text}` : '无发布时间' }],
    });
  }
  const countItem = (code: string, title: string, list: ColumnStatus[], warn: number, veto: number, what: string): void => {
    if (list.length < warn) return;
    const level = list.length >= veto ? 'veto' : 'warning';
    items.push({
      code,
      level,
      title,
      message: `${list.length} 个${what}（预警线 ${warn} 个，否决线 ${veto} 个）`,
      evidence: list.map(columnEvidence),
    });
  };
  countItem('freshness.columns', '栏目不更新', stale, t.staleColumnsWarn, t.staleColumnsVeto, '动态要闻、通知公告、政策文件类栏目超期未更新');
  countItem('freshness.empty-columns', '空白栏目', empty, t.emptyColumnsWarn, t.emptyColumnsVeto, '栏目无内容');
  countItem('freshness.idle-columns', '栏目长期未更新', idle, t.idleColumnsWarn, t.idleColumnsVeto, '栏目超期未更新');
  // Each column inside its lead or past its gap gets its own warning: what a platform's per-column rule sends.
  for (const c of columns.filter((c) => c.state === 'due')) {
    items.push({
      code: 'freshness.column-due',
      level: 'warning',
      title: '栏目即将超期',
      message: `栏目“${c.name}”已 ${c.daysSince} 天未更新，${c.daysLeft} 天后超过 ${c.maxGapDays} 天上限`,
      evidence: [columnEvidence(c)],
    });
  }
  for (const c of columns.filter((c) => pastGap(c) || c.state === 'empty')) {
    items.push({
      code: c.state === 'empty' ? 'freshness.column-empty' : 'freshness.column-stale',
      level: 'warning',
      title: c.state === 'empty' ? '空白栏目' : '栏目超期未更新',
      message: `栏目“${c.name}”：${columnEvidence(c).detail}`,
      evidence: [columnEvidence(c)],
    });
  }
  return {
    homepage: { ...(homepageLast ? { lastPublished: homepageLast.text } : {}), ...(homepageDays !== undefined ? { daysSince: homepageDays } : {}), level: homepageLevel },
    columns,
    staleCount: stale.length,
    emptyCount: empty.length,
    idleCount: idle.length,
    unassigned: assigned.get('')!.length,
    items,
  };
}
