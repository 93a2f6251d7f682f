import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { loadDictionaries } from '../../src/loader/dictionaries.js';
import { createProofreader, DictionaryError } from '../../src/index.js';
import { ENGINE_FIXTURE, writeDictionaryFolder } from '../helpers/dictionaries.js';

const TEXT = '取缔网络赌场，按步就班，北朝鲜';

t.test('a cached snapshot is used, and rebuilt when stale or corrupt', async (t) => {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-test-cache-'));
  const root = writeDictionaryFolder(ENGINE_FIXTURE);
  const first = await loadDictionaries(root, { cacheDir });
  t.equal(first.fromSnapshot, false, 'first load builds');
  const [file] = readdirSync(cacheDir);
  t.match(file, /^dictionaries-[0-9a-f]{16}\.bin$/);

  const second = await loadDictionaries(root, { cacheDir });
  t.equal(second.fromSnapshot, true, 'second load restores the snapshot');
  t.equal(second.compiled.version, first.compiled.version);
  t.same(second.compiled.matcher.findAll('网络赌场'), first.compiled.matcher.findAll('网络赌场'));

  const snapshotPath = path.join(cacheDir, file);
  const bytes = readFileSync(snapshotPath);
  bytes[bytes.length - 3] ^= 0xff;
  writeFileSync(snapshotPath, bytes);
  const corrupt = await loadDictionaries(root, { cacheDir });
  t.equal(corrupt.fromSnapshot, false, 'a corrupt snapshot is rebuilt');
  t.match(corrupt.snapshotProblem, /checksum/);
  t.equal((await loadDictionaries(root, { cacheDir })).fromSnapshot, true, 'and rewritten');

  writeFileSync(path.join(root, 'sensitive/gambling.txt'), '赌博\n');
  const changed = await loadDictionaries(root, { cacheDir });
  t.equal(changed.fromSnapshot, false, 'changed sources get a new version, not the old snapshot');
  t.not(changed.compiled.version, first.compiled.version);
});

t.test('a proofreader restored from an exported snapshot gives the same findings', async (t) => {
  const original = await createProofreader({ dictionaries: writeDictionaryFolder(ENGINE_FIXTURE), cacheDir: false });
  const snapshot = original.exportSnapshot();
  t.ok(snapshot.buffer instanceof SharedArrayBuffer, 'exported into shared memory');
  const restored = await createProofreader({ snapshot });
  t.equal(restored.info.version, original.info.version);
  t.equal(restored.info.source, 'snapshot');
  t.same(restored.check(TEXT), original.check(TEXT));
  t.equal(original.check(TEXT, { checks: ['sensitive', 'typo', 'normative'], contextTypos: false }).findings.length, 3);
});

t.test('info describes what was loaded', async (t) => {
  const proofreader = await createProofreader({ dictionaries: writeDictionaryFolder(ENGINE_FIXTURE), cacheDir: false });
  t.match(proofreader.info, { version: /^[0-9a-f]{16}$/, fromSnapshot: false, loadMs: Number, loadedAt: String });
  t.same(proofreader.info.counts.sensitive.categories, { drugs: 2, fraud: 2, gambling: 4, pornography: 2, separatism: 2 });
  t.equal(proofreader.info.counts.typo.total, 3);
  t.equal(proofreader.info.counts.whitelist.total, 2);
});

t.test('broken dictionary folders fail with file and line', async (t) => {
  await t.rejects(createProofreader({ dictionaries: '/nonexistent/jiaodui', cacheDir: false }), {
    name: 'DictionaryError',
    message: '/nonexistent/jiaodui:0: dictionary folder not found',
  });
  await t.rejects(createProofreader({ dictionaries: writeDictionaryFolder({ 'sensitve/a.txt': '赌博\n' }), cacheDir: false }), {
    message: 'sensitve:0: unknown dictionary folder (expected sensitive, typo, normative, whitelist, names)',
  });
  const invalidUtf8 = Buffer.concat([Buffer.from('赌博\n网络赌场\n'), Buffer.from([0xe8, 0xb5]), Buffer.from('\n')]);
  await t.rejects(createProofreader({ dictionaries: writeDictionaryFolder({ 'sensitive/a.txt': invalidUtf8 }), cacheDir: false }), {
    message: 'sensitive/a.txt:3: invalid UTF-8',
  });
  const error = await createProofreader({ dictionaries: writeDictionaryFolder({ 'typo/a.txt': '按步就班\n' }), cacheDir: false }).catch((e: unknown) => e);
  t.ok(error instanceof DictionaryError);
  t.match(error, { code: 'JD_DICTIONARY_INVALID', file: 'typo/a.txt', line: 1 });
});
