import type { ScanDocument } from './types.js';

/**
 * A page's visible text as lines, kept in the job store so that the tampering
 * comparison between two rescans can show what changed, not only that the hash did
 * (src/inspection/tampering.ts). Lines come from block-level markup; scripts, styles and
 * comments are dropped; at most MAX_LINES lines of at most MAX_LINE characters.
 */
const MAX_LINES = 400;
const MAX_LINE = 200;
const BLOCK = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|nav|title|dd|dt|blockquote|pre)\b[^>]*>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function pageLines(html: string): string[] {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(BLOCK, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line === '') continue;
    lines.push(line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line);
    if (lines.length >= MAX_LINES) break;
  }
  return lines;
}

/**
 * The stored form of a document's lines: HTML pages only (the tampering check compares pages),
 * UTF-8 as is. Not compressed: zlib cost ~35 µs a page on the thread that reads the archive,
 * a tenth of its whole per-page budget, to save about 1 KB of disk a page.
 */
export function packedLines(document: ScanDocument): Buffer | undefined {
  if (document.content.html === undefined) return undefined;
  return Buffer.from(pageLines(document.content.html).join('\n'));
}

export function unpackLines(packed: Uint8Array): string {
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength).toString('utf8');
}
