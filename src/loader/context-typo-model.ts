import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ContextTypoModel, type ContextTypoModelParts } from '../core/checks/context-typo/model.js';
import { BigramScreen, type BigramScreenParts } from '../core/checks/context-typo/screen.js';

/** models/char-ngram.bin at the package root; this file sits in src/loader/ or dist/loader/. */
export const DEFAULT_CONTEXT_TYPO_MODEL_PATH = fileURLToPath(new URL('../../models/char-ngram.bin', import.meta.url));

let cached: ContextTypoModel | undefined;

/** Reads and validates the character n-gram artifact; the default one is decoded once per process. */
export function loadContextTypoModel(path: string = DEFAULT_CONTEXT_TYPO_MODEL_PATH): ContextTypoModel {
  if (path === DEFAULT_CONTEXT_TYPO_MODEL_PATH) {
    cached ??= ContextTypoModel.fromBytes(readFileSync(path));
    return cached;
  }
  return ContextTypoModel.fromBytes(readFileSync(path));
}

/** The default model and its screen, decoded once on shared memory, as posted to worker threads. */
export interface SharedContextTypoModel {
  model: ContextTypoModelParts;
  screen: BigramScreenParts;
}

/**
 * Decodes the default model on SharedArrayBuffers (once per process; this thread then uses
 * that copy too) and builds its screen there, so that worker threads adopt both with
 * `adoptContextTypoModel` instead of spending ~2 s and ~130 MB each on their own.
 */
export function shareContextTypoModel(): SharedContextTypoModel {
  if (!cached?.shared) cached = ContextTypoModel.fromBytes(readFileSync(DEFAULT_CONTEXT_TYPO_MODEL_PATH), { shared: true });
  return { model: cached.toParts(), screen: BigramScreen.of(cached).toParts() };
}

/** In a worker thread: makes `loadContextTypoModel()` return the model another thread shared. */
export function adoptContextTypoModel(shared: SharedContextTypoModel): void {
  const model = ContextTypoModel.fromParts(shared.model);
  BigramScreen.adopt(model, shared.screen);
  cached = model;
}
