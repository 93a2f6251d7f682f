import { parentPort, workerData } from 'node:worker_threads';
import { createProofreader } from '../../index.js';
import type { BuildOutcome } from './messages.js';

/**
 * One-shot thread that compiles a dictionary folder and posts back the snapshot, so that a
 * reload never blocks the event loop that serves requests.
 */
async function build(dictionaries: string | undefined): Promise<BuildOutcome> {
  try {
    const proofreader = await createProofreader({ dictionaries });
    return { ok: true, snapshot: proofreader.exportSnapshot() };
  } catch (error) {
    const { code, file, line, message } = error as { code?: string; file?: string; line?: number; message?: string };
    return { ok: false, code, file, line, message: message ?? String(error) };
  }
}

const { dictionaries } = workerData as { dictionaries: string | undefined };
parentPort?.postMessage(await build(dictionaries));
