import t from 'tap';
import { FastPathPolicy } from '../../src/service/fast-path.js';

t.test('a check that costs milliseconds never runs on the event loop, whatever the measured round trip', async (t) => {
  // A round trip measured on a busy machine: 8 ms. All checks of a 3,000-character article
  // (about 1 µs a character) would be "cheaper" than that, and must still go to a worker.
  const policy = new FastPathPolicy(4096, 8, [
    ['sensitive', 0.00002],
    ['sensitive,typo,normative,name,punctuation,repetition,date', 0.001],
  ]);
  t.notOk(policy.onMainThread('sensitive,typo,normative,name,punctuation,repetition,date', 3000), '3 ms predicted: a worker');
  t.notOk(policy.onMainThread('sensitive,typo,normative,name,punctuation,repetition,date', 600), '0.6 ms predicted: a worker');
  t.ok(policy.onMainThread('sensitive,typo,normative,name,punctuation,repetition,date', 400), '0.4 ms predicted: inline');
  t.ok(policy.onMainThread('sensitive', 3000), 'dictionary checks of an article (0.06 ms) stay inline');
  t.equal(FastPathPolicy.MAX_INLINE_MS, 0.5);
  // With a fast round trip the round trip is the tighter bound, as before.
  const quick = new FastPathPolicy(4096, 0.1, [['sensitive,typo', 0.001]]);
  t.notOk(quick.onMainThread('sensitive,typo', 200), '0.2 ms > a 0.1 ms round trip');
  t.ok(quick.onMainThread('sensitive,typo', 50));
});
