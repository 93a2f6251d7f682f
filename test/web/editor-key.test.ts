// The editor's page against a service that requires an API key (CHECK_REQUIRES_KEY): the
// editor is told what to do, types the key once per browser session, and checking works.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { testApp } from '../helpers/service-app.js';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'editor-key-0123456789abcdef';

if (!existsSync(CHROMIUM)) {
  t.comment(`${CHROMIUM} is missing: the editor's browser tests are skipped (CI installs chromium with apt; see .ci/run)`);
  t.pass('skipped: no chromium');
} else {
  const { chromium } = await import('playwright-core');
  // editor.test.ts may build at the same time: the build replaces index.html atomically and
  // keeps the assets an earlier index.html names, so either build serves whole pages.
  execFileSync(process.execPath, [path.join(root, 'scripts/build-web.mjs')], { cwd: root, stdio: 'pipe' });
  const app = await testApp({ apiKeys: JSON.stringify([{ name: 'editor', key: KEY, role: 'check' }]), checkRequiresKey: true });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--proxy-server=127.0.0.1:9'],
  });
  t.teardown(async () => {
    await context.close();
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
    rmSync(userDataDir, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);

  t.test('without a key: a plain message and the key field; with it: checked', async (t) => {
    await page.goto(base + '/');
    await page.locator('[data-testid=draft]').focus();
    await page.keyboard.insertText('要按步就班地工作。');
    await page.locator('#alert').waitFor({ state: 'visible' });
    t.match(await page.locator('#alert').textContent(), /访问密钥/);
    t.match(await page.locator('#alert').textContent(), /JD_UNAUTHORIZED/);
    await page.locator('#key-field').waitFor({ state: 'visible' });
    await page.fill('#api-key', KEY);
    await page.press('#api-key', 'Enter');
    await page.waitForSelector('[data-testid=verdict][data-verdict]');
    t.equal(await page.locator('mark[data-testid=finding][data-type=typo]').count(), 1, 'checked with the key');
    t.ok(await page.locator('#alert').isHidden(), 'the message is gone');
    await page.reload();
    await page.waitForSelector('[data-testid=verdict][data-verdict]');
    t.equal(await page.inputValue('#api-key'), KEY, 'the key lasts for the browser session');
    t.equal(await page.evaluate(() => localStorage.getItem('jiaodui.apiKey')), null, 'and is not kept beyond it');
  });
}
