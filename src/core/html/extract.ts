import { decodeCodePoint, LEGACY_ENTITIES, NAMED_ENTITIES } from './entities.js';
import { OffsetMap } from './offset-map.js';

/** The readable text of an HTML document and the way back to the source. */
export interface HtmlText {
  /** Text content plus `alt`/`title` values, entities decoded, blocks separated by `\n`. */
  text: string;
  /** Maps offsets in `text` to offsets in the HTML source. */
  map: OffsetMap;
}

/** What stands between blocks so that terms never join across elements. */
export const BLOCK_SEPARATOR = '\n';

/** Elements that start a new line of text when rendered (plus `br`, `img` and the like). */
const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'button', 'caption', 'center', 'col',
  'colgroup', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'frame', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header',
  'hgroup', 'hr', 'html', 'iframe', 'img', 'input', 'legend', 'li', 'main', 'menu', 'nav', 'ol',
  'optgroup', 'option', 'p', 'pre', 'section', 'select', 'summary', 'table', 'tbody', 'td',
  'textarea', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul', 'video', 'audio', 'object', 'embed',
]);

/** Elements whose body is not text a reader sees. */
const SKIPPED_BODY: ReadonlySet<string> = new Set(['script', 'style']);
/** Elements whose body is text but never markup (entities are still decoded). */
const RCDATA_BODY: ReadonlySet<string> = new Set(['title', 'textarea']);
/** Attributes whose values a reader sees. */
const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set(['alt', 'title']);

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const HASH = 0x23;
const SEMICOLON = 0x3b;

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiAlphanumeric(c: number): boolean {
  return isAsciiLetter(c) || isDigit(c);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

interface Reference {
  value: string;
  end: number;
}

/**
 * Extracts the text a reader sees from an HTML document. A small tokenizer in the spirit
 * of the HTML standard: it never fails, whatever the input; unterminated markup runs to
 * the end of the document.
 */
export function extractHtmlText(html: string): HtmlText {
  return new HtmlTextExtractor(html).run();
}

class HtmlTextExtractor {
  private readonly parts: string[] = [];
  private readonly map = new OffsetMap();
  /** True when nothing but separators has been seen since the last text. */
  private atSeparator = true;
  /** Source span of the separator to emit before the next text. */
  private pendingSeparator: [number, number] | undefined;

  constructor(private readonly html: string) {}

  run(): HtmlText {
    const { html } = this;
    const n = html.length;
    let textFrom = 0;
    let i = 0;
    while (i < n) {
      const lt = html.indexOf('<', i);
      if (lt === -1) break;
      const next = lt + 1 < n ? html.charCodeAt(lt + 1) : -1;
      if (!(isAsciiLetter(next) || next === SLASH || next === BANG || next === QUESTION)) {
        // A '<' that opens no markup is text.
        i = lt + 1;
        continue;
      }
      this.emitText(textFrom, lt, false);
      i = this.markup(lt);
      textFrom = i;
    }
    this.emitText(textFrom, n, false);
    return { text: this.parts.join(''), map: this.map };
  }

  /** Consumes the markup that starts at `lt`; returns where text resumes. */
  private markup(lt: number): number {
    const { html } = this;
    const n = html.length;
    const next = html.charCodeAt(lt + 1);
    if (next === BANG) {
      if (html.startsWith('<!--', lt)) {
        // `<!-->` and `<!--->` are complete (empty) comments too, hence the search from lt + 2.
        const close = html.indexOf('-->', lt + 2);
        return close === -1 ? n : close + 3;
      }
      return this.afterGreaterThan(lt + 2);
    }
    if (next === QUESTION) return this.afterGreaterThan(lt + 2);
    if (next === SLASH) {
      if (!isAsciiLetter(html.charCodeAt(lt + 2))) return this.afterGreaterThan(lt + 2);
      const nameEnd = this.nameEnd(lt + 2);
      const end = this.afterGreaterThan(nameEnd);
      if (BLOCK_ELEMENTS.has(html.slice(lt + 2, nameEnd).toLowerCase())) this.emitSeparator(lt, end);
      return end;
    }
    return this.startTag(lt);
  }

  private startTag(lt: number): number {
    const { html } = this;
    const n = html.length;
    const nameEnd = this.nameEnd(lt + 1);
    const name = html.slice(lt + 1, nameEnd).toLowerCase();
    const textAttributes: Array<[number, number]> = [];
    let i = nameEnd;
    let end = n;
    while (i < n) {
      const c = html.charCodeAt(i);
      if (c === GT) {
        end = i + 1;
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
      while (i < n && isSpace(html.charCodeAt(i))) i++;
      if (i >= n || html.charCodeAt(i) !== EQUALS) continue;
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
      if (TEXT_ATTRIBUTES.has(attrName) && valueEnd > valueStart) textAttributes.push([valueStart, valueEnd]);
    }
    // Separators stand for the markup around attribute values, so that offsets stay monotonic.
    if (BLOCK_ELEMENTS.has(name) || textAttributes.length > 0) this.emitSeparator(lt, textAttributes[0]?.[0] ?? end);
    for (const [valueStart, valueEnd] of textAttributes) {
      this.emitText(valueStart, valueEnd, true);
      this.emitSeparator(valueEnd, end);
    }
    if (SKIPPED_BODY.has(name)) return this.closingTag(name, end);
    if (RCDATA_BODY.has(name)) {
      const close = this.closingTag(name, end);
      this.emitText(end, close, false);
      return close;
    }
    return end;
  }

  /** Where `</name` (any case, then a space, '/' or '>') starts at or after `from`, or the end. */
  private closingTag(name: string, from: number): number {
    const { html } = this;
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

  private nameEnd(from: number): number {
    const { html } = this;
    let i = from;
    while (i < html.length) {
      const c = html.charCodeAt(i);
      if (isSpace(c) || c === SLASH || c === GT) break;
      i++;
    }
    return i;
  }

  private afterGreaterThan(from: number): number {
    const gt = this.html.indexOf('>', from);
    return gt === -1 ? this.html.length : gt + 1;
  }

  /**
   * Separators are emitted lazily, when text follows: none at the start or the end, and
   * one for a run of consecutive block tags.
   */
  private emitSeparator(sourceStart: number, sourceEnd: number): void {
    if (this.atSeparator) return;
    this.pendingSeparator = [sourceStart, sourceEnd];
    this.atSeparator = true;
  }

  private flushSeparator(): void {
    if (this.pendingSeparator === undefined) return;
    const [sourceStart, sourceEnd] = this.pendingSeparator;
    this.parts.push(BLOCK_SEPARATOR);
    this.map.addReplaced(sourceStart, sourceEnd, BLOCK_SEPARATOR.length);
    this.pendingSeparator = undefined;
  }

  /** Emits `html[from, to)` as text, decoding character references. */
  private emitText(from: number, to: number, inAttribute: boolean): void {
    if (to <= from) return;
    const { html } = this;
    let run = from;
    let amp = html.indexOf('&', from);
    while (amp !== -1 && amp < to) {
      const reference = this.reference(amp, to, inAttribute);
      if (reference === undefined) {
        amp = html.indexOf('&', amp + 1);
        continue;
      }
      this.emitLiteral(run, amp);
      this.flushSeparator();
      this.parts.push(reference.value);
      this.map.addReplaced(amp, reference.end, reference.value.length);
      this.atSeparator = false;
      run = reference.end;
      amp = html.indexOf('&', run);
    }
    this.emitLiteral(run, to);
  }

  private emitLiteral(from: number, to: number): void {
    if (to <= from) return;
    this.flushSeparator();
    this.parts.push(this.html.slice(from, to));
    this.map.addLiteral(from, to - from);
    this.atSeparator = false;
  }

  /** The character reference at `amp` (ending before `limit`), if there is one. */
  private reference(amp: number, limit: number, inAttribute: boolean): Reference | undefined {
    const { html } = this;
    let i = amp + 1;
    if (i < limit && html.charCodeAt(i) === HASH) {
      i++;
      const hex = i < limit && (html.charCodeAt(i) | 0x20) === 0x78;
      if (hex) i++;
      const digitsStart = i;
      while (i < limit && (hex ? isHexDigit(html.charCodeAt(i)) : isDigit(html.charCodeAt(i)))) i++;
      if (i === digitsStart) return undefined;
      const digits = html.slice(digitsStart, i);
      // More than 8 digits is out of range whatever they are; avoid parsing huge numbers.
      const codePoint = digits.length > 8 ? Infinity : Number.parseInt(digits, hex ? 16 : 10);
      if (i < limit && html.charCodeAt(i) === SEMICOLON) i++;
      return { value: decodeCodePoint(codePoint), end: i };
    }
    while (i < limit && i - amp <= 32 && isAsciiAlphanumeric(html.charCodeAt(i))) i++;
    if (i === amp + 1) return undefined;
    const name = html.slice(amp + 1, i);
    const value = NAMED_ENTITIES.get(name);
    if (value !== undefined && i < limit && html.charCodeAt(i) === SEMICOLON) return { value, end: i + 1 };
    // Without a semicolon only the legacy names count, as a prefix (`&copy2026` is ©2026).
    let legacy: string | undefined;
    for (const candidate of LEGACY_ENTITIES) {
      if (name.startsWith(candidate) && (legacy === undefined || candidate.length > legacy.length)) legacy = candidate;
    }
    if (legacy === undefined) return undefined;
    const end = amp + 1 + legacy.length;
    // In attribute values, `&amp=` and `&ampx` stay literal (the HTML standard's rule for URLs).
    if (inAttribute && end < limit && (html.charCodeAt(end) === EQUALS || isAsciiAlphanumeric(html.charCodeAt(end)))) return undefined;
    return { value: NAMED_ENTITIES.get(legacy) as string, end };
  }
}
