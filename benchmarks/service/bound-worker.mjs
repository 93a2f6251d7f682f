/**
 * One library instance checking the article in a loop: run.ts starts one of these per core,
 * all at once, to measure the in-process bound (what the cores can check when they do nothing
 * else, sharing memory bandwidth as the service's workers do). Plain JavaScript: a worker
 * thread's entry does not go through the tsx hooks, and the library it runs is the build the
 * server runs (dist/index.js), not src.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { text, seconds, warmupSeconds, library } = workerData;
const { createProofreader } = await import(pathToFileURL(library).href);
const proofreader = await createProofreader();
const loop = (ms) => {
  let checks = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    proofreader.check(text);
    checks++;
  }
  return checks;
};
loop(warmupSeconds * 1000);
// Every worker is warm before any is timed: they start timing together when told.
parentPort.postMessage({ ready: true });
parentPort.once('message', () => {
  const started = performance.now();
  const checks = loop(seconds * 1000);
  parentPort.postMessage({ checks, ms: performance.now() - started });
});
