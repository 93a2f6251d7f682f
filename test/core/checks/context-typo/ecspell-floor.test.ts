import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createContextTypoCheck } from '../../../../src/core/checks/context-typo/index.js';
import { jiebaSegmenter } from '../../../../src/core/segment/jieba.js';
import { loadContextTypoModel } from '../../../../src/loader/context-typo-model.js';

/** A quality floor on the ECSpell tuning half (the full table is `npm run eval`). */
const FILE = fileURLToPath(new URL('../../../../../shared/data/typos/ecspell-odw.train.tsv', import.meta.url));

const skip = existsSync(FILE) ? false : `development data not found at ${FILE}`;

t.test('ECSpell tuning half stays above a floor', { skip }, async (t) => {
  const check = createContextTypoCheck(loadContextTypoModel());
  const segmenter = jiebaSegmenter();
  const rows = readFileSync(FILE, 'utf8').split('\n').filter(Boolean).slice(0, 400);
  let wrong = 0;
  let flagged = 0;
  let found = 0;
  for (const row of rows) {
    const [, source = '', target = ''] = row.split('\t');
    const findings = check.run({ text: source, segmenter });
    const hasError = source !== target;
    if (hasError) wrong++;
    if (findings.length) flagged++;
    if (findings.some((f) => [...Array(f.end - f.start).keys()].some((i) => source[f.start + i] !== target[f.start + i]))) found++;
  }
  const precision = found / flagged;
  const recall = found / wrong;
  t.ok(precision >= 0.8, `precision ${precision.toFixed(3)} >= 0.8`);
  t.ok(recall >= 0.45, `recall ${recall.toFixed(3)} >= 0.45`);
});
