import './styles.css';
import { EditorSelection, EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, undo } from '@codemirror/commands';
import { check, CheckFailure, fetchLimits, fetchProfiles, fetchSites, formatBytes, requestBytes, setApiKey } from './api.js';
import type { CheckResponse, Limits, Verdict } from './api.js';
import {
  everywhereKey,
  findingById,
  findingsField,
  findingsOf,
  ignoreEverywhere,
  ignoreOnce,
  refreshMarks,
  removeFinding,
  setActive,
  setFilter,
  setFindings,
  unignoreEverywhere,
  unignoreOnce,
  visibleFindings,
} from './findings-state.js';
import type { Tracked } from './findings-state.js';
import { fileToText, htmlToText } from './import.js';
import {
  categoryLabel,
  SEVERITY_LABELS,
  SEVERITY_ORDER,
  severityLabel,
  TYPE_EXPLANATIONS,
  TYPE_LABELS,
  TYPE_ORDER,
  typeLabel,
  VERDICT_HINTS,
  VERDICT_LABELS,
} from './labels.js';

const DRAFT_KEY = 'jiaodui.draft';
/** In sessionStorage, not localStorage: a key should not outlive the browser session. */
const API_KEY_KEY = 'jiaodui.apiKey';
const PREFS_KEY = 'jiaodui.prefs';
/** Pause after the last keystroke before the draft is checked again. */
const RECHECK_DELAY_MS = 500;

function $(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
}

const verdictEl = $('verdict');
const statusEl = $('status');
const counterEl = $('counter');
const alertEl = $('alert');
const listEl = $('list');
const summaryEl = $('summary');
const cardEl = $('card');
const profileSelect = $('profile') as HTMLSelectElement;
const siteSelect = $('site') as HTMLSelectElement;

let limits: Limits | undefined;
let inFlight: AbortController | undefined;
let recheckTimer: ReturnType<typeof setTimeout> | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let listTimer: ReturnType<typeof setTimeout> | undefined;
let counterTimer: ReturnType<typeof setTimeout> | undefined;
let marksTimer: ReturnType<typeof setTimeout> | undefined;
let lastVerdict: Verdict | undefined;
/** Undo for ignores; text edits (accepts included) are undone by the editor's history. */
const actions: Array<{ kind: 'edit' } | { kind: 'ignore-once'; id: number } | { kind: 'ignore-everywhere'; key: string }> = [];

/** Timings the browser test reads (and anyone curious, from the console). */
const perf = { lastResponseToMarksMs: NaN, lastCheckMs: NaN, checks: 0 };
(window as unknown as { jiaoduiPerf: typeof perf }).jiaoduiPerf = perf;

function loadPrefs(): { profile?: string; site?: string } {
  try {
    return JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as { profile?: string; site?: string };
  } catch {
    return {};
  }
}

function savePrefs(): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ profile: profileSelect.value || undefined, site: siteSelect.value || undefined }));
  } catch {
    // Private mode or a full quota: preferences are a convenience.
  }
}

function saveDraftNow(): void {
  try {
    localStorage.setItem(DRAFT_KEY, view.state.doc.toString());
  } catch {
    setStatus('草稿太大，无法保存在浏览器中；请及时导出。');
  }
}

function setStatus(text: string): void {
  statusEl.textContent = text;
}

function showAlert(text: string | undefined): void {
  alertEl.hidden = text === undefined;
  alertEl.textContent = text ?? '';
}

function setVerdict(verdict: Verdict | undefined, note = ''): void {
  lastVerdict = verdict;
  if (verdict === undefined) {
    verdictEl.removeAttribute('data-verdict');
    verdictEl.textContent = note || '尚未检查';
    return;
  }
  verdictEl.dataset.verdict = verdict;
  verdictEl.innerHTML = '';
  const label = document.createElement('strong');
  label.textContent = VERDICT_LABELS[verdict];
  const hint = document.createElement('span');
  hint.textContent = note || VERDICT_HINTS[verdict];
  verdictEl.append(label, hint);
}

// ---------------------------------------------------------------- checking

function scheduleCheck(delay = RECHECK_DELAY_MS): void {
  clearTimeout(recheckTimer);
  recheckTimer = setTimeout(() => void runCheck(), delay);
}

