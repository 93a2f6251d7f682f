import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { html, startFixture } from '../helpers/links-fixture.js';

const fixture = await startFixture({ '/ok': html('<title>首页</title>'), '/gone': html('gone', 404) });
t.teardown(() => fixture.close());

/** The CLI under tsx, asynchronously: the fixture answers from this process. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LINKS_ALLOW: '127.0.0.1/32', LINKS_PORTS: String(fixture.port), LINKS_CONFIRM_DELAY_MS: '20', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

t.test('links: URLs and HTML files, findings on stdout, exit codes', async (t) => {
  const ok = await run(['links', '--no-sensitive', fixture.url('/ok')]);
  t.equal(ok.code, 0, ok.stderr);
  t.equal(ok.stdout, '');
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-cli-links-'));
  const page = join(dir, 'page.html');
  writeFileSync(page, '<p>一</p>\n<a href="/gone">失效</a> <a href="/ok">好</a>');
  const broken = await run(['links', '--no-sensitive', '--base', fixture.url('/index.html'), page]);
  t.equal(broken.code, 1, 'a broken link is an error: at --fail-on error');
  t.match(broken.stdout, new RegExp(`^${page.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:10: error link\\.broken ${fixture.url('/gone').replace(/[.]/g, '\\.')} \\(http-404\\)`));
  const list = join(dir, 'urls.txt');
  writeFileSync(list, `# comment\n${fixture.url('/ok')}\n${fixture.url('/gone')}\n`);
  const json = await run(['links', '--no-sensitive', '--format', 'json', list]);
  t.equal(json.code, 1);
  const parsed = JSON.parse(json.stdout);
  t.match(parsed.results, [{ input: list, findings: [{ code: 'link.broken', url: fixture.url('/gone') }] }]);
  t.ok(parsed.metrics.fetches >= 3);
  const refused = await run(['links', '--no-sensitive', fixture.url('/ok')], { LINKS_ALLOW: '' });
  t.equal(refused.code, 0, 'a refused target is unknown (info), not a failure');
  t.match(refused.stdout, /info link\.unknown .* \(refused-private\)/);
  t.equal((await run(['links', '--no-sensitive', join(dir, 'missing.html')])).code, 2);
});
