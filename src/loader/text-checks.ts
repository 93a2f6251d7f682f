import type { TextCheck } from '../core/checks/check.js';
import type { CompiledDictionaries } from '../core/dictionaries/compiled.js';

/** The checks that read the text itself, assembled for one dictionary version. */
export async function loadTextChecks(_dictionaries: CompiledDictionaries): Promise<Array<TextCheck & { statistical?: boolean }>> {
  return [];
}
