import { createReadStream } from 'node:fs';
import { firstInvalidUtf8 } from '../decode.js';
import type { InputItem, ScanDocument } from '../types.js';
import { isoDate, publishedFromHtml } from './html-meta.js';

/** Raw lines of a byte stream with their 1-based numbers and byte offsets (no decoding yet). */
async function* rawLines(stream: AsyncIterable<Buffer>): AsyncGenerator<{ line: number; offset: number; bytes: Buffer }> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let line = 1;
  let offset = 0;
  for await (const chunk of stream) {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingLength = 0;
      yield { line, offset, bytes };
      offset += bytes.byteLength + 1;
      line++;
      start = newline + 1;
    }
    if (start < chunk.byteLength) {
      pending.push(chunk.subarray(start));
      pendingLength += chunk.byteLength - start;
    }
  }
  if (pendingLength > 0) yield { line, offset, bytes: Buffer.concat(pending) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function optionalString(record: Record<string, unknown>, key: string): string | undefined | Error {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return new Error(`"${key}" must be a string`);
  return value;
}

/**
 * NDJSON documents, one JSON object a line: `{id, url?, site?, column?, published?, text | html}`.
 * A line that is not such an object is a problem with its line number; blank lines are skipped.
 */
export async function* readNdjson(input: string, stream?: AsyncIterable<Buffer>): AsyncGenerator<InputItem> {
  const source = stream ?? createReadStream(input);
  const file = input === '-' ? '<stdin>' : input;
  try {
    for await (const { line, offset, bytes } of rawLines(source as AsyncIterable<Buffer>)) {
      const problem = (message: string): InputItem => ({ kind: 'problem', problem: { input, file, line, offset, message } });
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        yield problem(`invalid UTF-8 at byte ${offset + Math.max(0, firstInvalidUtf8(bytes))}`);
        continue;
      }
      if (text.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        yield problem(`not JSON (${error instanceof Error ? error.message : String(error)})`);
        continue;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        yield problem('not a JSON object');
        continue;
      }
      const fields = record as Record<string, unknown>;
      const id = typeof fields.id === 'number' ? String(fields.id) : fields.id;
      if (typeof id !== 'string' || id === '') {
        yield problem('"id" (a non-empty string or number) is required');
        continue;
      }
      const body = typeof fields.text === 'string' ? { text: fields.text } : typeof fields.html === 'string' ? { html: fields.html } : undefined;
      if (body === undefined) {
        yield problem('"text" or "html" (a string) is required');
        continue;
      }
      const strings: Record<string, string | undefined> = {};
      let bad: Error | undefined;
      for (const key of ['url', 'site', 'column', 'published']) {
        const value = optionalString(fields, key);
        if (value instanceof Error) bad = value;
        else strings[key] = value;
      }
      if (bad) {
        yield problem(bad.message);
        continue;
      }
      const document: ScanDocument = {
        input,
        id,
        site: strings.site,
        column: strings.column,
        url: strings.url,
        published: strings.published !== undefined ? (isoDate(strings.published) ?? strings.published) : body.html !== undefined ? publishedFromHtml(body.html) : undefined,
        content: body,
        bytes: bytes.byteLength,
      };
      yield { kind: 'document', document };
    }
  } catch (error) {
    yield { kind: 'problem', problem: { input, file, message: `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` } };
  }
}