async function runCheck(): Promise<void> {
  clearTimeout(recheckTimer);
  inFlight?.abort();
  const doc = view.state.doc;
  const text = doc.toString();
  if (text.trim() === '') {
    inFlight = undefined;
    view.dispatch({ effects: setFindings.of([]) });
    setVerdict(undefined);
    setStatus('');
    showAlert(undefined);
    renderList();
    return;
  }
  const controller = new AbortController();
  inFlight = controller;
  setStatus('正在检查…');
  const started = performance.now();
  let result: CheckResponse;
  try {
    result = await check(text, { profile: profileSelect.value || undefined, site: siteSelect.value || undefined }, controller.signal, limits);
  } catch (error) {
    if (controller.signal.aborted) return;
    inFlight = undefined;
    const message = error instanceof CheckFailure ? error.message : `检查失败：${(error as Error).message}`;
    showAlert(message);
    setVerdict(undefined, '无法检查');
    setStatus(error instanceof CheckFailure && error.kind === 'offline' ? '服务不可用' : '检查失败');
    if (error instanceof CheckFailure && (error.kind === 'offline' || error.kind === 'overloaded')) scheduleCheck(5000);
    if (error instanceof CheckFailure && error.kind === 'unauthorized') $('key-field').hidden = false;
    return;
  }
  if (controller.signal.aborted) return;
  inFlight = undefined;
  // The draft changed while the check ran: its offsets are stale, a newer check is scheduled.
  if (view.state.doc !== doc) return;
  const received = performance.now();
  view.dispatch({ effects: setFindings.of(result.findings) });
  renderList();
  showAlert(undefined);
  setVerdict(result.verdict);
  perf.checks++;
  perf.lastCheckMs = received - started;
  setStatus(`已检查 ${result.stats.chars.toLocaleString('zh-CN')} 字符，${result.findings.length} 个问题，用时 ${Math.round(received - started)} 毫秒`);
  // Marks are on screen once the browser has painted the frame after the dispatch.
  requestAnimationFrame(() => {
    setTimeout(() => {
      perf.lastResponseToMarksMs = performance.now() - received;
    }, 0);
  });
}

// ---------------------------------------------------------------- the counter

function updateCounter(): void {
  const text = view.state.doc.toString();
  const chars = text.replace(/\n/g, '').length;
  let line = `${chars.toLocaleString('zh-CN')} 字`;
  counterEl.classList.remove('near', 'over');
  if (limits) {
    const bytes = requestBytes(text);
    line += ` · 约 ${formatBytes(bytes)} / 上限 ${formatBytes(limits.bodyLimit)}`;
    if (bytes > limits.bodyLimit) {
      counterEl.classList.add('over');
      line += '（已超出，服务将拒绝检查）';
    } else if (bytes > limits.bodyLimit * 0.8) {
      counterEl.classList.add('near');
      line += '（接近上限）';
    }
  }
  counterEl.textContent = line;
}

// ---------------------------------------------------------------- acting on findings

function accept(id: number, suggestion?: string): void {
  const finding = findingById(view.state, id);
  if (!finding) return;
  const insert = suggestion ?? finding.suggestions[0];
  if (insert === undefined) return;
  hideCard();
  view.dispatch({
    changes: { from: finding.start, to: finding.end, insert },
    selection: EditorSelection.cursor(finding.start + insert.length),
    effects: removeFinding.of(id),
    userEvent: 'input.accept',
    scrollIntoView: true,
  });
  actions.push({ kind: 'edit' });
  view.focus();
  scheduleCheck(0);
}

function ignore(id: number, everywhere: boolean): void {
  const finding = findingById(view.state, id);
  if (!finding) return;
  hideCard();
  if (everywhere) {
    const key = everywhereKey(finding);
    view.dispatch({ effects: ignoreEverywhere.of(key) });
    actions.push({ kind: 'ignore-everywhere', key });
  } else {
    view.dispatch({ effects: ignoreOnce.of(id) });
    actions.push({ kind: 'ignore-once', id });
  }
  renderList();
  setStatus(everywhere ? `已在全文忽略“${finding.match}”` : `已忽略一处“${finding.match}”`);
}

