/**
 * A site's inspection settings: its columns with their types and index pages, the warning
 * thresholds set inside the veto thresholds, and where alerts go. Read from
 * `SITES_DIR/<site>/inspection.json` (next to the sites helper's `site.json`, which keeps its
 * own strict field list) and from `SITES_DIR/_global/inspection.json` for the global webhook.
 * Pure: `normalizeInspectionConfig` validates parsed JSON; `loadInspectionConfig` in load.ts reads it.
 */

/**
 * Column types of the 2019 indicators (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号):
 * 动态/要闻 must change within 2 weeks, 通知公告/政策文件 within 6 months; other columns only
 * count when "long idle" (more than 10 of them veto the site).
 */
export const COLUMN_TYPES = ['homepage', 'news', 'notice', 'policy', 'other'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Longest allowed gap between two updates, in days, by type (the veto thresholds). */
export const DEFAULT_MAX_GAP_DAYS: Readonly<Record<ColumnType, number>> = { homepage: 14, news: 14, notice: 180, policy: 180, other: 365 };

export interface ColumnConfig {
  /** As the CMS names it (the `column` of scanned documents, ColumnName on its pages). */
  name: string;
  type: ColumnType;
  /** The column's index page; documents under its folder belong to the column. */
  url?: string;
  /** Overrides the type's gap. */
  maxGapDays?: number;
  /** Warn this many days before the gap is reached; default: 4 for gaps up to 30 days, else 30. */
  leadDays?: number;
}

export interface InspectionThresholds {
  /** Homepage: warning after this many days without an update (veto at 14). */
  homepageWarnDays: number;
  homepageVetoDays: number;
  /** 栏目不更新: warn when this many 动态/要闻/通知公告/政策文件 columns are stale (veto at 5). */
  staleColumnsWarn: number;
  staleColumnsVeto: number;
  /** 空白栏目: warn at this many empty columns (veto at 5). */
  emptyColumnsWarn: number;
  emptyColumnsVeto: number;
  /** Long-idle columns of any type: warn at 7, veto at 10. */
  idleColumnsWarn: number;
  idleColumnsVeto: number;
}

export const DEFAULT_THRESHOLDS: Readonly<InspectionThresholds> = {
  homepageWarnDays: 10,
  homepageVetoDays: 14,
  staleColumnsWarn: 3,
  staleColumnsVeto: 5,
  emptyColumnsWarn: 3,
  emptyColumnsVeto: 5,
  idleColumnsWarn: 7,
  idleColumnsVeto: 10,
};

export interface AlertConfig {
  /** http(s) URL the alert is POSTed to. */
  webhook: string;
  /** Name of the environment variable holding the HMAC secret (secrets never live in the file). */
  secretEnv?: string;
  /** Lowest level that alerts: `warning` (default) or `veto`. */
  minLevel?: 'warning' | 'veto';
}

export interface InspectionConfig {
  /** Homepage URL (the site's front page); its column is the `homepage` type. */
  homepage?: { url?: string; columns?: string[] };
  columns: ColumnConfig[];
  thresholds: InspectionThresholds;
  alerts?: AlertConfig;
}

export class InspectionConfigError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'InspectionConfigError';
  }
}

const TOP_FIELDS = new Set(['homepage', 'columns', 'thresholds', 'alerts']);
const COLUMN_FIELDS = new Set(['name', 'type', 'url', 'maxGapDays', 'leadDays']);

