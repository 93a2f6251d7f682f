import { existsSync, readFileSync } from 'node:fs';
import t from 'tap';
import { extractHtmlText, toSourceSpan } from '../../../src/core/html/index.js';

/** Every occurrence of `term` in the extracted text, moved back to the source. */
function spans(html: string, term: string) {
  const extracted = extractHtmlText(html);
  const found = [];
  for (let at = extracted.text.indexOf(term); at !== -1; at = extracted.text.indexOf(term, at + 1)) {
    found.push(toSourceSpan(html, extracted, { start: at, end: at + term.length, match: term }));
  }
  return found;
}

const cases: Array<{ name: string; html: string; text: string }> = [
  { name: 'plain text', html: '网络赌场', text: '网络赌场' },
  { name: 'inline tags join', html: '<b>赌</b>博', text: '赌博' },
  { name: 'block tags separate', html: '<p>赌</p><p>博</p>', text: '赌\n博' },
  { name: 'br separates', html: '赌<br>博<br/>场', text: '赌\n博\n场' },
  { name: 'comments are skipped', html: '赌<!-- 注释 -->博<!---->', text: '赌博' },
  { name: 'script and style bodies are skipped', html: '<script>var a = "<p>赌博</p>";</script>正文<style>p{}</style>', text: '正文' },
  { name: 'script end tag in any case', html: '<SCRIPT type="x">赌博</ScRiPt >正文', text: '正文' },
  { name: 'named entities', html: '&lt;通知&gt;&amp;&nbsp;&hellip;', text: '<通知>&\u00a0…' },
  { name: 'numeric entities', html: '&#36172;&#x535A;&#128512;', text: '赌博😀' },
  { name: 'invalid numeric entities become U+FFFD', html: '&#0;&#xD800;&#99999999999;', text: '\ufffd\ufffd\ufffd' },
  { name: 'Windows-1252 numeric entities', html: '&#150;&#x93;', text: '–“' },
  { name: 'unknown entities stay literal', html: '&foo; & &#; &#x;', text: '&foo; & &#; &#x;' },
  { name: 'legacy entities without semicolon', html: '&amp &copy2026', text: '& ©2026' },
  { name: 'alt and title are text, other attributes are not', html: '<img src="赌博.png" alt="赌博图片"><a title=\'网络赌场\' href="/x">链接</a>', text: '赌博图片\n网络赌场\n链接' },
  { name: 'unquoted attribute values', html: '<img alt=赌博 src=x>', text: '赌博' },
  { name: 'entities in attributes', html: '<img alt="&#36172;&amp;博">', text: '赌&博' },
  { name: '> inside a quoted attribute', html: '<a title="a>b" href="c">文字</a>', text: 'a>b\n文字' },
  { name: 'a < that opens nothing is text', html: '1 < 2 <3 <', text: '1 < 2 <3 <' },
  { name: 'doctype and processing instructions', html: '<!DOCTYPE html><?xml version="1.0"?>正文', text: '正文' },
  { name: 'title and textarea are text, tags inside are not markup', html: '<title>赌<b>博</title><textarea>&lt;x&gt;</textarea>', text: '赌<b>博\n<x>' },
  { name: 'unterminated markup runs to the end', html: '正文<div class="x', text: '正文' },
  { name: 'unterminated comment', html: '正文<!-- 赌博', text: '正文' },
  { name: 'empty input', html: '', text: '' },
];

t.test('text extraction', async (t) => {
  for (const { name, html, text } of cases) t.equal(extractHtmlText(html).text, text, name);
});

t.test('findings map back to source offsets: match === html.slice(start, end)', async (t) => {
  const html = '<p>他参与<b>网络</b>&#36172;场</p><img alt="赌博"><p>😀赌&#x535A;</p>';
  const network = spans(html, '网络赌场');
  t.equal(network.length, 1);
  t.equal(network[0].match, '网络</b>&#36172;场', 'inline tags and entities are inside the span');
  t.equal(html.slice(network[0].start, network[0].end), network[0].match);
  const gambling = spans(html, '赌博');
  t.equal(gambling.length, 2);
  t.equal(gambling[0].match, '赌博', 'alt attribute value');
  t.equal(html.indexOf('赌博'), gambling[0].start);
  t.equal(gambling[1].match, '赌&#x535A;', 'after an astral character, offsets are UTF-16 units');
  for (const span of [...network, ...gambling]) t.equal(html.slice(span.start, span.end), span.match);
});

t.test('every text offset maps inside the source, monotonically', async (t) => {
  const html = '<div title="标&amp;题">一<br>二&nbsp;三<script>x</script>四&#128512;五</div>';
  const { text, map } = extractHtmlText(html);
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const { start, end } = map.toSource(i, i + 1);
    t.ok(start >= previous && end > start && end <= html.length, `unit ${i}`);
    previous = start;
  }
  t.same(map.toSource(2, 2), { start: map.toSource(2, 3).start, end: map.toSource(2, 3).start }, 'empty ranges map to empty spans');
  t.same(map.toSource(text.length, text.length).start, map.toSource(text.length - 1, text.length).end);
  t.throws(() => map.toSource(0, text.length + 1), RangeError);
});

t.test('hostile input never throws', async (t) => {
  const inputs = ['<', '&', '<!', '</', '<a', '<a b', '<a b=', '<a b="', "<a b='x", '&#', '&#x', '&#x110000;', '\ud800<p>\udc00', '\0<p\0>\0', '<'.repeat(1000), '&amp'.repeat(1000)];
  for (const html of inputs) {
    const { text, map } = extractHtmlText(html);
    t.equal(map.length, text.length, JSON.stringify(html.slice(0, 20)));
  }
  const big = '赌'.repeat(1_000_000);
  t.equal(extractHtmlText(`<p>${big}</p>`).text, big, 'a million characters in one element');
});

const CORPUS = new URL('../../../../shared/data/corpora/html/ch03.zh-cn.html', import.meta.url);

t.test('real page: Debian Reference chapter 3', { skip: existsSync(CORPUS) ? false : `absent: ${CORPUS.pathname}` }, async (t) => {
  const html = readFileSync(CORPUS, 'utf8');
  const started = performance.now();
  const extracted = extractHtmlText(html);
  const elapsed = performance.now() - started;
  t.ok(extracted.text.length > 10_000, `extracted ${extracted.text.length} units in ${elapsed.toFixed(1)} ms`);
  t.notMatch(extracted.text, /<a |<\/p>|&lt;|&amp;|&nbsp;/, 'no markup or entities left');
  // Every CJK run of the text maps back to a source slice that renders to the same text.
  let checked = 0;
  for (const match of extracted.text.matchAll(/[\u4e00-\u9fff]{2,}/g)) {
    const span = toSourceSpan(html, extracted, { start: match.index, end: match.index + match[0].length, match: match[0] });
    if (span.match !== match[0]) {
      // Only markup or entities may differ; the source must contain the characters in order.
      t.equal(extractHtmlText(span.match).text.replace(/\n/g, ''), match[0], `span at ${span.start}`);
    }
    checked++;
  }
  t.ok(checked > 100, `${checked} CJK runs mapped back`);
});
