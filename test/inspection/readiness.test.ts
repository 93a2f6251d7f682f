import t from 'tap';
import type { Finding } from '../../src/core/types.js';
import { JobStore, type StoredFinding } from '../../src/scan/job-store.js';
import { normalizeInspectionConfig } from '../../src/inspection/config.js';
import { newItems, readinessSummary, SCORE_BASIS } from '../../src/inspection/readiness.js';

const SITE = 'https://www.sxjz.gov.cn';

function finding(partial: Omit<Partial<StoredFinding>, 'type'> & { type: string; code: string; severity: Finding['severity']; match: string }): StoredFinding {
  // The store takes any type string (link findings come from another check).
  return {
    category: partial.code.split('.')[1],
    rule: partial.code,
    start: 0,
    end: partial.match.length,
    suggestions: [],
    message: partial.code,
    contextBefore: '前文',
    contextAfter: '后文',
    ...partial,
  } as StoredFinding;
}

interface Page {
  path: string;
  column: string;
  published: string | null;
  hash: string;
  findings?: StoredFinding[];
}

function job(store: JobStore, pages: Page[], finishedAt: string): number {
  const row = store.createJob({ scope: 'city', inputs: ['warc'], options: {}, dictionaryVersion: 'v1', previousJob: null, full: true });
  store.transaction(() => {
    for (const page of pages) {
      store.putChecked(
        row.id,
        { input: 'warc', document: page.path, site: 'city', column: page.column, url: `${SITE}${page.path}`, ...(page.published ? { published: page.published } : {}), contentHash: page.hash, dictionaryVersion: 'v1', bytes: 100 },
        page.findings ?? [],
      );
    }
  });
  store.finishJob(row.id);
  store.db.prepare('UPDATE jobs SET finished_at = ? WHERE id = ?').run(finishedAt, row.id);
  return row.id;
}

const CONFIG = normalizeInspectionConfig(
  {
    homepage: { url: `${SITE}/` },
    columns: [
      { name: '要闻动态', type: 'news', url: `${SITE}/ywdt/` },
      { name: '通知公告', type: 'notice', url: `${SITE}/tzgg/` },
      { name: '政策文件', type: 'policy' },
    ],
  },
  'city/inspection.json',
);

t.test('summary of a site over three jobs', async (t) => {
  const store = new JobStore(':memory:');
  t.teardown(() => store.close());
  const first = job(
    store,
    [
      { path: '/ywdt/t1.html', column: '要闻动态', published: '2024-02-25', hash: 'a1' },
      { path: '/tzgg/t2.html', column: '通知公告', published: '2024-01-10', hash: 'b1', findings: [finding({ type: 'privacy', code: 'privacy.mobile', severity: 'warning', match: '13800138000' })] },
    ],
    '2024-03-01T04:00:00Z',
  );
  const second = job(
    store,
    [
      { path: '/ywdt/t1.html', column: '要闻动态', published: '2024-02-25', hash: 'a1' },
      { path: '/tzgg/t2.html', column: '通知公告', published: '2024-01-10', hash: 'b1' },
    ],
    '2024-03-06T04:00:00Z',
  );
  const third = job(
    store,
    [
      { path: '/ywdt/t1.html', column: '要闻动态', published: '2024-02-25', hash: 'a2', findings: [finding({ type: 'compliance', code: 'compliance.hidden-link', severity: 'warning', match: 'https://bet.example/' })] },
      {
        path: '/tzgg/t2.html',
        column: '通知公告',
        published: '2024-01-10',
        hash: 'b1',
        findings: [
          finding({ type: 'secrecy', code: 'secrecy.marking', severity: 'critical', match: '秘密★一年' }),
          finding({ type: 'privacy', code: 'privacy.id-number', severity: 'error', match: '140702199001011231' }),
          finding({ type: 'privacy', code: 'privacy.mobile', severity: 'warning', match: '13800138000' }),
          finding({ type: 'link', code: 'link.broken', severity: 'error', match: '/old.html' }),
          finding({ type: 'typo', code: 'typo.context', severity: 'error', match: '按步就班' }),
        ],
      },
    ],
    '2024-03-12T04:00:00Z',
  );
  t.same([first, second, third], [1, 2, 3]);

  const summary = readinessSummary(store, third, { configFor: (site) => (site === 'city' ? CONFIG : undefined) });
  t.equal(summary.source, SCORE_BASIS);
  t.equal(summary.measuredAt, '2024-03-12T04:00:00.000Z', 'freshness as of the job');
  t.equal(summary.sites.length, 1);
  const city = summary.sites[0];
  t.equal(city.site, 'city');
  t.equal(city.verdict, 'veto');
  t.same(city.vetoes.map((v) => v.code), ['veto.secrets', 'veto.links', 'freshness.homepage', 'tamper.new-hidden-link']);
  const secrets = city.vetoes.find((v) => v.code === 'veto.secrets')!;
  t.same(secrets.evidence, [{ url: `${SITE}/tzgg/t2.html`, column: '通知公告', detail: 'secrecy.marking: secrecy.marking', excerpt: '前文秘密★一年后文' }], 'evidence: the page and the finding\'s excerpt');
  // 要闻动态 last updated 2024-02-25: 16 days before 03-12 noon, more than two weeks.
  t.same(city.warnings.map((w) => w.code), ['warn.privacy', 'freshness.column-stale', 'freshness.column-empty', 'tamper.silent-edit']);
  t.ok(city.warnings.some((w) => w.code === 'freshness.column-stale' && w.evidence[0].column === '要闻动态'), '要闻动态 past its 14 days');
  t.ok(city.warnings.some((w) => w.code === 'freshness.column-empty' && w.evidence[0].column === '政策文件'), '政策文件 has no documents');
  t.ok(city.warnings.some((w) => w.code === 'tamper.silent-edit' && w.evidence[0].url === `${SITE}/ywdt/t1.html`), 'content changed under the same date');
  t.ok(city.warnings.some((w) => w.code === 'warn.privacy'));
  t.equal(city.freshness?.homepage.daysSince, 16);
  t.equal(city.freshness?.homepage.level, 'veto');

  t.same(
    city.deductions.map((d) => [d.code, d.count, d.points]),
    [
      ['deduct.broken-links', 1, 0.2],
      ['deduct.privacy', 1, 2],
      ['deduct.expression', 1, 0.5],
    ],
    'privacy counted per page',
  );
  t.equal(city.score.value, 97.3);
  t.equal(city.score.estimate, true);
  t.equal(city.score.vetoed, true);
  t.same(
    city.trend.map((p) => [p.jobId, p.vetoes > 0]),
    [
      [1, false],
      [2, false],
      [3, true],
    ],
    'trend over previous jobs, oldest first',
  );
  t.equal(city.trend[0].score, 98, 'the first job had a privacy leak');

  const before = readinessSummary(store, second, { configFor: () => CONFIG }).sites[0];
  const fresh = newItems(city, before);
  t.ok(fresh.some((i) => i.code === 'veto.secrets'), 'the marking is new since job 2');
  t.notOk(newItems(city, city).length, 'nothing is new against itself');
});

