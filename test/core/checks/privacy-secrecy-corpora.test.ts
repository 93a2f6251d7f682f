import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createPrivacyCheck } from '../../../src/core/checks/privacy.js';
import { createSecrecyCheck } from '../../../src/core/checks/secrecy.js';
import { extractHtmlText } from '../../../src/core/html/index.js';

/** False alarms of the privacy and secrecy checks on real clean text from ../shared/data (not shipped). */
const shared = (path: string): string => fileURLToPath(new URL(`../../../../shared/data/${path}`, import.meta.url));
const checks = [createPrivacyCheck(), createSecrecyCheck()];
const segmenter = { cut: (s: string) => [s] };

function findingsIn(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    for (const check of checks) for (const f of check.run({ text, segmenter })) out.push(`${f.rule} ${JSON.stringify(text.slice(Math.max(0, f.start - 12), f.end + 12))}`);
  }
  return out;
}

const SOURCES: Array<{ name: string; path: string; texts: (raw: string) => string[] }> = [
  { name: 'Debian FAQ', path: 'corpora/debian-faq.zh-cn.txt', texts: (raw) => [raw] },
  { name: 'Jinzhong government-website report', path: 'gov/jinzhong-government-websites-report.md', texts: (raw) => [raw] },
  { name: 'Debian Reference chapter (HTML text)', path: 'corpora/html/ch03.zh-cn.html', texts: (raw) => [extractHtmlText(raw).text] },
  {
    name: 'ECSpell clean sentences (公文)',
    path: 'typos/ecspell-odw.train.tsv',
    texts: (raw) => raw.split('\n').map((line) => line.split('\t')).filter((c) => c[0] === '0').map((c) => c[1]),
  },
  { name: 'SIGHAN 2014 corrected sentences', path: 'typos/sighan14.tsv', texts: (raw) => raw.split('\n').map((line) => line.split('\t')[2] ?? '') },
];

for (const source of SOURCES) {
  const file = shared(source.path);
  t.test(source.name, { skip: existsSync(file) ? false : `${file} is absent` }, async (t) => {
    const texts = source.texts(readFileSync(file, 'utf8'));
    const found = findingsIn(texts);
    const chars = texts.reduce((n, s) => n + s.length, 0);
    t.comment(`${texts.length} texts, ${chars} chars, ${found.length} findings`);
    for (const f of found) t.comment(f);
    t.same(found, [], 'no personal data or markings in clean text');
  });
}
