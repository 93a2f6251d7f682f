/**
 * docs/report.png, the HTML report of README "Prepare for the inspection":
 *
 *   node --import tsx scripts/screenshot-report.ts [--out docs/report.png] [--keep]
 *
 * Builds a small made-up archive (two sites; a secrecy marking, an unmasked ID number, typos, a
 * column with nothing in it, a page edited without a new publish date), scans it twice with the
 * CLI into a temporary job store, renders the second job's HTML report and photographs it in
 * Debian's chromium (playwright-core, no network: the proxy is a dead port). Nothing here reads
 * ../shared. `--keep` leaves the temporary folder and prints where it is.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const out = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]!) : path.join(root, 'docs/report.png');
const CHROMIUM = '/usr/bin/chromium';

/** A resident ID number with a valid GB 11643 check digit (made up: region 140702, 1985-03-15). */
function residentId(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}

function page(title: string, published: string, body: string): string {
  return `<html><head><meta charset="utf-8"><meta name="SiteName" content="示例市人民政府"><meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="${published} 09:00"></head><body><h1>${title}</h1><p>发布日期：${published}</p>${body}</body></html>`;
}

const dir = mkdtempSync(path.join(tmpdir(), 'jiaodui-report-shot-'));
const archive = path.join(dir, 'archive');
const sites = path.join(dir, 'sites');
const files: Record<string, string> = {
  'city/news/0001.html': page('市政府召开常务会议', '2026-11-30', '<p>会议强调，各部门要再接再励，按步就班推进重点工作，截止目前已完成年度任务的九成。</p>'),
  'city/news/0002.html': page('全市政务公开工作会议召开', '2026-11-20', '<p>会议要求进一步提高政务服务质量和办事效律。</p>'),
  'city/notice/0003.html': page(
    '关于拟表彰先进个人的公示',
    '2026-11-25',
    `<p>张某，身份证号 ${residentId('14070219850315123')}，联系电话 13912345678。公示期间如有异议，请拨打 12345 反映。</p>`,
  ),
  'city/notice/0004.html': page('关于印发工作要点的通知', '2026-10-08', '<p>本文件密级：秘密★一年。各单位要认真组织学习。</p>'),
  'county/news/0005.html': page('县政府召开专题会议', '2026-11-28', '<p>会议研究部署冬季安全生产工作。</p>'),
  'county/news/0006.html': page('县领导调研乡村振兴工作', '2026-09-02', '<p>调研组一行深入田间地头，了解产业发展情况。</p>'),
};
const write = (entries: Record<string, string>): void => {
  for (const [file, html] of Object.entries(entries)) {
    mkdirSync(path.dirname(path.join(archive, file)), { recursive: true });
    writeFileSync(path.join(archive, file), html);
  }
};
write(files);
const columns = [
  { name: 'news', type: 'news' },
  { name: 'notice', type: 'notice' },
  { name: 'policy', type: 'policy' },
];
for (const site of ['city', 'county']) {
  mkdirSync(path.join(sites, site), { recursive: true });
  writeFileSync(path.join(sites, site, 'inspection.json'), JSON.stringify({ columns }));
}

const db = path.join(dir, 'scan.db');
const html = path.join(dir, 'report.html');
const scan = (): void => {
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'scan', archive, '--db', db, '--sites-dir', sites, '--base-url', 'https://www.example.gov.cn/', '--workers', '0', '--no-progress', '--format', 'html', '--out', html], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    // Exit 1 means findings at or above --fail-on: what this archive is made to have.
    if ((error as { status?: number }).status !== 1) throw error;
  }
};
scan();
// Between the scans: a page edited without a new publish date (tampering), a typo fixed.
write({
  'city/news/0002.html': page('全市政务公开工作会议召开', '2026-11-20', '<p>会议要求进一步提高政务服务质量和办事效率，并增加了一段新的内容。</p>'),
});
scan();

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--proxy-server=127.0.0.1:9'],
});
try {
  const browserPage = await browser.newPage({ viewport: { width: 1100, height: 1600 }, deviceScaleFactor: 1 });
  await browserPage.goto(pathToFileURL(html).href);
  mkdirSync(path.dirname(out), { recursive: true });
  await browserPage.screenshot({ path: out, clip: { x: 0, y: 0, width: 1100, height: 1600 } });
} finally {
  await browser.close();
}
console.log(`${path.relative(root, out)}: ${statSync(out).size} bytes`);
if (args.includes('--keep')) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
