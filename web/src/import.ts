/** Turning pasted HTML and uploaded files into plain text with the paragraphs kept. */

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'UL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'HEAD', 'TITLE', 'META', 'LINK', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'OBJECT', 'IFRAME']);
const CJK = '\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF\\u3000-\\u303F';
/** Line wrapping inside a Chinese paragraph of the source HTML is not a space the writer typed. */
const SPACE_BETWEEN_CJK = new RegExp(`([${CJK}]) (?=[${CJK}])`, 'g');

/**
 * Text of an HTML fragment (a Word or web page paste, an uploaded .html): one line per
 * paragraph, styling dropped, table cells separated by a tab.
 */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const lines: string[] = [];
  let line = '';
  const breakLine = () => {
    const trimmed = line.replace(/[ \t]+/g, ' ').replace(SPACE_BETWEEN_CJK, '$1').trim();
    if (trimmed !== '' || (lines.length > 0 && lines[lines.length - 1] !== '')) lines.push(trimmed);
    line = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parentTag = node.parentElement?.tagName;
      const raw = node.nodeValue ?? '';
      line += parentTag === 'PRE' ? raw : raw.replace(/[\s]+/g, ' ').replace(/\u00a0/g, ' ');
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.tagName.toUpperCase();
    if (SKIP.has(tag)) return;
    if ((element as HTMLElement).style?.display === 'none' || element.getAttribute('hidden') !== null) return;
    if (tag === 'BR') {
      breakLine();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) breakLine();
    for (const child of Array.from(element.childNodes)) walk(child);
    if (tag === 'TD' || tag === 'TH') line += '\t';
    if (block) breakLine();
  };
  walk(doc.body);
  breakLine();
  // Paragraph breaks only: runs of empty lines become one break.
  return lines.filter((text) => text !== '').join('\n');
}

/** .txt in UTF-8, or GB18030 (what Windows Chinese editions save) when it is not valid UTF-8. */
export function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export class ImportError extends Error {}

export async function fileToText(file: File): Promise<string> {
  const name = file.name.toLowerCase();
  const bytes = await file.arrayBuffer();
  if (name.endsWith('.docx')) {
    // Loaded on first use: mammoth is most of the page's weight.
    const mammoth = (await import('./mammoth.js')).default;
    try {
      const { value } = await mammoth.extractRawText({ arrayBuffer: bytes });
      // mammoth ends every paragraph with a blank line.
      return value.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n').replace(/\n+$/, '');
    } catch (error) {
      throw new ImportError(`无法读取 Word 文件“${file.name}”：${(error as Error).message}`);
    }
  }
  if (name.endsWith('.html') || name.endsWith('.htm') || file.type === 'text/html') return htmlToText(decodeText(bytes));
  if (name.endsWith('.txt') || file.type.startsWith('text/')) return decodeText(bytes).replace(/\r\n?/g, '\n');
  if (name.endsWith('.doc')) throw new ImportError('不支持旧版 Word（.doc）文件：请在 Word 中另存为 .docx 后再上传。');
  throw new ImportError(`不支持的文件类型：“${file.name}”。请上传 .txt、.html 或 .docx 文件。`);
}
