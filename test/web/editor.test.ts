// The editor page in a real browser (Debian's chromium through playwright-core) against the
// real service on a loopback port. Screenshots go to .tap/artifacts/editor/ (gitignored);
// JIAODUI_UPDATE_SCREENSHOT=1 also rewrites docs/editor.png for the README.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import { testApp } from '../helpers/service-app.js';
import { minimalDocx } from '../helpers/docx.js';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';

const CHROMIUM = '/usr/bin/chromium';
const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, '.tap/artifacts/editor');
/** Small enough that an oversized draft is cheap to make, big enough for the 20,000-character draft. */
const BODY_LIMIT = 200_000;

interface Mark {
  type: string;
  severity: string;
  start: number;
  end: number;
  text: string;
}

interface ApiFinding {
  type: string;
  severity: string;
  start: number;
  end: number;
  match: string;
}

const DRAFT_PARAGRAPHS = ['关于按步就班布署全市网站集约化工作的通知', '各单位：北朝鲜代表团来访期间，严禁发布网络赌场广告。请再接再励。'];
const DRAFT = DRAFT_PARAGRAPHS.join('\n');
const CLEAN = '全市各级各部门认真贯彻落实政府网站集约化建设要求，持续推进政务公开标准化规范化。';

if (!existsSync(CHROMIUM)) {
  t.comment(`${CHROMIUM} is missing: the editor's browser tests are skipped (CI installs chromium with apt; see .ci/run)`);
  t.pass('skipped: no chromium');
} else {
  await run();
}