/** Validates parsed `inspection.json` and fills defaults; throws InspectionConfigError naming the field. */
export function normalizeInspectionConfig(raw: unknown, file: string): InspectionConfig {
  const fail = (reason: string): never => {
    throw new InspectionConfigError(file, reason);
  };
  const object = (value: unknown, what: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} must be a JSON object`);
    return value as Record<string, unknown>;
  };
  const input = object(raw, 'inspection settings');
  for (const key of Object.keys(input)) if (!TOP_FIELDS.has(key)) fail(`unknown field '${key}' (expected ${[...TOP_FIELDS].join(', ')})`);
  const url = (value: unknown, what: string): string => {
    if (typeof value !== 'string') fail(`${what} must be a URL string`);
    let parsed: URL | undefined;
    try {
      parsed = new URL(value as string);
    } catch {
      fail(`${what}: '${String(value)}' is not a URL`);
    }
    if (parsed!.protocol !== 'http:' && parsed!.protocol !== 'https:') fail(`${what} must be http or https`);
    return value as string;
  };
  const days = (value: unknown, what: string): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3650) fail(`${what} must be a whole number of days (1-3650)`);
    return value as number;
  };

  const config: InspectionConfig = { columns: [], thresholds: { ...DEFAULT_THRESHOLDS } };
  if (input.homepage !== undefined) {
    const homepage = object(input.homepage, 'homepage');
    config.homepage = {};
    if (homepage.url !== undefined) config.homepage.url = url(homepage.url, 'homepage.url');
    if (homepage.columns !== undefined) {
      if (!Array.isArray(homepage.columns) || homepage.columns.some((c) => typeof c !== 'string')) fail('homepage.columns must be an array of column names');
      config.homepage.columns = homepage.columns as string[];
    }
  }
  if (input.columns !== undefined) {
    if (!Array.isArray(input.columns)) fail('columns must be an array');
    const seen = new Set<string>();
    (input.columns as unknown[]).forEach((item, index) => {
      const where = `columns[${index}]`;
      const column = object(item, where);
      for (const key of Object.keys(column)) if (!COLUMN_FIELDS.has(key)) fail(`${where}: unknown field '${key}'`);
      if (typeof column.name !== 'string' || column.name.trim() === '') fail(`${where}.name must be a non-empty string`);
      const name = (column.name as string).trim();
      if (seen.has(name)) fail(`${where}: column '${name}' is listed twice`);
      seen.add(name);
      const type = column.type ?? 'other';
      if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type)) fail(`${where}.type must be one of ${COLUMN_TYPES.join(', ')}`);
      const clean: ColumnConfig = { name, type: type as ColumnType };
      if (column.url !== undefined) clean.url = url(column.url, `${where}.url`);
      if (column.maxGapDays !== undefined) clean.maxGapDays = days(column.maxGapDays, `${where}.maxGapDays`);
      if (column.leadDays !== undefined) clean.leadDays = days(column.leadDays, `${where}.leadDays`);
      config.columns.push(clean);
    });
  }
  if (input.thresholds !== undefined) {
    const thresholds = object(input.thresholds, 'thresholds');
    for (const [key, value] of Object.entries(thresholds)) {
      if (!(key in DEFAULT_THRESHOLDS)) fail(`thresholds.${key}: unknown threshold (expected ${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`);
      config.thresholds[key as keyof InspectionThresholds] = days(value, `thresholds.${key}`);
    }
    const t = config.thresholds;
    for (const [warn, veto] of [['homepageWarnDays', 'homepageVetoDays'], ['staleColumnsWarn', 'staleColumnsVeto'], ['emptyColumnsWarn', 'emptyColumnsVeto'], ['idleColumnsWarn', 'idleColumnsVeto']] as const) {
      if (t[warn] > t[veto]) fail(`thresholds.${warn} (${t[warn]}) must not exceed thresholds.${veto} (${t[veto]}): warnings come before the veto`);
    }
  }
  if (input.alerts !== undefined) {
    const alerts = object(input.alerts, 'alerts');
    for (const key of Object.keys(alerts)) if (!['webhook', 'secretEnv', 'minLevel'].includes(key)) fail(`alerts: unknown field '${key}'`);
    const clean: AlertConfig = { webhook: url(alerts.webhook, 'alerts.webhook') };
    if (alerts.secretEnv !== undefined) {
      if (typeof alerts.secretEnv !== 'string' || !/^[A-Z_][A-Z0-9_]*$/u.test(alerts.secretEnv)) fail('alerts.secretEnv must be an environment variable name');
      clean.secretEnv = alerts.secretEnv as string;
    }
    if (alerts.minLevel !== undefined) {
      if (alerts.minLevel !== 'warning' && alerts.minLevel !== 'veto') fail("alerts.minLevel must be 'warning' or 'veto'");
      clean.minLevel = alerts.minLevel as 'warning' | 'veto';
    }
    config.alerts = clean;
  }
  return config;
}

/** The gap and lead of a column, defaults applied. */
export function columnLimits(column: Pick<ColumnConfig, 'type' | 'maxGapDays' | 'leadDays'>): { maxGapDays: number; leadDays: number } {
  const maxGapDays = column.maxGapDays ?? DEFAULT_MAX_GAP_DAYS[column.type];
  const leadDays = Math.min(column.leadDays ?? (maxGapDays <= 30 ? 4 : 30), maxGapDays - 1);
  return { maxGapDays, leadDays: Math.max(0, leadDays) };
}
