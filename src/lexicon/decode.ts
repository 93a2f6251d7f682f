import { LexiconError } from './errors.js';

export type LexiconEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
/** `file`: the whole file was base64; `lines`: one base64 entry per line. */
export type Base64Framing = 'none' | 'file' | 'lines';

export interface DecodedLexicon {
  text: string;
  encoding: LexiconEncoding;
  bom: boolean;
  base64: Base64Framing;
  /** Set in `lines` mode: line number -> why that line's base64 could not be decoded. */
  base64Problems: Map<number, string>;
}

export interface DecodeLimits {
  /** Largest file accepted, in bytes (default 64 MiB). */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const BASE64_ALPHABET = /^[A-Za-z0-9+/=]+$/;

/**
 * Strict base64: a multiple of four characters, '=' only as the last one or two. A loop, not
 * a regular expression: a backtracking pattern overflows the stack on a multi-megabyte line.
 */
function isStrictBase64(text: string): boolean {
  if (text.length === 0 || text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < text.length - padding; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}
/** Lines longer than this are never base64 entries (the parser reports them as too long). */
const MAX_BASE64_LINE = 4096;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Bytes -> text. Order: BOM (UTF-8, UTF-16), valid UTF-8, else GB18030 (a superset of GBK and
 * GB2312); then base64 framing, decoded the same way. Throws LexiconError for what cannot be
 * a word list; the message names the file and, when it can, the line.
 */
export function decodeLexiconBytes(bytes: Uint8Array, file: string, limits: DecodeLimits = {}): DecodedLexicon {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) throw new LexiconError(file, 0, `file is ${bytes.length} bytes (limit ${maxBytes})`);
  const plain = decodeText(bytes, file);
  const base64Problems = new Map<number, string>();
  const whole = wholeFileBase64(plain.text, file);
  if (whole) {
    const inner = decodeText(whole, `${file} (base64-decoded)`);
    return { ...inner, base64: 'file', base64Problems };
  }
  const lines = perLineBase64(plain.text);
  if (lines) return { text: lines.text, encoding: plain.encoding, bom: plain.bom, base64: 'lines', base64Problems: lines.problems };
  return { ...plain, base64: 'none', base64Problems };
}

function decodeText(bytes: Uint8Array, file: string): { text: string; encoding: LexiconEncoding; bom: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictDecode('utf-8', bytes.subarray(3), file, 'UTF-8 (the file starts with a UTF-8 BOM)'), encoding: 'utf-8', bom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strictDecode('utf-16le', bytes.subarray(2), file, 'UTF-16LE'), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strictDecode('utf-16be', bytes.subarray(2), file, 'UTF-16BE'), encoding: 'utf-16be', bom: true };
  rejectBinary(bytes, file);
  let text: string;
  let encoding: LexiconEncoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      encoding = 'gb18030';
    } catch {
      let control = 0;
      for (const byte of bytes.subarray(0, 1 << 20)) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control++;
      if (control * 20 > Math.min(bytes.length, 1 << 20)) {
        throw new LexiconError(file, 0, `binary data: ${control} control bytes and neither valid UTF-8 nor GB18030; not a word list`);
      }
      throw new LexiconError(file, firstBadLine(bytes), 'neither valid UTF-8 nor GB18030/GBK');
    }
  }
  rejectGarbage(text, file);
  return { text, encoding, bom: false };
}

function strictDecode(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, file: string, what: string): string {
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
    rejectGarbage(text, file);
    return text;
  } catch (error) {
    if (error instanceof LexiconError) throw error;
    throw new LexiconError(file, encoding === 'utf-8' ? firstBadLine(bytes) : 0, `invalid ${what}`);
  }
}

/** The first line that is valid in neither encoding (1-based), for the error message. */
function firstBadLine(bytes: Uint8Array): number {
  let start = 0;
  let line = 1;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const gb = new TextDecoder('gb18030', { fatal: true });
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const chunk = bytes.subarray(start, i);
      let ok = false;
      try {
        utf8.decode(chunk);
        ok = true;
      } catch {
        try {
          gb.decode(chunk);
          ok = true;
        } catch {
          ok = false;
        }
      }
      if (!ok) return line;
      start = i + 1;
      line++;
    }
  }
  return 0;
}

