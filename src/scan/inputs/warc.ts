import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { WARCParser } from 'warcio';
import { charsetFromContentType, decodePage } from '../decode.js';
import type { InputItem } from '../types.js';
import { publishedFromHtml } from './html-meta.js';

const PAGE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** Site (host) and column (first path segment) of a page URL. */
export function siteAndColumn(url: string): { site?: string; column?: string } {
  try {
    const parsed = new URL(url);
    const first = parsed.pathname.split('/').filter(Boolean);
    return { site: parsed.host, column: first.length > 1 ? decodeURIComponent(first[0]!) : undefined };
  } catch {
    return {};
  }
}

/**
 * Pages from a WARC or WARC.gz file: `response` (and `resource`) records of HTML or plain
 * text with a 2xx status. A record whose payload is shorter than its Content-Length is
 * reported with its offset and skipped; trailing bytes that no record could be read from
 * (a truncated gzip member) are reported too.
 */
export async function* readWarc(input: string, options: { encoding?: string }): AsyncGenerator<InputItem> {
  let size: number;
  try {
    size = (await stat(input)).size;
  } catch (error) {
    yield { kind: 'problem', problem: { input, file: input, message: `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})` } };
    return;
  }
  const parser = new WARCParser(createReadStream(input));
  let readUpTo = 0;
  let offset = 0;
  try {
    for await (const record of parser) {
      offset = parser.offset;
      const type = record.warcType;
      if (type !== 'response' && type !== 'resource') {
        await record.skipFully();
        readUpTo = parser.offset + parser.recordLength;
        continue;
      }
      const url = record.warcTargetURI ?? record.warcHeader('WARC-Record-ID') ?? `record@${offset}`;
      const status = type === 'response' ? Number(record.httpHeaders?.statusCode ?? 200) : 200;
      const contentType = (type === 'response' ? record.httpHeaders?.headers.get('content-type') : record.warcHeader('Content-Type')) ?? '';
      if (!PAGE_TYPES.test(contentType) || status < 200 || status >= 300) {
        await record.skipFully();
        readUpTo = parser.offset + parser.recordLength;
        continue;
      }
      const payload = await record.readFully(false);
      // The record's reader counts down from the declared length: anything left was never there.
      const missing = (record.reader as unknown as { limit?: number }).limit ?? 0;
      readUpTo = parser.offset + parser.recordLength;
      if (missing > 0) {
        yield { kind: 'problem', problem: { input, file: input, offset, message: `truncated WARC record for ${url}: ${missing} bytes missing` } };
        continue;
      }
      const html = !/^text\/plain/i.test(contentType);
      const decoded = decodePage(payload, { html, declared: charsetFromContentType(contentType), forced: options.encoding });
      if (!decoded.ok) {
        yield { kind: 'problem', problem: { input, file: input, offset, message: `${url}: ${decoded.message}` } };
        continue;
      }
      yield {
        kind: 'document',
        document: {
          input,
          id: url,
          url,
          ...siteAndColumn(url),
          published: html ? publishedFromHtml(decoded.text) : undefined,
          content: html ? { html: decoded.text } : { text: decoded.text },
          bytes: payload.byteLength,
        },
      };
    }
  } catch (error) {
    yield { kind: 'problem', problem: { input, file: input, offset: parser.offset, message: `unreadable WARC data (${error instanceof Error ? error.message : String(error)}); rest of the file skipped` } };
    return;
  }
  // Records end with CRLF CRLF, which the parser does not count; more than that is data no record was read from.
  if (size - readUpTo > 4) {
    yield { kind: 'problem', problem: { input, file: input, offset: readUpTo, message: `${size - readUpTo} bytes at the end could not be read as a WARC record (truncated?)` } };
  }
}
