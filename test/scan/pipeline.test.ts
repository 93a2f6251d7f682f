import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { InProcessBackend, SiteResolver } from '../../src/scan/backend.js';
import { JobStore, type StoredFinding } from '../../src/scan/job-store.js';
import { runScan } from '../../src/scan/pipeline.js';
import { buildReport, earlyWarnings, type Rollup } from '../../src/scan/report/index.js';
import type { CheckType } from '../../src/core/types.js';

const CHECKS: CheckType[] = ['sensitive', 'typo', 'normative'];

function archive(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-pipeline-'));
  mkdirSync(join(root, 'gov-a', 'news'), { recursive: true });
  mkdirSync(join(root, 'gov-b', 'notice'), { recursive: true });
  writeFileSync(join(root, 'gov-a', 'news', '1.html'), '<html><body><p>截止目前，全市网站要按步就班地完成集约化建设。</p></body></html>');
  writeFileSync(join(root, 'gov-a', 'news', '2.txt'), '各单位要再接再励。');
  writeFileSync(join(root, 'gov-b', 'notice', '3.txt'), '今天天气很好。');
  writeFileSync(join(root, 'gov-b', 'notice', 'bad.txt'), Buffer.from([0xff]));
  return root;
}

const backend = await InProcessBackend.open({ checks: CHECKS });

t.test('a job records every document with its state, hash, version and findings; problems too', async (t) => {
  const root = archive();
  const store = new JobStore(':memory:');
  const outcome = await runScan(store, backend, { inputs: [root], checks: CHECKS, batchSize: 2 });
  t.equal(outcome.mode, 'new');
  t.equal(outcome.job.state, 'finished');
  const documents = store.documentsOf(outcome.job.id);
  t.same(documents.map((d) => [d.document, d.site, d.column, d.state, d.dictionaryVersion === backend.dictionaryVersion]), [
    ['gov-a/news/1.html', 'gov-a', 'news', 'checked', true],
    ['gov-a/news/2.txt', 'gov-a', 'news', 'checked', true],
    ['gov-b/notice/3.txt', 'gov-b', 'notice', 'checked', true],
  ]);
  const findings = store.findingsOf(outcome.job.id);
  t.same(findings.map((f) => [f.document, f.text, f.suggestions[0]]), [
    ['gov-a/news/1.html', '截止目前', '截至目前'],
    ['gov-a/news/1.html', '按步就班', '按部就班'],
    ['gov-a/news/2.txt', '再接再励', '再接再厉'],
  ]);
  t.equal(findings[2]!.contextBefore, '各单位要');
  t.equal(findings[2]!.contextAfter, '。');
  t.same(store.problemsOf(outcome.job.id).map((p) => [p.file, p.offset]), [['gov-b/notice/bad.txt', 0]]);
  t.equal(documents.find((d) => d.document === 'gov-a/news/1.html')!.findingCount, 2);
});

