import type { Test } from 'tap';
import type { TextCheck } from '../../src/core/checks/check.js';
import { jiebaSegmenter } from '../../src/core/segment/jieba.js';
import type { Finding } from '../../src/core/types.js';

/** One expected finding; `match` locates it (the n-th occurrence with `nth`), other fields are checked when given. */
export interface Expected {
  match: string;
  nth?: number;
  suggestions?: string[];
  rule?: string;
  severity?: Finding['severity'];
}

/** A conformance case: the text and every finding the check must report on it (`[]`: none). */
export interface CheckCase {
  name: string;
  text: string;
  expect: Expected[];
}

/** Padding around each text: astral (surrogate pairs), ASCII and CJK on their own lines. */
const PADDINGS: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  ['😀 ok\n', '\n中文 𠮷'],
];

function locate(text: string, e: Expected): number {
  let at = -1;
  for (let n = 0; n <= (e.nth ?? 0); n++) {
    at = text.indexOf(e.match, at + 1);
    if (at < 0) throw new Error(`case text has no occurrence ${e.nth ?? 0} of ${e.match}`);
  }
  return at;
}

/** Runs every case, bare and padded, and compares offsets, matches, suggestions, rules. */
export function runCases(t: Test, check: TextCheck, cases: readonly CheckCase[]): void {
  // Lazy: checks that never segment do not pay for loading the jieba dictionary.
  const segmenter = { cut: (text: string) => jiebaSegmenter().cut(text) };
  for (const c of cases) {
    t.test(c.name, async (t) => {
      for (const [before, after] of PADDINGS) {
        const text = before + c.text + after;
        const findings = check.run({ text, segmenter });
        for (const f of findings) t.equal(f.match, text.slice(f.start, f.end), `match is the text at the offsets (${f.rule})`);
        const got = findings.map((f) => ({ start: f.start, end: f.end, match: f.match }));
        const want = c.expect.map((e) => {
          const start = before.length + locate(c.text, e);
          return { start, end: start + e.match.length, match: e.match };
        });
        t.same(got, want, `findings${before ? ' (padded)' : ''}: ${JSON.stringify(findings.map((f) => `${f.rule} ${f.match}`))}`);
        findings.forEach((f, i) => {
          const e = c.expect[i];
          if (e === undefined) return;
          if (e.suggestions) t.same(f.suggestions, e.suggestions, `suggestions for ${e.match}`);
          if (e.rule) t.equal(f.rule, e.rule, `rule for ${e.match}`);
          if (e.severity) t.equal(f.severity, e.severity, `severity for ${e.match}`);
          t.equal(f.type, check.type, 'finding type is the check type');
        });
      }
    });
  }
}