function undoLast(): void {
  const last = actions.pop();
  if (last?.kind === 'ignore-once') {
    view.dispatch({ effects: unignoreOnce.of(last.id) });
    renderList();
  } else if (last?.kind === 'ignore-everywhere') {
    view.dispatch({ effects: unignoreEverywhere.of(last.key) });
    scheduleCheck(0);
  } else {
    undo(view);
  }
  view.focus();
}

/** Moves to the next (or previous) visible finding after the caret, wrapping around. */
function step(direction: 1 | -1): boolean {
  const findings = visibleFindings(view.state);
  if (findings.length === 0) {
    setStatus('没有可跳转的问题');
    return true;
  }
  const { active } = findingsOf(view.state);
  const head = view.state.selection.main.from;
  let target: Tracked | undefined;
  const current = active === null ? -1 : findings.findIndex((finding) => finding.id === active);
  if (current >= 0) target = findings[(current + direction + findings.length) % findings.length];
  else if (direction === 1) target = findings.find((finding) => finding.start >= head) ?? findings[0];
  else target = [...findings].reverse().find((finding) => finding.start < head) ?? findings[findings.length - 1];
  focusFinding(target);
  return true;
}

function focusFinding(finding: Tracked): void {
  view.dispatch({
    selection: EditorSelection.range(finding.start, finding.end),
    effects: [setActive.of(finding.id), EditorView.scrollIntoView(finding.start, { y: 'center' })],
  });
  view.focus();
  // The card needs the mark's position after the scroll has been drawn.
  view.requestMeasure({ read: () => undefined, write: () => showCard(finding.id, false) });
}

function activeOnSelection(): Tracked | undefined {
  const { active } = findingsOf(view.state);
  if (active === null) return undefined;
  const finding = findingById(view.state, active);
  const { main } = view.state.selection;
  if (!finding || main.from !== finding.start || main.to !== finding.end) return undefined;
  return finding;
}

const findingKeys = Prec.highest(
  keymap.of([
    { key: 'F8', run: () => step(1), shift: () => step(-1) },
    { key: 'Alt-ArrowDown', run: () => step(1) },
    { key: 'Alt-ArrowUp', run: () => step(-1) },
    {
      key: 'Enter',
      run: () => {
        const finding = activeOnSelection();
        if (!finding) return false;
        // Not a line break over the selected finding: with nothing to accept, say so.
        if (finding.suggestions.length === 0) setStatus('此处无自动建议，请人工修改或按 Alt+I 忽略');
        else accept(finding.id);
        return true;
      },
    },
    {
      key: 'Alt-i',
      run: () => {
        const finding = activeOnSelection();
        if (!finding) return false;
        ignore(finding.id, false);
        return true;
      },
    },
    {
      // With a card open, Tab goes into it (its buttons), not on to the side list.
      key: 'Tab',
      run: () => {
        if (cardEl.hidden) return false;
        const first = cardEl.querySelector('button');
        if (!first) return false;
        first.focus();
        return true;
      },
    },
    {
      key: 'Escape',
      run: () => {
        if (cardEl.hidden && findingsOf(view.state).active === null) return false;
        hideCard();
        view.dispatch({ effects: setActive.of(null) });
        return true;
      },
    },
  ]),
);

// ---------------------------------------------------------------- the card

let cardFor: number | null = null;
let hideTimer: ReturnType<typeof setTimeout> | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

