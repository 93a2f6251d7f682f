import { workerData } from 'piscina';
import { createProofreader } from '../../index.js';
import { adoptContextTypoModel } from '../../loader/context-typo-model.js';
import type { Proofreader } from '../../index.js';
import { OverlayCache } from '../../sites/overlay-cache.js';
import { checkDocument } from '../check-document.js';
import type { CheckBatchResult, CheckBatchTask, CheckTask, CheckTaskResult, CheckWorkerData } from './messages.js';

// The statistical typo model, decoded once by the main thread on shared memory (~2 s and
// ~130 MB saved per worker).
const { contextTypo } = (workerData ?? {}) as CheckWorkerData;
if (contextTypo) adoptContextTypoModel(contextTypo);

/**
 * Proofreaders built from snapshots, by dictionary version. Two versions are kept: during
 * a reload, requests pinned to the old one are still in the queue.
 */
const proofreaders = new Map<string, Promise<Proofreader>>();
const KEPT_VERSIONS = 2;

function proofreaderFor(task: { version: string; snapshot: Uint8Array }): Promise<Proofreader> {
  let proofreader = proofreaders.get(task.version);
  if (proofreader === undefined) {
    proofreader = createProofreader({ snapshot: task.snapshot });
    proofreader.catch(() => proofreaders.delete(task.version));
    proofreaders.set(task.version, proofreader);
    for (const version of proofreaders.keys()) {
      if (proofreaders.size <= KEPT_VERSIONS) break;
      proofreaders.delete(version);
    }
  }
  return proofreader;
}

/** Site overlays by site and version (each task names the one it was pinned to). */
const overlays = new OverlayCache();

/** Piscina entry point: one check of one document. */
export default async function check(task: CheckTask): Promise<CheckTaskResult> {
  const proofreader = await proofreaderFor(task);
  const overlay = task.overlay === undefined ? undefined : overlays.get(task.overlay);
  const started = performance.now();
  const findings = checkDocument(proofreader, task.document, task.checks, overlay);
  return { findings, checkMs: performance.now() - started };
}

/** Piscina entry point `checkBatch`: the documents of one task, in order. */
export async function checkBatch(task: CheckBatchTask): Promise<CheckBatchResult> {
  const proofreader = await proofreaderFor(task);
  const overlay = task.overlay === undefined ? undefined : overlays.get(task.overlay);
  const started = performance.now();
  const findings = task.documents.map((document) => {
    try {
      return checkDocument(proofreader, document, task.checks, overlay);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  return { findings, checkMs: performance.now() - started };
}
