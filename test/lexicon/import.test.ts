import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createProofreader, BUNDLED_DICTIONARIES, DictionaryError } from '../../src/index.js';
import { importLexiconFiles, LexiconError, writeFileAtomic } from '../../src/lexicon/index.js';

const LIST = ['# a public list', '六合彩特码', '賭博代理群', '赌博代理群', '公安', '赌', '六合彩', 'tmd', '单元格区域'].join('\n');

function copyOfBundled(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'jiaodui-test-lexicon-')), 'dictionaries');
  cpSync(BUNDLED_DICTIONARIES, dir, { recursive: true });
  return dir;
}

function writeList(content: string | Uint8Array, name = 'list.txt'): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jiaodui-test-list-')), name);
  writeFileSync(file, content);
  return file;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

t.test('accepted entries go live, doubtful ones wait in a review list the loader ignores', async (t) => {
  const dir = copyOfBundled();
  const result = await importLexiconFiles({ files: [writeList(LIST)], into: 'sensitive:public', dictionaries: dir });
  const status = Object.fromEntries(result.report.entries.map((entry) => [entry.term, `${entry.status}:${entry.reasons[0] ?? ''}`]));
  t.same(status, {
    六合彩特码: 'accepted:',
    賭博代理群: 'accepted:',
    赌博代理群: 'dropped:same-key',
    公安: 'parked:common-word',
    赌: 'parked:single-character',
    六合彩: 'dropped:already-listed',
    tmd: 'parked:latin-fragment',
    单元格区域: 'parked:reference-hits',
  });
  const dictionary = readFileSync(path.join(dir, 'sensitive', 'public.txt'), 'utf8');
  t.match(dictionary, /^# sensitive\/public: /);
  t.same(dictionary.split('\n').filter((line) => line !== '' && !line.startsWith('#')), ['六合彩特码', '賭博代理群']);
  const review = readFileSync(path.join(dir, 'sensitive', 'public.review.txt'), 'utf8');
  t.match(review, /^公安\tcommon-word[,\w-]*\tjieba frequency \d+ \(threshold \d+\)[^\t]*\t.*list\.txt:5$/m);
  t.match(review, /^赌\tsingle-character[,\t]/m);
  const audit = JSON.parse(readFileSync(path.join(dir, 'import-audit.json'), 'utf8'));
  t.equal(audit.summary.accepted, 2);
  t.equal(audit.target.dictionaryFile, 'sensitive/public.txt');
  t.equal(audit.sources[0].encoding, 'utf-8');
  t.same(result.written && { added: result.written.added, parked: result.written.parked }, { added: 2, parked: 4 });

  const proofreader = await createProofreader({ dictionaries: dir, cacheDir: false });
  const findings = proofreader.check('网上有人兜售六合彩特码，还有人加入赌博代理群。公安机关依法查处。', { checks: ['sensitive'] }).findings;
  t.same(findings.map((f) => [f.match, f.category]), [['六合彩特码', 'public'], ['赌博代理群', 'public']], 'imported terms are found; the parked 公安 is not');
});

t.test('a second import appends and drops what the first one added', async (t) => {
  const dir = copyOfBundled();
  await importLexiconFiles({ files: [writeList('六合彩特码\n')], into: 'sensitive:public', dictionaries: dir });
  const second = await importLexiconFiles({ files: [writeList('六合彩特码\n冰毒出售群\n')], into: 'sensitive:public', dictionaries: dir });
  t.same(second.report.entries.map((e) => `${e.term}:${e.status}`), ['六合彩特码:dropped', '冰毒出售群:accepted']);
  const dictionary = readFileSync(path.join(dir, 'sensitive', 'public.txt'), 'utf8');
  t.same(dictionary.split('\n').filter((line) => line !== '' && !line.startsWith('#')), ['六合彩特码', '冰毒出售群']);
  t.equal(dictionary.match(/^# imported /gm)?.length, 2, 'one block per import');
});

t.test('GBK and base64 lists import the same terms', async (t) => {
  const gbk = writeList(Buffer.from('b6c4b2a9b4fac0edc8ba0ac1f9bacfb2caccd8c2eb0a', 'hex'), 'gbk.txt');
  const b64 = writeList(Buffer.from('赌博代理群\n六合彩特码\n').toString('base64'), 'b64.txt');
  const perLine = writeList(['赌博代理群', '六合彩特码'].map((term) => Buffer.from(term).toString('base64')).join('\n'), 'lines.txt');
  for (const file of [gbk, b64, perLine]) {
    const result = await importLexiconFiles({ files: [file], into: 'sensitive', dryRun: true });
    t.same(result.report.entries.filter((e) => e.status === 'accepted').map((e) => e.term), ['赌博代理群', '六合彩特码'], path.basename(file));
  }
});

t.test('hostile or unreadable input writes nothing', async (t) => {
  const dir = copyOfBundled();
  const before = snapshot(dir);
  const binary = writeList(Uint8Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251), 'garbage.bin');
  await t.rejects(importLexiconFiles({ files: [writeList('六合彩特码\n'), binary], into: 'sensitive:public', dictionaries: dir }), { name: 'LexiconError', message: /garbage\.bin: binary data/ });
  await t.rejects(importLexiconFiles({ files: ['/nonexistent/list.txt'], into: 'sensitive:public', dictionaries: dir }), { message: '/nonexistent/list.txt: file not found' });
  await t.rejects(importLexiconFiles({ files: [writeList('x\n')], into: 'typo:words', dictionaries: dir }), LexiconError);
  await t.rejects(importLexiconFiles({ files: [writeList('x\n')], into: 'sensitive:../etc', dictionaries: dir }), { message: /category '\.\.\/etc' must be letters/ });
  t.same(snapshot(dir), before, 'the folder is untouched');

  // A 10 MB single line and NUL bytes are parked, not fatal.
  const result = await importLexiconFiles({ files: [writeList(`六合彩特码\n${'x'.repeat(10 * 1024 * 1024)}\n冰毒\u0000出售\n`)], into: 'sensitive:public', dictionaries: dir });
  t.same(result.report.entries.map((e) => `${e.line}:${e.status}:${e.reasons[0] ?? ''}`), ['2:parked:too-long', '3:parked:control-character', '1:accepted:']);
});

t.test('a folder that would not load is never written', async (t) => {
  const dir = copyOfBundled();
  writeFileSync(path.join(dir, 'sensitive', 'broken.txt'), '坏词\tnot-a-severity\n');
  const before = snapshot(dir);
  await t.rejects(importLexiconFiles({ files: [writeList('六合彩特码\n')], into: 'sensitive:public', dictionaries: dir }), DictionaryError);
  t.same(snapshot(dir), before);
});

t.test('a site import writes the same layout under <sites-dir>/<id>/ and reads the base', async (t) => {
  const sitesDir = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-test-sites-'));
  const result = await importLexiconFiles({ files: [writeList('六合彩特码\n六合彩\n')], into: 'sensitive:public', site: 'city-a', sitesDir, base: BUNDLED_DICTIONARIES });
  t.same(result.report.entries.map((e) => `${e.term}:${e.status}`), ['六合彩特码:accepted', '六合彩:dropped'], 'the base counts as already listed');
  t.ok(existsSync(path.join(sitesDir, 'city-a', 'sensitive', 'public.txt')));
  t.ok(existsSync(path.join(sitesDir, 'city-a', 'import-audit.json')));
  await t.rejects(importLexiconFiles({ files: [writeList('x\n')], into: 'sensitive', site: '../up', sitesDir }), { message: /site id '\.\.\/up'/ });
  await t.rejects(importLexiconFiles({ files: [writeList('x\n')], into: 'sensitive', site: 'a', sitesDir: path.join(sitesDir, 'missing') }), { message: /sites folder not found/ });
});

t.test('an atomic write that fails leaves the old file and no temporary file', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-test-atomic-'));
  const file = path.join(dir, 'a.txt');
  await writeFileAtomic(file, 'old\n');
  mkdirSync(path.join(dir, 'b.txt'));
  await t.rejects(writeFileAtomic(path.join(dir, 'b.txt'), 'new\n'));
  await writeFileAtomic(file, 'new\n');
  t.equal(readFileSync(file, 'utf8'), 'new\n');
  t.same(readdirSync(dir).sort(), ['a.txt', 'b.txt'], 'no temporary file left behind');
});

t.test('--reference: the operator\'s own clean prose parks the terms it uses', async (t) => {
  const pages = writeList('本市抗震救灾工作会议召开，会议部署了抗震设防检查。\n', 'pages.txt');
  const list = writeList('抗震设防检查\n六合彩特码\n');
  const without = await importLexiconFiles({ files: [list], into: 'sensitive', dryRun: true });
  t.same(without.report.entries.map((e) => e.status), ['accepted', 'accepted']);
  const withPages = await importLexiconFiles({ files: [list], into: 'sensitive', dryRun: true, reference: [pages] });
  t.same(withPages.report.entries.map((e) => `${e.term}:${e.status}:${e.reasons[0] ?? ''}`), ['抗震设防检查:parked:reference-hits', '六合彩特码:accepted:']);
});
