/**
 * The findings as CodeMirror state: one StateField holds every finding of the last check,
 * mapped through each edit (so accepting one fix keeps the others' offsets right), the
 * ignore lists and the filter, and derives the mark decorations from them.
 */
import { StateEffect, StateField } from '@codemirror/state';
import type { ChangeDesc, EditorState, Transaction } from '@codemirror/state';
import { Decoration, EditorView } from '@codemirror/view';
import type { DecorationSet } from '@codemirror/view';
import type { Finding } from './api.js';
import { severityLabel, typeLabel } from './labels.js';

export interface Tracked extends Finding {
  /** Unique within the page's lifetime: list entries, marks and the card refer to it. */
  id: number;
}

export interface Filter {
  hiddenTypes: ReadonlySet<string>;
  hiddenSeverities: ReadonlySet<string>;
}

export interface FindingsValue {
  /** Findings of the last check minus ignored ones, sorted by start, offsets into the current doc. */
  all: readonly Tracked[];
  /** Ignored once: kept (and mapped) so a re-check does not bring them back, and undo can. */
  ignoredOnce: readonly Tracked[];
  /** `code + match` keys ignored everywhere in this draft. */
  ignoredEverywhere: ReadonlySet<string>;
  filter: Filter;
  active: number | null;
  decorations: DecorationSet;
}

export const setFindings = StateEffect.define<Finding[]>();
export const ignoreOnce = StateEffect.define<number>();
export const unignoreOnce = StateEffect.define<number>();
export const ignoreEverywhere = StateEffect.define<string>();
export const unignoreEverywhere = StateEffect.define<string>();
export const removeFinding = StateEffect.define<number>();
export const setFilter = StateEffect.define<Filter>();
export const setActive = StateEffect.define<number | null>();
/** Rebuilds the marks from the mapped findings (their data-start/-end) after a typing pause. */
export const refreshMarks = StateEffect.define<null>();

let nextId = 1;

export function everywhereKey(finding: Pick<Finding, 'code' | 'match'>): string {
  return `${finding.code}\u0000${finding.match}`;
}

/** Drops findings whose text was edited; moves the others with the text around them. */
function mapThrough(findings: readonly Tracked[], changes: ChangeDesc): Tracked[] {
  const mapped: Tracked[] = [];
  for (const finding of findings) {
    if (changes.touchesRange(finding.start, finding.end)) continue;
    const start = changes.mapPos(finding.start, 1);
    const end = changes.mapPos(finding.end, -1);
    if (end <= start) continue;
    mapped.push(start === finding.start && end === finding.end ? finding : { ...finding, start, end });
  }
  return mapped;
}

export function isVisible(finding: Finding, filter: Filter): boolean {
  return !filter.hiddenTypes.has(finding.type) && !filter.hiddenSeverities.has(finding.severity);
}

function markFor(finding: Tracked, active: boolean): Decoration {
  const suggestion = finding.suggestions.length > 0 ? `，建议改为“${finding.suggestions[0]}”` : '';
  return Decoration.mark({
    tagName: 'mark',
    class: `f t-${finding.type} s-${finding.severity}${active ? ' f-active' : ''}`,
    attributes: {
      'data-testid': 'finding',
      'data-id': String(finding.id),
      'data-type': finding.type,
      'data-severity': finding.severity,
      'data-start': String(finding.start),
      'data-end': String(finding.end),
      'aria-label': `${typeLabel(finding.type)}（${severityLabel(finding.severity)}）：${finding.message}${suggestion}`,
    },
  });
}

function decorate(value: Omit<FindingsValue, 'decorations'>, docLength: number): DecorationSet {
  const ranges = [];
  for (const finding of value.all) {
    if (!isVisible(finding, value.filter) || finding.end > docLength) continue;
    ranges.push(markFor(finding, finding.id === value.active).range(finding.start, finding.end));
  }
  return Decoration.set(ranges, true);
}

function isIgnored(finding: Finding, ignoredOnce: readonly Tracked[], everywhere: ReadonlySet<string>): boolean {
  if (everywhere.has(everywhereKey(finding))) return true;
  return ignoredOnce.some((ignored) => ignored.start === finding.start && ignored.end === finding.end && ignored.code === finding.code);
}

function byStart(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end;
}

export const findingsField = StateField.define<FindingsValue>({
  create() {
    return {
      all: [],
      ignoredOnce: [],
      ignoredEverywhere: new Set(),
      filter: { hiddenTypes: new Set(), hiddenSeverities: new Set() },
      active: null,
      decorations: Decoration.none,
    };
  },
  update(value, tr: Transaction) {
    let { all, ignoredOnce, ignoredEverywhere, filter, active } = value;
    let changed = false;
    if (tr.docChanged) {
      all = mapThrough(all, tr.changes);
      ignoredOnce = mapThrough(ignoredOnce, tr.changes);
      if (tr.effects.length === 0) {
        // A keystroke: CodeMirror moves the existing marks (cheap; their DOM is kept); the
        // marks are rebuilt with their new offsets once typing pauses (refreshMarks).
        return { all, ignoredOnce, ignoredEverywhere, filter, active: active !== null && all.some((finding) => finding.id === active) ? active : null, decorations: value.decorations.map(tr.changes) };
      }
      changed = true;
    }
    for (const effect of tr.effects) {
      if (effect.is(setFindings)) {
        all = effect.value
          .filter((finding) => !isIgnored(finding, ignoredOnce, ignoredEverywhere))
          .map((finding) => ({ ...finding, id: nextId++ }))
          .sort(byStart);
        active = null;
      } else if (effect.is(ignoreOnce)) {
        const finding = all.find((candidate) => candidate.id === effect.value);
        if (finding) {
          all = all.filter((candidate) => candidate !== finding);
          ignoredOnce = [...ignoredOnce, finding];
        }
      } else if (effect.is(unignoreOnce)) {
        const finding = ignoredOnce.find((candidate) => candidate.id === effect.value);
        if (finding) {
          ignoredOnce = ignoredOnce.filter((candidate) => candidate !== finding);
          all = [...all, finding].sort(byStart);
        }
      } else if (effect.is(ignoreEverywhere)) {
        ignoredEverywhere = new Set(ignoredEverywhere).add(effect.value);
        all = all.filter((finding) => everywhereKey(finding) !== effect.value);
      } else if (effect.is(unignoreEverywhere)) {
        const next = new Set(ignoredEverywhere);
        next.delete(effect.value);
        ignoredEverywhere = next;
      } else if (effect.is(removeFinding)) {
        all = all.filter((finding) => finding.id !== effect.value);
      } else if (effect.is(setFilter)) {
        filter = effect.value;
      } else if (effect.is(setActive)) {
        active = effect.value;
      } else if (effect.is(refreshMarks)) {
        // Nothing to change: falling through rebuilds the decorations.
      } else {
        continue;
      }
      changed = true;
    }
    if (!changed) return value;
    if (active !== null && !all.some((finding) => finding.id === active)) active = null;
    const next = { all, ignoredOnce, ignoredEverywhere, filter, active };
    return { ...next, decorations: decorate(next, tr.state.doc.length) };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

export function findingsOf(state: EditorState): FindingsValue {
  return state.field(findingsField);
}

export function visibleFindings(state: EditorState): Tracked[] {
  const value = findingsOf(state);
  return value.all.filter((finding) => isVisible(finding, value.filter));
}

export function findingById(state: EditorState, id: number): Tracked | undefined {
  return findingsOf(state).all.find((finding) => finding.id === id);
}