async function run(): Promise<void> {
  const { chromium } = await import('playwright-core');
  mkdirSync(artifacts, { recursive: true });
  // What `npm run build` does for the page, so the test never runs against a stale build;
  // alongside the service's start and the browser's (most of this file's time).
  const built = execFileAsync(process.execPath, [path.join(root, 'scripts/build-web.mjs')], { cwd: root });

  // One site with a term of its own, for the site selector (shown when GET /v1/sites lists sites).
  const sitesDir = writeDictionaryFolder({ 'city/sensitive/local.txt': '甲甲矿业\n', 'city/site.json': '{"name":"示例市"}' });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-chromium-'));
  const [app, context] = await Promise.all([
    testApp({ bodyLimit: BODY_LIMIT, sitesDir, sitesPollMs: 0 }),
    chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--proxy-server=127.0.0.1:9'],
    viewport: { width: 1280, height: 800 },
    }),
    built,
  ]);
  let appClosed = false;
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const externalRequests: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) externalRequests.push(request.url());
  });
  const pageErrors: string[] = [];
  t.teardown(async () => {
    await context.close();
    if (!appClosed) await app.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  async function apiCheck(text: string): Promise<{ verdict: string; findings: ApiFinding[] }> {
    const response = await app.inject({ method: 'POST', url: '/v1/check', payload: { text } });
    return response.json();
  }

  async function openPage(): Promise<Page> {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(base + '/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForFunction(() => 'jiaoduiPerf' in window);
    return page;
  }

  const checks = (page: Page) => page.evaluate(() => (window as unknown as { jiaoduiPerf: { checks: number } }).jiaoduiPerf.checks);
  const draftText = (page: Page) => page.evaluate(() => (window as unknown as { jiaoduiEditor: { text(): string } }).jiaoduiEditor.text());

  /** Runs `action`, then waits until the page has applied a new check result. */
  async function afterCheck(page: Page, action: () => Promise<unknown>): Promise<void> {
    const before = await checks(page);
    await action();
    await page.waitForFunction((count) => (window as unknown as { jiaoduiPerf: { checks: number } }).jiaoduiPerf.checks > count, before, { timeout: 10_000 });
  }

  /** A paste event as the browser fires it, with the clipboard's plain text and (optionally) HTML. */
  async function paste(page: Page, text: string, html?: string): Promise<void> {
    await page.locator('[data-testid=draft]').focus();
    await page.keyboard.press('Control+A');
    await page.evaluate(
      ({ text, html }) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        if (html !== undefined) data.setData('text/html', html);
        document.querySelector('[data-testid=draft]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      { text, html },
    );
  }

  const marks = (page: Page, selector = 'mark[data-testid=finding]') =>
    page.$$eval(selector, (elements) =>
      elements.map((element) => {
        const data = (element as HTMLElement).dataset;
        return { type: data.type!, severity: data.severity!, start: Number(data.start), end: Number(data.end), text: element.textContent ?? '' };
      }),
    );
  const spans = (list: Array<{ start: number; end: number; type: string }>) => [...new Set(list.map((mark) => `${mark.type}@${mark.start}-${mark.end}`))].sort();

  /** Hovers a mark the way a user moves there: away first, so the previous card closes. */
  async function hoverMark(page: Page, selector: string): Promise<void> {
    await page.keyboard.press('Escape');
    await page.mouse.move(1, 1);
    await page.locator('#card').waitFor({ state: 'hidden' });
    await page.hover(selector);
    await page.locator('#card').waitFor({ state: 'visible' });
  }

  const page = await openPage();

  await t.test('the page loads from this origin only, shows the limit and hides the site selector without a sites route', async (t) => {
    t.match(await page.locator('#counter').textContent(), /上限 195 KB/);
    const sites = await app.inject({ method: 'GET', url: '/v1/sites' });
    const listed = sites.statusCode === 200 && (sites.json() as { sites?: unknown[] }).sites?.length;
    t.equal(await page.locator('#site-field').isVisible(), Boolean(listed), 'site selector shown only when GET /v1/sites lists sites');
    t.ok(listed, 'the test service has a site');
    t.ok(await page.locator('#site option[value=city]').count(), 'the site is offered');
    t.ok((await page.locator('#profile option').count()) >= 4, 'profiles from GET /v1/profiles');
    const html = await app.inject({ method: 'GET', url: '/editor' });
    t.equal(html.headers['cache-control'], 'no-cache');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html.body)![1];
    const assetResponse = await app.inject({ method: 'GET', url: asset });
    t.equal(assetResponse.statusCode, 200);
    t.match(assetResponse.headers['cache-control'], /immutable/);
  });

  await t.test('a rich paste keeps paragraphs, and every finding is marked at its span', async (t) => {
    const html = `<html><body><!--StartFragment--><p class="MsoNormal" style="color:red"><b>${DRAFT_PARAGRAPHS[0]}</b><o:p></o:p></p>\n<p class="MsoNormal"><span style="font-family:宋体">${DRAFT_PARAGRAPHS[1]}</span></p><!--EndFragment--></body></html>`;
    await afterCheck(page, () => paste(page, DRAFT_PARAGRAPHS.join(' '), html));
    t.equal(await draftText(page), DRAFT, 'two paragraphs, styling dropped');
    const expected = await apiCheck(DRAFT);
    const shown = await marks(page);
    t.same(spans(shown), spans(expected.findings), 'one mark per finding of the API, same spans');
    for (const mark of shown) t.equal(DRAFT.slice(mark.start, mark.end), mark.text, `mark text is the draft's ${mark.start}-${mark.end}`);
    const typo = shown.find((mark) => mark.text === '按步就班');
    t.same(typo && { type: typo.type, start: typo.start, end: typo.end }, { type: 'typo', start: 2, end: 6 });
    t.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), expected.verdict);
    t.equal(await page.locator('.list [data-testid=finding]').count(), expected.findings.length, 'side list has every finding');
    t.match(await page.locator('.group h2', { hasText: '错别字' }).textContent(), /3/, 'grouped by type with counts');
  });

  await t.test('hovering a mark shows its card', async (t) => {
    await hoverMark(page, 'mark[data-testid=finding][data-start="2"]');
    const card = page.locator('#card');
    await card.waitFor({ state: 'visible' });
    const text = await card.textContent();
    t.match(text, /错别字/);
    t.match(text, /按部就班/);
    t.match(text, /typo:common:按步就班/, 'the rule that raised it');
    t.match(text, /common/, 'its category');
    t.match(await page.locator('#card [data-testid=accept]').textContent(), /按部就班/);
    await page.screenshot({ path: path.join(artifacts, 'desktop-card.png') });
  });

  await t.test('accepting a fix changes the text, keeps the other offsets right, and the mark is gone after the re-check', async (t) => {
    await hoverMark(page, 'mark[data-testid=finding][data-type=normative]');
    await page.locator('#card [data-testid=accept]').waitFor({ state: 'visible' });
    const gambling = DRAFT.indexOf('网络赌场');
    await afterCheck(page, async () => {
      await page.locator('#card [data-testid=accept]').click();
      // Before the re-check answers: the later finding moved back by one (北朝鲜 -> 朝鲜).
      const moved = await marks(page, 'mark[data-testid=finding][data-type=sensitive]');
      t.same(moved.map((mark) => [mark.start, mark.end]), [[gambling - 1, gambling + 3]], 'mapped through the edit');
    });
    const fixed = DRAFT.replace('北朝鲜', '朝鲜');
    t.equal(await draftText(page), fixed);
    const shown = await marks(page);
    t.notOk(shown.some((mark) => mark.type === 'normative'), 'normative mark gone');
    t.same(spans(shown), spans((await apiCheck(fixed)).findings), 'the re-check agrees with the API');
    await page.locator('#undo').click();
    t.equal(await draftText(page), DRAFT, 'undo restores the text');
  });

  await t.test('filters by type and severity hide and show marks', async (t) => {
    await page.waitForFunction(() => document.querySelectorAll('mark[data-type=normative]').length > 0);
    const all = (await marks(page)).length;
    await page.click('[data-filter-type=typo]');
    t.equal(await page.locator('mark[data-testid=finding][data-type=typo]').count(), 0, 'typos hidden');
    t.equal(await page.locator('.list [data-type=typo]').count(), 0, 'and out of the list');
    t.ok((await marks(page)).length > 0, 'other types still shown');
    t.equal(await page.getAttribute('[data-filter-type=typo]', 'aria-pressed'), 'false');
    await page.click('[data-filter-type=typo]');
    await page.click('[data-filter-severity=critical]');
    t.equal(await page.locator('mark[data-testid=finding][data-severity=critical]').count(), 0, 'critical hidden');
    await page.click('[data-filter-severity=critical]');
    t.equal((await marks(page)).length, all, 'all back');
  });

  await t.test('keyboard: F8 / Shift+F8 move between findings, Enter accepts, Alt+I ignores', async (t) => {
    await page.locator('[data-testid=draft]').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    const selection = () => page.evaluate(() => getSelection()!.toString());
    t.equal(await selection(), '按步就班', 'first finding selected');
    await page.locator('#card').waitFor({ state: 'visible' });
    t.match(await page.locator('#card').textContent(), /按步就班/, 'its card is open');
    await page.keyboard.press('F8');
    t.equal(await selection(), '布署', 'next');
    await page.keyboard.press('Shift+F8');
    t.equal(await selection(), '按步就班', 'previous');
    await page.keyboard.press('Alt+ArrowDown');
    t.equal(await selection(), '布署', 'Alt+ArrowDown is next too');
    await afterCheck(page, () => page.keyboard.press('Enter'));
    t.equal(await draftText(page), DRAFT.replace('布署', '部署'), 'Enter accepted the suggestion');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+F8');
    t.equal(await selection(), '再接再励', 'previous from the end wraps to the last finding');
    await page.keyboard.press('Alt+I');
    t.equal(await page.locator('mark[data-testid=finding]', { hasText: '再接再励' }).count(), 0, 'ignored');
    await afterCheck(page, () => page.click('#recheck'));
    t.equal(await page.locator('mark[data-testid=finding]', { hasText: '再接再励' }).count(), 0, 'still ignored after a re-check');
    t.match(await page.locator('#keys').textContent(), /F8/, 'the keys are shown in the page');
    // Tab from an open card's finding goes into the card; Esc returns to the draft.
    await page.locator('[data-testid=draft]').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.locator('#card').waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'accept', 'Tab focuses the accept button');
    await page.keyboard.press('Escape');
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'draft', 'Esc goes back to the draft');
    // Enter on a finding with nothing to accept (a sensitive word) does not replace it with a line break.
    const before = await draftText(page);
    await page.click('.list [data-testid=finding][data-type=sensitive]');
    t.equal(await selection(), '网络赌场', 'the list entry selects its finding');
    await page.keyboard.press('Enter');
    t.equal(await draftText(page), before, 'text unchanged');
    t.match(await page.locator('#status').textContent(), /无自动建议/);
  });

  await t.test('ignore everywhere hides every occurrence; undo brings them back', async (t) => {
    const text = '按步就班地做好工作。要按步就班。';
    await afterCheck(page, () => paste(page, text));
    t.equal(await page.locator('mark[data-testid=finding]', { hasText: '按步就班' }).count(), 2);
    await hoverMark(page, 'mark[data-testid=finding] >> nth=0');
    await page.locator('#card [data-testid=ignore-everywhere]').click();
    t.equal(await page.locator('mark[data-testid=finding]', { hasText: '按步就班' }).count(), 0);
    await afterCheck(page, () => page.click('#undo'));
    t.equal(await page.locator('mark[data-testid=finding]', { hasText: '按步就班' }).count(), 2);
  });

  await t.test('a .docx upload becomes the draft, paragraph by paragraph, and is checked', async (t) => {
    const docx = minimalDocx(['第一段：按步就班。', '第二段没有问题。']);
    await afterCheck(page, () => page.setInputFiles('#file', { name: '草稿.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx }));
    t.equal(await draftText(page), '第一段：按步就班。\n第二段没有问题。');
    t.same((await marks(page)).map((mark) => [mark.type, mark.start, mark.end]), [['typo', 4, 8]]);
  });

  await t.test('choosing a site checks with its own terms', async (t) => {
    const text = '甲甲矿业发布通知。';
    await afterCheck(page, () => paste(page, text));
    t.equal(await page.locator('mark[data-testid=finding][data-type=sensitive]').count(), 0, 'not a term without the site');
    await afterCheck(page, () => page.selectOption('#site', 'city'));
    t.same((await marks(page, 'mark[data-testid=finding][data-type=sensitive]')).map((mark) => [mark.start, mark.end]), [[0, 4]], "the site's term");
    await afterCheck(page, () => page.selectOption('#site', ''));
    t.equal(await page.locator('mark[data-testid=finding][data-type=sensitive]').count(), 0, 'and gone without it');
  });

  await t.test('dropping an .html file, and a .txt saved as GB18030', async (t) => {
    const html = '<html><head><style>p{color:red}</style></head><body><h1>通知</h1><p>要按步就班地\n推进。</p><p>第二段。</p></body></html>';
    await afterCheck(page, () =>
      page.evaluate((content) => {
        const data = new DataTransfer();
        data.items.add(new File([content], '通知.html', { type: 'text/html' }));
        const target = document.querySelector('[data-testid=draft]')!;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, html),
    );
    t.equal(await draftText(page), '通知\n要按步就班地推进。\n第二段。', 'blocks become lines, wrapping between Chinese characters dropped');
    // 按步就班 in GBK/GB18030 bytes, then a full stop.
    const gb = Buffer.from([0xb0, 0xb4, 0xb2, 0xbd, 0xbe, 0xcd, 0xb0, 0xe0, 0xa1, 0xa3]);
    t.equal(new TextDecoder('gb18030').decode(gb), '按步就班。', 'the bytes are what the test says');
    await afterCheck(page, () => page.setInputFiles('#file', { name: '旧稿.txt', mimeType: 'text/plain', buffer: gb }));
    t.equal(await draftText(page), '按步就班。');
    t.same((await marks(page)).map((mark) => [mark.type, mark.start, mark.end]), [['typo', 0, 4]]);
  });

  await t.test('export: download as .txt and copy', async (t) => {
    await afterCheck(page, () => paste(page, DRAFT));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    t.match(download.suggestedFilename(), /\.txt$/);
    const saved = readFileSync((await download.path())!, 'utf8');
    t.equal(saved, DRAFT.replace(/\n/g, '\r\n'), 'the draft, CRLF line ends');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.click('#copy');
    t.equal(await page.evaluate(() => navigator.clipboard.readText()), DRAFT, 'copied');
  });

  await t.test('a draft with no findings passes', async (t) => {
    t.equal((await apiCheck(CLEAN)).findings.length, 0, 'the API finds nothing');
    // Playwright's fill(), as outside QA scripts would drive the draft.
    await page.locator('[data-testid=draft]').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await afterCheck(page, () => page.fill('[data-testid=draft]', CLEAN));
    t.equal(await draftText(page), CLEAN);
    t.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'pass');
    t.match(await page.locator('[data-testid=verdict]').textContent(), /通过/);
    t.equal(await page.locator('[data-testid=finding]').count(), 0);
    // A reload brings the draft back from localStorage and checks it again.
    await page.waitForFunction((expected) => localStorage.getItem('jiaodui.draft') === expected, CLEAN);
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { jiaoduiPerf: { checks: number } }).jiaoduiPerf?.checks > 0);
    t.equal(await draftText(page), CLEAN, 'draft restored after a reload');
    t.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'pass');
  });

  await t.test('axe-core finds no serious or critical violations', async (t) => {
    await afterCheck(page, () => paste(page, DRAFT));
    await hoverMark(page, 'mark[data-testid=finding] >> nth=0');
    await page.locator('#card').waitFor({ state: 'visible' });
    await page.evaluate(readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')) }));
    });
    for (const violation of violations) t.comment(`axe: ${violation.impact} ${violation.id} ${violation.targets.join(', ')}`);
    t.same(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'), []);
  });

  await t.test('screenshots: desktop and a narrow window', async () => {
    await hoverMark(page, 'mark[data-testid=finding][data-type=normative]');
    await page.locator('#card').waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(artifacts, 'desktop.png') });
    if (process.env.JIAODUI_UPDATE_SCREENSHOT) await page.screenshot({ path: path.join(root, 'docs/editor.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(artifacts, 'narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await t.test('speed: a 20,000-character draft with 200 findings', async (t) => {
    const sentence = '各县区结合实际，优化办事服务流程，推动更多事项网上可办、一次办成，按时布署到位，并健全信息发布审核机制。';
    const paragraphs: string[] = [];
    let length = 0;
    for (let i = 0; length < 20_000; i++) {
      const paragraph = sentence.repeat(2) + `第${i + 1}项。`;
      paragraphs.push(paragraph);
      length += paragraph.length + 1;
    }
    const big = paragraphs.join('\n').slice(0, 20_000);
    const expected = (await apiCheck(big)).findings.length;
    t.ok(expected >= 200, `${expected} findings`);
    await afterCheck(page, () => paste(page, big));
    const marksMs = await page.waitForFunction(() => {
      const value = (window as unknown as { jiaoduiPerf: { lastResponseToMarksMs: number } }).jiaoduiPerf.lastResponseToMarksMs;
      return Number.isNaN(value) ? false : value;
    });
    const responseToMarks = Number(await marksMs.jsonValue());
    t.comment(`20,000-character draft, ${expected} findings: marks on screen ${responseToMarks.toFixed(1)} ms after the response`);
    t.ok(responseToMarks < 1500, 'marks shown quickly (target 300 ms; generous bound here)');
    const distinct = await page.$$eval('[data-testid=finding]', (elements) => new Set(elements.map((element) => (element as HTMLElement).dataset.start)).size);
    t.equal(distinct, expected, 'an element per finding, though only the visible part of the draft is rendered');

    // The paste left the view at the end: clicking the list's first entry scrolls back to it and selects it.
    const last = page.locator('.list [data-testid=finding]').first();
    const lastStart = await last.getAttribute('data-start');
    t.equal(await page.locator(`mark[data-testid=finding][data-start="${lastStart}"]`).count(), 0, 'the first finding is not rendered at first');
    await last.click();
    await page.locator(`mark[data-testid=finding][data-start="${lastStart}"]`).first().waitFor({ state: 'visible' });
    const selected = await page.evaluate(() => getSelection()!.toString());
    t.equal(selected, big.slice(Number(lastStart), Number(await last.getAttribute('data-end'))), 'scrolled to and selected');

    // Typing in the middle of the draft: each keystroke timed in the page, from the input
    // to the layout after CodeMirror has applied it (marks moved, not re-rendered).
    await page.locator('mark[data-testid=finding] >> nth=3').click();
    await page.keyboard.press('End');
    const keystrokes = 60;
    const checksBeforeTyping = await checks(page);
    const times = await page.evaluate(async (count) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        document.execCommand('insertText', false, '字');
        await new Promise((resolve) => setTimeout(resolve, 0));
        void (document.querySelector('.cm-content') as HTMLElement).offsetHeight;
        out.push(performance.now() - started);
      }
      return out.sort((a, b) => a - b);
    }, keystrokes);
    const median = times[keystrokes >> 1];
    const p90 = times[Math.floor(keystrokes * 0.9)];
    const max = times[keystrokes - 1];
    t.comment(`typing with ${expected} findings: ${median.toFixed(1)} ms per keystroke (median), p90 ${p90.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
    t.ok(median < 50, 'typing stays smooth (generous bound; a frame is 16.7 ms)');
    t.ok(max < 500, 'no long freeze while typing (generous bound)');
    t.equal((await draftText(page)).length, big.length + keystrokes);
    // The automatic re-check after the pause leaves the caret where it was: the next key lands right after the typed run.
    await page.waitForFunction((count) => (window as unknown as { jiaoduiPerf: { checks: number } }).jiaoduiPerf.checks > count, checksBeforeTyping, { timeout: 10_000 });
    await page.keyboard.insertText('Z');
    t.match(await draftText(page), new RegExp(`字{${keystrokes}}Z`), 'caret kept through the re-check');
  });

  await t.test('an oversized draft shows the API\'s error in plain words', async (t) => {
    const huge = '政务公开'.repeat(17_500); // 70,000 characters, 210,000 bytes of JSON
    await paste(page, huge);
    await page.locator('#alert').waitFor({ state: 'visible', timeout: 10_000 });
    const alert = await page.locator('#alert').textContent();
    t.match(alert, /草稿太长/);
    t.match(alert, /195 KB/);
    t.match(alert, /JD_BODY_TOO_LARGE/, 'the API\'s code is quoted');
    t.match(await page.locator('#counter').getAttribute('class'), /over/, 'the counter was red before sending');
  });

  await t.test('typing again while a check is in flight cancels it (AbortController); the newer result is shown', async (t) => {
    await afterCheck(page, () => paste(page, CLEAN));
    const failed: string[] = [];
    const onFailed = (request: { url(): string; failure(): { errorText: string } | null }) => {
      if (request.url().endsWith('/v1/check')) failed.push(request.failure()?.errorText ?? '');
    };
    page.on('requestfailed', onFailed);
    let held = 0;
    // The first check is held for two seconds: long enough to type again meanwhile.
    await page.route('**/v1/check', async (route) => {
      if (held++ === 0) await new Promise((resolve) => setTimeout(resolve, 2000));
      await route.continue().catch(() => {});
    });
    const before = await checks(page);
    await page.locator('[data-testid=draft]').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('按步就班。');
    await page.waitForRequest('**/v1/check');
    await page.keyboard.insertText('布署。');
    await page.waitForFunction((count) => (window as unknown as { jiaoduiPerf: { checks: number } }).jiaoduiPerf.checks > count, before, { timeout: 10_000 });
    await page.unroute('**/v1/check');
    page.off('requestfailed', onFailed);
    t.ok(failed.some((error) => /ABORTED/i.test(error)), `the stale request was aborted (${failed.join(', ')})`);
    const text = CLEAN + '按步就班。布署。';
    t.equal(await draftText(page), text);
    t.same(
      (await marks(page, 'mark[data-testid=finding][data-type=typo]')).map((mark) => mark.start),
      [text.indexOf('按步就班'), text.indexOf('布署')],
      'marks of the newer text',
    );
  });

  await t.test('service down: a clear message, and the draft kept in localStorage', async (t) => {
    await afterCheck(page, () => paste(page, DRAFT));
    // The page's keep-alive connection would hold close() open until it times out.
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
    appClosed = true;
    await page.locator('[data-testid=draft]').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('新增一句。');
    await page.locator('#alert').waitFor({ state: 'visible', timeout: 10_000 });
    t.match(await page.locator('#alert').textContent(), /无法连接校对服务/);
    t.equal(await draftText(page), DRAFT + '新增一句。', 'the draft is still in the editor');
    await page.waitForFunction((expected) => localStorage.getItem('jiaodui.draft') === expected, DRAFT + '新增一句。');
    t.pass('the draft is in localStorage');
  });

  t.same(pageErrors, [], 'no script errors in the page');
  t.same(externalRequests, [], 'nothing requested outside the loopback origin');
}
