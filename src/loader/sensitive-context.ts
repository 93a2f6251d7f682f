import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSensitiveContext, type SensitiveContextOptions } from '../core/checks/sensitive-context.js';
import { DictionaryError } from '../core/dictionaries/errors.js';

/** The file beside the dictionary kinds that configures sensitive terms in context (CHECKS.md). */
export const SENSITIVE_CONTEXT_FILE = 'sensitive-context.txt';

/**
 * Reads `<folder>/sensitive-context.txt` when there is one; undefined (the built-in defaults, which
 * the bundled file repeats) when there is none or the dictionaries came from a snapshot.
 */
export async function loadSensitiveContext(folder: string | undefined): Promise<SensitiveContextOptions | undefined> {
  if (folder === undefined) return undefined;
  let content: string;
  try {
    content = await readFile(path.join(folder, SENSITIVE_CONTEXT_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseSensitiveContext(content);
  } catch (error) {
    const line = Number(/^line (\d+)/.exec((error as Error).message)?.[1] ?? 0);
    throw new DictionaryError(SENSITIVE_CONTEXT_FILE, line, (error as Error).message.replace(/^line \d+: /, ''));
  }
}
