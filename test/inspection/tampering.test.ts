import t from 'tap';
import { checkPageCompliance } from '../../src/core/inspection/page-compliance.js';
import { detectTampering, lineDiff, type PageSnapshot } from '../../src/inspection/tampering.js';

const NOW = Date.parse('2024-03-10T04:00:00Z');
const URL = 'https://www.sxjz.gov.cn/tzgg/t1.html';

function snapshot(html: string, published: string, key = URL): PageSnapshot {
  const { inventory } = checkPageCompliance(html, { url: key, now: NOW });
  // A stand-in for the scan's content hash: any function of the whole page.
  let hash = 0;
  for (let i = 0; i < html.length; i++) hash = (hash * 31 + html.charCodeAt(i)) | 0;
  return { key, url: key, published, contentHash: (hash >>> 0).toString(16).padStart(12, '0'), inventory, text: html.replace(/<[^>]+>/g, '\n') };
}

const BASE = '<html><head></head><body><p>关于开展安全检查的通知</p><p>各单位：请于3月底前完成自查。</p></body></html>';

t.test('text changed while the publish date did not', async (t) => {
  const edited = BASE.replace('3月底前', '4月底前');
  const report = detectTampering([snapshot(BASE, '2024-03-05')], [snapshot(edited, '2024-03-05')]);
  t.same(report.items.map((i) => [i.code, i.level]), [['tamper.silent-edit', 'warning']]);
  t.equal(report.items[0].evidence[0].url, URL);
  t.same(report.diffs[URL], [
    { op: '-', line: '各单位：请于3月底前完成自查。' },
    { op: '+', line: '各单位：请于4月底前完成自查。' },
  ], 'the diff shows the changed line');
  t.same(detectTampering([snapshot(BASE, '2024-03-05')], [snapshot(edited, '2024-03-08')]).items, [], 'republished with a new date: fine');
  t.same(detectTampering([snapshot(BASE, '2024-03-05')], [snapshot(BASE, '2024-03-05')]).items, [], 'unchanged');
});

t.test('new off-site scripts, iframes and hidden links', async (t) => {
  const injected = BASE.replace(
    '</body>',
    '<script src="https://cdn.evil.example/x.js"></script><iframe src="https://ads.example/f"></iframe><div style="display:none"><a href="https://bet.example/">b</a></div></body>',
  );
  const report = detectTampering([snapshot(BASE, '2024-03-05')], [snapshot(injected, '2024-03-05')]);
  t.same(
    report.items.map((i) => [i.code, i.level, i.evidence.map((e) => e.detail)]),
    [
      ['tamper.silent-edit', 'warning', [report.items[0].evidence[0].detail]],
      ['tamper.new-hidden-link', 'veto', ['新增隐藏站外链接 https://bet.example/']],
      ['tamper.new-script', 'warning', ['新增外部脚本 https://cdn.evil.example/x.js']],
      ['tamper.new-iframe', 'warning', ['新增 iframe https://ads.example/f']],
    ],
  );
  const already = detectTampering([snapshot(injected, '2024-03-05')], [snapshot(injected, '2024-03-05')]);
  t.same(already.items, [], 'present in both jobs: nothing new');
  const sameSite = BASE.replace('</body>', '<script src="https://static.sxjz.gov.cn/app.js"></script></body>');
  t.same(detectTampering([snapshot(BASE, '2024-03-05')], [snapshot(sameSite, '2024-03-06')]).items, [], 'a script of the same site is not off-site');
});

t.test('a template change across many pages is one info item', async (t) => {
  const pages = Array.from({ length: 12 }, (_, i) => `https://www.sxjz.gov.cn/a/t${i}.html`);
  const before = pages.map((url) => snapshot(BASE, '2024-03-01', url));
  const after = pages.map((url) => snapshot(BASE.replace('</body>', '<footer>新页脚</footer></body>'), '2024-03-01', url));
  const report = detectTampering(before, after);
  t.same(report.items.map((i) => [i.code, i.level]), [['tamper.template-change', 'info']]);
  t.equal(report.compared, 12);
  const few = detectTampering(before, [...after.slice(0, 2), ...before.slice(2)]);
  t.same(few.items.map((i) => i.code), ['tamper.silent-edit'], 'two of twelve: per-page warning');
  t.equal(few.items[0].evidence.length, 2);
});

t.test('lineDiff', async (t) => {
  t.same(lineDiff('a\nb\nc', 'a\nB\nc'), [
    { op: '-', line: 'b' },
    { op: '+', line: 'B' },
  ]);
  t.same(lineDiff('a\nb', 'a\nb\nc'), [{ op: '+', line: 'c' }]);
  t.equal(lineDiff('', Array.from({ length: 40 }, (_, i) => `l${i}`).join('\n'), 5).length, 5, 'limited');
});
