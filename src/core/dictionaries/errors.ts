/** A dictionary source that cannot be used. The message always starts with `file:line:` (line 0 = whole file). */
export class DictionaryError extends Error {
  readonly code = 'JD_DICTIONARY_INVALID';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'DictionaryError';
  }
}
