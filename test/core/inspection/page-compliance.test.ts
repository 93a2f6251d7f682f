import t from 'tap';
import { checkPageCompliance, findVisibleDate, guessPageKind, parsePageDate, readMetaTags } from '../../../src/core/inspection/page-compliance.js';

const NOW = Date.parse('2024-03-10T04:00:00Z'); // 12:00 in Beijing

function page(meta: Record<string, string>, body = '', extraHead = ''): string {
  const tags = Object.entries(meta)
    .map(([name, content]) => `<meta name="${name}" content="${content}">`)
    .join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">\n${tags}${extraHead}<title>t</title></head><body>${body}</body></html>`;
}

const ARTICLE_META = {
  SiteName: '晋中市人民政府',
  SiteDomain: 'www.sxjz.gov.cn',
  SiteIDCode: '1407000001',
  ColumnName: '通知公告',
  ColumnType: '通知公告',
  ArticleTitle: '关于开展安全检查的通知',
  PubDate: '2024-03-05 10:19',
  ContentSource: '晋中市应急管理局',
};
const URL_ARTICLE = 'https://www.sxjz.gov.cn/tzgg/content_123.html';

function codes(html: string, options: Partial<Parameters<typeof checkPageCompliance>[1]> = {}): string[] {
  return checkPageCompliance(html, { url: URL_ARTICLE, now: NOW, ...options }).findings.map((f) => `${f.code}:${f.rule.split(':')[2]}`);
}

t.test('a complete article page is clean, and its publish date is read', async (t) => {
  const html = page(ARTICLE_META, '<div class="info">发布时间：2024-03-05 10:19　来源：晋中市应急管理局</div><p>正文</p>');
  const result = checkPageCompliance(html, { url: URL_ARTICLE, now: NOW });
  t.same(result.findings, []);
  t.equal(result.kind, 'article');
  t.equal(result.published, Date.parse('2024-03-05T02:19:00Z'), 'PubDate in Beijing time');
  t.equal(result.visibleDate?.day, '2024-03-05');
  t.equal(html.slice(result.visibleDate!.start, result.visibleDate!.end), '2024-03-05 10:19', 'visible date span points into the HTML');
});

t.test('missing and empty tags', async (t) => {
  const { ContentSource, SiteIDCode, ...rest } = ARTICLE_META;
  void ContentSource;
  void SiteIDCode;
  const html = page({ ...rest, ColumnType: ' ' }, '发布日期：2024年3月5日');
  const result = checkPageCompliance(html, { url: URL_ARTICLE, now: NOW });
  const byRule = Object.fromEntries(result.findings.map((f) => [f.rule, f]));
  t.ok(byRule['compliance:meta-missing:SiteIDCode'], 'SiteIDCode missing');
  t.ok(byRule['compliance:meta-missing:ContentSource'], 'ContentSource missing');
  t.equal(byRule['compliance:meta-empty:ColumnType']?.match, '<meta name="ColumnType" content=" ">', 'an empty tag is pointed at');
  t.equal(byRule['compliance:meta-missing:SiteIDCode']?.match, '<head>', 'a missing tag points at <head>');
  t.equal(result.findings.length, 3);
  for (const f of result.findings) t.equal(f.severity, 'warning');
});

t.test('which tags each kind of page needs', async (t) => {
  const site = { SiteName: 'x', SiteDomain: 'www.sxjz.gov.cn', SiteIDCode: '1407000001' };
  t.same(codes(page(site), { url: 'https://www.sxjz.gov.cn/' }), [], 'homepage: site tags only');
  t.same(
    codes(page(site, '<a href="/tzgg/202403/t1.html">通知</a>'), { url: 'https://www.sxjz.gov.cn/tzgg/' }),
    ['compliance.meta-missing:ColumnName', 'compliance.meta-missing:ColumnType'],
    'column page',
  );
  t.equal(guessPageKind('https://www.sxjz.gov.cn/index.html', {}, undefined), 'home');
  t.equal(guessPageKind('https://www.sxjz.gov.cn/a/b.html', readMetaTags(page({ ArticleTitle: 'x' })), undefined), 'article');
  const recommended = checkPageCompliance(page(ARTICLE_META), { url: URL_ARTICLE, now: NOW, recommended: true }).findings;
  t.same(
    recommended.map((f) => [f.rule, f.severity]),
    ['ColumnDescription', 'ColumnKeywords', 'Keywords', 'Author', 'Description', 'Image', 'Url'].map((n) => [`compliance:meta-missing:${n}`, 'info']),
  );
});

