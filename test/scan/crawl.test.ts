import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import type { Test } from 'tap';
import { RobotsRules } from '../../src/core/crawl/robots.js';
import { parseSitemap } from '../../src/core/crawl/sitemap.js';
import { crawlSite } from '../../src/scan/inputs/crawl.js';
import type { InputItem } from '../../src/scan/types.js';
import { readJson, runAsync } from '../helpers/scan-cli.js';

t.test('robots.txt: our group or *, longest match, allow wins ties, * and $', async (t) => {
  const text = [
    'User-agent: otherbot',
    'Disallow: /',
    '',
    'User-agent: *',
    'Disallow: /private/',
    'Allow: /private/open',
    'Disallow: /*.pdf$',
    'Crawl-delay: 2',
    'Sitemap: https://example.gov.cn/sitemap-news.xml',
  ].join('\n');
  const rules = RobotsRules.parse(text, 'jiaodui-linkcheck');
  t.ok(rules.allows('/news/a.html'));
  t.notOk(rules.allows('/private/x.html'));
  t.ok(rules.allows('/private/open.html'), 'the longer allow wins');
  t.notOk(rules.allows('/files/report.pdf'));
  t.ok(rules.allows('/files/report.pdf?download=1'), '$ anchors at the end');
  t.equal(rules.crawlDelaySeconds, 2);
  t.same(rules.sitemaps, ['https://example.gov.cn/sitemap-news.xml']);
  const own = RobotsRules.parse('User-agent: *\nDisallow: /\n\nUser-agent: Jiaodui-LinkCheck\nDisallow: /tmp/\n', 'jiaodui-linkcheck');
  t.ok(own.allows('/news/'), 'our own group replaces *');
  t.notOk(own.allows('/tmp/a'));
  t.ok(RobotsRules.parse('User-agent: *\nDisallow:\n', 'x').allows('/anything'), 'an empty disallow allows all');
  t.ok(RobotsRules.parse('User-agent: *\nDisallow: /a\nAllow: /a\n', 'x').allows('/a'), 'allow wins a tie');
  t.notOk(RobotsRules.parse('User-agent: *\nDisallow: /新闻/\n', 'x').allows(new URL('http://h/新闻/1.html').pathname), 'non-ASCII patterns match percent-encoded paths');
});

t.test('sitemaps: urlset and sitemapindex, entities decoded, not-a-sitemap', async (t) => {
  t.same(parseSitemap('<?xml version="1.0"?><urlset xmlns="x"><url><loc> http://a/1.html?x=1&amp;y=2 </loc></url><url><loc><![CDATA[http://a/2.html]]></loc></url></urlset>'), {
    kind: 'urlset',
    urls: ['http://a/1.html?x=1&y=2', 'http://a/2.html'],
  });
  t.match(parseSitemap('<sitemapindex><sitemap><loc>http://a/s1.xml</loc></sitemap></sitemapindex>'), { kind: 'sitemapindex', urls: ['http://a/s1.xml'] });
  t.equal(parseSitemap('<html><body>not found</body></html>'), undefined);
});

