import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { archive, readJson, run } from '../helpers/scan-cli.js';
import type { JsonReport } from '../helpers/scan-cli.js';

t.test('the same command on a finished job rescans incrementally; reports in every format', async (t) => {
  const root = archive(40);
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-cli-rescan-'));
  const db = join(dir, 'scan.db');
  const args = ['scan', root, '--db', db, '--workers', '0', '--no-progress'];
  const first = run([...args, '--format', 'html', '--out', join(dir, 'end.html')]);
  t.not(first.code, 2, first.stderr);
  t.match(readFileSync(join(dir, 'end.html'), 'utf8'), /^<!doctype html>/, 'a report written at the end of the scan');
  t.match(first.stdout, /findings: \d+ \(critical 0, error \d+, warning \d+, info \d+\)/);
  t.match(first.stdout, /unreadable: gov-a\/news\/broken.txt @0: invalid UTF-8/);

  writeFileSync(join(root, 'gov-a', 'news', '00000.html'), '<html><body><p>北朝鲜代表团到访。</p></body></html>');
  const rescan = run([...args, '--format', 'json', '--out', join(dir, 'second.json')]);
  t.match(rescan.stderr, /scan: incremental job 2 finished/);
  t.match(rescan.stdout, /job 2: 40 documents \(1 checked, 39 unchanged since job 1, 0 failed\)/);
  t.match(rescan.stdout, /since job 1: 1 new, \d+ fixed, \d+ still open/);
  const second = readJson(join(dir, 'second.json'));
  t.same(second.findings.filter((f) => f.status === 'new').map((f) => f.text), ['北朝鲜']);
  t.ok(second.findings.every((f) => /^gov-[ab]\/(news|notice|policy)\/\d{5}\.html$/.test(String(f.document))), 'documents are paths relative to the input');

  for (const format of ['json', 'csv', 'sarif', 'html']) {
    const out = join(dir, `report.${format}`);
    const result = run(['report', '2', '--db', db, '--format', format, '--out', out, '--fail-on', 'info']);
    t.equal(result.code, 1, `${format}: exit 1 (findings at or above info)`);
    t.ok(readFileSync(out, 'utf8').length > 100);
  }
  t.same(readJson(join(dir, 'report.json')).findings, second.findings, 'report JOB renders the stored job again');
  const missing = run(['report', '--db', join(dir, 'nope.db')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /jiaodui: /);
  t.equal(run(['report', '--db', db, '--format', 'pdf']).code, 2, 'an unknown format is a usage error');
});

t.test('scan reads NDJSON from stdin', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-cli-stdin-'));
  const db = join(dir, 'scan.db');
  const input = `${JSON.stringify({ id: 'a', text: '各单位要再接再励。' })}\nnot json\n${JSON.stringify({ id: 'b', text: '今天天气很好。' })}\n`;
  const result = run(['scan', '-', '--db', db, '--workers', '0', '--no-progress', '--fail-on', 'critical', '--format', 'json'], input);
  t.equal(result.code, 0, result.stderr);
  t.match(result.stderr, /job 1: 2 documents/, 'with the report on stdout, the summary goes to stderr');
  t.match(result.stderr, /unreadable: <stdin>:2 @\d+: not JSON/);
  const report = JSON.parse(result.stdout) as JsonReport;
  t.same(report.findings.map((f) => [f.document, f.text]), [['a', '再接再励']]);
});