function showCard(id: number, fromHover: boolean): void {
  const finding = findingById(view.state, id);
  if (!finding) return;
  clearTimeout(hideTimer);
  cardFor = id;
  cardEl.innerHTML = '';
  cardEl.className = `card t-${finding.type} s-${finding.severity}`;
  const head = el('div', { class: 'card-head' });
  head.append(
    el('span', { class: `badge t-${finding.type}` }, typeLabel(finding.type)),
    el('span', { class: `badge sev s-${finding.severity}` }, severityLabel(finding.severity)),
  );
  const title = el('h2', { id: 'card-title' }, `“${finding.match}”`);
  const explanation = el('p', { class: 'explain' }, finding.message || TYPE_EXPLANATIONS[finding.type] || '');
  cardEl.append(head, title, explanation);
  if (finding.message && TYPE_EXPLANATIONS[finding.type]) cardEl.append(el('p', { class: 'hint' }, TYPE_EXPLANATIONS[finding.type]));
  const meta = el('dl', { class: 'meta' });
  meta.append(el('dt', {}, '来源'), el('dd', {}, finding.rule || finding.code));
  meta.append(el('dt', {}, '类别'), el('dd', {}, categoryLabel(finding.category)));
  meta.append(el('dt', {}, '代码'), el('dd', {}, finding.code));
  if (finding.confidence !== undefined) meta.append(el('dt', {}, '置信度'), el('dd', {}, `${Math.round(finding.confidence * 100)}%`));
  cardEl.append(meta);
  const actionsRow = el('div', { class: 'card-actions' });
  finding.suggestions.forEach((suggestion, index) => {
    const button = el(
      'button',
      { type: 'button', class: index === 0 ? 'primary' : '', 'aria-label': `接受建议：改为“${suggestion}”` },
      index === 0 ? `改为“${suggestion}”` : `“${suggestion}”`,
    );
    if (index === 0) button.dataset.testid = 'accept';
    button.addEventListener('click', () => accept(id, suggestion));
    actionsRow.append(button);
  });
  if (finding.suggestions.length === 0) actionsRow.append(el('span', { class: 'no-suggestion' }, '无自动建议，请人工修改'));
  const ignoreButton = el('button', { type: 'button', 'data-testid': 'ignore' }, '忽略此处');
  ignoreButton.addEventListener('click', () => ignore(id, false));
  const ignoreAllButton = el('button', { type: 'button', 'data-testid': 'ignore-everywhere' }, '全文忽略');
  ignoreAllButton.addEventListener('click', () => ignore(id, true));
  actionsRow.append(ignoreButton, ignoreAllButton);
  cardEl.append(actionsRow);
  if (!fromHover) cardEl.append(el('p', { class: 'card-keys' }, 'Enter 接受 · Alt+I 忽略 · Tab 进入卡片 · F8 下一个 · Esc 关闭'));
  cardEl.hidden = false;
  positionCard(finding);
}

function positionCard(finding: Tracked): void {
  const coords = view.coordsAtPos(finding.start) ?? view.coordsAtPos(finding.start, 1);
  const width = Math.min(360, window.innerWidth - 16);
  cardEl.style.width = `${width}px`;
  if (!coords) {
    const box = view.dom.getBoundingClientRect();
    cardEl.style.left = `${box.left + 8}px`;
    cardEl.style.top = `${box.top + 8}px`;
    return;
  }
  const left = Math.max(8, Math.min(coords.left, window.innerWidth - width - 8));
  const height = cardEl.offsetHeight;
  const below = coords.bottom + 6;
  const top = below + height > window.innerHeight - 8 && coords.top - height - 6 > 8 ? coords.top - height - 6 : below;
  cardEl.style.left = `${left + window.scrollX}px`;
  cardEl.style.top = `${top + window.scrollY}px`;
}

function hideCard(): void {
  cardEl.hidden = true;
  cardFor = null;
}

function hideCardSoon(): void {
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => {
    if (!cardEl.matches(':hover') && !cardEl.contains(document.activeElement)) hideCard();
  }, 250);
}

cardEl.addEventListener('mouseleave', () => {
  if (findingsOf(view.state).active !== cardFor) hideCardSoon();
});
cardEl.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    hideCard();
    view.focus();
  }
});

// ---------------------------------------------------------------- side list, filters, legend

const hiddenTypes = new Set<string>();
const hiddenSeverities = new Set<string>();

function applyFilter(): void {
  view.dispatch({ effects: setFilter.of({ hiddenTypes: new Set(hiddenTypes), hiddenSeverities: new Set(hiddenSeverities) }) });
  renderFilters();
  renderList();
}

function chip(label: string, pressed: boolean, onClick: () => void, extra: Record<string, string>): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'chip', 'aria-pressed': String(pressed), ...extra }, label);
  button.addEventListener('click', onClick);
  return button;
}