/** A small government site on loopback; every request path is recorded. */
async function site(t: Test, options: { robots?: string | number; crawlDelay?: boolean } = {}) {
  const requests: string[] = [];
  const page = (body: string, head = '<meta charset="utf-8">') => `<html><head>${head}</head><body>${body}</body></html>`;
  let origin = '';
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const html = (body: string, status = 200) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      response.end(body);
    };
    switch (path) {
      case '/robots.txt':
        if (typeof options.robots === 'number') {
          response.writeHead(options.robots);
          response.end();
          return;
        }
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(options.robots ?? `User-agent: *\nDisallow: /private/\nAllow: /private/open.html\nSitemap: ${origin}/sitemap.xml.gz\n`);
        return;
      case '/sitemap.xml.gz':
        response.writeHead(200, { 'content-type': 'application/gzip' });
        response.end(gzipSync(`<urlset><url><loc>${origin}/orphan.html</loc></url><url><loc>${origin}/private/listed.html</loc></url></urlset>`));
        return;
      case '/':
        return html(
          page(
            [
              '<a href="/news/a.html">要闻</a>',
              '<a href="news/b.html#top">通知</a>',
              '<a href="/private/x.html">内部</a>',
              '<a href="/private/open.html">公开</a>',
              `<a href="${origin.replace('127.0.0.1', 'localhost')}/secret">外站</a>`,
              '<a href="/missing.html">失效</a>',
              '<a href="/broken.html">出错</a>',
              '<a href="/file.pdf">附件</a>',
              '<a href="/loop1">循环</a>',
              '<a href="/moved">旧址</a>',
              '<a style="display:none" href="/spam.html">暗链</a>',
              '<a href="/gbk.html">旧页面</a>',
              '<img src="/logo.png">',
            ].join(''),
          ),
        );
      case '/news/a.html':
        return html(page('<p>严厉打击网络赌场等违法犯罪活动。</p>', '<meta charset="utf-8"><meta name="PubDate" content="2026-11-02 09:00">'));
      case '/news/b.html':
        return html(page('<p>通知公告</p><a href="/news/deep1.html">下一页</a>'));
      case '/news/deep1.html':
        return html(page('<p>第二层</p><a href="/news/deep2.html">下一页</a>'));
      case '/news/deep2.html':
        return html(page('<p>第三层</p><a href="/news/deep3.html">下一页</a>'));
      case '/news/deep3.html':
        return html(page('<p>第四层</p>'));
      case '/orphan.html':
        return html(page('<p>只在网站地图里</p>'));
      case '/private/open.html':
        return html(page('<p>公开目录</p>'));
      case '/broken.html':
        return html('error', 500);
      case '/file.pdf':
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.end('%PDF-1.4');
        return;
      case '/loop1':
      case '/loop2':
        response.writeHead(302, { location: path === '/loop1' ? '/loop2' : '/loop1' });
        response.end();
        return;
      case '/moved':
        response.writeHead(301, { location: '/news/a.html' });
        response.end();
        return;
      case '/gbk.html':
        response.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
        // 政府 in GBK.
        response.end(Buffer.concat([Buffer.from('<html><body><p>'), Buffer.from([0xd5, 0xfe, 0xb8, 0xae]), Buffer.from('</p></body></html>')]));
        return;
      default:
        return html('not found', 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { origin, requests };
}

const NETWORK = { allow: ['127.0.0.0/8'], minIntervalMs: 0, totalTimeoutMs: 5000 };

async function collect(items: AsyncIterable<InputItem>) {
  const documents = new Map<string, { text: string; column?: string; published?: string }>();
  const problems = new Map<string, string>();
  for await (const item of items) {
    if (item.kind === 'document') documents.set(new URL(item.document.id).pathname, { text: item.document.content.html ?? item.document.content.text ?? '', column: item.document.column, published: item.document.published });
    else problems.set(new URL(item.problem.file).pathname, item.problem.message);
  }
  return { documents, problems };
}

t.test('crawl: robots, sitemap, same-origin visible links, problems named, depth honoured', async (t) => {
  const { origin, requests } = await site(t);
  const { documents, problems } = await collect(crawlSite(`${origin}/`, { ...NETWORK, maxDepth: 3 }));
  t.same(
    [...documents.keys()].sort(),
    ['/', '/gbk.html', '/news/a.html', '/news/b.html', '/news/deep1.html', '/news/deep2.html', '/orphan.html', '/private/open.html'].sort(),
    'pages of the site, the sitemap-only page included, deep3 beyond the depth',
  );
  t.match(documents.get('/gbk.html')?.text, /政府/, 'GBK declared in the header is decoded');
  t.equal(documents.get('/news/a.html')?.published, '2026-11-02');
  t.equal(documents.get('/news/a.html')?.column, 'news');
  t.match(Object.fromEntries(problems), { '/missing.html': 'HTTP 404', '/broken.html': 'HTTP 500', '/loop1': /redirect loop/ });
  for (const never of ['/private/x.html', '/private/listed.html', '/secret', '/spam.html', '/news/deep3.html', '/logo.png']) t.notOk(requests.includes(never), `${never} is never requested`);
  t.equal(requests.filter((path) => path === '/news/a.html').length, 1, 'a page reached through a redirect is fetched once');
  t.notOk(documents.has('/moved'), 'the redirect is not a second document');
  t.notOk(documents.has('/file.pdf') || problems.has('/file.pdf'), 'a PDF is not a page: skipped');
});

t.test('crawl: page limit, refused targets, robots.txt unreachable', async (t) => {
  const { origin, requests } = await site(t);
  const limited = await collect(crawlSite(`${origin}/`, { ...NETWORK, maxPages: 3 }));
  t.equal(limited.documents.size + limited.problems.size, 3, 'three pages requested');
  t.equal(requests.filter((path) => !path.startsWith('/robots') && !path.startsWith('/sitemap')).length, 3);

  const refused = await collect(crawlSite(`${origin}/`, { minIntervalMs: 0 }));
  t.match([...refused.problems.values()], [/refused-private|port-not-allowed/], 'loopback is refused unless allowed, like the link checker');
  t.equal(refused.documents.size, 0);

  const down = await site(t, { robots: 503 });
  const notCrawled = await collect(crawlSite(`${down.origin}/`, NETWORK));
  t.match([...notCrawled.problems.values()], [/robots\.txt unreachable \(HTTP 503\)/]);
  t.same(down.requests, ['/robots.txt'], 'nothing but robots.txt is requested');

  const none = await site(t, { robots: 404 });
  const all = await collect(crawlSite(`${none.origin}/`, { ...NETWORK, maxDepth: 1 }));
  t.ok(all.documents.has('/private/open.html') && none.requests.includes('/private/x.html'), 'no robots.txt: everything may be crawled');
});

t.test('jiaodui scan --crawl: findings, then an incremental rescan on the same --db', async (t) => {
  const { origin } = await site(t);
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-crawl-'));
  const db = join(dir, 'scan.db');
  const out = join(dir, 'report.json');
  const env = { LINKS_ALLOW: '127.0.0.0/8', LINKS_MIN_INTERVAL_MS: '0' };
  const args = ['scan', '--crawl', `${origin}/`, '--crawl-depth', '1', '--db', db, '--workers', '0', '--no-progress', '--format', 'json', '--out', out, '--fail-on', 'critical'];
  const first = await runAsync(args, env);
  t.equal(first.code, 0, first.stderr);
  const report = readJson(out);
  t.ok(report.findings.some((finding) => finding.document === `${origin}/news/a.html` && finding.type === 'sensitive'), 'the crawled page is checked');
  t.ok(report.problems.length >= 2, 'the 404 and the 500 are in the report');
  const again = await runAsync(args, env);
  t.equal(again.code, 0, again.stderr);
  t.match(again.stderr, /incremental job/);
  t.match(again.stdout, /unchanged since job 1/);
});
