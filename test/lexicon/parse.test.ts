import t from 'tap';
import { parseLexiconText } from '../../src/lexicon/index.js';

const terms = (text: string): string[] => parseLexiconText(text, 'x.txt').entries.map((entry) => entry.term);

t.test('one term per line, comments and blank lines, CRLF', async (t) => {
  const parsed = parseLexiconText('# header\r\n赌博代理群\r\n\r\n// another comment\r\n六合彩特码\r\n', 'a.txt');
  t.same(parsed.entries.map((entry) => [entry.term, entry.line]), [['赌博代理群', 2], ['六合彩特码', 5]]);
  t.equal(parsed.layout.separator, 'none');
  t.same(parsed.problems, []);
});

t.test('term TAB severity, term TAB weight, term TAB category', async (t) => {
  const severity = parseLexiconText('赌博代理群\tcritical\n六合彩特码\twarning\n', 'a.txt');
  t.same(severity.entries.map((entry) => [entry.term, entry.severity]), [['赌博代理群', 'critical'], ['六合彩特码', 'warning']]);
  const weight = parseLexiconText('赌博代理群\t3\n六合彩特码\t1.5\n', 'a.txt');
  t.same(weight.entries.map((entry) => entry.weight), [3, 1.5]);
  const labels = parseLexiconText('赌博代理群\t赌博\n六合彩特码\t赌博\n冰毒出售\t毒品\n麻古批发\t毒品\n代开发票\t诈骗\n', 'a.txt');
  t.equal(labels.layout.second, 'label');
  t.same(labels.entries.map((entry) => [entry.term, entry.label]), [['赌博代理群', '赌博'], ['六合彩特码', '赌博'], ['冰毒出售', '毒品'], ['麻古批发', '毒品'], ['代开发票', '诈骗']]);
});

t.test('comma, full-width comma, 、 and pipe separators', async (t) => {
  t.same(terms('赌博代理群,赌博\n六合彩特码,赌博\n冰毒出售,毒品\n'), ['赌博代理群', '六合彩特码', '冰毒出售']);
  t.same(terms('赌博代理群|3\n六合彩特码|2\n'), ['赌博代理群', '六合彩特码']);
  t.same(terms('赌博代理群，六合彩特码，冰毒出售，代开发票'), ['赌博代理群', '六合彩特码', '冰毒出售', '代开发票'], 'a list written across one line');
  t.same(terms('赌博代理群、六合彩特码\n冰毒出售、麻古批发\n代开发票、办假证件\n'), ['赌博代理群', '六合彩特码', '冰毒出售', '麻古批发', '代开发票', '办假证件'], 'pairs of distinct terms are terms, not labels');
});

t.test('jieba style: a space before a number', async (t) => {
  const parsed = parseLexiconText('赌博代理群 3\n六合彩特码 12\nfree porn 5\n', 'a.txt');
  t.equal(parsed.layout.separator, 'space');
  t.same(parsed.entries.map((entry) => [entry.term, entry.weight]), [['赌博代理群', 3], ['六合彩特码', 12], ['free porn', 5]]);
  t.same(terms('free porn\nlive casino\n'), ['free porn', 'live casino'], 'spaces inside a term without numbers stay');
});

t.test('a comma on a few lines is part of those terms, not a column', async (t) => {
  t.same(terms('赌博代理群\n六合彩特码\n冰毒出售\n麻古批发\n卖,淫\n'), ['赌博代理群', '六合彩特码', '冰毒出售', '麻古批发', '卖,淫']);
});

t.test('hostile lines are problems with file, line and what, and the rest still parses', async (t) => {
  const huge = 'x'.repeat(10 * 1024 * 1024);
  const parsed = parseLexiconText(`赌博代理群\n${huge}\n六合\u0000彩\n冰毒\u0007出售\n${'长'.repeat(80)}\n麻古批发\n`, 'h.txt');
  t.same(parsed.entries.map((entry) => [entry.term, entry.line]), [['赌博代理群', 1], ['麻古批发', 6]]);
  t.same(
    parsed.problems.map((problem) => [problem.line, problem.reason, problem.message]),
    [
      [2, 'too-long', 'line is 10485760 characters long (limit 4096)'],
      [3, 'control-character', 'NUL byte at column 3'],
      [4, 'control-character', 'control character U+0007 at column 3'],
      [5, 'too-long', 'term is 80 characters long (limit 64)'],
    ],
  );
  t.equal(parsed.problems[0].excerpt.length, 41, 'the excerpt of a huge line is short');
  t.match(parsed.problems[1].excerpt, /\\x00/, 'control characters are made visible');
});

t.test('a term that would be written as a comment is a problem', async (t) => {
  const parsed = parseLexiconText('赌博代理群,#六合彩\n', 'c.txt');
  t.same(parsed.entries.map((entry) => entry.term), ['赌博代理群']);
  t.same(parsed.problems.map((problem) => problem.reason), ['malformed']);
});

t.test('an empty or comment-only list has no entries and no problems', async (t) => {
  t.same(parseLexiconText('', 'e.txt'), { entries: [], problems: [], layout: { separator: 'none', second: 'none' } });
  t.same(parseLexiconText('# only\n\n', 'e.txt').entries, []);
});

t.test('lists shipped as JSON or as a JavaScript/TypeScript module', async (t) => {
  const array = parseLexiconText('[\n  "赌博代理群",\n  "六合彩特码"\n]\n', 'a.json');
  t.equal(array.layout.separator, 'json');
  t.same(array.entries.map((e) => [e.term, e.line]), [['赌博代理群', 2], ['六合彩特码', 3]]);
  const nested = parseLexiconText('{\n  "words": [\n    "赌博代理群",\n    "六合彩特码"\n  ]\n}\n', 'b.json');
  t.same(nested.entries.map((e) => [e.term, e.line]), [['赌博代理群', 3], ['六合彩特码', 4]], 'arrays inside an object; the key is not a term');
  const map = parseLexiconText('{"赌博代理群": "gambling", "冰毒出售群": "drugs"}', 'c.json');
  t.same(map.entries.map((e) => [e.term, e.label]), [['赌博代理群', 'gambling'], ['冰毒出售群', 'drugs']], 'an object of term -> label');
  const module = parseLexiconText("// words\nexport default [\n  '赌博代理群',\n  \"六合彩特码\", // comment\n  'it\\'s',\n];\n", 'd.ts');
  t.equal(module.layout.separator, 'code');
  t.same(module.entries.map((e) => [e.term, e.line]), [['赌博代理群', 3], ['六合彩特码', 4], ["it's", 5]]);
  t.same(terms("module.exports = ['赌博代理群', '六合彩特码'];\n"), ['赌博代理群', '六合彩特码']);
  t.same(terms('[not json\n赌博代理群\n'), ['[not json', '赌博代理群'], 'broken JSON is read as lines');
});
