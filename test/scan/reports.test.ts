import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import t from 'tap';
import type { CheckType } from '../../src/core/types.js';
import { InProcessBackend } from '../../src/scan/backend.js';
import { JobStore } from '../../src/scan/job-store.js';
import { runScan } from '../../src/scan/pipeline.js';
import { buildReport, CSV_COLUMNS, renderReport } from '../../src/scan/report/index.js';

const CHECKS: CheckType[] = ['sensitive', 'typo', 'normative'];
const backend = await InProcessBackend.open({ checks: CHECKS });

async function scanned() {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-reports-'));
  mkdirSync(join(root, 'site', 'news'), { recursive: true });
  writeFileSync(join(root, 'site', 'news', 'a b.html'), '<html><body><p>截止目前，要按步就班。</p></body></html>');
  const ndjson = join(root, 'docs.ndjson');
  writeFileSync(
    ndjson,
    [
      JSON.stringify({ id: 'n1', url: 'https://x.gov.cn/n1.html', site: 'x', column: 'c', text: '</script><!-- 再接再励，"引号",逗号' }),
      JSON.stringify({ id: 'n2', text: '=再接再励' }),
      '{broken',
    ].join('\n'),
  );
  const store = new JobStore(':memory:');
  const { job } = await runScan(store, backend, { inputs: [join(root), ndjson], checks: CHECKS });
  return { store, job, report: buildReport(store, job.id) };
}

t.test('JSON: {"findings": [...]} with the contract fields; document is the relative path or the id', async (t) => {
  const { report } = await scanned();
  const json = JSON.parse(renderReport(report, 'json', '1.2.3')) as { findings: Array<Record<string, unknown>>; problems: unknown[] };
  t.same(
    json.findings.map((f) => [f.document, f.text]),
    [
      ['site/news/a b.html', '截止目前'],
      ['site/news/a b.html', '按步就班'],
      ['n1', '再接再励'],
      ['n2', '再接再励'],
    ],
  );
  for (const finding of json.findings) {
    for (const key of ['document', 'start', 'end', 'type', 'code', 'severity', 'text']) t.ok(key in finding, `finding has ${key}`);
  }
  const n1 = json.findings[2]!;
  t.match(n1, { start: 14, end: 18, type: 'typo', code: 'typo.chengyu', severity: 'warning', url: 'https://x.gov.cn/n1.html', site: 'x', column: 'c', suggestions: ['再接再厉'] });
  t.equal(json.problems.length, 1, 'the broken NDJSON line');
});

t.test('CSV: stable header, RFC 4180 quoting, formula-looking cells defused, BOM', async (t) => {
  const { report } = await scanned();
  const csv = renderReport(report, 'csv', '1.2.3');
  t.ok(csv.startsWith('\ufeff'));
  const lines = csv.slice(1).split('\r\n');
  t.equal(lines[0], CSV_COLUMNS.join(','));
  t.equal(lines[0], 'document,site,column,url,start,end,type,category,code,severity,text,suggestions,message,confidence,status,input');
  t.equal(lines.length, 1 + report.findings.length + 1, 'header, one line per finding, final CRLF');
  t.match(lines[3], /^n1,x,c,https:\/\/x\.gov\.cn\/n1\.html,14,18,typo,/);
  t.equal(lines[1]!.split(',')[0], 'site/news/a b.html');
  t.match(lines[4], /^n2,,,,1,5,typo,chengyu,typo.chengyu,warning,再接再励,/, 'text that starts with = is not a formula (the id is first)');
});

t.test('SARIF 2.1.0: valid against the official schema (sarif-2.1.0-rtm.5.json from @microsoft/jest-sarif)', async (t) => {
  const { report } = await scanned();
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The schema is draft-04; it uses no keyword whose meaning changed since (no exclusiveMinimum/Maximum),
  // so Ajv's draft-07 validator applies it as written once the draft-04 "id"/"$schema" are dropped.
  t.notOk(JSON.stringify(schema).includes('exclusiveM'));
  delete schema.$schema;
  delete schema.id;
  // unicodeRegExp: false because one pattern of the schema ("language") is not a valid /u regular expression.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormatsModule as unknown as (ajv: Ajv) => void)(ajv);
  const validate = ajv.compile(schema);
  const sarif = JSON.parse(renderReport(report, 'sarif', '1.2.3')) as Record<string, any>;
  t.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
  t.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  t.equal(run.results.length, 4);
  t.same(run.tool.driver.rules.map((rule: { id: string }) => rule.id), ['typo.chengyu', 'typo.words']);
  const first = run.results[2];
  t.match(first, { ruleId: 'typo.chengyu', level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'https://x.gov.cn/n1.html' }, region: { charOffset: 14, charLength: 4, snippet: { text: '再接再励' } } } }] });
  t.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'site/news/a%20b.html');
  t.ok(run.tool.driver.rules[first.ruleIndex].id === first.ruleId, 'ruleIndex points at the rule');
  // A broken log must fail the same validator (the check can fail).
  t.notOk(validate({ ...sarif, version: '2.0.0' }));
  t.notOk(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }));
});

t.test('HTML: self-contained, charts as inline SVG, critical first ordering, data embedded as JSON, text escaped', async (t) => {
  const { report } = await scanned();
  const html = renderReport(report, 'html', '1.2.3');
  t.notMatch(html, /<script[^>]+src=/i, 'no external script');
  t.notMatch(html, /<link[^>]+stylesheet/i, 'no external stylesheet');
  t.notMatch(html, /(src|href)="https?:\/\/(?!x\.gov\.cn)/i, 'the only external links are the pages themselves');
  t.ok((html.match(/<svg /g) ?? []).length >= 5, 'charts by severity, type, site, column, top terms');
  t.match(html, /<a href="https:\/\/x\.gov\.cn\/n1\.html"/, 'a finding links to its page');
  t.match(html, /…&lt;\/script&gt;&lt;!-- <mark>再接再励<\/mark>，&quot;引号&quot;,逗号…/, 'in context, escaped');
  const scripts = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
  t.ok(scripts, 'embedded data');
  t.equal(html.split('</script>').length - 1, 1, 'a matched </script> cannot close the data element');
  const data = JSON.parse(scripts![1]!) as { findings: Array<{ text: string; contextBefore: string }> };
  t.equal(data.findings.length, 4);
  t.equal(data.findings[2]!.contextBefore, '</script><!-- ');
  t.match(html, /无法读取的输入/);
  t.match(html, /docs\.ndjson:3/, 'the broken line is listed with its line number');
});

t.test('HTML: comparison with the previous job of the same scope (new, fixed, still open)', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-compare-'));
  const file = join(root, 'a.ndjson');
  writeFileSync(file, `${JSON.stringify({ id: '1', text: '截止目前，要按步就班。' })}\n`);
  const store = new JobStore(':memory:');
  await runScan(store, backend, { inputs: [file], checks: CHECKS });
  writeFileSync(file, `${JSON.stringify({ id: '1', text: '截止目前，要按部就班，再接再励。' })}\n`);
  const { job } = await runScan(store, backend, { inputs: [file], checks: CHECKS });
  const html = renderReport(buildReport(store, job.id), 'html', '1.2.3');
  t.match(html, /新增 1<\/b>，<b>已修复 1<\/b>，<b>仍存在 1<\/b>/);
});
