import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import t from 'tap';
import { WARCRecord, WARCSerializer } from 'warcio';
import { decodePage, firstInvalidUtf8 } from '../../src/scan/decode.js';
import { readInputs, parsePathPattern } from '../../src/scan/inputs/index.js';
import type { InputItem } from '../../src/scan/types.js';

// GBK bytes of 截止目前，要按步就班。 (iconv -f utf-8 -t gbk), and of 镕 (GBK, not GB2312).
const GBK_TEXT = Buffer.from('bdd8d6b9c4bfc7b0a3acd2aab0b4b2bdbecdb0e0a1a3', 'hex');
const GBK_ONLY = Buffer.from('e946', 'hex');

async function collect(inputs: string[], options = {}): Promise<{ documents: Extract<InputItem, { kind: 'document' }>['document'][]; problems: Extract<InputItem, { kind: 'problem' }>['problem'][] }> {
  const documents = [];
  const problems = [];
  for await (const item of readInputs(inputs, options)) {
    if (item.kind === 'document') documents.push(item.document);
    else problems.push(item.problem);
  }
  return { documents, problems };
}

t.test('decodePage: GBK/GB2312 from <meta>, header or --encoding; invalid bytes reported with their offset', async (t) => {
  const html = Buffer.concat([Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'), GBK_TEXT, GBK_ONLY, Buffer.from('</body></html>')]);
  const decoded = decodePage(html, { html: true });
  t.ok(decoded.ok);
  if (decoded.ok) {
    t.equal(decoded.encoding, 'gb18030');
    t.match(decoded.text, '截止目前，要按步就班。镕', 'a page labelled GB2312 with a GBK-only character still decodes');
  }
  const meta5 = Buffer.concat([Buffer.from('<meta charset="GBK">'), GBK_TEXT]);
  t.match(decodePage(meta5, { html: true }), { ok: true, text: /截止目前/ });
  t.match(decodePage(GBK_TEXT, { html: false, declared: 'gbk' }), { ok: true, text: '截止目前，要按步就班。' }, 'HTTP header charset');
  t.match(decodePage(GBK_TEXT, { html: false, forced: 'gb18030' }), { ok: true, text: '截止目前，要按步就班。' }, '--encoding');
  const undeclared = decodePage(Buffer.concat([Buffer.from('ok '), GBK_TEXT]), { html: true });
  t.match(undeclared, { ok: false, offset: 3, message: /invalid UTF-8 at byte 3.*--encoding gbk/ }, 'undeclared GBK is invalid UTF-8 at byte 3');
  t.match(decodePage(Buffer.from([0xef, 0xbb, 0xbf, 0xe6, 0x88, 0x91]), { html: true, declared: 'gbk' }), { ok: true, text: '我' }, 'a UTF-8 BOM wins over a wrong label');
  t.match(decodePage(Buffer.from('<meta charset="gbk">\u00ff'), { html: true }), { ok: true }, 'latin1-range text is fine once decoded');
  t.match(decodePage(Buffer.from([0x81, 0x20]), { html: false, forced: 'gbk' }), { ok: false, message: /invalid gbk/ }, 'an invalid GBK sequence is an error, not U+FFFD');
});

t.test('firstInvalidUtf8 finds overlongs, surrogates, truncated sequences', async (t) => {
  t.equal(firstInvalidUtf8(Buffer.from('中文abc')), -1);
  t.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80])), 1, 'overlong');
  t.equal(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80])), 2, 'surrogate');
  t.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe4, 0xb8])), 1, 'truncated at the end');
  t.equal(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0, 'above U+10FFFF');
});

t.test('path pattern: site and column from directory levels', async (t) => {
  t.same(parsePathPattern('{site}/{column}')(['gov-a', 'news', '2024']), { site: 'gov-a', column: 'news' });
  t.same(parsePathPattern('*/{site}/*/{column}')(['archive', 'gov-a', 'x', 'news']), { site: 'gov-a', column: 'news' });
  t.same(parsePathPattern('{site}/{column}')(['gov-a']), { site: 'gov-a' });
  t.throws(() => parsePathPattern('{site}/{col}'), /expected \{site\}, \{column\} or \*/);
});

t.test('directory input: ids relative to the directory, site/column, metadata, bad files reported and skipped', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-inputs-'));
  mkdirSync(join(root, 'gov-a', 'news', '2024'), { recursive: true });
  mkdirSync(join(root, 'gov-b', 'notice'), { recursive: true });
  writeFileSync(join(root, 'gov-a', 'news', '2024', '1.html'), '<html><head><meta charset="utf-8"><meta name="PubDate" content="2024-3-5 10:00"><link rel="canonical" href="https://a.gov.cn/news/1.html"></head><body>截止目前</body></html>');
  writeFileSync(join(root, 'gov-a', 'news', '2.txt'), '再接再励');
  writeFileSync(join(root, 'gov-a', 'news', 'image.png'), Buffer.from([0x89, 0x50]));
  writeFileSync(join(root, 'gov-b', 'notice', 'gbk.htm'), Buffer.concat([Buffer.from('<meta charset="gb2312">'), GBK_TEXT]));
  writeFileSync(join(root, 'gov-b', 'notice', 'bad.txt'), Buffer.concat([Buffer.from('正文'), Buffer.from([0xff, 0xfe])]));
  // Unreadable even as root: a page name that is a link to a directory (EISDIR) and a dangling link (ENOENT).
  symlinkSync(join(root, 'gov-a'), join(root, 'gov-b', 'notice', 'dir.html'));
  symlinkSync(join(root, 'missing'), join(root, 'gov-b', 'notice', 'gone.shtml'));
  const { documents, problems } = await collect([root]);
  t.same(
    documents.map((d) => [d.id, d.site, d.column]),
    [
      ['gov-a/news/2.txt', 'gov-a', 'news'],
      ['gov-a/news/2024/1.html', 'gov-a', 'news'],
      ['gov-b/notice/gbk.htm', 'gov-b', 'notice'],
    ],
  );
  const page = documents[1]!;
  t.equal(page.published, '2024-03-05');
  t.equal(page.url, 'https://a.gov.cn/news/1.html');
  t.ok(page.content.html?.includes('截止目前'));
  t.same(documents[0]!.content, { text: '再接再励' });
  t.match(documents[2]!.content.html, /截止目前，要按步就班。/);
  t.same(
    problems.map((p) => [p.file, p.offset, p.message.replace(/;.*/, '')]),
    [
      ['gov-b/notice/bad.txt', 6, 'invalid UTF-8 at byte 6'],
      ['gov-b/notice/dir.html', undefined, 'cannot read (EISDIR)'],
      ['gov-b/notice/gone.shtml', undefined, 'cannot read (ENOENT)'],
    ],
  );
});

