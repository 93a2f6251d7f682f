/**
 * Bytes -> text for archive pages. Government archives still hold many GB2312/GBK pages;
 * the charset comes from the HTTP header (WARC), a BOM, or the page's own <meta>, and
 * GB2312/GBK are decoded as GB18030 (a superset of both, so a page mislabelled GB2312 that
 * uses GBK characters still decodes). Invalid bytes are an error with their offset, never
 * silently replaced: a U+FFFD in the text would be checked and reported as if written.
 */

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; offset: number; message: string };

const GB_FAMILY = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'euc-cn', 'csgb2312', 'windows-936']);

/** The canonical decoder name for a declared charset, or undefined when we do not decode it. */
export function canonicalCharset(label: string | undefined): 'utf-8' | 'gb18030' | undefined {
  if (label === undefined) return undefined;
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (GB_FAMILY.has(name)) return 'gb18030';
  return undefined;
}

/** `charset=` in a Content-Type header value. */
export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  const match = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType) : null;
  return match?.[1];
}

/** `<meta charset>` or `<meta http-equiv=Content-Type content="...charset=...">` in the first 4 KB. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  // The head is ASCII in every charset we decode, so latin1 reads it without knowing the charset.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta?.[1];
}

/** Offset of the first byte sequence that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/**
 * Decodes a page. `declared` is the transport's charset (HTTP header, NDJSON has none);
 * `forced` (`--encoding`) overrides everything. For HTML, the page's <meta> is read when
 * nothing else declares a charset. Undeclared bytes must be valid UTF-8.
 */
export function decodePage(bytes: Uint8Array, options: { html: boolean; declared?: string; forced?: string }): Decoded {
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const label = options.forced ?? (hasUtf8Bom ? 'utf-8' : (options.declared ?? (options.html ? charsetFromMeta(bytes) : undefined)));
  const charset = canonicalCharset(label) ?? 'utf-8';
  if (label !== undefined && canonicalCharset(label) === undefined && options.forced !== undefined) {
    return { ok: false, offset: 0, message: `unsupported encoding ${label}` };
  }
  if (charset === 'gb18030') {
    try {
      return { ok: true, text: gb18030.decode(bytes), encoding: 'gb18030' };
    } catch {
      return { ok: false, offset: 0, message: `invalid ${label} (decoded as GB18030) bytes` };
    }
  }
  try {
    return { ok: true, text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    const invalid = Math.max(0, firstInvalidUtf8(bytes));
    const hint = label === undefined ? '; no charset declared (use --encoding gbk for an undeclared GBK archive)' : '';
    return { ok: false, offset: invalid, message: `invalid UTF-8 at byte ${invalid}${hint}` };
  }
}
