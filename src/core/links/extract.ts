import { decodeCharacterReferences } from '../html/entities.js';
import { walkTags } from '../html/tags.js';
import type { StartTag, TagAttribute } from '../html/tags.js';
import { parseDeclarations, parseStyleSheet, ruleMatches, visualState, VISIBLE_ROOT } from './css.js';
import type { Declarations, ElementKey, StyleRule, VisualState } from './css.js';
import type { ExtractedLink, LinkUse } from './types.js';

/** Attributes that hold one URL, by element, and how the page uses the target. */
const URL_ATTRIBUTES: Readonly<Record<string, ReadonlyArray<readonly [string, LinkUse]>>> = {
  a: [['href', 'navigation']],
  area: [['href', 'navigation']],
  iframe: [['src', 'navigation']],
  frame: [['src', 'navigation']],
  link: [['href', 'resource']],
  img: [['src', 'resource']],
  script: [['src', 'resource']],
  embed: [['src', 'resource']],
  source: [['src', 'resource']],
  video: [['src', 'resource'], ['poster', 'resource']],
  audio: [['src', 'resource']],
  track: [['src', 'resource']],
  object: [['data', 'resource']],
  input: [['src', 'resource']],
  form: [['action', 'form']],
};
const SRCSET_ELEMENTS: ReadonlySet<string> = new Set(['img', 'source']);

/** Elements that have no end tag, so they never become an ancestor. */
const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
/** Elements a same-named start tag closes (`<li>a<li>b`), so that the ancestor stack stays shallow. */
const SELF_CLOSING_SIBLINGS: ReadonlySet<string> = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th']);

/** Schemes that name nothing to fetch and are skipped without a word. */
const SKIPPED_SCHEME = /^(mailto|tel|sms|data|about|blob|callto|weixin|file):/i;
const JAVASCRIPT_SCHEME = /^\s*javascript:/i;
const HINT_RELS = /(^|\s)(dns-prefetch|preconnect)(\s|$)/i;

export interface LinkExtraction {
  links: ExtractedLink[];
  /** The URL relative links were resolved against (`<base href>` or the page URL). */
  baseUrl: string | undefined;
}

interface OpenElement {
  key: ElementKey;
  state: VisualState;
}

/**
 * Every link of an HTML document, with the source span of each URL, resolved against
 * `pageUrl` and the first `<base href>`. Fragment-only links and mailto:/tel:/data: are
 * skipped; javascript: and empty hrefs are kept with `noTarget`. Each link carries
 * `hidden` when CSS (inline or in a `<style>` block of the page) makes its element invisible.
 */
export function extractLinks(html: string, pageUrl?: string): LinkExtraction {
  return new LinkExtractor(html, pageUrl).run();
}

class LinkExtractor {
  private readonly links: ExtractedLink[] = [];
  private readonly stack: OpenElement[] = [];
  private readonly rules: StyleRule[];
  private baseUrl: string | undefined;
  private baseSeen = false;

  constructor(
    private readonly html: string,
    pageUrl: string | undefined,
  ) {
    this.baseUrl = pageUrl;
    this.rules = this.collectStyleRules();
  }

  run(): LinkExtraction {
    walkTags(this.html, {
      startTag: (tag) => this.startTag(tag),
      endTag: (name) => this.endTag(name),
    });
    return { links: this.links, baseUrl: this.baseUrl };
  }

  /** `<style>` blocks first: a rule may come after the links it hides. */
  private collectStyleRules(): StyleRule[] {
    const rules: StyleRule[] = [];
    walkTags(this.html, {
      startTag: (tag, body) => {
        if (tag.name === 'style' && body !== undefined) rules.push(...parseStyleSheet(this.html.slice(body.start, body.end)));
      },
      endTag: () => undefined,
    });
    return rules;
  }

  value(attribute: TagAttribute): string {
    return decodeCharacterReferences(this.html, attribute.valueStart, attribute.valueEnd, true);
  }

  private startTag(tag: StartTag): void {
    const attributes = new Map<string, TagAttribute>();
    for (const attribute of tag.attributes) if (!attributes.has(attribute.name)) attributes.set(attribute.name, attribute);
    if (tag.name === 'base' && !this.baseSeen) {
      const href = attributes.get('href');
      if (href !== undefined && href.hasValue) {
        this.baseSeen = true;
        const resolved = resolve(this.value(href).trim(), this.baseUrl);
        if (resolved !== undefined) this.baseUrl = resolved;
      }
    }
    if (SELF_CLOSING_SIBLINGS.has(tag.name) && this.stack.at(-1)?.key.tag === tag.name) this.stack.pop();
    const key = keyOf(tag.name, attributes, this);
    const state = this.elementState(tag, key, attributes);
    const hidden = state.hidden;
    // Connection hints name an origin to warm up, not a resource: nothing to verify.
    const rel = attributes.get('rel');
    if (tag.name === 'link' && rel !== undefined && HINT_RELS.test(this.value(rel))) {
      this.pushElement(tag, key, state);
      return;
    }
    for (const [name, use] of URL_ATTRIBUTES[tag.name] ?? []) {
      const attribute = attributes.get(name);
      if (attribute === undefined) continue;
      // An `<a>` without href is a placeholder, not an empty link; `href=""` is.
      if (!attribute.hasValue && !(name === 'href')) continue;
      this.addLink(tag.name, name, use, attribute.valueStart, attribute.valueEnd, hidden);
    }
    if (SRCSET_ELEMENTS.has(tag.name)) {
      const srcset = attributes.get('srcset');
      if (srcset !== undefined && srcset.hasValue) this.addSrcset(tag.name, srcset, hidden);
    }
    if (tag.name === 'meta') this.addMetaRefresh(attributes, hidden);
    this.pushElement(tag, key, state);
  }

