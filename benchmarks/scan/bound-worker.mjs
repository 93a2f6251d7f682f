/**
 * The in-process bound for benchmarks/scan/run.ts: one library instance checking its share of
 * the archive's pages, started on every core at once. The same call the scan's workers make
 * (checkDocument: HTML text extraction, all checks, offsets back into the source), nothing
 * else: no reading, no job store, no hashing. The TypeScript sources the scan runs are loaded
 * through tsx's API (a bare worker thread's entry does not go through the tsx hooks).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { pages, checks, root, contextTypo } = workerData;
// The typo model on shared memory, as the scan's workers (and the service's) adopt it: with a
// private copy per thread the bound is slower (twice the tables competing for the caches).
if (contextTypo) (await tsImport(`${root}src/loader/context-typo-model.ts`, import.meta.url)).adoptContextTypoModel(contextTypo);
const { createProofreader } = await tsImport(`${root}src/index.ts`, import.meta.url);
const { checkDocument } = await tsImport(`${root}src/service/check-document.ts`, import.meta.url);
const proofreader = await createProofreader();
// Warm-up: JIT, the typo model, lazy tables.
for (const html of pages.slice(0, 200)) checkDocument(proofreader, { html }, checks);
parentPort.postMessage({ ready: true });
parentPort.once('message', () => {
  const started = performance.now();
  const counts = pages.map((html) => checkDocument(proofreader, { html }, checks).length);
  parentPort.postMessage({ ms: performance.now() - started, counts });
});
