/**
 * Just enough CSS to tell whether an element is invisible: inline `style` attributes and
 * `<style>` blocks with simple selectors (tag, #id, .class, compounds of them, descendant
 * and child combinators). Rules are applied in source order with the inline style last;
 * specificity is not computed (hidden-link injections put their rule next to the links).
 */

/** Declarations of one rule or style attribute: property → value, lower-cased, `!important` removed. */
export type Declarations = Map<string, string>;

export function parseDeclarations(style: string): Declarations {
  const declarations: Declarations = new Map();
  for (const part of style.replace(/\/\*[\s\S]*?\*\//g, '').split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const property = part.slice(0, colon).trim().toLowerCase();
    const value = part.slice(colon + 1).replace(/!\s*important/i, '').trim().toLowerCase();
    if (property !== '' && value !== '') declarations.set(property, value);
  }
  return declarations;
}

/** One compound selector: `div.a.b#c`. */
interface Compound {
  tag: string | undefined;
  id: string | undefined;
  classes: string[];
}

export interface StyleRule {
  /** Compounds from the outermost ancestor to the element itself. */
  chain: Compound[];
  declarations: Declarations;
}

/** What an element looks like to a selector. */
export interface ElementKey {
  tag: string;
  id: string | undefined;
  classes: readonly string[];
}

const COMPOUND = /^([a-z][a-z0-9-]*|\*)?((?:[#.][\w-]+)*)$/i;

function parseCompound(text: string): Compound | undefined {
  const match = COMPOUND.exec(text);
  if (match === null || text === '') return undefined;
  const tag = match[1] === undefined || match[1] === '*' ? undefined : match[1].toLowerCase();
  let id: string | undefined;
  const classes: string[] = [];
  for (const part of match[2].match(/[#.][\w-]+/g) ?? []) {
    if (part[0] === '#') id = part.slice(1);
    else classes.push(part.slice(1));
  }
  return { tag, id, classes };
}

/** A selector list into chains; selectors with anything else (pseudo-classes, attributes, `+`, `~`) are ignored. */
function parseSelectors(text: string): Compound[][] {
  const chains: Compound[][] = [];
  for (const selector of text.split(',')) {
    const parts = selector.replace(/>/g, ' ').trim().split(/\s+/);
    const chain: Compound[] = [];
    for (const part of parts) {
      const compound = parseCompound(part);
      if (compound === undefined) break;
      chain.push(compound);
    }
    if (chain.length === parts.length && chain.length > 0) chains.push(chain);
  }
  return chains;
}

/** The rules of a style sheet that can matter for visibility (at-rules are skipped). */
export function parseStyleSheet(css: string): StyleRule[] {
  const rules: StyleRule[] = [];
  const source = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{', i);
    if (open === -1) break;
    const prelude = source.slice(i, open).trim();
    if (prelude.startsWith('@')) {
      // @media and the like: step inside so their rules count; @font-face etc. are harmless.
      i = open + 1;
      continue;
    }
    const close = source.indexOf('}', open);
    const body = source.slice(open + 1, close === -1 ? source.length : close);
    const declarations = parseDeclarations(body);
    if (declarations.size > 0) for (const chain of parseSelectors(prelude.replace(/^}+/, ''))) rules.push({ chain, declarations });
    i = close === -1 ? source.length : close + 1;
    while (source[i] === '}' || /\s/.test(source[i] ?? '')) i++;
  }
  return rules;
}

function compoundMatches(compound: Compound, element: ElementKey): boolean {
  if (compound.tag !== undefined && compound.tag !== element.tag) return false;
  if (compound.id !== undefined && compound.id !== element.id) return false;
  for (const name of compound.classes) if (!element.classes.includes(name)) return false;
  return true;
}

/** Whether `rule` applies to `element` whose open ancestors are `ancestors` (outermost first). */
export function ruleMatches(rule: StyleRule, element: ElementKey, ancestors: readonly ElementKey[]): boolean {
  const { chain } = rule;
  if (!compoundMatches(chain[chain.length - 1], element)) return false;
  let c = chain.length - 2;
  for (let a = ancestors.length - 1; a >= 0 && c >= 0; a--) {
    if (compoundMatches(chain[c], ancestors[a])) c--;
  }
  return c < 0;
}

/** A CSS length in px (em/rem at 16 px); undefined for anything else (auto, percentages of unknown boxes). */
export function lengthPx(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(-?\d*\.?\d+)(px|pt|em|rem|%)?$/.exec(value.trim());
  if (match === null) return undefined;
  const n = Number(match[1]);
  switch (match[2]) {
    case undefined:
    case 'px':
      return n;
    case 'pt':
      return (n * 4) / 3;
    case 'em':
    case 'rem':
      return n * 16;
    default:
      return n === 0 ? 0 : undefined;
  }
}

const NAMED_COLOURS: Readonly<Record<string, string>> = {
  white: '#ffffff', black: '#000000', red: '#ff0000', green: '#008000', blue: '#0000ff',
  yellow: '#ffff00', gray: '#808080', grey: '#808080', silver: '#c0c0c0', transparent: 'transparent',
};

/** A colour in `#rrggbb` form, or undefined when it cannot be read. */
export function normalizeColour(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (NAMED_COLOURS[v] !== undefined) return NAMED_COLOURS[v];
  let match = /^#([0-9a-f]{3})$/.exec(v);
  if (match) return `#${[...match[1]].map((c) => c + c).join('')}`;
  match = /^#([0-9a-f]{6})$/.exec(v);
  if (match) return v;
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*([\d.]+%?))?\s*\)$/.exec(v);
  if (rgb) {
    if (rgb[4] !== undefined && Number.parseFloat(rgb[4]) === 0) return 'transparent';
    return `#${[rgb[1], rgb[2], rgb[3]].map((c) => Math.min(255, Number(c)).toString(16).padStart(2, '0')).join('')}`;
  }
  return undefined;
}

/** The background colour a `background` or `background-color` declaration sets, if readable. */
function backgroundOf(declarations: Declarations): string | undefined {
  const colour = normalizeColour(declarations.get('background-color'));
  if (colour !== undefined) return colour;
  const background = declarations.get('background');
  if (background === undefined) return undefined;
  for (const token of background.split(/\s+(?![^(]*\))/)) {
    const c = normalizeColour(token);
    if (c !== undefined) return c;
  }
  return undefined;
}

/** How far off-screen an offset must be to hide what it moves. */
const FAR_OFFSET_PX = -999;

/** What an element passes to its children, and whether it is itself invisible. */
export interface VisualState {
  /** Why this element is invisible; undefined when visible. */
  hidden: string | undefined;
  /** Why this element's box and everything inside it is invisible (display, visibility, size, position). */
  boxHidden: string | undefined;
  colour: string | undefined;
  background: string | undefined;
  fontSizeZero: boolean;
  textIndentOff: boolean;
}

export const VISIBLE_ROOT: VisualState = { hidden: undefined, boxHidden: undefined, colour: undefined, background: undefined, fontSizeZero: false, textIndentOff: false };

function isTiny(px: number | undefined): boolean {
  return px !== undefined && px <= 1;
}

/**
 * The visual state of an element from its parent's and its own declarations (rules and
 * inline style merged) and its size attributes (marquee, iframe: `width`, `height`).
 */
export function visualState(parent: VisualState, tag: string, declarations: Declarations, attributes: { width?: string; height?: string; hidden?: boolean }): VisualState {
  const own = ownHidingReason(tag, declarations, attributes);
  const fontSize = declarations.get('font-size');
  const fontSizeZero = fontSize !== undefined ? isTiny(lengthPx(fontSize)) : parent.fontSizeZero;
  const indent = declarations.get('text-indent');
  const indentPx = lengthPx(indent);
  const textIndentOff = indent !== undefined ? indentPx !== undefined && (indentPx <= FAR_OFFSET_PX || indentPx >= 9999) : parent.textIndentOff;
  const colour = normalizeColour(declarations.get('color')) ?? parent.colour;
  const background = backgroundOf(declarations) ?? parent.background;
  const boxHidden = parent.boxHidden ?? own;
  // Font size, indent and colour are inherited values, so a child can make itself visible again.
  let hidden = boxHidden;
  if (hidden === undefined && fontSizeZero) hidden = 'font-size:0';
  if (hidden === undefined && textIndentOff) hidden = `text-indent:${indent ?? 'off-screen'}`;
  if (hidden === undefined && colour !== undefined && background !== undefined && colour !== 'transparent' && colour === background) {
    hidden = `color equal to background (${colour})`;
  }
  return { hidden, boxHidden, colour, background, fontSizeZero, textIndentOff };
}

function ownHidingReason(tag: string, d: Declarations, attributes: { width?: string; height?: string; hidden?: boolean }): string | undefined {
  if (attributes.hidden) return 'hidden attribute';
  const display = d.get('display');
  if (display === 'none') return 'display:none';
  const visibility = d.get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') return `visibility:${visibility}`;
  const opacity = d.get('opacity');
  if (opacity !== undefined && Number.parseFloat(opacity) === 0) return 'opacity:0';
  const width = lengthPx(d.get('width') ?? attributes.width);
  const height = lengthPx(d.get('height') ?? attributes.height);
  const overflow = d.get('overflow') ?? d.get('overflow-x') ?? d.get('overflow-y');
  if (tag === 'marquee' && (isTiny(width) || isTiny(height))) return `marquee of size ${width ?? 'auto'}x${height ?? 'auto'}`;
  if ((isTiny(width) || isTiny(height)) && (overflow === 'hidden' || overflow === 'clip')) return `zero size with overflow:${overflow}`;
  const position = d.get('position');
  if (position === 'absolute' || position === 'fixed' || position === 'relative') {
    for (const side of ['left', 'top', 'right', 'bottom'] as const) {
      const px = lengthPx(d.get(side));
      if (px !== undefined && px <= FAR_OFFSET_PX) return `${side}:${d.get(side)}`;
    }
  }
  for (const side of ['margin-left', 'margin-top'] as const) {
    const px = lengthPx(d.get(side));
    if (px !== undefined && px <= FAR_OFFSET_PX) return `${side}:${d.get(side)}`;
  }
  const clip = d.get('clip');
  if (clip !== undefined && /^rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)$/.test(clip)) return 'clip:rect(0 0 0 0)';
  return undefined;
}
