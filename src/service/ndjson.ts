import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { ServiceError } from './errors.js';

/** One line of an NDJSON upload: its parsed value, or why it could not be read. */
export type NdjsonLine = { line: number; value: unknown } | { line: number; error: ServiceError };

/**
 * Reads NDJSON from a byte stream, one value per line, holding at most one line in memory:
 * a line longer than `maxLineBytes` is skipped (reported as an error entry), not buffered.
 * Blank lines are ignored. Pulls from `input` only as fast as the consumer asks.
 */
export async function* ndjsonLines(input: Readable, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  const decoder = new StringDecoder('utf8');
  let pieces: string[] = [];
  let pieceBytes = 0;
  let line = 0;
  let overlong = false;

  function* finish(rest: string): Generator<NdjsonLine> {
    line++;
    const wasOverlong = overlong || pieceBytes + Buffer.byteLength(rest) > maxLineBytes;
    const text = wasOverlong ? '' : pieces.join('') + rest;
    pieces = [];
    pieceBytes = 0;
    overlong = false;
    if (wasOverlong) {
      yield { line, error: new ServiceError('JD_LINE_TOO_LONG', `Line ${line} is over the limit of ${maxLineBytes} bytes`) };
      return;
    }
    if (text.trim() === '') return;
    try {
      yield { line, value: JSON.parse(text) as unknown };
    } catch {
      yield { line, error: new ServiceError('JD_INVALID_JSON', `Line ${line} is not valid JSON`) };
    }
  }

  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      yield* finish(text.slice(0, newline));
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    if (text.length === 0 || overlong) continue;
    const bytes = Buffer.byteLength(text);
    if (pieceBytes + bytes > maxLineBytes) {
      overlong = true;
      pieces = [];
      pieceBytes = 0;
    } else {
      pieces.push(text);
      pieceBytes += bytes;
    }
  }
  const rest = decoder.end();
  if (rest.length > 0 || pieces.length > 0 || overlong) yield* finish(rest);
}
