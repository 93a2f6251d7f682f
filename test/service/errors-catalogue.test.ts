import { readFileSync } from 'node:fs';
import t from 'tap';
import { ERROR_CATALOGUE, ERROR_CODES } from '../../src/service/errors.js';

const doc = readFileSync(new URL('../../src/service/ERRORS.md', import.meta.url), 'utf8');

/** Rows of the catalogue table: `| \`CODE\` | status | ...`. */
const documented = new Map(
  [...doc.matchAll(/^\| `(JD_[A-Z_]+)` \| (\d{3}) \|/gm)].map((row) => [row[1], Number(row[2])]),
);

t.test('every code in errors.ts is documented in ERRORS.md with its status', async (t) => {
  for (const code of ERROR_CODES) {
    t.equal(documented.get(code), ERROR_CATALOGUE[code].status, code);
  }
});

t.test('ERRORS.md documents no code that errors.ts lacks', async (t) => {
  t.same([...documented.keys()].filter((code) => !(code in ERROR_CATALOGUE)), []);
  t.equal(documented.size, ERROR_CODES.length, 'one row per code');
});

t.test('codes are unique and well-formed; every status is an error status', async (t) => {
  for (const code of ERROR_CODES) {
    t.match(code, /^JD_[A-Z_]+$/);
    t.ok(ERROR_CATALOGUE[code].status >= 400 && ERROR_CATALOGUE[code].status < 600, code);
  }
});
