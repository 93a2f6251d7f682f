import t from 'tap';
import { createProofreader } from '../../src/index.js';

// The bundled dictionaries and checks, as a user gets them.
const proofreader = await createProofreader({ cacheDir: false });

t.test('a check reporting a second type runs when its own type is enabled, and keeps only enabled types', async (t) => {
  const text = '他一边笑著一边说。';
  const types = (checks?: Parameters<typeof proofreader.check>[1]) => proofreader.check(text, checks).findings.filter((f) => f.match === '著').map((f) => f.type);
  t.same(types(), ['normative'], 'default: reported as normative');
  t.same(types({ checks: ['typo', 'normative'] }), ['normative'], 'typo and normative');
  t.same(types({ checks: ['typo'] }), [], 'typo alone: the normative finding is not returned');
  t.same(types({ checks: ['normative'] }), [], 'normative alone does not pay for the statistical typo check');
  t.same(types({ contextTypos: false }), [], 'contextTypos: false turns it off');
});

t.test('a statistical typo under a normative dictionary finding is dropped as redundant', async (t) => {
  // 甚么 is in normative/variants.txt; the context check alone would also flag 甚 -> 什.
  const text = '你到底想做甚么事情？';
  const alone = proofreader.check(text, { checks: ['typo'] }).findings.filter((f) => f.category === 'context');
  t.ok(alone.some((f) => f.match === '甚'), 'the context check does flag it on its own');
  const result = proofreader.check(text, { explain: true });
  t.same(
    result.findings.map((f) => [f.type, f.match, f.suggestions[0]]),
    [['normative', '甚么', '什么']],
    'one finding: the dictionary rewrite',
  );
  t.ok(result.dropped!.some((d) => d.match === '甚' && /overlaps a dictionary finding/.test(d.reason)), 'explain says why');
});

t.test('variant word forms from normative/variants.txt are warnings', async (t) => {
  const { findings } = proofreader.check('这场比赛非常精采。', { checks: ['normative'] });
  t.match(findings, [{ type: 'normative', category: 'variants', severity: 'warning', match: '精采', suggestions: ['精彩'] }]);
});
