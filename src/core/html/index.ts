export { extractHtmlText, BLOCK_SEPARATOR } from './extract.js';
export type { HtmlText } from './extract.js';
export { OffsetMap } from './offset-map.js';
import type { HtmlText } from './extract.js';

/**
 * Moves a span found in the extracted text back into the HTML source: offsets point into
 * the source and `match` is the source slice, so an editor can highlight it as is.
 */
export function toSourceSpan<T extends { start: number; end: number; match: string }>(html: string, extracted: HtmlText, span: T): T {
  const { start, end } = extracted.map.toSource(span.start, span.end);
  return { ...span, start, end, match: html.slice(start, end) };
}
export { readStartTag, walkTags } from './tags.js';
export type { StartTag, TagAttribute, TagVisitor } from './tags.js';
export { decodeCharacterReferences } from './entities.js';
