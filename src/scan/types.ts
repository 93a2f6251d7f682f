import type { DocumentInput } from '../service/check-document.js';

/** One document read from an input, ready to be checked. */
export interface ScanDocument {
  /** The input it came from (a directory, an NDJSON/WARC file, `-` for stdin), as given. */
  input: string;
  /** Stable within its input: the path relative to the directory, the NDJSON `id`, the WARC target URI. */
  id: string;
  site?: string;
  column?: string;
  url?: string;
  /** ISO date (YYYY-MM-DD) when the input carries one. */
  published?: string;
  content: DocumentInput;
  /** Size of the source in bytes (before decoding), for MB/s. */
  bytes: number;
}

/** Input that could not be read: reported with where it is, then skipped. */
export interface InputProblem {
  input: string;
  /** File inside a directory input, else the input itself. */
  file: string;
  /** 1-based line (NDJSON). */
  line?: number;
  /** Byte offset (invalid bytes, WARC records). */
  offset?: number;
  message: string;
}

export type InputItem = { kind: 'document'; document: ScanDocument } | { kind: 'problem'; problem: InputProblem };
