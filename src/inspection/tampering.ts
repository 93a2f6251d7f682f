import type { Evidence, ReadinessItem } from './types.js';

/**
 * Tampering between two rescans of a site (pure).
 *
 * - A page whose content changed while its publish date did not (`tamper.silent-edit`,
 *   warning): an edit that should have been republished, or an injection. When both texts
 *   are given, the item carries a line diff.
 * - A page that gained an off-site script or an iframe since the previous job
 *   (`tamper.new-script`, `tamper.new-iframe`, warning), or a hidden off-site link
 *   (`tamper.new-hidden-link`, veto: hidden links are how 插码挂码 poisons a government site).
 *
 * Content hashes cover the whole page, so a template change (a new footer, a new navigation
 * entry) changes every page at once: when more than `templateShare` of at least
 * `templateMinPages` compared pages changed that way, one info item replaces the per-page
 * warnings.
 */

export interface PageInventory {
  scripts: readonly string[];
  iframes: readonly string[];
  hiddenLinks: readonly string[];
}

export interface PageSnapshot {
  /** What identifies the page across jobs: its URL, else its document id. */
  key: string;
  url?: string;
  column?: string;
  published?: string | null;
  contentHash?: string;
  inventory?: PageInventory;
  /** The page's text, when the caller has it: the item then shows a diff. */
  text?: string;
}

export interface TamperingOptions {
  templateShare?: number;
  templateMinPages?: number;
  /** Lines of diff kept per page (default 12). */
  diffLines?: number;
}

export interface DiffLine {
  op: '-' | '+';
  line: string;
}

/** Items, plus each silently edited page's diff keyed like the evidence's url (or page key). */
export interface TamperingReport {
  compared: number;
  items: ReadinessItem[];
  diffs: Record<string, DiffLine[]>;
}

/** A line diff (longest common subsequence on lines), lines cut to 120 characters, at most `limit` lines. */
export function lineDiff(before: string, after: string, limit = 12): DiffLine[] {
  const a = before.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const b = after.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  // Trim the common head and tail first: edits are local, and the table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const out: DiffLine[] = [];
  const cut = (line: string) => (line.length > 120 ? `${line.slice(0, 119)}…` : line);
  if (x.length * y.length > 250_000) {
    // Too big to align: show what went and what came, in order.
    for (const line of x) out.push({ op: '-', line: cut(line) });
    for (const line of y) out.push({ op: '+', line: cut(line) });
    return out.slice(0, limit);
  }
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  let i = 0;
  let j = 0;
  while ((i < x.length || j < y.length) && out.length < limit) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ op: '-', line: cut(x[i++]) });
    else out.push({ op: '+', line: cut(y[j++]) });
  }
  return out;
}

function added(before: readonly string[] | undefined, after: readonly string[] | undefined): string[] {
  const had = new Set(before ?? []);
  return [...new Set(after ?? [])].filter((u) => !had.has(u));
}

export function detectTampering(previous: readonly PageSnapshot[], current: readonly PageSnapshot[], options: TamperingOptions = {}): TamperingReport {
  const templateShare = options.templateShare ?? 0.3;
  const templateMinPages = options.templateMinPages ?? 10;
  const before = new Map(previous.map((p) => [p.key, p]));
  const silent: Array<{ page: PageSnapshot; was: PageSnapshot }> = [];
  const scripts: Evidence[] = [];
  const iframes: Evidence[] = [];
  const hidden: Evidence[] = [];
  let compared = 0;
  for (const page of current) {
    const was = before.get(page.key);
    if (was === undefined) continue;
    compared++;
    const where = { ...(page.url ? { url: page.url } : {}), ...(page.column ? { column: page.column } : {}) };
    if (page.contentHash !== undefined && was.contentHash !== undefined && page.contentHash !== was.contentHash && (page.published ?? null) === (was.published ?? null)) {
      silent.push({ page, was });
    }
    if (page.inventory !== undefined && was.inventory !== undefined) {
      for (const url of added(was.inventory.scripts, page.inventory.scripts)) scripts.push({ ...where, detail: `新增外部脚本 ${url}` });
      for (const url of added(was.inventory.iframes, page.inventory.iframes)) iframes.push({ ...where, detail: `新增 iframe ${url}` });
      for (const url of added(was.inventory.hiddenLinks, page.inventory.hiddenLinks)) hidden.push({ ...where, detail: `新增隐藏站外链接 ${url}` });
    }
  }

  const items: ReadinessItem[] = [];
  const diffs: Record<string, DiffLine[]> = {};
  if (silent.length >= templateMinPages && silent.length > templateShare * compared) {
    items.push({
      code: 'tamper.template-change',
      level: 'info',
      title: '页面模板变更',
      message: `${silent.length}/${compared} 个页面内容变化而发布时间未变：疑为模板（页头、页脚、导航）变更，未逐页预警`,
      evidence: silent.slice(0, 5).map(({ page }) => ({ ...(page.url ? { url: page.url } : {}), detail: `发布时间 ${page.published ?? '无'}` })),
    });
  } else if (silent.length > 0) {
    items.push({
      code: 'tamper.silent-edit',
      level: 'warning',
      title: '内容被改动但发布时间未变',
      message: `${silent.length} 个页面在两次扫描之间内容发生变化，发布时间未变：请核实是否为正常修改（修改后应更新时间或注明），或被篡改`,
      evidence: silent.map(({ page }) => ({
        ...(page.url ? { url: page.url } : {}),
        ...(page.column ? { column: page.column } : {}),
        detail: `发布时间 ${page.published ?? '无'}，内容摘要 ${page.contentHash!.slice(0, 12)}（上次 ${silent.find((s) => s.page === page)!.was.contentHash!.slice(0, 12)}）`,
      })),
    });
    for (const { page, was } of silent) {
      if (page.text !== undefined && was.text !== undefined) diffs[page.url ?? page.key] = lineDiff(was.text, page.text, options.diffLines ?? 12);
    }
  }
  if (hidden.length > 0) {
    items.push({ code: 'tamper.new-hidden-link', level: 'veto', title: '新增隐藏链接（暗链）', message: `${hidden.length} 个隐藏的站外链接在上次扫描后出现：疑为被植入暗链，属单项否决风险`, evidence: hidden });
  }
  if (scripts.length > 0) {
    items.push({ code: 'tamper.new-script', level: 'warning', title: '新增外部脚本', message: `${scripts.length} 处新增的站外脚本：请确认为本单位部署`, evidence: scripts });
  }
  if (iframes.length > 0) {
    items.push({ code: 'tamper.new-iframe', level: 'warning', title: '新增嵌入框架', message: `${iframes.length} 处新增的 iframe：请确认为本单位部署`, evidence: iframes });
  }
  return { compared, items, diffs };
}
