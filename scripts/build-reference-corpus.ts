/**
 * Builds corpora/clean-reference.txt, the clean prose the lexicon audit measures hit rates
 * on (see corpora/README.md for sources and licences). Deterministic: same inputs, same file.
 *
 *   apt-get download libreoffice-help-zh-cn libreoffice-help-en-us
 *   dpkg-deb -x libreoffice-help-zh-cn_*.deb /tmp/lohelp-zh && dpkg-deb -x libreoffice-help-en-us_*.deb /tmp/lohelp-en
 *   node --import tsx scripts/build-reference-corpus.ts /tmp/lohelp-zh /tmp/lohelp-en
 *
 * The English part is there for the Latin entries of public lists (update, service, admin):
 * words that clean English prose uses.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/loader/paths.js';

const CJK = /[\u4e00-\u9fff]/g;
/** Keep the file small enough to ship and to scan in about a second. */
const BUDGET_BYTES = 1_000_000;
const ENGLISH_BUDGET_BYTES = 400_000;

function paragraphsFromHtml(html: string): string[] {
  const out: string[] = [];
  for (const match of html.matchAll(/<(p|li|td|h[1-6])\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = decodeEntities(match[2].replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
    out.push(text);
  }
  return out;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Prose, not labels: at least 12 Chinese characters, and they are at least 40% of the line. */
function isProse(line: string): boolean {
  const cjk = line.match(CJK)?.length ?? 0;
  return cjk >= 12 && cjk / line.length >= 0.4;
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...walk(full));
    else if (name.endsWith('.html')) files.push(full);
  }
  return files;
}

/** English prose: at least 8 words, and letters and spaces are at least 85% of the line. */
function isEnglishProse(line: string): boolean {
  const words = line.split(' ').filter((word) => /^[A-Za-z][A-Za-z'-]*[.,;:]?$/.test(word));
  return words.length >= 8 && (line.match(/[A-Za-z ]/g)?.length ?? 0) / line.length >= 0.85;
}

const helpRoot = process.argv[2];
const englishRoot = process.argv[3];
if (!helpRoot || !englishRoot) {
  console.error('usage: build-reference-corpus.ts <extracted libreoffice-help-zh-cn folder> <extracted libreoffice-help-en-us folder>');
  process.exit(2);
}
const seen = new Set<string>();
const typescript: string[] = [];
const messages = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'node_modules/typescript/lib/zh-cn/diagnosticMessages.generated.json'), 'utf8')) as Record<string, string>;
for (const key of Object.keys(messages).sort()) {
  const line = messages[key].replace(/\s+/g, ' ').trim();
  if (isProse(line) && !seen.has(line)) {
    seen.add(line);
    typescript.push(line);
  }
}
const help: string[] = [];
for (const file of walk(path.join(helpRoot, 'usr/share/libreoffice/help/zh-CN'))) {
  for (const line of paragraphsFromHtml(readFileSync(file, 'utf8'))) {
    if (isProse(line) && !seen.has(line)) {
      seen.add(line);
      help.push(line);
    }
  }
}
const header = [
  '# Clean reference corpus for the lexicon audit (src/lexicon). Sources and licences: corpora/README.md.',
  '# One paragraph per line. Lines starting with # are not prose.',
];
let bytes = Buffer.byteLength(header.join('\n'));
const lines: string[] = [...header, '# == LibreOffice 7.4 help, zh-CN (MPL-2.0)'];
// Interleave is unnecessary: the help text is the bulk; TypeScript messages are appended last.
const tsBytes = Buffer.byteLength(typescript.join('\n'));
for (const line of help) {
  const size = Buffer.byteLength(line) + 1;
  if (bytes + size + tsBytes > BUDGET_BYTES) break;
  lines.push(line);
  bytes += size;
}
lines.push('# == TypeScript compiler messages, zh-CN (Apache-2.0)', ...typescript);
lines.push('# == LibreOffice 7.4 help, en-US (MPL-2.0)');
let englishBytes = 0;
let english = 0;
for (const file of walk(path.join(englishRoot, 'usr/share/libreoffice/help/en-US'))) {
  if (englishBytes >= ENGLISH_BUDGET_BYTES) break;
  for (const line of paragraphsFromHtml(readFileSync(file, 'utf8'))) {
    if (!isEnglishProse(line) || seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
    english++;
    englishBytes += Buffer.byteLength(line) + 1;
    if (englishBytes >= ENGLISH_BUDGET_BYTES) break;
  }
}
writeFileSync(path.join(PACKAGE_ROOT, 'corpora/clean-reference.txt'), `${lines.join('\n')}\n`);
const text = lines.filter((line) => !line.startsWith('#')).join('');
console.log(`${lines.length} lines, ${text.length} characters (${text.match(CJK)?.length ?? 0} CJK), help paragraphs ${help.length}, TypeScript messages ${typescript.length}, English paragraphs ${english}`);
