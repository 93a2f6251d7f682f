/**
 * The tag level of the HTML tokenizer: start tags with their attributes and the source span
 * of every attribute value, and a walk over a document's tags. The text extractor
 * (extract.ts) and the link extractor (core/links) read tags through here, so both agree on
 * where markup starts and ends.
 */

export const GT = 0x3e;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const QUESTION = 0x3f;
const EQUALS = 0x3d;

export function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/** One attribute of a start tag; the value is raw source (entities not decoded). */
export interface TagAttribute {
  /** Lower-cased. */
  name: string;
  /** Source span of the value, quotes excluded; `valueStart === valueEnd` for an empty or missing value. */
  valueStart: number;
  valueEnd: number;
  /** False for a bare attribute (`<input disabled>`). */
  hasValue: boolean;
}

export interface StartTag {
  /** Lower-cased tag name. */
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Just after `>` (the end of the document for an unterminated tag). */
  end: number;
  attributes: TagAttribute[];
  /** `<br/>`: ends with `/>`. */
  selfClosing: boolean;
}

/** Where the tag name starting at `from` ends. */
export function tagNameEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const c = html.charCodeAt(i);
    if (isSpace(c) || c === SLASH || c === GT) break;
    i++;
  }
  return i;
}

/** Reads the start tag whose `<` is at `lt` (the caller knows a letter follows). */
export function readStartTag(html: string, lt: number): StartTag {
  const n = html.length;
  const nameEnd = tagNameEnd(html, lt + 1);
  const name = html.slice(lt + 1, nameEnd).toLowerCase();
  const attributes: TagAttribute[] = [];
  let i = nameEnd;
  let end = n;
  let selfClosing = false;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === GT) {
      end = i + 1;
      selfClosing = i > nameEnd && html.charCodeAt(i - 1) === SLASH;
      break;
    }
    if (isSpace(c) || c === SLASH) {
      i++;
      continue;
    }
    const attrStart = i;
    i++; // The first character may be anything, even '='.
    while (i < n) {
      const d = html.charCodeAt(i);
      if (isSpace(d) || d === SLASH || d === GT || d === EQUALS) break;
      i++;
    }
    const attrName = html.slice(attrStart, i).toLowerCase();
    const attrEnd = i;
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    if (i >= n || html.charCodeAt(i) !== EQUALS) {
      attributes.push({ name: attrName, valueStart: attrEnd, valueEnd: attrEnd, hasValue: false });
      continue;
    }
    i++;
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    let valueStart = i;
    let valueEnd: number;
    const quote = html.charCodeAt(i);
    if (quote === 0x22 || quote === 0x27) {
      valueStart = i + 1;
      const close = html.indexOf(quote === 0x22 ? '"' : "'", valueStart);
      valueEnd = close === -1 ? n : close;
      i = close === -1 ? n : close + 1;
    } else {
      while (i < n && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== GT) i++;
      valueEnd = i;
    }
    attributes.push({ name: attrName, valueStart, valueEnd, hasValue: true });
  }
  return { name, start: lt, end, attributes, selfClosing };
}

/** Where `</name` (any case, then a space, '/' or '>') starts at or after `from`, or the end. */
export function closingTagStart(html: string, name: string, from: number): number {
  let i = from;
  for (;;) {
    const lt = html.indexOf('</', i);
    if (lt === -1) return html.length;
    const after = lt + 2 + name.length;
    if (html.slice(lt + 2, after).toLowerCase() === name) {
      const c = after < html.length ? html.charCodeAt(after) : GT;
      if (isSpace(c) || c === SLASH || c === GT) return lt;
    }
    i = lt + 2;
  }
}

export function afterGreaterThan(html: string, from: number): number {
  const gt = html.indexOf('>', from);
  return gt === -1 ? html.length : gt + 1;
}

/** Elements whose body is raw text, never markup. */
const RAW_TEXT_BODY: ReadonlySet<string> = new Set(['script', 'style', 'title', 'textarea']);

export interface TagVisitor {
  /** A start tag; for script/style/title/textarea, `body` is the source span of its content. */
  startTag(tag: StartTag, body?: { start: number; end: number }): void;
  /** An end tag `</name>` at `[start, end)`. */
  endTag(name: string, start: number, end: number): void;
}

/**
 * Visits every start and end tag of a document in source order, with the tokenizer rules
 * of the text extractor: comments, doctypes and processing instructions are skipped, and
 * the bodies of script, style, title and textarea are not markup.
 */
export function walkTags(html: string, visitor: TagVisitor): void {
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) return;
    const next = lt + 1 < n ? html.charCodeAt(lt + 1) : -1;
    if (next === BANG) {
      if (html.startsWith('<!--', lt)) {
        const close = html.indexOf('-->', lt + 2);
        i = close === -1 ? n : close + 3;
      } else i = afterGreaterThan(html, lt + 2);
      continue;
    }
    if (next === QUESTION) {
      i = afterGreaterThan(html, lt + 2);
      continue;
    }
    if (next === SLASH) {
      if (!isAsciiLetter(html.charCodeAt(lt + 2))) {
        i = afterGreaterThan(html, lt + 2);
        continue;
      }
      const nameEnd = tagNameEnd(html, lt + 2);
      i = afterGreaterThan(html, nameEnd);
      visitor.endTag(html.slice(lt + 2, nameEnd).toLowerCase(), lt, i);
      continue;
    }
    if (!isAsciiLetter(next)) {
      i = lt + 1;
      continue;
    }
    const tag = readStartTag(html, lt);
    if (RAW_TEXT_BODY.has(tag.name)) {
      const close = closingTagStart(html, tag.name, tag.end);
      visitor.startTag(tag, { start: tag.end, end: close });
      i = close;
      continue;
    }
    visitor.startTag(tag);
    i = tag.end;
  }
}
