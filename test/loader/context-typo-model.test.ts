import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import t from 'tap';
import { ContextTypoModel, ContextTypoModelError } from '../../src/core/checks/context-typo/model.js';
import { BigramScreen } from '../../src/core/checks/context-typo/screen.js';
import { createProofreader } from '../../src/index.js';
import { shareContextTypoModel } from '../../src/loader/context-typo-model.js';

const TEXT = '我们要进一步提高服务质量和办事效律，他一边笑著一边说。';

t.test('the shared model lives on SharedArrayBuffers and round-trips through its parts', async (t) => {
  const shared = shareContextTypoModel();
  t.ok(shared.model.biTable.buffer instanceof SharedArrayBuffer, 'bigram table on shared memory');
  t.ok(shared.screen.after.buffer instanceof SharedArrayBuffer, 'screen on shared memory');
  const copy = ContextTypoModel.fromParts(shared.model);
  t.equal(copy.charCount, shared.model.chars.length);
  const a = copy.id('效'.charCodeAt(0));
  const b = copy.id('率'.charCodeAt(0));
  t.ok(copy.bigramLog(a, b) > 0, 'lookups work on the adopted tables');
  t.throws(() => ContextTypoModel.fromParts({ ...shared.model, biMask: 7 }), ContextTypoModelError, 'a table of the wrong shape is refused');
  t.throws(() => BigramScreen.adopt(copy, { ...shared.screen, after: new Uint8Array(3) }), ContextTypoModelError, 'a screen of the wrong shape is refused');
});

t.test('a worker thread adopting the shared model finds what this thread finds', async (t) => {
  const expected = (await createProofreader({ cacheDir: false })).check(TEXT).findings;
  t.ok(expected.some((f) => f.category === 'context'), 'the text has a context finding');
  const worker = new Worker(new URL('../fixtures/context-typo-worker.mjs', import.meta.url), {
    workerData: { ...shareContextTypoModel(), text: TEXT },
  });
  worker.on('error', (error) => t.fail(String(error)));
  const [message] = (await once(worker, 'message')) as [{ findings: unknown; shared: boolean; adoptMs: number }];
  await worker.terminate();
  t.equal(message.shared, true, 'the worker uses the shared tables');
  t.ok(message.adoptMs < 1000, `adopting takes no decoding (${message.adoptMs.toFixed(1)} ms)`);
  t.same(message.findings, expected, 'same findings in both threads');
});