t.test('NDJSON (file and stdin): broken lines reported with their line number, the rest read', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-ndjson-'));
  const file = join(root, 'docs.ndjson');
  const lines = [
    JSON.stringify({ id: 'a', url: 'https://a.gov.cn/1', site: 'a', column: 'news', published: '2024年3月5日', text: '截止目前' }),
    '{"id": "b", "text": "unterminated',
    '',
    JSON.stringify({ id: 'c', html: '<p>按步就班</p>' }),
    JSON.stringify({ text: 'no id' }),
    JSON.stringify({ id: 'd' }),
    '[1, 2]',
    JSON.stringify({ id: 7, text: '数字 id', site: 3 }),
  ];
  const bytes = Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), Buffer.from('{"id":"e","text":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  writeFileSync(file, bytes);
  const { documents, problems } = await collect([file]);
  t.same(documents.map((d) => d.id), ['a', 'c']);
  t.match(documents[0], { url: 'https://a.gov.cn/1', site: 'a', column: 'news', published: '2024-03-05', content: { text: '截止目前' } });
  t.same(documents[1]!.content, { html: '<p>按步就班</p>' });
  t.same(
    problems.map((p) => [p.line, p.message.replace(/^not JSON \(.*/, 'not JSON')]),
    [
      [2, 'not JSON'],
      [5, '"id" (a non-empty string or number) is required'],
      [6, '"text" or "html" (a string) is required'],
      [7, 'not a JSON object'],
      [8, '"site" must be a string'],
      [9, `invalid UTF-8 at byte ${bytes.indexOf(0xc3)}`],
    ],
  );
  const fromStdin = await collect(['-'], { stdin: Readable.from([Buffer.from('{"id":"x","te'), Buffer.from('xt":"再接再励"}\n{"id":"y","text":"好"}')]) });
  t.same(fromStdin.documents.map((d) => [d.input, d.id, d.content.text]), [['-', 'x', '再接再励'], ['-', 'y', '好']], 'a line split across chunks; a last line without a newline');
});

async function warcRecord(url: string, body: Buffer, contentType: string, gzip: boolean): Promise<Uint8Array> {
  async function* content() {
    yield new Uint8Array(body);
  }
  const record = await WARCRecord.create({ url, date: '2024-01-01T00:00:00Z', type: 'response', warcVersion: 'WARC/1.1', httpHeaders: { 'Content-Type': contentType } }, content());
  return WARCSerializer.serialize(record, { gzip });
}

for (const gzip of [false, true]) {
  t.test(`WARC${gzip ? '.gz' : ''}: pages with site/column from the URL, charset from the header, a truncated record reported`, async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'jiaodui-warc-'));
    const records = [
      await warcRecord('https://a.gov.cn/news/1.html', Buffer.from('<html><body>截止目前</body></html>'), 'text/html; charset=utf-8', gzip),
      await warcRecord('https://a.gov.cn/img/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png', gzip),
      await warcRecord('https://b.gov.cn/notice/2.html', GBK_TEXT, 'text/html; charset=GBK', gzip),
      await warcRecord('https://b.gov.cn/notice/3.html', Buffer.from('<html><body>这一页会被截断，后面的内容没有写完整</body></html>'), 'text/html', gzip),
    ];
    const whole = Buffer.concat(records);
    const file = join(root, gzip ? 'site.warc.gz' : 'site.warc');
    writeFileSync(file, whole.subarray(0, whole.length - 25));
    const { documents, problems } = await collect([file]);
    t.same(
      documents.map((d) => [d.id, d.site, d.column]),
      [
        ['https://a.gov.cn/news/1.html', 'a.gov.cn', 'news'],
        ['https://b.gov.cn/notice/2.html', 'b.gov.cn', 'notice'],
      ],
    );
    t.equal(documents[1]!.content.html, '截止目前，要按步就班。');
    t.equal(problems.length, 1, 'one problem: the truncated last record');
    const offset = records[0]!.length + records[1]!.length + records[2]!.length;
    t.match(problems[0], { file, message: gzip ? /could not be read as a WARC record/ : /truncated WARC record for https:\/\/b\.gov\.cn\/notice\/3\.html/ });
    t.equal(problems[0]!.offset, offset, 'at the offset where the record starts');
  });
}
