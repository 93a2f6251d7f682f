import { readCharacterReference } from './entities.js';
import { afterGreaterThan, BANG, closingTagStart, isAsciiLetter, QUESTION, readStartTag, SLASH, tagNameEnd } from './tags.js';
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
    const tag = readStartTag(this.html, lt);
    const { name, end } = tag;
    const textAttributes: Array<[number, number]> = [];
    for (const attribute of tag.attributes) {
      if (TEXT_ATTRIBUTES.has(attribute.name) && attribute.valueEnd > attribute.valueStart) textAttributes.push([attribute.valueStart, attribute.valueEnd]);
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

  private closingTag(name: string, from: number): number {
    return closingTagStart(this.html, name, from);
  }

  private nameEnd(from: number): number {
    return tagNameEnd(this.html, from);
  }

  private afterGreaterThan(from: number): number {
    return afterGreaterThan(this.html, from);
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
      const reference = readCharacterReference(html, amp, to, inAttribute);
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
}