t.test('tag values: SiteIDCode format and SiteDomain', async (t) => {
  t.same(codes(page({ ...ARTICLE_META, SiteIDCode: '14070001' })), ['compliance.meta-invalid:SiteIDCode']);
  t.same(codes(page({ ...ARTICLE_META, SiteIDCode: 'bm29000002' })), [], 'department code');
  t.same(codes(page({ ...ARTICLE_META, SiteDomain: 'www.other.gov.cn' })), ['compliance.meta-invalid:SiteDomain']);
  t.same(codes(page({ ...ARTICLE_META, SiteDomain: 'sxjz.gov.cn' })), [], 'a parent domain is fine (consolidated platforms)');
  t.same(codes(page({ ...ARTICLE_META, SiteDomain: 'https://www.sxjz.gov.cn/' })), [], 'written as a URL');
});

t.test('PubDate: unparseable, in the future, at the edge', async (t) => {
  t.same(codes(page({ ...ARTICLE_META, PubDate: '三月五日' })), ['compliance.pubdate-invalid:PubDate']);
  t.same(codes(page({ ...ARTICLE_META, PubDate: '2024-02-30' })), ['compliance.pubdate-invalid:PubDate']);
  t.same(codes(page({ ...ARTICLE_META, PubDate: '2024-03-10 12:01' })), ['compliance.pubdate-future:PubDate'], 'one minute ahead of Beijing noon');
  t.same(codes(page({ ...ARTICLE_META, PubDate: '2024-03-10 12:00' })), [], 'exactly now');
  t.same(codes(page({ ...ARTICLE_META, PubDate: '2024-03-10' })), [], 'today without a time');
  t.same(codes(page({ ...ARTICLE_META, PubDate: '2024-03-11' })), ['compliance.pubdate-future:PubDate']);
  const future = checkPageCompliance(page({ ...ARTICLE_META, PubDate: '2025-01-01' }), { url: URL_ARTICLE, now: NOW });
  t.equal(future.published, undefined, 'a future date does not count as an update');
});

t.test('visible date against PubDate', async (t) => {
  const html = page(ARTICLE_META, '<span>发布时间：<b>2024-03-01</b></span>');
  const result = checkPageCompliance(html, { url: URL_ARTICLE, now: NOW });
  t.same(result.findings.map((f) => [f.code, f.match, f.suggestions]), [['compliance.date-mismatch', '2024-03-01', ['2024-03-05 10:19']]]);
  t.same(codes(page(ARTICLE_META, '发布时间：2024-03-05 08:00')), [], 'same day, another time: not a mismatch');
  const adjacent = checkPageCompliance(page(ARTICLE_META, '发布时间：2024-03-06'), { url: URL_ARTICLE, now: NOW }).findings;
  t.same(adjacent.map((f) => [f.rule, f.severity]), [['compliance:date-mismatch:adjacent-day', 'info']], 'one day apart: time zone or midnight, info');
  t.same(codes(page(ARTICLE_META, '成文日期：2024-02-20 会议时间：2024年3月20日')), [], '成文日期 and 会议时间 are other dates');
  t.same(codes(page(ARTICLE_META, '日期：2024/3/1')), ['compliance.date-mismatch:visible'], 'a bare 日期 label');
  const { PubDate, ...noPub } = ARTICLE_META;
  void PubDate;
  const visibleOnly = checkPageCompliance(page(noPub, '发布时间：2024-03-05'), { url: URL_ARTICLE, now: NOW });
  t.same(visibleOnly.findings.map((f) => f.rule), ['compliance:meta-missing:PubDate']);
  t.equal(visibleOnly.published, Date.parse('2024-03-04T16:00:00Z'), 'the visible date stands in');
  t.same(codes(page(noPub, '发布时间：2024-03-12')), ['compliance.meta-missing:PubDate', 'compliance.pubdate-future:visible']);
});

