import t from 'tap';
import { extractLinks, staticLinkFindings } from '../../../src/core/links/index.js';

const PAGE = 'https://www.example.gov.cn/index.html';
const OFF = 'https://casino.example.com/';

function hiddenFindings(html: string) {
  const extraction = extractLinks(html, PAGE);
  return staticLinkFindings(html, extraction, PAGE).filter((f) => f.code === 'link.hidden');
}

const HIDDEN_CASES: Array<[string, string]> = [
  ['display:none inline', `<div style="display:none"><a href="${OFF}">博彩</a></div>`],
  ['visibility:hidden', `<a style="visibility: hidden" href="${OFF}">x</a>`],
  ['font-size:0 on a parent', `<p style="font-size:0px"><a href="${OFF}">x</a></p>`],
  ['zero height with overflow hidden', `<div style="height:0;overflow:hidden"><a href="${OFF}">x</a></div>`],
  ['far negative offset', `<div style="position:absolute;left:-9999px;top:0"><a href="${OFF}">x</a></div>`],
  ['negative text-indent', `<div style="text-indent:-9999px"><a href="${OFF}">x</a></div>`],
  ['colour equal to background', `<div style="background:#FFF"><a style="color:white" href="${OFF}">x</a></div>`],
  ['rgb colour equal to background', `<div style="background-color: rgb(255, 255, 255)"><a style="color:#ffffff" href="${OFF}">x</a></div>`],
  ['marquee with zero size', `<marquee height="0" width="1"><a href="${OFF}">x</a></marquee>`],
  ['style block, class rule', `<style>.hl{display:none}</style><div class="box hl"><a href="${OFF}">x</a></div>`],
  ['style block, descendant rule after the link', `<div id="f"><span><a href="${OFF}">x</a></span></div><style>#f a { position:absolute; top:-1200px }</style>`],
  ['style block inside @media', `<style>@media screen { .x { visibility:hidden } }</style><a class="x" href="${OFF}">x</a>`],
  ['hidden attribute', `<div hidden><a href="${OFF}">x</a></div>`],
  ['opacity 0 with !important', `<span style="opacity:0 !important"><a href="${OFF}">x</a></span>`],
];

for (const [name, html] of HIDDEN_CASES) {
  t.test(`hidden: ${name}`, async (t) => {
    const findings = hiddenFindings(html);
    t.equal(findings.length, 1, 'one finding');
    t.equal(findings[0]?.severity, 'critical');
    t.equal(findings[0]?.url, OFF);
    t.equal(html.slice(findings[0]?.start, findings[0]?.end), OFF, 'offsets of the href value');
  });
}

const VISIBLE_CASES: Array<[string, string]> = [
  ['ordinary off-site link', `<p>友情链接：<a href="${OFF}">x</a></p>`],
  ['hidden parent closed before the link', `<div style="display:none">menu</div><a href="${OFF}">x</a>`],
  ['hidden on-site link (a collapsed menu)', '<ul style="display:none"><li><a href="/about.html">关于</a></ul>'],
  ['hidden subdomain of the same site', '<div style="display:none"><a href="https://zwfw.example.gov.cn/">x</a></div>'],
  ['rule for another class', `<style>.hl{display:none}</style><div class="highlight"><a href="${OFF}">x</a></div>`],
  ['pseudo-class rule', `<style>a:hover{display:none}</style><a href="${OFF}">x</a>`],
  ['different colours', `<div style="background:#fff"><a style="color:#333" href="${OFF}">x</a></div>`],
  ['font size restored in the child', `<div style="font-size:0"><a style="font-size:14px" href="${OFF}">x</a></div>`],
  ['zero height without overflow hidden', `<div style="height:0"><a href="${OFF}">x</a></div>`],
  ['small negative margin', `<a style="margin-left:-10px" href="${OFF}">x</a>`],
  ['hidden image (not an anchor)', `<img style="display:none" src="${OFF}a.png">`],
  ['sibling list items close each other', `<ul><li style="display:none">a<li><a href="${OFF}">x</a></ul>`],
];

for (const [name, html] of VISIBLE_CASES) {
  t.test(`visible: ${name}`, async (t) => {
    t.same(hiddenFindings(html), []);
  });
}

t.test('javascript: and empty hrefs are info; mixed content is a warning on https pages only', async (t) => {
  const html = '<a href="javascript:;">a</a><a href="">b</a><img src="http://img.example.gov.cn/a.png"><a href="http://x.example.com/">c</a>';
  const findings = staticLinkFindings(html, extractLinks(html, PAGE), PAGE);
  t.same(
    findings.map((f) => [f.code, f.severity, html.slice(f.start, f.end)]),
    [
      ['link.no-target', 'info', 'javascript:;'],
      ['link.no-target', 'info', ''],
      ['link.insecure', 'warning', 'http://img.example.gov.cn/a.png'],
    ],
  );
  const plain = 'http://www.example.gov.cn/';
  t.same(staticLinkFindings(html, extractLinks(html, plain), plain).map((f) => f.code), ['link.no-target', 'link.no-target']);
});