/** Many NUL bytes without a UTF-16 BOM: an executable, an image, an archive, not a list. */
function rejectBinary(bytes: Uint8Array, file: string): void {
  let nuls = 0;
  let first = -1;
  const sample = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < sample; i++) {
    if (bytes[i] === 0) {
      if (first < 0) first = i;
      nuls++;
    }
  }
  if (nuls > 0 && nuls * 100 >= sample) {
    let line = 1;
    for (let i = 0; i < first; i++) if (bytes[i] === 0x0a) line++;
    throw new LexiconError(file, line, `binary data: ${nuls} NUL bytes in the first ${sample} (first at byte ${first}); not a word list`);
  }
}

/** Text that decoded but is mostly control characters: binary data that happened to be valid. */
function rejectGarbage(text: string, file: string): void {
  let control = 0;
  const sample = Math.min(text.length, 1 << 20);
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c < 0xa0) || c === 0xfffd) control++;
  }
  if (sample > 0 && control * 20 > sample) {
    throw new LexiconError(file, 0, `binary data: ${control} control characters in the first ${sample} characters; not a word list`);
  }
}

/**
 * A whole file in base64: only base64 characters and line breaks, and laid out like encoded
 * data (one long line, or wrapped lines of equal length), not like a list of Latin words.
 * Returns the decoded bytes, or undefined when the file is not base64-framed.
 */
function wholeFileBase64(text: string, file: string): Uint8Array | undefined {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0 || !lines.every((line) => BASE64_ALPHABET.test(line.trim()))) return undefined;
  const lengths = lines.map((line) => line.trim().length);
  const wrapped = lines.length > 1 && lengths[0] >= 60 && lengths.slice(0, -1).every((length) => length === lengths[0]) && lengths[lengths.length - 1] <= lengths[0];
  const oneLong = lines.length === 1 && lengths[0] >= 24;
  if (!wrapped && !oneLong) return undefined;
  const joined = lines.map((line) => line.trim()).join('');
  if (joined.length % 4 !== 0) throw new LexiconError(file, 0, `invalid base64: ${joined.length} characters is not a multiple of 4`);
  if (!isStrictBase64(joined)) {
    const at = joined.indexOf('=');
    throw new LexiconError(file, 0, `invalid base64: padding '=' inside the data (character ${at + 1})`);
  }
  return Buffer.from(joined, 'base64');
}

/**
 * One base64 entry per line (as some projects ship to keep the words out of search
 * engines): most lines are valid base64 and decode to text with non-ASCII characters.
 * Lines that fail are kept as a problem for that line, never silently dropped.
 */
function perLineBase64(text: string): { text: string; problems: Map<number, string> } | undefined {
  const lines = text.split('\n');
  let candidates = 0;
  let decoded = 0;
  let nonAscii = 0;
  const out: string[] = [];
  const problems = new Map<number, string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#') || line.length > MAX_BASE64_LINE) {
      out.push(lines[i]);
      continue;
    }
    candidates++;
    const value = decodeBase64Line(line);
    if (value === undefined) {
      problems.set(i + 1, isStrictBase64(line) ? 'base64 that does not decode to UTF-8 text' : 'invalid base64');
      out.push('');
      continue;
    }
    decoded++;
    if (NON_ASCII.test(value)) nonAscii++;
    out.push(value);
  }
  if (candidates === 0 || decoded * 10 < candidates * 8 || nonAscii * 2 < decoded) return undefined;
  return { text: out.join('\n'), problems };
}

function decodeBase64Line(line: string): string | undefined {
  if (line.length < 4 || !isStrictBase64(line)) return undefined;
  try {
    const value = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line, 'base64'));
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x08\x0b-\x1f\x7f]/.test(value) || value.includes('\n')) return undefined;
    return value;
  } catch {
    return undefined;
  }
}
