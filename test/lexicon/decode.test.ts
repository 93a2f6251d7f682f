import t from 'tap';
import { decodeLexiconBytes, LexiconError } from '../../src/lexicon/index.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (value: string): Uint8Array => Uint8Array.from(Buffer.from(value, 'hex'));

t.test('UTF-8 with and without BOM', async (t) => {
  const plain = decodeLexiconBytes(utf8('赌博代理群\n六合彩特码\n'), 'a.txt');
  t.same({ text: plain.text, encoding: plain.encoding, bom: plain.bom, base64: plain.base64 }, { text: '赌博代理群\n六合彩特码\n', encoding: 'utf-8', bom: false, base64: 'none' });
  const bom = decodeLexiconBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('赌博代理群\n')]), 'b.txt');
  t.equal(bom.text, '赌博代理群\n', 'the BOM is not part of the first term');
  t.equal(bom.bom, true);
});

t.test('GBK / GB18030 when the bytes are not UTF-8', async (t) => {
  // '赌博代理群\n六合彩特码\n' in GBK
  const gbk = decodeLexiconBytes(hex('b6c4b2a9b4fac0edc8ba0ac1f9bacfb2caccd8c2eb0a'), 'gbk.txt');
  t.equal(gbk.encoding, 'gb18030');
  t.equal(gbk.text, '赌博代理群\n六合彩特码\n');
  // 測試 in GB18030 (traditional characters outside GB2312)
  t.equal(decodeLexiconBytes(hex('9c79d487'), 'big.txt').text, '測試');
});

t.test('UTF-16 with a BOM', async (t) => {
  const body = Buffer.from('赌博代理群\n', 'utf16le');
  const decoded = decodeLexiconBytes(Uint8Array.from([0xff, 0xfe, ...body]), 'u16.txt');
  t.equal(decoded.encoding, 'utf-16le');
  t.equal(decoded.text, '赌博代理群\n');
});

t.test('a whole file in base64, one line or wrapped', async (t) => {
  const list = '赌博代理群\n六合彩特码\n网络赌球平台\n';
  const encoded = Buffer.from(list).toString('base64');
  const one = decodeLexiconBytes(utf8(`${encoded}\n`), 'b64.txt');
  t.equal(one.base64, 'file');
  t.equal(one.text, list);
  const long = Buffer.from(list.repeat(8)).toString('base64');
  const wrapped = long.match(/.{1,76}/g)!.join('\n');
  const decoded = decodeLexiconBytes(utf8(wrapped), 'wrapped.txt');
  t.equal(decoded.base64, 'file');
  t.equal(decoded.text, list.repeat(8));
  // base64 of a GBK list: decoded, then read as GB18030
  const gbk = decodeLexiconBytes(utf8(Buffer.from('b6c4b2a9b4fac0edc8ba0ac1f9bacfb2caccd8c2eb0a', 'hex').toString('base64')), 'gbk64.txt');
  t.equal(gbk.text, '赌博代理群\n六合彩特码\n');
});

t.test('one base64 entry per line; a line that does not decode is reported, not dropped', async (t) => {
  const lines = ['赌博代理群', '六合彩特码', '网络赌球平台', '冰毒出售', '代开发票'].map((term) => Buffer.from(term).toString('base64'));
  lines.splice(2, 0, 'not-base64!');
  const decoded = decodeLexiconBytes(utf8(`# header\n${lines.join('\n')}\n`), 'lines.txt');
  t.equal(decoded.base64, 'lines');
  t.equal(decoded.text.split('\n')[1], '赌博代理群', 'line numbers are kept');
  t.same([...decoded.base64Problems], [[4, 'invalid base64']]);
});

t.test('Latin word lists are not mistaken for base64', async (t) => {
  const decoded = decodeLexiconBytes(utf8('porn\ncasino\nsex\nfalundafa\n'), 'latin.txt');
  t.equal(decoded.base64, 'none');
  t.equal(decoded.text, 'porn\ncasino\nsex\nfalundafa\n');
});

t.test('invalid base64 framing is a precise error', async (t) => {
  const encoded = Buffer.from('赌博代理群\n六合彩特码\n网络赌球平台\n').toString('base64');
  t.throws(() => decodeLexiconBytes(utf8(encoded.slice(0, -1)), 'cut.txt'), { name: 'LexiconError', file: 'cut.txt', message: /invalid base64: \d+ characters is not a multiple of 4/ });
  t.throws(() => decodeLexiconBytes(utf8(`${encoded.slice(0, 8)}=${encoded.slice(9)}`), 'pad.txt'), { message: /pad\.txt: invalid base64: padding '=' inside the data/ });
  // valid base64 whose content is binary
  const binary = Buffer.from(Array.from({ length: 96 }, (_, i) => (i * 37) & 0xff)).toString('base64');
  t.throws(() => decodeLexiconBytes(utf8(binary), 'bin64.txt'), LexiconError);
});

t.test('binary data and undecodable bytes are errors with file and line', async (t) => {
  const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);
  t.throws(() => decodeLexiconBytes(garbage, 'garbage.bin'), { name: 'LexiconError', file: 'garbage.bin', message: /binary data/ });
  const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...new Uint8Array(200)]);
  t.throws(() => decodeLexiconBytes(elf, 'a.out'), { message: /a\.out:1: binary data: \d+ NUL bytes/ });
  // line 3 is invalid in UTF-8 and in GB18030 (0xff never occurs in either)
  const bad = Uint8Array.from([...utf8('赌博代理群\n六合彩特码\n'), 0xff, 0xfe, 0xff, 0x0a]);
  t.throws(() => decodeLexiconBytes(bad, 'bad.txt'), { line: 3, message: 'bad.txt:3: neither valid UTF-8 nor GB18030/GBK' });
  t.throws(() => decodeLexiconBytes(new Uint8Array(100), 'big.txt', { maxBytes: 10 }), { message: 'big.txt: file is 100 bytes (limit 10)' });
});
