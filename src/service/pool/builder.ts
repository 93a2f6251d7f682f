import { loadDictionaries } from '../../loader/dictionaries.js';
import { BUNDLED_DICTIONARIES } from '../../loader/paths.js';
import type { BuildOutcome } from './messages.js';

/**
 * Piscina entry point of the one-shot builder thread: compiles a dictionary folder into a
 * snapshot on shared memory, so that a reload never blocks the event loop that serves
 * requests. It only compiles (no segmenter, no text checks): the threads that use the
 * snapshot set those up. The library's DictionaryError does not survive the thread
 * boundary as a class, so its file and line travel as fields.
 */
export default async function build({ dictionaries }: { dictionaries: string | undefined }): Promise<BuildOutcome> {
  try {
    const { compiled } = await loadDictionaries(dictionaries ?? BUNDLED_DICTIONARIES);
    return { ok: true, snapshot: compiled.toSnapshot({ shared: true }) };
  } catch (error) {
    const { code, file, line, message } = error as { code?: string; file?: string; line?: number; message?: string };
    return { ok: false, code, file, line, message: message ?? String(error) };
  }
}
