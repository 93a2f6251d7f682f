import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { decodePage } from '../decode.js';
import type { InputItem } from '../types.js';
import { DEFAULT_PATH_PATTERN, PAGE_EXTENSIONS, readDirectory } from './directory.js';
import { readNdjson } from './ndjson.js';
import { readWarc } from './warc.js';
import { crawlSite, type CrawlOptions } from './crawl.js';

export { DEFAULT_PATH_PATTERN, parsePathPattern } from './directory.js';
export type { CrawlOptions } from './crawl.js';

export interface InputOptions {
  /** Site/column from directory paths (see DEFAULT_PATH_PATTERN). */
  pathPattern?: string;
  /** Force a charset for every page (`gbk` for an undeclared GBK archive). */
  encoding?: string;
  /** For directory pages without a canonical link: their URL is this base + the relative path. */
  baseUrl?: string;
  /** Where `-` reads from (default process.stdin). */
  stdin?: AsyncIterable<Buffer>;
  /** How an http(s) input is crawled (limits, LINKS_* network settings). */
  crawl?: CrawlOptions;
}

export type InputKind = 'directory' | 'ndjson' | 'warc' | 'file' | 'stdin' | 'crawl';

export async function inputKind(input: string): Promise<InputKind> {
  if (input === '-') return 'stdin';
  if (/^https?:\/\//i.test(input)) return 'crawl';
  const lower = input.toLowerCase();
  if (lower.endsWith('.warc') || lower.endsWith('.warc.gz')) return 'warc';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  const info = await stat(input).catch(() => undefined);
  if (info?.isDirectory()) return 'directory';
  return 'file';
}

/** Every document (and every problem) of the inputs, in input order; nothing read ahead. */
export async function* readInputs(inputs: readonly string[], options: InputOptions = {}): AsyncGenerator<InputItem> {
  for (const input of inputs) {
    const kind = await inputKind(input);
    if (kind === 'directory') yield* readDirectory(input, { pathPattern: options.pathPattern ?? DEFAULT_PATH_PATTERN, encoding: options.encoding, baseUrl: options.baseUrl });
    else if (kind === 'ndjson') yield* readNdjson(input);
    else if (kind === 'stdin') yield* readNdjson('-', options.stdin ?? (process.stdin as AsyncIterable<Buffer>));
    else if (kind === 'warc') yield* readWarc(input, { encoding: options.encoding });
    else if (kind === 'crawl') yield* crawlSite(input, { ...options.crawl, encoding: options.encoding });
    else yield* readSingleFile(input, options.encoding);
  }
}

async function* readSingleFile(input: string, encoding: string | undefined): AsyncGenerator<InputItem> {
  const extension = extname(input).toLowerCase();
  if (!PAGE_EXTENSIONS.has(extension)) {
    yield { kind: 'problem', problem: { input, file: input, message: 'not a directory, page (.html .htm .shtml .txt .md), NDJSON (.ndjson .jsonl) or WARC (.warc .warc.gz) file' } };
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(input);
  } catch (error) {
    yield { kind: 'problem', problem: { input, file: input, message: `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})` } };
    return;
  }
  const html = extension !== '.txt' && extension !== '.md';
  const decoded = decodePage(bytes, { html, forced: encoding });
  if (!decoded.ok) {
    yield { kind: 'problem', problem: { input, file: input, offset: decoded.offset, message: decoded.message } };
    return;
  }
  yield { kind: 'document', document: { input, id: basename(input), content: html ? { html: decoded.text } : { text: decoded.text }, bytes: bytes.byteLength } };
}
