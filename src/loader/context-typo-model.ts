import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ContextTypoModel } from '../core/checks/context-typo/model.js';

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