t.test('replaying a batch changes nothing (upserts keyed by job, input, document)', async (t) => {
  const root = archive();
  const store = new JobStore(':memory:');
  const { job } = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  const before = JSON.stringify([store.findingsOf(job.id), store.problemsOf(job.id)]);
  const record = { input: root, document: 'gov-a/news/2.txt', site: 'gov-a', column: 'news', contentHash: 'x', dictionaryVersion: backend.dictionaryVersion, bytes: 1 };
  const [finding] = store.findingsOf(job.id).filter((f) => f.document === 'gov-a/news/2.txt');
  const stored: StoredFinding = {
    type: finding!.type as StoredFinding['type'],
    category: finding!.category,
    severity: finding!.severity,
    rule: finding!.rule,
    code: finding!.code,
    start: finding!.start,
    end: finding!.end,
    match: finding!.text,
    suggestions: finding!.suggestions,
    message: finding!.message,
    contextBefore: finding!.contextBefore,
    contextAfter: finding!.contextAfter,
  };
  store.transaction(() => store.putChecked(job.id, { ...record, contentHash: store.documentState(job.id, root, 'gov-a/news/2.txt')!.contentHash }, [stored]));
  store.transaction(() => store.putChecked(job.id, { ...record, contentHash: store.documentState(job.id, root, 'gov-a/news/2.txt')!.contentHash }, [stored]));
  store.transaction(() => store.putProblem(job.id, { input: root, file: 'gov-b/notice/bad.txt', offset: 0, message: 'invalid UTF-8 at byte 0; no charset declared (use --encoding gbk for an undeclared GBK archive)' }));
  t.equal(JSON.stringify([store.findingsOf(job.id), store.problemsOf(job.id)]).replace(/"checkedAt":"[^"]*"/g, ''), before.replace(/"checkedAt":"[^"]*"/g, ''));
  t.equal(store.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM findings WHERE job_id = ?').get(job.id)!.n, 3);
});

t.test('an unfinished job is resumed: done documents are not checked again', async (t) => {
  const root = archive();
  const store = new JobStore(':memory:');
  const first = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  // Make it look interrupted after one document: drop the others and reopen the job.
  store.db.prepare(`DELETE FROM documents WHERE job_id = ? AND document != 'gov-a/news/1.html'`).run(first.job.id);
  store.db.prepare(`DELETE FROM findings WHERE job_id = ? AND document != 'gov-a/news/1.html'`).run(first.job.id);
  store.db.prepare(`UPDATE jobs SET state = 'running', finished_at = NULL WHERE id = ?`).run(first.job.id);
  const resumed = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  t.equal(resumed.mode, 'resumed');
  t.equal(resumed.job.id, first.job.id);
  t.equal(resumed.progress.resumed, 1);
  t.equal(resumed.progress.checked, 2);
  t.equal(store.findingsOf(first.job.id).length, 3);
});

t.test('a finished job: the next run is incremental (unchanged documents reused), --full re-checks; report compares new/fixed/open', async (t) => {
  const root = archive();
  const store = new JobStore(':memory:');
  const first = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  writeFileSync(join(root, 'gov-a', 'news', '2.txt'), '各单位要再接再厉，北朝鲜。');
  const second = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  t.equal(second.mode, 'incremental');
  t.equal(second.job.previousJob, first.job.id);
  t.equal(second.progress.checked, 1, 'only the changed page is checked');
  t.equal(second.progress.reused, 2);
  t.same(store.documentsOf(second.job.id).map((d) => d.state), ['reused', 'checked', 'reused']);
  const report = buildReport(store, second.job.id);
  t.same(report.findings.map((f) => [f.text, f.status]), [
    ['截止目前', 'open'],
    ['按步就班', 'open'],
    ['北朝鲜', 'new'],
  ]);
  t.same(report.fixed.map((f) => f.text), ['再接再励']);
  const third = await runScan(store, backend, { inputs: [root], checks: CHECKS, full: true });
  t.equal(third.mode, 'full');
  t.equal(third.progress.checked, 3);
  t.same(buildReport(store, third.job.id).findings.map((f) => f.status), ['open', 'open', 'open']);
  t.equal(store.previousJob(third.job.id)!.id, second.job.id);
  t.same(store.listJobs().map((j) => j.state), ['finished', 'finished', 'finished']);
  const otherScope = await runScan(store, backend, { inputs: [root], checks: ['typo'] });
  t.equal(otherScope.mode, 'new', 'other checks are another scope');
});

t.test('roll-ups per site and column and early warnings with thresholds, vetoes first', async (t) => {
  const root = archive();
  writeFileSync(join(root, 'gov-b', 'notice', '4.txt'), '再接再励。再接再励。按步就班。');
  const store = new JobStore(':memory:');
  const { job } = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  const report = buildReport(store, job.id, { critical: 1, errors: 100, typos: 2 });
  t.same(report.columns.map((c) => [c.site, c.column, c.documents, c.documentsWithFindings, c.findings]), [
    ['gov-a', 'news', 2, 2, 3],
    ['gov-b', 'notice', 2, 1, 3],
  ]);
  t.same(report.sites.map((s) => [s.site, s.findings, s.byType.typo]), [['gov-a', 3, 3], ['gov-b', 3, 3]]);
  t.same(report.warnings.map((w) => [w.level, w.site, w.column]), [['warning', 'gov-a', 'news'], ['warning', 'gov-b', 'notice']]);
  const strict = buildReport(store, job.id, { critical: 1, errors: 100, typos: 3 });
  t.same(strict.warnings, [], 'more than 3 typos is needed');
});

t.test('early warnings: any critical finding is a veto and comes before every other warning', async (t) => {
  const rollup = (column: string, critical: number, error: number, typo: number): Rollup => ({
    site: 's',
    column,
    documents: 1,
    documentsWithFindings: 1,
    findings: critical + error + typo,
    bySeverity: { critical, error, warning: typo, info: 0 },
    byType: { typo, name: critical },
  });
  const warnings = earlyWarnings([], [rollup('typos', 0, 0, 12), rollup('names', 1, 6, 0)], { critical: 1, errors: 5, typos: 10 });
  t.same(warnings.map((w) => [w.level, w.column]), [['veto', 'names'], ['warning', 'typos'], ['warning', 'names']]);
  t.match(warnings[0]!.message, /1 critical finding/);
  t.same(earlyWarnings([], [rollup('names', 1, 0, 0)], { critical: 2, errors: 5, typos: 10 }), [], 'threshold 2 criticals');
});

t.test("sites: each document is checked with its site's overlay (or --site for all); the overlay version is recorded", async (t) => {
  const root = archive();
  writeFileSync(join(root, 'gov-a', 'news', '5.txt'), '本地专有禁词出现了。');
  writeFileSync(join(root, 'gov-b', 'notice', '5.txt'), '本地专有禁词出现了。');
  const sitesDir = mkdtempSync(join(tmpdir(), 'jiaodui-sites-'));
  mkdirSync(join(sitesDir, 'gov-a', 'sensitive'), { recursive: true });
  writeFileSync(join(sitesDir, 'gov-a', 'sensitive', 'local.txt'), '专有禁词\terror\n');
  const sites = await SiteResolver.open({ sitesDir });
  t.teardown(() => sites.close());
  const siteBackend = await InProcessBackend.open({ loaded: undefined, checks: CHECKS, sites });
  const store = new JobStore(':memory:');
  const { job } = await runScan(store, siteBackend, { inputs: [root], checks: CHECKS });
  const local = store.findingsOf(job.id).filter((f) => f.text === '专有禁词');
  t.same(local.map((f) => [f.document, f.severity]), [['gov-a/news/5.txt', 'error']], "only gov-a's pages know gov-a's term");
  const versions = new Map(store.documentsOf(job.id).map((d) => [d.document, d.dictionaryVersion]));
  t.match(versions.get('gov-a/news/5.txt'), new RegExp(`^${backend.dictionaryVersion}\\+gov-a:`));
  t.equal(versions.get('gov-b/notice/5.txt'), backend.dictionaryVersion, 'no overlay for a site the folder does not have');
  const forced = await SiteResolver.open({ sitesDir, site: 'gov-a' });
  t.teardown(() => forced.close());
  const forcedBackend = await InProcessBackend.open({ checks: CHECKS, sites: forced });
  const forcedStore = new JobStore(':memory:');
  const all = await runScan(forcedStore, forcedBackend, { inputs: [root], checks: CHECKS, site: 'gov-a' });
  t.same(forcedStore.findingsOf(all.job.id).filter((f) => f.text === '专有禁词').map((f) => f.document), ['gov-a/news/5.txt', 'gov-b/notice/5.txt'], '--site applies to every page');
  await t.rejects(SiteResolver.open({ sitesDir, site: 'nope' }), /site nope is not in/);
  await t.rejects(SiteResolver.open({ site: 'gov-a' }), /needs a sites folder/);
});

t.test('a page edited without a new PubDate: the readiness of the rescan shows what changed, line by line', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-tamper-'));
  mkdirSync(join(root, 'city', 'news'), { recursive: true });
  const page = (body: string) => `<html><head><meta name="PubDate" content="2026-11-20"><script>var x = "<p>not text</p>";</script></head><body><h1>通知</h1><p>第一段保持不变。</p>${body}</body></html>`;
  writeFileSync(join(root, 'city', 'news', 'a.html'), page('<p>会议要求提高服务质量。</p>'));
  writeFileSync(join(root, 'city', 'news', 'b.html'), page('<p>另一页，不改。</p>'));
  const store = new JobStore(':memory:');
  const first = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  t.equal(store.pageLines(first.job.id, root, 'city/news/a.html'), '通知\n第一段保持不变。\n会议要求提高服务质量。', 'visible lines, scripts dropped');
  writeFileSync(join(root, 'city', 'news', 'a.html'), page('<p>会议要求提高服务质量和效率。</p><p>新增一段。</p>'));
  const second = await runScan(store, backend, { inputs: [root], checks: CHECKS });
  t.equal(second.mode, 'incremental');
  t.equal(store.pageLines(second.job.id, root, 'city/news/b.html'), '通知\n第一段保持不变。\n另一页，不改。', 'an unchanged page keeps its lines in the new job');
  const readiness = buildReport(store, second.job.id).readiness;
  const city = readiness.sites.find((site) => site.site === 'city')!;
  t.ok(city.warnings.some((item) => item.code === 'tamper.silent-edit'));
  t.same(Object.values(city.tampering!.diffs), [[
    { op: '-', line: '会议要求提高服务质量。' },
    { op: '+', line: '会议要求提高服务质量和效率。' },
    { op: '+', line: '新增一段。' },
  ]]);
});