t.test('a page without any publish date', async (t) => {
  const { PubDate, ...noPub } = ARTICLE_META;
  void PubDate;
  const result = checkPageCompliance(page(noPub, '<p>正文</p>'), { url: URL_ARTICLE, now: NOW });
  t.same(result.findings.map((f) => f.code), ['compliance.meta-missing', 'compliance.no-publish-date']);
  t.equal(result.published, undefined);
});

t.test('meta parsing', async (t) => {
  const html = '<head><!-- <meta name="PubDate" content="2020-01-01"> --><META content="2024-03-05" NAME=PubDate><meta name="pubdate" content="x"><meta name="SiteName" content="晋中&amp;市"></head>';
  const meta = readMetaTags(html);
  t.equal(meta.pubdate.content, '2024-03-05', 'comments skipped, attribute order and case free, first tag wins');
  t.equal(meta.sitename.content, '晋中&市', 'entities decoded');
  t.same(parsePageDate('2024年03月05日 10:19:30'), { time: Date.parse('2024-03-05T02:19:30Z'), day: '2024-03-05' });
  t.same(parsePageDate('2024-03-05T10:19:00+08:00'), { time: Date.parse('2024-03-05T02:19:00Z'), day: '2024-03-05' });
  t.equal(parsePageDate('发布 2024-03-05'), undefined, 'text before the date');
  t.equal(findVisibleDate('<p>日期 2024.3.5</p>')?.day, '2024-03-05');
  const html2 = '<p>发布时间：2024-03-01</p><p>12:00 正文</p>';
  const visible = findVisibleDate(html2)!;
  t.equal(html2.slice(visible.start, visible.end), '2024-03-01', 'the date ends at the end of its element');
});

t.test('inventory: off-site scripts, iframes and hidden links', async (t) => {
  const html = page(
    ARTICLE_META,
    '<script src="/js/app.js"></script><script src="https://static.sxjz.gov.cn/a.js"></script><script src="https://evil.example.com/x.js"></script>' +
      '<iframe src="https://map.example.com/embed"></iframe><div style="display:none"><a href="https://casino.example.com/">娱乐</a><a href="/tzgg/">通知</a></div>',
  );
  const result = checkPageCompliance(html, { url: URL_ARTICLE, now: NOW });
  t.same(result.inventory, { scripts: ['https://evil.example.com/x.js'], iframes: ['https://map.example.com/embed'], hiddenLinks: ['https://casino.example.com/'] });
  t.same(
    result.findings.map((f) => [f.code, f.severity, f.match]),
    [
      ['compliance.external-script', 'info', 'https://evil.example.com/x.js'],
      ['compliance.iframe', 'info', 'https://map.example.com/embed'],
      ['compliance.hidden-link', 'warning', 'https://casino.example.com/'],
    ],
  );
});

t.test('a column page that lists no entries', async (t) => {
  const meta = { SiteName: 'x', SiteDomain: 'www.sxjz.gov.cn', SiteIDCode: '1407000001', ColumnName: '通知公告', ColumnType: '通知公告' };
  const url = 'https://www.sxjz.gov.cn/tzgg/index.html';
  const nav = '<a href="/">首页</a><a href="/ywdt/">要闻动态</a><a href="index_2.html">下一页</a><a href="https://www.gov.cn/">中国政府网</a>';
  const empty = checkPageCompliance(page(meta, nav), { url, now: NOW });
  t.equal(empty.kind, 'column');
  t.equal(empty.columnEntries, 0, 'navigation, pagination and other sites are not entries');
  t.same(empty.findings.map((f) => [f.code, f.severity]), [['compliance.empty-column', 'info']]);
  const listed = checkPageCompliance(page(meta, `${nav}<ul><li><a href="./202403/t20240305_1.html">关于……的通知</a></li><li><a href="202402/t2.html">公告</a></li></ul>`), { url, now: NOW });
  t.equal(listed.columnEntries, 2);
  t.same(listed.findings, []);
  const hiddenOnly = checkPageCompliance(page(meta, `<div style="display:none"><a href="202403/t1.html">x</a></div>`), { url, now: NOW });
  t.equal(hiddenOnly.columnEntries, 0, 'a hidden entry does not count');
});
