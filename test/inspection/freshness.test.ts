import t from 'tap';
import { normalizeInspectionConfig, InspectionConfigError, columnLimits } from '../../src/inspection/config.js';
import { assessFreshness, assignColumns } from '../../src/inspection/freshness.js';
import type { SiteDocument } from '../../src/inspection/types.js';

const NOW = Date.parse('2024-03-20T04:00:00Z'); // noon in Beijing

/** The Beijing calendar date `n` days before NOW. */
function daysAgo(n: number): string {
  return new Date(Date.parse('2024-03-20T00:00:00Z') - n * 86_400_000).toISOString().slice(0, 10);
}

const SITE = 'https://www.sxjz.gov.cn';

function config(columns: Array<{ name: string; type: string; url?: string }>, thresholds?: Record<string, number>) {
  return normalizeInspectionConfig({ homepage: { url: `${SITE}/` }, columns, ...(thresholds ? { thresholds } : {}) }, 'inspection.json');
}

function docs(column: string, ...ages: Array<number | null>): SiteDocument[] {
  return ages.map((age, i) => ({ column, url: `${SITE}/${column}/t${i}.html`, published: age === null ? null : daysAgo(age) }));
}

t.test('a news column at and around its 14-day gap', async (t) => {
  const cfg = config([{ name: 'ywdt', type: 'news' }]);
  const state = (age: number) => assessFreshness(cfg, docs('ywdt', age, age + 30), NOW).columns[0];
  t.equal(state(9).state, 'ok', '9 days');
  t.equal(state(10).state, 'due', '10 days: inside the 4-day lead');
  t.equal(state(14).state, 'due', '14 days: not yet more than two weeks');
  t.equal(state(14).daysLeft, 0);
  t.equal(state(15).state, 'stale', '15 days');
  const due = assessFreshness(cfg, [...docs('ywdt', 12), ...docs('other', 1)], NOW).items;
  t.same(due.map((i) => [i.code, i.level]), [['freshness.column-due', 'warning']]);
  t.match(due[0].message, /12 天未更新，2 天后/);
});

t.test('a notice column at and around 180 days', async (t) => {
  const cfg = config([{ name: 'tzgg', type: 'notice' }]);
  const state = (age: number) => assessFreshness(cfg, [...docs('tzgg', age), ...docs('other', 1)], NOW).columns[0].state;
  t.equal(state(149), 'ok');
  t.equal(state(150), 'due', 'the 30-day lead');
  t.equal(state(180), 'due');
  t.equal(state(181), 'stale');
  t.same(columnLimits({ type: 'policy' }), { maxGapDays: 180, leadDays: 30 });
  t.same(columnLimits({ type: 'other', maxGapDays: 30, leadDays: 40 }), { maxGapDays: 30, leadDays: 29 }, 'lead stays inside the gap');
});

t.test('homepage: warning at 10 days, veto after 14', async (t) => {
  const cfg = config([{ name: 'ywdt', type: 'news' }]);
  const level = (age: number) => assessFreshness(cfg, docs('ywdt', age), NOW).homepage.level;
  t.equal(level(9), 'ok');
  t.equal(level(10), 'warning');
  t.equal(level(14), 'warning');
  t.equal(level(15), 'veto');
  const item = assessFreshness(cfg, docs('ywdt', 15), NOW).items.find((i) => i.code === 'freshness.homepage');
  t.equal(item?.level, 'veto');
  t.equal(item?.title, '首页不更新');
  const custom = config([{ name: 'ywdt', type: 'news' }], { homepageWarnDays: 7 });
  t.equal(assessFreshness(custom, docs('ywdt', 7), NOW).homepage.level, 'warning', 'configurable lead');
  t.equal(assessFreshness(cfg, docs('ywdt', null), NOW).homepage.level, 'veto', 'no dated page at all counts as not updated');
  t.equal(assessFreshness(cfg, docs('ywdt', -3, 20), NOW).homepage.daysSince, 20, 'a future date is not an update');
});

t.test('栏目不更新: warning at 3 stale columns, veto at 5', async (t) => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const cfg = config(names.map((name, i) => ({ name, type: i % 2 ? 'notice' : 'news' })));
  const run = (staleCount: number) => {
    const documents = names.flatMap((name, i) => docs(name, i < staleCount ? (i % 2 ? 200 : 20) : 1));
    return assessFreshness(cfg, documents, NOW);
  };
  const aggregate = (staleCount: number) => run(staleCount).items.find((i) => i.code === 'freshness.columns');
  t.equal(aggregate(2), undefined, '2 stale: per-column warnings only');
  t.same(run(2).items.map((i) => i.code), ['freshness.column-stale', 'freshness.column-stale']);
  t.equal(aggregate(3)?.level, 'warning');
  t.equal(aggregate(4)?.level, 'warning');
  t.equal(aggregate(5)?.level, 'veto');
  t.equal(aggregate(5)?.evidence.length, 5);
  t.match(aggregate(5)?.evidence[0], { column: 'a', detail: /最近更新 2024-02-29，距今 20 天/ });
  t.equal(run(5).staleCount, 5);
});

