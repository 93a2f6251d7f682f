/**
 * A word list that cannot be read at all (binary data, an encoding that is neither UTF-8 nor
 * GB18030, broken base64 framing). Problems confined to single lines are not errors: those
 * lines are parked with their reason, and the rest of the list is still audited.
 */
export class LexiconError extends Error {
  readonly code = 'JD_LEXICON_INVALID';

  constructor(
    readonly file: string,
    /** 1-based; 0 when the problem is the file as a whole. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${reason}`);
    this.name = 'LexiconError';
  }
}
