import t from 'tap';
import { extractLinks } from '../../../src/core/links/index.js';

const PAGE = 'https://www.example.gov.cn/news/index.html';

t.test('every link attribute, resolved against the page, with offsets of the value in the source', async (t) => {
  const html = [
    '<html><head><link rel="stylesheet" href="/css/a.css"><script src="js/app.js"></script>',
    '<meta http-equiv="refresh" content="5; url=/moved.html"></head><body>',
    '<a href="detail.html?id=1&amp;page=2">新闻</a> <area href="map.html">',
    '<img src="/img/a.png" srcset="/img/a-2x.png 2x, /img/a-3x.png 3x"><iframe src="https://other.example.com/embed"></iframe>',
    '<embed src="a.swf"><video src="v.mp4" poster="p.jpg"><source src="v.webm"></video><audio src="a.mp3"></audio>',
    '<form action="/search"></form><object data="o.pdf"></object>',
    '</body></html>',
  ].join('');
  const { links } = extractLinks(html, PAGE);
  const got = links.map((l) => [l.element, l.attribute, l.url, html.slice(l.start, l.end), l.use]);
  t.same(got, [
    ['link', 'href', 'https://www.example.gov.cn/css/a.css', '/css/a.css', 'resource'],
    ['script', 'src', 'https://www.example.gov.cn/news/js/app.js', 'js/app.js', 'resource'],
    ['meta', 'content', 'https://www.example.gov.cn/moved.html', '/moved.html', 'navigation'],
    ['a', 'href', 'https://www.example.gov.cn/news/detail.html?id=1&page=2', 'detail.html?id=1&amp;page=2', 'navigation'],
    ['area', 'href', 'https://www.example.gov.cn/news/map.html', 'map.html', 'navigation'],
    ['img', 'src', 'https://www.example.gov.cn/img/a.png', '/img/a.png', 'resource'],
    ['img', 'srcset', 'https://www.example.gov.cn/img/a-2x.png', '/img/a-2x.png', 'resource'],
    ['img', 'srcset', 'https://www.example.gov.cn/img/a-3x.png', '/img/a-3x.png', 'resource'],
    ['iframe', 'src', 'https://other.example.com/embed', 'https://other.example.com/embed', 'navigation'],
    ['embed', 'src', 'https://www.example.gov.cn/news/a.swf', 'a.swf', 'resource'],
    ['video', 'src', 'https://www.example.gov.cn/news/v.mp4', 'v.mp4', 'resource'],
    ['video', 'poster', 'https://www.example.gov.cn/news/p.jpg', 'p.jpg', 'resource'],
    ['source', 'src', 'https://www.example.gov.cn/news/v.webm', 'v.webm', 'resource'],
    ['audio', 'src', 'https://www.example.gov.cn/news/a.mp3', 'a.mp3', 'resource'],
    ['form', 'action', 'https://www.example.gov.cn/search', '/search', 'form'],
    ['object', 'data', 'https://www.example.gov.cn/news/o.pdf', 'o.pdf', 'resource'],
  ]);
});

t.test('base href, fragments, skipped schemes, javascript and empty targets', async (t) => {
  const html =
    '<base href="https://cdn.example.gov.cn/root/"><a href="#top">top</a><a href="mailto:a@b.cn">m</a><a href="tel:12345">t</a>' +
    '<img src="data:image/png;base64,AAAA"><a href="page.html#part">p</a><a href="javascript:void(0)">js</a><a href="">e</a>' +
    '<a>placeholder</a><a href=" spaced.html ">s</a>';
  const { links, baseUrl } = extractLinks(html, PAGE);
  t.equal(baseUrl, 'https://cdn.example.gov.cn/root/');
  t.same(
    links.map((l) => [l.url, l.noTarget, html.slice(l.start, l.end)]),
    [
      ['https://cdn.example.gov.cn/root/page.html', undefined, 'page.html#part'],
      [undefined, 'javascript', 'javascript:void(0)'],
      [undefined, 'empty', ''],
      ['https://cdn.example.gov.cn/root/spaced.html', undefined, 'spaced.html'],
    ],
  );
});

t.test('offsets survive CJK and astral text before the link, unquoted values and odd markup', async (t) => {
  const html = '<p>政务公开😀</p><!-- <a href="commented.html"> --><script>var s = "<a href=\'in-script.html\'>";</script><A HREF=/x/y.html>x</A><img src = \'q.png\' >';
  const { links } = extractLinks(html, PAGE);
  t.same(links.map((l) => html.slice(l.start, l.end)), ['/x/y.html', 'q.png']);
  t.same(links.map((l) => l.url), ['https://www.example.gov.cn/x/y.html', 'https://www.example.gov.cn/news/q.png']);
});

t.test('connection hints are not links', async (t) => {
  const html = '<link rel="dns-prefetch" href="//cdn.example.com"><link rel="preconnect" href="https://fonts.example.com"><link rel="icon" href="/favicon.ico">';
  t.same(extractLinks(html, PAGE).links.map((l) => l.url), ['https://www.example.gov.cn/favicon.ico']);
});

t.test('relative links without a page URL stay unresolved; absolute ones resolve', async (t) => {
  const { links } = extractLinks('<a href="rel.html">r</a><a href="http://a.example.org/">a</a>');
  t.same(links.map((l) => l.url), [undefined, 'http://a.example.org/']);
});

t.test('unterminated markup never throws', async (t) => {
  for (const html of ['<a href="x', '<a href=', '<a', '<img srcset="a.png 1x,', '<meta http-equiv=refresh content="0;url=']) {
    t.doesNotThrow(() => extractLinks(html, PAGE), html);
  }
});
