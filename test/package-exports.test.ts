import t from 'tap';

// Self-reference through package.json "exports": what `import('jiaodui')` gives a user after
// `npm ci` (which builds dist/ in `prepare`).
t.test('the built package exports the library and the matcher', async (t) => {
  const library = await import('jiaodui');
  t.type(library.createProofreader, 'function');
  t.same(library.CHECK_TYPES, ['sensitive', 'typo', 'normative', 'name', 'punctuation', 'repetition', 'date', 'privacy', 'secrecy', 'compliance']);
  const { MatcherBuilder } = await import('jiaodui/matcher');
  const matcher = new MatcherBuilder().build(['赌博', '网络赌场', '中华人民', '华人']);
  t.same(
    matcher.findAll('网络赌场里的中华人才').map((m) => [m.pattern, m.start, m.end]),
    [
      ['网络赌场', 0, 4],
      ['华人', 7, 9],
    ],
  );
  const proofreader = await library.createProofreader({ cacheDir: false });
  const { findings } = proofreader.check('要按部就班，不要按步就班。');
  t.match(findings, [{ type: 'typo', match: '按步就班', start: 8, end: 12, suggestions: ['按部就班'] }]);
});