  private pushElement(tag: StartTag, key: ElementKey, state: VisualState): void {
    if (!VOID_ELEMENTS.has(tag.name) && !tag.selfClosing && tag.name !== 'script' && tag.name !== 'style') {
      this.stack.push({ key, state });
    }
  }

  private endTag(name: string): void {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i].key.tag === name) {
        this.stack.length = i;
        return;
      }
    }
  }

  private elementState(tag: StartTag, key: ElementKey, attributes: Map<string, TagAttribute>): VisualState {
    const parent = this.stack.at(-1)?.state ?? VISIBLE_ROOT;
    const style = attributes.get('style');
    let declarations: Declarations | undefined;
    if (this.rules.length > 0) {
      const ancestors = this.stack.map((open) => open.key);
      for (const rule of this.rules) {
        if (!ruleMatches(rule, key, ancestors)) continue;
        declarations ??= new Map();
        for (const [property, value] of rule.declarations) declarations.set(property, value);
      }
    }
    if (style !== undefined && style.hasValue) {
      declarations ??= new Map();
      for (const [property, value] of parseDeclarations(this.value(style))) declarations.set(property, value);
    }
    const width = attributes.get('width');
    const height = attributes.get('height');
    return visualState(parent, tag.name, declarations ?? new Map(), {
      width: width?.hasValue ? this.value(width).trim() : undefined,
      height: height?.hasValue ? this.value(height).trim() : undefined,
      hidden: attributes.has('hidden'),
    });
  }

  /** Adds the URL in the source span `[from, to)` (raw source: entities still encoded). */
  private addLink(element: string, attribute: string, use: LinkUse, from: number, to: number, hidden: string | undefined): void {
    const { html } = this;
    // Leading and trailing ASCII whitespace is not part of a URL; offsets skip it too.
    let start = from;
    let end = to;
    while (start < end && /\s/.test(html[start])) start++;
    while (end > start && /\s/.test(html[end - 1])) end--;
    const raw = decodeCharacterReferences(html, start, end, true).trim();
    const link: ExtractedLink = { element, attribute, start, end, raw, url: undefined, use };
    if (hidden !== undefined) link.hidden = hidden;
    if (raw === '') {
      if (attribute !== 'href') return;
      link.noTarget = 'empty';
    } else if (JAVASCRIPT_SCHEME.test(raw)) {
      link.noTarget = 'javascript';
    } else {
      if (raw.startsWith('#') || SKIPPED_SCHEME.test(raw)) return;
      link.url = resolve(raw, this.baseUrl);
      if (link.url !== undefined && !/^https?:/.test(link.url)) return;
    }
    this.links.push(link);
  }

  /** `srcset="a.png 1x, b.png 2x"`: each candidate URL with its own span. */
  private addSrcset(element: string, attribute: TagAttribute, hidden: string | undefined): void {
    const { html } = this;
    let i = attribute.valueStart;
    const end = attribute.valueEnd;
    while (i < end) {
      while (i < end && (/\s/.test(html[i]) || html[i] === ',')) i++;
      if (i >= end) break;
      const urlStart = i;
      while (i < end && !/\s/.test(html[i])) i++;
      let urlEnd = i;
      while (urlEnd > urlStart && html[urlEnd - 1] === ',') urlEnd--;
      const hadComma = urlEnd < i;
      this.addLink(element, 'srcset', 'resource', urlStart, urlEnd, hidden);
      if (hadComma) continue;
      // Skip the descriptors (`2x`, `300w`) up to the next comma.
      while (i < end && html[i] !== ',') i++;
    }
  }

  /** `<meta http-equiv="refresh" content="0; url=...">`: the URL part of content. */
  private addMetaRefresh(attributes: Map<string, TagAttribute>, hidden: string | undefined): void {
    const equiv = attributes.get('http-equiv');
    const content = attributes.get('content');
    if (equiv === undefined || content === undefined || this.value(equiv).trim().toLowerCase() !== 'refresh') return;
    const raw = this.html.slice(content.valueStart, content.valueEnd);
    const match = /^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)/i.exec(raw);
    if (match === null) return;
    let from = content.valueStart + match[0].length;
    let to = content.valueEnd;
    if (match[1] !== '') {
      const close = this.html.indexOf(match[1], from);
      if (close !== -1 && close < to) to = close;
    }
    if (from >= to || /^[\d.\s]*$/.test(raw)) return;
    while (from < to && /\s/.test(this.html[from])) from++;
    this.addLink('meta', 'content', 'navigation', from, to, hidden);
  }
}

function keyOf(tag: string, attributes: Map<string, TagAttribute>, extractor: { value(a: TagAttribute): string }): ElementKey {
  const id = attributes.get('id');
  const cls = attributes.get('class');
  return {
    tag,
    id: id?.hasValue ? extractor.value(id).trim() : undefined,
    classes: cls?.hasValue ? extractor.value(cls).trim().split(/\s+/).filter((c) => c !== '') : [],
  };
}

/** Absolute URL of `raw` against `base`, fragment removed; undefined when it cannot be resolved. */
export function resolve(raw: string, base: string | undefined): string | undefined {
  try {
    const url = base === undefined ? new URL(raw) : new URL(raw, base);
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}
