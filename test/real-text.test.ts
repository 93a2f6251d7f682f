import { existsSync, readFileSync } from 'node:fs';
import t from 'tap';
import { createProofreader } from '../src/index.js';

// Real text from ../shared/data (development data, never shipped): the product must find the
// real errors and stay quiet elsewhere. Skipped with a message when the data is absent.
const REPORT = '../shared/data/gov/jinzhong-government-websites-report.md';
const FAQ = '../shared/data/corpora/debian-faq.zh-cn.txt';

const proofreader = await createProofreader({ cacheDir: false });

t.test('the Jinzhong government report: its real error and nothing above info besides', { skip: existsSync(REPORT) ? false : `${REPORT} not present` }, async (t) => {
  const text = readFileSync(REPORT, 'utf8');
  const { findings } = proofreader.check(text);
  const serious = findings.filter((finding) => finding.severity !== 'info');
  t.same(
    serious.map((finding) => [finding.match, finding.suggestions[0]]),
    [['截止目前', '截至目前']],
    'the one real usage error is found with its correction',
  );
  const info = findings.filter((finding) => finding.severity === 'info');
  t.ok(info.length <= 3, `at most a handful of info findings (got ${info.length}: ${info.map((f) => f.match).join(', ')})`);
  for (const finding of findings) t.equal(text.slice(finding.start, finding.end), finding.match);
});

t.test('the Debian FAQ: no sensitive, normative or name findings above info in clean technical prose', { skip: existsSync(FAQ) ? false : `${FAQ} not present` }, async (t) => {
  const text = readFileSync(FAQ, 'utf8');
  const { findings } = proofreader.check(text, { checks: ['sensitive', 'normative', 'name'] });
  t.same(
    findings.filter((finding) => finding.severity !== 'info').map((finding) => `${finding.rule} ${finding.match}`),
    [],
  );
  const info = findings.filter((finding) => finding.severity === 'info');
  t.ok(info.length <= 10, `advertising-law terms (info) stay rare in technical prose (got ${info.length})`);
});