function renderFilters(): void {
  const { all } = findingsOf(view.state);
  const typeCounts = new Map<string, number>();
  const severityCounts = new Map<string, number>();
  for (const finding of all) {
    typeCounts.set(finding.type, (typeCounts.get(finding.type) ?? 0) + 1);
    severityCounts.set(finding.severity, (severityCounts.get(finding.severity) ?? 0) + 1);
  }
  // Only the types this draft has (and any the user has hidden): eleven empty chips help nobody.
  const types = [...TYPE_ORDER, ...[...typeCounts.keys()].filter((type) => !(TYPE_ORDER as readonly string[]).includes(type))].filter(
    (type) => typeCounts.has(type) || hiddenTypes.has(type),
  );
  const typeBox = $('type-filters');
  typeBox.replaceChildren(
    ...types.map((type) =>
      chip(
        `${typeLabel(type)} ${typeCounts.get(type) ?? 0}`,
        !hiddenTypes.has(type),
        () => {
          if (hiddenTypes.has(type)) hiddenTypes.delete(type);
          else hiddenTypes.add(type);
          applyFilter();
        },
        { 'data-filter-type': type, class: `chip t-${type}` },
      ),
    ),
  );
  const severityBox = $('severity-filters');
  severityBox.replaceChildren(
    ...SEVERITY_ORDER.map((severity) =>
      chip(
        `${SEVERITY_LABELS[severity]} ${severityCounts.get(severity) ?? 0}`,
        !hiddenSeverities.has(severity),
        () => {
          if (hiddenSeverities.has(severity)) hiddenSeverities.delete(severity);
          else hiddenSeverities.add(severity);
          applyFilter();
        },
        { 'data-filter-severity': severity, class: `chip sev s-${severity}` },
      ),
    ),
  );
}

/** Rebuilt after checks and actions, and after a typing pause (never per keystroke). */
function renderList(): void {
  clearTimeout(listTimer);
  const value = findingsOf(view.state);
  const visible = visibleFindings(view.state);
  renderFilters();
  const hiddenCount = value.all.length - visible.length;
  const ignoredCount = value.ignoredOnce.length;
  summaryEl.textContent =
    value.all.length === 0
      ? lastVerdict === undefined
        ? ''
        : '没有发现问题。'
      : `共 ${value.all.length} 个问题${hiddenCount > 0 ? `，筛选隐藏 ${hiddenCount} 个` : ''}${ignoredCount > 0 ? `，已忽略 ${ignoredCount} 处` : ''}`;
  const groups = new Map<string, Tracked[]>();
  for (const finding of visible) {
    const group = groups.get(finding.type) ?? [];
    group.push(finding);
    groups.set(finding.type, group);
  }
  const sections: HTMLElement[] = [];
  const order = [...TYPE_ORDER, ...[...groups.keys()].filter((type) => !(TYPE_ORDER as readonly string[]).includes(type))];
  for (const type of order) {
    const group = groups.get(type);
    if (!group) continue;
    const section = el('section', { class: 'group', 'aria-labelledby': `group-${type}` });
    const heading = el('h2', { id: `group-${type}`, class: `t-${type}` });
    heading.append(el('span', { class: `swatch t-${type}`, 'aria-hidden': 'true' }), `${TYPE_LABELS[type] ?? type}`, el('span', { class: 'count' }, String(group.length)));
    const list = el('ul', { role: 'list' });
    for (const finding of group) {
      const item = el('li');
      const button = el('button', {
        type: 'button',
        class: `entry s-${finding.severity}`,
        'data-testid': 'finding',
        'data-id': String(finding.id),
        'data-type': finding.type,
        'data-severity': finding.severity,
        'data-start': String(finding.start),
        'data-end': String(finding.end),
      });
      button.append(
        el('span', { class: `badge sev s-${finding.severity}` }, severityLabel(finding.severity)),
        el('span', { class: 'match' }, finding.match),
      );
      if (finding.suggestions[0] !== undefined) button.append(el('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'), el('span', { class: 'suggestion' }, finding.suggestions[0]));
      // Read by screen readers after the visible text (the accessible name must start with what is shown).
      button.append(el('span', { class: 'visually-hidden' }, `，${typeLabel(finding.type)}，第 ${finding.start + 1} 字`));
      button.addEventListener('click', () => {
        const current = findingById(view.state, finding.id);
        if (current) focusFinding(current);
      });
      item.append(button);
      list.append(item);
    }
    section.append(heading, list);
    sections.push(section);
  }
  listEl.replaceChildren(...sections);
}

