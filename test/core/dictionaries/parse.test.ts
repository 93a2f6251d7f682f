import t from 'tap';
import { DictionaryError } from '../../../src/core/dictionaries/errors.js';
import { parseDictionaries, type SourceFile } from '../../../src/core/dictionaries/parse.js';
import { Normalizer } from '../../../src/core/normalize/index.js';

const normalizer = new Normalizer();
const parse = (files: SourceFile[]) => parseDictionaries(files, (term) => normalizer.normalizeTerm(term));

t.test('parses every kind with defaults, comments, BOM and CRLF', async (t) => {
  const parsed = parse([
    { path: 'sensitive/gambling.txt', content: '\uFEFF# comment\r\n赌博\r\n\r\n网络赌场\tcritical\r\n' },
    { path: 'typo/common.txt', content: '按步就班\t按部就班\n再接再励\t再接再厉|再接再厲\n' },
    { path: 'normative/xinhua.txt', content: '北朝鲜\t朝鲜\t正式国名\n最佳\t\t广告法\tinfo\n' },
    { path: 'whitelist/common.txt', content: '打击赌博\n' },
    { path: 'names/people.txt', content: '张三\t市长|市委副书记\n国务院\n' },
  ]);
  const byTerm = Object.fromEntries(parsed.terms.map((entry) => [entry.term, entry]));
  t.equal(byTerm['赌博'].severity, 'error', 'sensitive defaults to error');
  t.equal(byTerm['赌博'].category, 'gambling');
  t.same(byTerm['赌博'].source, { file: 'sensitive/gambling.txt', line: 2 });
  t.equal(byTerm['网络赌场'].severity, 'critical');
  t.equal(byTerm['按步就班'].severity, 'warning', 'typo defaults to warning');
  t.same(byTerm['再接再励'].suggestions, ['再接再厉', '再接再厲']);
  t.equal(byTerm['北朝鲜'].severity, 'error', 'normative defaults to error');
  t.equal(byTerm['北朝鲜'].note, '正式国名');
  t.same(byTerm['最佳'].suggestions, [], 'an empty replacement means no suggestion');
  t.equal(byTerm['最佳'].severity, 'info');
  t.equal(byTerm['打击赌博'].kind, 'whitelist');
  t.same(parsed.names, [
    { name: '张三', titles: ['市长', '市委副书记'], source: { file: 'names/people.txt', line: 1 } },
    { name: '国务院', titles: [], source: { file: 'names/people.txt', line: 2 } },
  ]);
});

t.test('terms are normalized the way text is', async (t) => {
  const parsed = parse([{ path: 'sensitive/gambling.txt', content: 'ＣＡＳＩＮＯ\n賭博\n' }]);
  t.same(
    parsed.terms.map((entry) => entry.normalized),
    ['casino', '赌博'],
  );
  t.same(parsed.terms[0].latinEdges, { start: true, end: true });
  t.same(parsed.terms[1].latinEdges, { start: false, end: false });
});

t.test('identical duplicates collapse, conflicting ones fail', async (t) => {
  t.equal(parse([{ path: 'sensitive/a.txt', content: '赌博\n' }, { path: 'sensitive/b.txt', content: '赌博\n' }]).terms.length, 1);
  t.throws(() => parse([{ path: 'sensitive/a.txt', content: '赌博\n' }, { path: 'sensitive/b.txt', content: '# x\n赌博\tcritical\n' }]), {
    message: "sensitive/b.txt:2: duplicate sensitive term '赌博' with conflicting severity critical vs error (first defined at sensitive/a.txt:1)",
  });
});

const malformed: Array<{ name: string; file: SourceFile; message: string }> = [
  { name: 'unknown severity', file: { path: 'sensitive/a.txt', content: '赌博\tsevere\n' }, message: "sensitive/a.txt:1: unknown severity 'severe' (expected info, warning, error or critical)" },
  { name: 'typo without correction', file: { path: 'typo/a.txt', content: '# c\n按步就班\n' }, message: "typo/a.txt:2: expected 'wrong TAB right[|right2...]', found 1 field" },
  { name: 'typo with empty alternative', file: { path: 'typo/a.txt', content: '再接再励\t再接再厉|\n' }, message: "typo/a.txt:1: empty correction in '再接再厉|'" },
  { name: 'typo correcting to itself', file: { path: 'typo/a.txt', content: '部署\t部署\n' }, message: "typo/a.txt:1: '部署' lists itself as its correction" },
  { name: 'normative without note', file: { path: 'normative/a.txt', content: '北朝鲜\t朝鲜\n' }, message: "normative/a.txt:1: expected 'wrong TAB right TAB note[TAB severity]', found 2 fields" },
  { name: 'term empty after normalization', file: { path: 'sensitive/a.txt', content: '赌博\n * \n' }, message: "sensitive/a.txt:2: term '*' is empty after normalization" },
  { name: 'too many fields', file: { path: 'sensitive/a.txt', content: '赌博\terror\textra\n' }, message: "sensitive/a.txt:1: expected 'term[TAB severity]', found 3 fields" },
  { name: 'whitelist with a field', file: { path: 'whitelist/a.txt', content: '打击赌博\terror\n' }, message: 'whitelist/a.txt:1: expected one term per line, found 2 fields' },
  { name: 'unknown kind', file: { path: 'banned/a.txt', content: 'x\n' }, message: 'banned/a.txt:0: unexpected file: dictionaries are <kind>/<name>.txt with kind one of sensitive, typo, normative, whitelist, names' },
  { name: 'bad file name', file: { path: 'sensitive/赌博.txt', content: 'x\n' }, message: "sensitive/赌博.txt:0: file name '赌博.txt' must be letters, digits, '.', '_' or '-'" },
  { name: 'duplicate name', file: { path: 'names/a.txt', content: '张三\t市长\n张三\t副市长\n' }, message: "names/a.txt:2: duplicate name '张三' (first defined at names/a.txt:1)" },
];

for (const { name, file, message } of malformed) {
  t.test(`rejects ${name} with file:line`, async (t) => {
    t.throws(() => parse([file]), { message, name: 'DictionaryError' });
    try {
      parse([file]);
    } catch (error) {
      t.ok(error instanceof DictionaryError);
      t.equal((error as DictionaryError).code, 'JD_DICTIONARY_INVALID');
      t.equal((error as DictionaryError).file, file.path);
    }
  });
}
