import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createProofreader, BUNDLED_DICTIONARIES } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The contract: `node --import tsx src/cli/main.ts dict ...`, as a separate process. */
function jiaodui(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'dict', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function temp(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `jiaodui-test-${prefix}-`));
}

function copyOfBundled(): string {
  const dir = path.join(temp('dict-cli'), 'dictionaries');
  cpSync(BUNDLED_DICTIONARIES, dir, { recursive: true });
  return dir;
}

const LIST_FILE = path.join(temp('list'), 'public.txt');
writeFileSync(LIST_FILE, '六合彩特码\t赌博\n赌博代理群\t赌博\n公安\t政治\n赌\t赌博\n');
const GBK_FILE = path.join(temp('list'), 'gbk.txt');
// '冰毒出售群\n' in GBK
writeFileSync(GBK_FILE, Buffer.from('b1f9b6beb3f6cadbc8ba0a', 'hex'));

t.test('dict import writes the accepted entries, the review list and the audit; the folder loads', async (t) => {
  const dir = copyOfBundled();
  const result = await jiaodui(['import', LIST_FILE, GBK_FILE, '--into', 'sensitive:public', '--dictionaries', dir]);
  t.equal(result.code, 0, result.stderr);
  t.match(result.stdout, /public\.txt: \d+ bytes, utf-8, separator tab \(second field: label\); 4 entries, 0 unreadable lines/);
  t.match(result.stdout, /gbk\.txt: 11 bytes, gb18030, separator none; 1 entries/);
  t.match(result.stdout, /^reason\s+status\s+entries\s+examples$/m);
  t.match(result.stdout, /^\(accepted\)\s+accepted\s+3\s+六合彩特码 赌博代理群 冰毒出售群$/m);
  t.match(result.stdout, /^common-word: common word \(jieba frequency\)\s+parked\s+1\s+公安$/m);
  t.match(result.stdout, /^single-character: single character\s+parked\s+1\s+赌$/m);
  t.match(result.stdout, /hits per 10,000 characters for the list as given/);
  t.match(result.stdout, /imported 3 entries into .*sensitive\/public\.txt; 2 parked in .*public\.review\.txt; audit in .*import-audit\.json/);

  const lines = readFileSync(path.join(dir, 'sensitive/public.txt'), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  t.same(lines, ['六合彩特码', '赌博代理群', '冰毒出售群']);
  t.match(readFileSync(path.join(dir, 'sensitive/public.review.txt'), 'utf8'), /^公安\tcommon-word/m);
  const audit = JSON.parse(readFileSync(path.join(dir, 'import-audit.json'), 'utf8'));
  t.same([audit.summary.accepted, audit.summary.parked, audit.summary.dropped], [3, 2, 0]);

  const proofreader = await createProofreader({ dictionaries: dir, cacheDir: false });
  t.same(
    proofreader.check('有人在群里兜售冰毒出售群的链接。', { checks: ['sensitive'] }).findings.map((f) => [f.match, f.category, f.severity]),
    [['冰毒出售群', 'public', 'error']],
  );
});

t.test('dict audit prints the audit (table or JSON) and writes nothing', async (t) => {
  const dir = copyOfBundled();
  const before = readdirSync(path.join(dir, 'sensitive')).sort();
  const json = await jiaodui(['audit', LIST_FILE, '--dictionaries', dir, '--json', '--common-frequency', '50000']);
  t.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  t.equal(report.summary.thresholds.commonWordFrequency, 50000);
  t.same(
    report.entries.map((e: { term: string; status: string; reasons: string[] }) => `${e.term}:${e.status}:${e.reasons.join(',')}`),
    ['六合彩特码:accepted:', '赌博代理群:accepted:', '公安:parked:official-vocabulary', '赌:parked:single-character'],
    'with the jieba threshold raised, 公安 is parked only because an official name contains it',
  );
  t.same(readdirSync(path.join(dir, 'sensitive')).sort(), before);
  t.notOk(existsSync(path.join(dir, 'import-audit.json')));
});

t.test('--site writes into <sites-dir>/<id>/ (or SITES_DIR)', async (t) => {
  const sitesDir = temp('sites');
  const result = await jiaodui(['import', LIST_FILE, '--into', 'sensitive:local', '--site', 'district-3'], { SITES_DIR: sitesDir });
  t.equal(result.code, 0, result.stderr);
  t.ok(existsSync(path.join(sitesDir, 'district-3/sensitive/local.txt')));
  t.ok(existsSync(path.join(sitesDir, 'district-3/sensitive/local.review.txt')));
  t.ok(existsSync(path.join(sitesDir, 'district-3/import-audit.json')));
  const missing = await jiaodui(['import', LIST_FILE, '--into', 'sensitive', '--site', 'x'], { SITES_DIR: '' });
  t.equal(missing.code, 2);
  t.match(missing.stderr, /--site: needs --sites-dir or SITES_DIR/);
});

t.test('bad arguments and hostile files exit 2 with a precise message and write nothing', async (t) => {
  const dir = copyOfBundled();
  const before = readFileSync(path.join(dir, 'sensitive/gambling.txt'), 'utf8');
  const binary = path.join(temp('bin'), 'garbage.bin');
  writeFileSync(binary, Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
  const badBase64 = path.join(temp('b64'), 'cut.b64');
  writeFileSync(badBase64, Buffer.from('六合彩特码\n赌博代理群\n冰毒出售群\n').toString('base64').slice(0, -1));
  const cases: Array<[string[], RegExp]> = [
    [['import', LIST_FILE, binary, '--into', 'sensitive:public', '--dictionaries', dir], /garbage\.bin: binary data/],
    [['import', badBase64, '--into', 'sensitive:public', '--dictionaries', dir], /cut\.b64: invalid base64: \d+ characters is not a multiple of 4/],
    [['import', LIST_FILE, '--into', 'sensitive'], /needs --dictionaries <dir> or --site <id>/],
  ];
  for (const [args, message] of cases) {
    const result = await jiaodui(args);
    t.equal(result.code, 2, args.join(' '));
    t.match(result.stderr, message);
  }
  t.equal(readFileSync(path.join(dir, 'sensitive/gambling.txt'), 'utf8'), before);
  t.notOk(existsSync(path.join(dir, 'sensitive/public.txt')));
});