t.test('a site without inspection settings gets no freshness, and an unknown job throws', async (t) => {
  const store = new JobStore(':memory:');
  t.teardown(() => store.close());
  const id = job(store, [{ path: '/a.html', column: 'x', published: null, hash: 'h' }], '2024-03-12T04:00:00Z');
  const site = readinessSummary(store, id).sites[0];
  t.equal(site.freshness, undefined);
  t.equal(site.verdict, 'ready');
  t.same(site.trend.map((p) => p.jobId), [id]);
  t.throws(() => readinessSummary(store, 99), /job 99/);
});

t.test('an index page that lists no entries makes its column empty', async (t) => {
  const store = new JobStore(':memory:');
  t.teardown(() => store.close());
  const id = job(
    store,
    [
      { path: '/tzgg/index.html', column: '', published: null, hash: 'i', findings: [finding({ type: 'compliance', code: 'compliance.empty-column', severity: 'info', match: '<head>' })] },
      { path: '/tzgg/t1.html', column: '通知公告', published: '2024-03-10', hash: 'a' },
      { path: '/ywdt/t2.html', column: '要闻动态', published: '2024-03-10', hash: 'b' },
    ],
    '2024-03-12T04:00:00Z',
  );
  const city = readinessSummary(store, id, { configFor: () => CONFIG }).sites[0];
  t.same(city.freshness?.columns.map((c) => [c.name, c.state]), [
    ['要闻动态', 'ok'],
    ['通知公告', 'empty'],
    ['政策文件', 'empty'],
  ]);
});

t.test('evidence never repeats the personal data it reports', async (t) => {
  const store = new JobStore(':memory:');
  t.teardown(() => store.close());
  const id = finding({ type: 'privacy', code: 'privacy.id-number', severity: 'warning', match: '14070219850315123X', suggestions: ['1407**********123X'], contextBefore: '电话13912345678，身份证号', contextAfter: '，住址' });
  const jobId = job(store, [{ path: '/tzgg/gs.html', column: '通知公告', published: '2024-03-01', hash: 'h', findings: [id] }], '2024-03-02T00:00:00Z');
  const items = readinessSummary(store, jobId).sites[0]!.warnings.filter((item) => item.code.startsWith('privacy') || item.evidence.some((e) => e.detail.startsWith('privacy')));
  t.ok(items.length > 0, 'the leak is an item');
  const excerpt = items[0]!.evidence[0]!.excerpt ?? '';
  t.equal(excerpt, '电话139****5678，身份证号1407**********123X，住址');
  t.notMatch(JSON.stringify(readinessSummary(store, jobId)), /14070219850315123X|13912345678/, 'not anywhere in the summary');
});