t.test('空白栏目 and undated columns', async (t) => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const cfg = config(names.map((name) => ({ name, type: 'other' })));
  const run = (empty: number) => assessFreshness(cfg, names.slice(empty).flatMap((name) => docs(name, 1)), NOW);
  t.equal(run(2).items.find((i) => i.code === 'freshness.empty-columns'), undefined);
  t.equal(run(3).items.find((i) => i.code === 'freshness.empty-columns')?.level, 'warning');
  t.equal(run(5).items.find((i) => i.code === 'freshness.empty-columns')?.level, 'veto');
  t.equal(run(5).emptyCount, 5);
  const undated = assessFreshness(config([{ name: 'tzgg', type: 'notice' }]), docs('tzgg', null, null), NOW);
  t.equal(undated.columns[0].state, 'undated');
  t.equal(undated.staleCount, 1, 'pages without a publish date count as not updated');
});

t.test('long-idle columns: warning at 7, veto at 10', async (t) => {
  const names = Array.from({ length: 10 }, (_, i) => `c${i}`);
  const cfg = config(names.map((name) => ({ name, type: 'other' })));
  const run = (idle: number) => assessFreshness(cfg, names.flatMap((name, i) => docs(name, i < idle ? 400 : 1)), NOW).items.find((i) => i.code === 'freshness.idle-columns')?.level;
  t.equal(run(6), undefined);
  t.equal(run(7), 'warning');
  t.equal(run(10), 'veto');
});

t.test('documents join columns by name or by index folder', async (t) => {
  const cfg = config([
    { name: '通知公告', type: 'notice', url: `${SITE}/tzgg/index.html` },
    { name: '部门通知', type: 'notice', url: `${SITE}/tzgg/bm/` },
  ]);
  const assigned = assignColumns(cfg.columns, [
    { url: `${SITE}/tzgg/202403/t1.html` },
    { url: `${SITE}/tzgg/bm/t2.html` },
    { url: `${SITE}/tzgg/index.html` },
    { url: `${SITE}/other/t3.html` },
    { column: '通知公告', url: `${SITE}/elsewhere/t4.html` },
  ]);
  t.same(assigned.get('通知公告')!.map((d) => d.url), [`${SITE}/tzgg/202403/t1.html`, `${SITE}/elsewhere/t4.html`]);
  t.same(assigned.get('部门通知')!.map((d) => d.url), [`${SITE}/tzgg/bm/t2.html`], 'the longest folder wins');
  t.same(assigned.get('')!.map((d) => d.url), [`${SITE}/tzgg/index.html`, `${SITE}/other/t3.html`], 'the index page itself is not a document of its column');
});

t.test('inspection.json validation', async (t) => {
  t.throws(() => normalizeInspectionConfig({ colums: [] }, 'x/inspection.json'), InspectionConfigError);
  t.throws(() => normalizeInspectionConfig({ columns: [{ name: 'a', type: 'blog' }] }, 'f'), /columns\[0\]\.type/);
  t.throws(() => normalizeInspectionConfig({ columns: [{ name: 'a' }, { name: 'a' }] }, 'f'), /listed twice/);
  t.throws(() => normalizeInspectionConfig({ thresholds: { staleColumnsWarn: 6 } }, 'f'), /must not exceed/);
  t.throws(() => normalizeInspectionConfig({ alerts: { webhook: 'ftp://x' } }, 'f'), /http or https/);
  t.throws(() => normalizeInspectionConfig({ alerts: { webhook: 'http://127.0.0.1/', secret: 'inline' } }, 'f'), /unknown field 'secret'/, 'secrets do not live in the file');
  const ok = normalizeInspectionConfig({ columns: [{ name: 'a' }], alerts: { webhook: 'http://127.0.0.1:9/hook', secretEnv: 'ALERT_SECRET' } }, 'f');
  t.equal(ok.columns[0].type, 'other');
  t.equal(ok.thresholds.homepageWarnDays, 10);
});

t.test('a column whose index page lists nothing is empty', async (t) => {
  const cfg = config([
    { name: '通知公告', type: 'notice', url: `${SITE}/tzgg/` },
    { name: '要闻动态', type: 'news', url: `${SITE}/ywdt/index.html` },
  ]);
  const documents = [...docs('通知公告', 3), ...docs('要闻动态', 1)];
  const report = assessFreshness(cfg, documents, NOW, { emptyIndexPages: [`${SITE}/tzgg/index.html`] });
  t.same(report.columns.map((c) => [c.name, c.state, c.indexEmpty ?? false]), [
    ['通知公告', 'empty', true],
    ['要闻动态', 'ok', false],
  ]);
  t.match(report.items.find((i) => i.code === 'freshness.column-empty')?.evidence[0], { column: '通知公告', detail: '栏目页未列出任何信息' });
  t.equal(assessFreshness(cfg, documents, NOW).emptyCount, 0, 'without the index pages: documents decide');
});