function renderLegend(): void {
  const legend = $('legend');
  const types = el('ul', { class: 'legend-types' });
  for (const type of TYPE_ORDER) {
    const item = el('li');
    item.append(el('mark', { class: `f t-${type} s-warning sample` }, '示例'), ` ${TYPE_LABELS[type]}：${TYPE_EXPLANATIONS[type]}`);
    types.append(item);
  }
  const severities = el('ul', { class: 'legend-severities' });
  for (const severity of SEVERITY_ORDER) {
    const item = el('li');
    item.append(el('mark', { class: `f t-typo s-${severity} sample` }, '示例'), ` ${SEVERITY_LABELS[severity]}`);
    severities.append(item);
  }
  legend.replaceChildren(el('p', {}, '颜色表示类型：'), types, el('p', {}, '线型表示严重程度（严重：红底加粗框）：'), severities);
}

// ---------------------------------------------------------------- the editor

function replaceDraft(text: string, source: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: EditorSelection.cursor(0), userEvent: 'input.import' });
  actions.push({ kind: 'edit' });
  setStatus(`已导入 ${source}`);
  view.focus();
  scheduleCheck(0);
}

async function importFile(file: File): Promise<void> {
  setStatus(`正在读取“${file.name}”…`);
  try {
    replaceDraft(await fileToText(file), `“${file.name}”`);
    showAlert(undefined);
  } catch (error) {
    showAlert((error as Error).message);
    setStatus('导入失败');
  }
}

const view = new EditorView({
  parent: $('editor'),
  state: EditorState.create({
    doc: localStorage.getItem(DRAFT_KEY) ?? '',
    extensions: [
      findingKeys,
      history(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      EditorView.lineWrapping,
      placeholder('在此粘贴或输入草稿，也可以上传或拖入 .txt、.html、.docx 文件。停止输入片刻后自动检查。'),
      findingsField,
      EditorView.contentAttributes.of({ 'data-testid': 'draft', 'aria-label': '草稿正文', 'aria-describedby': 'keys counter', lang: 'zh-CN' }),
      EditorView.domEventHandlers({
        paste(event, editor) {
          const html = event.clipboardData?.getData('text/html');
          if (!html) return false;
          // Rich paste (Word, web pages): paragraphs kept, styling dropped.
          const text = htmlToText(html);
          if (text === '') return false;
          event.preventDefault();
          editor.dispatch(editor.state.replaceSelection(text), { userEvent: 'input.paste', scrollIntoView: true });
          return true;
        },
        mouseover(event) {
          const mark = (event.target as HTMLElement).closest?.('mark[data-id]') as HTMLElement | null;
          if (!mark) return false;
          const id = Number(mark.dataset.id);
          if (cardFor !== id) showCard(id, true);
          else clearTimeout(hideTimer);
          return false;
        },
        mouseout(event) {
          const mark = (event.target as HTMLElement).closest?.('mark[data-id]');
          if (mark && !cardEl.contains(event.relatedTarget as Node) && findingsOf(view.state).active !== cardFor) hideCardSoon();
          return false;
        },
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) {
          clearTimeout(saveTimer);
          saveTimer = setTimeout(saveDraftNow, 300);
          clearTimeout(counterTimer);
          counterTimer = setTimeout(updateCounter, 150);
          clearTimeout(marksTimer);
          marksTimer = setTimeout(() => view.dispatch({ effects: refreshMarks.of(null) }), 200);
          scheduleCheck();
          // The list's offsets are refreshed after the pause, not on every keystroke.
          clearTimeout(listTimer);
          listTimer = setTimeout(renderList, 400);
          if (cardFor !== null && !findingById(update.state, cardFor)) hideCard();
        }
        if (update.selectionSet && !update.docChanged) {
          // The caret entering a finding opens its card (keyboard users' "focus").
          const { main } = update.state.selection;
          const value = findingsOf(update.state);
          const inside = main.empty ? visibleFindings(update.state).find((finding) => finding.start < main.head && main.head < finding.end) : undefined;
          if (inside && value.active !== inside.id) {
            queueMicrotask(() => {
              view.dispatch({ effects: setActive.of(inside.id) });
              view.requestMeasure({ read: () => undefined, write: () => showCard(inside.id, false) });
            });
          } else if (!inside && value.active !== null && !(main.from === findingById(update.state, value.active)?.start && main.to === findingById(update.state, value.active)?.end)) {
            queueMicrotask(() => {
              view.dispatch({ effects: setActive.of(null) });
              hideCard();
            });
          }
        }
      }),
    ],
  }),
});

