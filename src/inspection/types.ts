/** The vocabulary of inspection readiness: items a site manager acts on, with their evidence. */

/**
 * `veto`: what the inspection fails a site for outright (单项否决) is present now;
 * `warning`: inside the configured lead before a veto threshold, or a deduction-class problem
 * that needs attention; `info`: context.
 */
export type ReadinessLevel = 'veto' | 'warning' | 'info';

export const LEVEL_RANK: Readonly<Record<ReadinessLevel, number>> = { info: 0, warning: 1, veto: 2 };

export interface Evidence {
  url?: string;
  column?: string;
  /** What was seen, in a few words (dates, counts, the finding's code). */
  detail: string;
  /** The finding's own excerpt (its match and up to 20 characters around it); never more article text. */
  excerpt?: string;
}

export interface ReadinessItem {
  /** Stable kind: `freshness.homepage`, `freshness.columns`, `tamper.silent-edit`, `veto.secrets`, ... */
  code: string;
  level: ReadinessLevel;
  /** Short Chinese title as the inspection names it (首页不更新, 空白栏目, ...). */
  title: string;
  message: string;
  evidence: Evidence[];
}

/** One document of a job as the inspection reads it (a row of the scan job store, or plain data). */
export interface SiteDocument {
  url?: string | null;
  column?: string | null;
  /** YYYY-MM-DD or an ISO time; null when the page has none (it counts as not updated). */
  published?: string | null;
  contentHash?: string;
  document?: string;
}

export const DAY_MS = 86_400_000;

/** ms since the epoch of a YYYY-MM-DD (Beijing midnight) or ISO date; undefined when unreadable. */
export function dateValue(value: string | null | undefined, utcOffsetMinutes = 480): number | undefined {
  if (value === null || value === undefined) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value.trim());
  if (day !== null) return Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) - utcOffsetMinutes * 60_000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Whole days from `then` to `now` (calendar days in Beijing time for day-precision dates). */
export function daysBetween(then: number, now: number): number {
  return Math.floor((now - then) / DAY_MS);
}
