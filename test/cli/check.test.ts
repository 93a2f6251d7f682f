import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

/** The CLI as a user runs it, under tsx (no build needed). */
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

t.test('check: one file or stdin, findings on stdout, exit codes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-cli-check-'));
  const file = join(dir, 'a.txt');
  writeFileSync(file, '第一行。\n各单位要再接再励。');
  const text = run(['check', file, '--checks', 'typo']);
  t.equal(text.code, 0, 'a typo warning is below --fail-on error');
  t.equal(text.stdout, `${file}:2:5: warning typo.chengyu 再接再励 → 再接再厉  ${text.stdout.split('  ')[1]}`);
  const json = run(['check', '--format', 'json', '--fail-on', 'warning'], '截止目前');
  t.equal(json.code, 1);
  t.match(JSON.parse(json.stdout), { file: '<stdin>', findings: [{ match: '截止目前', suggestions: ['截至目前'], start: 0, end: 4 }] });
  t.equal(run(['check', join(dir, 'missing.txt')]).code, 2);
});
