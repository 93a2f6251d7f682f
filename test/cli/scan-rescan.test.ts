import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { JobStore } from '../../src/scan/job-store.js';

/** The CLI as a user runs it, under tsx (no build needed). */
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SENTENCES = [
  '截止目前，全市网站要按步就班地完成集约化建设。',
  '各单位要再接再励，取得更大成绩。',
  '市政府召开常务会议，研究部署下一阶段重点工作。',
  '坚持以人民为中心的发展思想，切实保障和改善民生。',
  '严厉打击网络赌场等违法犯罪活动。',
  '加快推进政务服务一网通办，提升群众办事便利度。',
];

/** An archive of `pages` small pages over two sites and three columns, with typos here and there. */
function archive(pages: number): string {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-cli-scan-'));
  for (let i = 0; i < pages; i++) {
    const site = i % 2 === 0 ? 'gov-a' : 'gov-b';
    const column = ['news', 'notice', 'policy'][i % 3]!;
    mkdirSync(join(root, site, column), { recursive: true });
    const body = Array.from({ length: 4 }, (_, k) => SENTENCES[(i * 7 + k * 3) % SENTENCES.length]).join('');
    writeFileSync(join(root, site, column, `${String(i).padStart(5, '0')}.html`), `<html><head><meta charset="utf-8"></head><body><h1>第${i}号通知</h1><p>${body}</p></body></html>`);
  }
  writeFileSync(join(root, 'gov-a', 'news', 'broken.txt'), Buffer.from([0xe4, 0xb8]));
  return root;
}

type JsonReport = { findings: Array<Record<string, unknown>>; problems: unknown[]; job: { id: number; state: string } };

function readJson(file: string): JsonReport {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
}

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