// ---------------------------------------------------------------- toolbar, drop, startup

$('undo').addEventListener('click', undoLast);
$('recheck').addEventListener('click', () => void runCheck());
$('copy').addEventListener('click', async () => {
  const text = view.state.doc.toString();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Not a secure context (plain http on an intranet host): the old way still works.
    const area = el('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  setStatus('已复制全文');
});
$('download').addEventListener('click', () => {
  const blob = new Blob([view.state.doc.toString().replace(/\n/g, '\r\n')], { type: 'text/plain;charset=utf-8' });
  const link = el('a', { href: URL.createObjectURL(blob), download: `校对稿-${new Date().toISOString().slice(0, 10)}.txt` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});
($('file') as HTMLInputElement).addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  if (file) void importFile(file).finally(() => (input.value = ''));
});
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  if (!event.dataTransfer?.types.includes('Files')) return;
  event.preventDefault();
  drop.classList.add('dragging');
});
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
drop.addEventListener(
  'drop',
  (event) => {
    drop.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    event.stopPropagation();
    void importFile(file);
  },
  true,
);
profileSelect.addEventListener('change', () => {
  savePrefs();
  void runCheck();
});
siteSelect.addEventListener('change', () => {
  savePrefs();
  void runCheck();
});
function repositionCard(): void {
  if (cardFor === null) return;
  const finding = findingById(view.state, cardFor);
  if (finding) positionCard(finding);
}
window.addEventListener('resize', repositionCard);
view.scrollDOM.addEventListener('scroll', repositionCard, { passive: true });
document.addEventListener('mousedown', (event) => {
  if (!cardEl.hidden && !cardEl.contains(event.target as Node) && !(event.target as HTMLElement).closest?.('mark[data-id], .entry')) hideCard();
});

async function loadChoices(prefs: { profile?: string; site?: string }): Promise<void> {
  const [profiles, sites] = await Promise.all([fetchProfiles(), fetchSites()]);
  if (profiles.length > 0) {
    // Empty: the service's default, or the selected site's own profile.
    profileSelect.replaceChildren(el('option', { value: '' }, '默认'), ...profiles.map((profile) => el('option', { value: profile.value }, profile.label)));
    if (prefs.profile && profiles.some((profile) => profile.value === prefs.profile)) profileSelect.value = prefs.profile;
    $('profile-field').hidden = false;
  } else {
    $('profile-field').hidden = true;
  }
  if (sites && sites.length > 0) {
    siteSelect.replaceChildren(el('option', { value: '' }, '（不指定站点）'), ...sites.map((site) => el('option', { value: site.value }, site.label)));
    if (prefs.site && sites.some((site) => site.value === prefs.site)) siteSelect.value = prefs.site;
    $('site-field').hidden = false;
  }
}

const keyInput = $('api-key') as HTMLInputElement;
let appliedKey = '';
function applyKey(): void {
  const key = keyInput.value.trim();
  if (key === appliedKey) return;
  appliedKey = key;
  setApiKey(key);
  try {
    if (key) sessionStorage.setItem(API_KEY_KEY, key);
    else sessionStorage.removeItem(API_KEY_KEY);
  } catch {
    // Storage refused: the key lasts until the page is closed.
  }
  void loadChoices(loadPrefs()).then(() => runCheck());
}
keyInput.addEventListener('change', applyKey);
keyInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') applyKey();
});

async function start(): Promise<void> {
  const storedKey = sessionStorage.getItem(API_KEY_KEY) ?? '';
  if (storedKey) {
    setApiKey(storedKey);
    keyInput.value = storedKey;
    appliedKey = storedKey;
    $('key-field').hidden = false;
  }
  renderLegend();
  renderFilters();
  updateCounter();
  const prefs = loadPrefs();
  const [limitsAnswer] = await Promise.all([fetchLimits(), loadChoices(prefs)]);
  limits = limitsAnswer;
  updateCounter();
  if (view.state.doc.length > 0) void runCheck();
  view.focus();
}

// Read-only hook for tests and QA scripts: the draft's text (the editor renders only what is on screen).
(window as unknown as { jiaoduiEditor: { text(): string } }).jiaoduiEditor = { text: () => view.state.doc.toString() };

void start();
