// The trials table: one column per parameter (its full name) and per
// objective, sortable, filtered by state, top-k% and the parallel-coordinates
// brush. Virtualized: only the rows in view (and a few either side) are in the
// DOM, reused from a pool as the view scrolls, so 10,000 trials cost what 40
// do. Cells are written with textContent: names and values are the file's text.
import type { TrialView } from '../src/panel/protocol';
import { paramNamesOf, tableColumns, tableRows, cellText, type Column } from '../src/panel/viewModel/table';
import { RowIndex, anchoredScrollTop, rowsToRepaint, virtualWindow, type RowWindow } from '../src/panel/viewModel/virtual';
import { STATE_FILTERS, TOP_PERCENT_CHOICES, nextSort, tableFilterOf, type ViewPrefs } from '../src/panel/viewModel/viewPrefs';
import type { PanelActions } from './actions';
import { formatCount, formatDuration, latestReport, plural, secondsSince } from './format';
import type { PanelStore, StoreChange } from './store';
import { button, el, select } from './ui';

/** Pixels; fixed so a row's place is its index times this (panel.css uses the same). */
const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;
const OVERSCAN = 8;

interface RowElement {
  element: HTMLElement;
  /** Each cell's one text node: a repaint rewrites its data, not the cell's children. */
  texts: Text[];
  /** What the row shows now, so a repaint writes only what changed (a write restyles, even of the same value). */
  trial: number | undefined;
  className: string;
  selected: boolean | undefined;
  index: number;
}

export class TrialsTable {
  readonly element: HTMLElement;
  private readonly scroll: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private readonly count: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly brushNote: HTMLElement;
  private columns: Column[] = [];
  private columnsKey = '';
  private rows: TrialView[] = [];
  private index = new RowIndex([]);
  /** Row index -> the element showing it. */
  private rendered = new Map<number, RowElement>();
  private readonly pool: RowElement[] = [];
  private window: RowWindow | undefined;
  private viewportHeight = 0;
  /** The scroll container's scrollTop as last read in its scroll event or set here: reading it after a DOM write forces a layout. */
  private scrollTop = 0;
  /** The scrollLeft the person chose: only they scroll the table sideways, so a scroll the browser makes on its own (focus, anchoring) is undone. */
  private scrollLeft = 0;
  /** A pointer holds the scrollbar (or a finger drags the table), or a wheel or arrow key just moved it, until this time (performance.now()). */
  private sidewaysHeld = false;
  private sidewaysUntil = 0;
  /** The spacer's height as last set. */
  private bodyHeight = -1;
  /** A scroll event came since the last frame: the overscan after a jump waits for a frame without one. */
  private scrolled = false;
  private fillFrame = 0;
  /** The summary's texts as last written. */
  private summaryKey = '';
  private visible = true;
  private dirty = true;
  private lastBrushed: ReadonlySet<number> | undefined;
  private lastSelected: number | undefined;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly store: PanelStore,
    private readonly actions: PanelActions,
    private readonly prefs: ViewPrefs,
    private readonly onPrefsChange: () => void,
  ) {
    this.element = el('div', 'trials-table');
    this.element.id = 'trials-table';
    const toolbar = el('div', 'table-toolbar');
    const states = select(
      STATE_FILTERS.map((s) => ({ value: s, label: s === 'all' ? 'All states' : s })),
      prefs.state,
      (value) => this.changeFilter(() => (this.prefs.state = value)),
    );
    states.title = 'Show trials in this state';
    const top = select(
      TOP_PERCENT_CHOICES.map((k) => ({ value: String(k), label: k === 0 ? 'All trials' : `Top ${k}%` })),
      String(prefs.topPercent),
      (value) => this.changeFilter(() => (this.prefs.topPercent = Number(value))),
    );
    top.title = 'Only the best complete trials on the first objective';
    this.count = el('span', 'table-count');
    this.brushNote = el('span', 'brush-note');
    this.brushNote.hidden = true;
    toolbar.append(states, top, this.count, this.brushNote);

    this.scroll = el('div', 'table-scroll');
    this.scroll.tabIndex = 0;
    this.scroll.setAttribute('role', 'grid');
    this.scroll.setAttribute('aria-label', 'Trials');
    this.head = el('div', 'table-head');
    this.head.setAttribute('role', 'row');
    this.body = el('div', 'table-body');
    this.body.setAttribute('role', 'rowgroup');
    this.empty = el('div', 'table-empty');
    this.scroll.append(this.head, this.body);
    this.element.append(toolbar, this.scroll, this.empty);

    this.scroll.addEventListener('scroll', () => {
      this.scrolled = true;
      this.scrollTop = this.scroll.scrollTop;
      this.keepScrollLeft();
      this.renderWindow();
    });
    this.watchSidewaysIntent();
    this.body.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
      if (row?.dataset.trial) this.actions.selectTrial(Number(row.dataset.trial));
    });
    this.scroll.addEventListener('keydown', (e) => this.onKey(e));
    this.resizeObserver = new ResizeObserver(() => {
      this.scrollTop = this.scroll.scrollTop;
      this.viewportHeight = Math.max(0, this.scroll.clientHeight - HEADER_HEIGHT);
      this.renderWindow();
    });
    this.resizeObserver.observe(this.scroll);
  }

  update(change: StoreChange): void {
    const brushChanged = this.store.brushed !== this.lastBrushed;
    const rowsChanged = change.full || change.runChanged || change.trials.size > 0 || brushChanged;
    if (!this.visible) {
      this.dirty ||= rowsChanged || change.viewChanged;
      return;
    }
    if (this.dirty || change.full || change.runChanged) {
      this.rebuild(false);
      return;
    }
    if (rowsChanged) this.refreshRows(change.trials);
    if (this.store.selected !== this.lastSelected) this.showSelection();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) return;
    // Read again: a hidden scroll container may have lost its place, and no scroll event says so.
    this.scrollTop = this.scroll.scrollTop;
    this.viewportHeight = Math.max(0, this.scroll.clientHeight - HEADER_HEIGHT);
    if (this.dirty) this.rebuild(false);
    else this.renderWindow();
  }

  /** Repaints the running trials in view: their elapsed time moves on. */
  tick(): void {
    if (!this.visible) return;
    for (const [i, row] of this.rendered) if (this.rows[i]?.state === 'running') this.paint(row, this.rows[i]);
  }

  dispose(): void {
    cancelAnimationFrame(this.fillFrame);
    this.resizeObserver.disconnect();
  }

  /** Everything again: columns, rows and every row in view. */
  private rebuild(scrollToTop: boolean): void {
    this.dirty = false;
    this.ensureColumns();
    this.computeRows();
    this.index = RowIndex.of(this.rows);
    if (scrollToTop) this.setScrollTop(0);
    this.renderWindow('all');
    this.lastSelected = this.store.selected;
    this.showSummary();
  }

  /** A live update: the rows again, the view kept on the row at its top, and only the rows whose trial changed or moved repainted. */
  private refreshRows(changed: ReadonlySet<number>): void {
    const before = this.index;
    this.computeRows();
    // Most updates change trials in place: the same rows in the same order keep their index.
    const same = sameOrder(before, this.rows);
    const after = same ? before : RowIndex.of(this.rows);
    this.index = after;
    if (!same) {
      const top = anchoredScrollTop(before, after, this.scrollTop, ROW_HEIGHT);
      if (top !== this.scrollTop) this.setScrollTop(top);
    }
    const window = this.windowNow();
    const repaint = new Set(rowsToRepaint(window, before, after, changed));
    this.renderWindow(repaint);
    this.showSummary();
  }

  /** Reads and writes only scrollLeft, before renderWindow writes anything: no layout forced after a write. */
  private keepScrollLeft(): void {
    const left = this.scroll.scrollLeft;
    if (left === this.scrollLeft) return;
    if (this.sidewaysHeld || performance.now() < this.sidewaysUntil) this.scrollLeft = left;
    else this.scroll.scrollLeft = this.scrollLeft;
  }

  /** What a person scrolls sideways with: a wheel or trackpad, the arrow keys, the scrollbar, a finger. */
  private watchSidewaysIntent(): void {
    const moment = () => (this.sidewaysUntil = performance.now() + 500);
    this.scroll.addEventListener('wheel', moment, { passive: true });
    this.scroll.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') moment();
    });
    this.scroll.addEventListener('pointerdown', (e) => {
      // A press on the container itself is on its scrollbar (rows and the head cover the rest).
      if (e.target === this.scroll || e.pointerType === 'touch') this.sidewaysHeld = true;
    });
    const release = () => {
      if (!this.sidewaysHeld) return;
      this.sidewaysHeld = false;
      moment();
    };
    window.addEventListener('pointerup', release);
    window.addEventListener('pointercancel', release);
  }

  private computeRows(): void {
    const run = this.store.run;
    const filter = tableFilterOf(this.prefs, run?.objectives[0]?.direction, this.store.brushed);
    this.lastBrushed = this.store.brushed;
    const sort = this.prefs.sort && this.columns.some((c) => c.id === this.prefs.sort?.column) ? this.prefs.sort : undefined;
    this.rows = tableRows(this.store.trials, { filter, sort });
  }

  private windowNow(): RowWindow {
    return virtualWindow({ rowCount: this.rows.length, scrollTop: this.scrollTop, viewportHeight: this.viewportHeight, rowHeight: ROW_HEIGHT, overscan: OVERSCAN });
  }

  private setScrollTop(top: number): void {
    this.scroll.scrollTop = top;
    // The browser clamps it to the content; windowNow clamps the same way.
    this.scrollTop = Math.max(0, top);
  }

  /**
   * Places the rows of the current window. A row that left it shows one that
   * came in (its place and text rewritten, the element kept in the DOM, so a
   * scroll by 3 rows rewrites 3 rows); rows in `repaint` are painted again.
   */
  private renderWindow(repaint?: ReadonlySet<number> | 'all'): void {
    if (!this.visible) return;
    let w = this.windowNow();
    const was = this.window;
    // A jump (a fling, the scrollbar dragged): no row in view was rendered. The rows in view now, the overscan in a quieter frame.
    if (was && repaint === undefined && (w.firstVisible > was.last || w.lastVisible < was.first)) {
      w = { ...w, first: w.firstVisible, last: w.lastVisible };
      this.fillOverscanLater();
    }
    this.window = w;
    if (w.totalHeight !== this.bodyHeight) {
      this.bodyHeight = w.totalHeight;
      this.body.style.height = `${w.totalHeight}px`;
    }
    const free: RowElement[] = [];
    for (const [i, row] of this.rendered) {
      if (i < w.first || i > w.last) {
        free.push(row);
        this.rendered.delete(i);
      }
    }
    for (let i = w.first; i <= w.last; i++) {
      let row = this.rendered.get(i);
      if (row && repaint !== 'all' && !repaint?.has(i)) continue;
      if (!row) {
        row = free.pop() ?? this.acquire();
        this.place(row, i);
        this.rendered.set(i, row);
      }
      this.paint(row, this.rows[i]);
    }
    for (const row of free) this.release(row);
  }

  private fillOverscanLater(): void {
    if (this.fillFrame) return;
    const fill = () => {
      if (this.scrolled) {
        this.scrolled = false;
        this.fillFrame = requestAnimationFrame(fill);
        return;
      }
      this.fillFrame = 0;
      this.renderWindow();
    };
    this.fillFrame = requestAnimationFrame(fill);
  }

  /** By `top` (the row's layout is contained, so this moves it alone); against translateY the benchmark could not tell them apart. */
  private place(row: RowElement, i: number): void {
    if (row.index === i) return;
    row.index = i;
    row.element.style.top = `${i * ROW_HEIGHT}px`;
    row.element.setAttribute('aria-rowindex', String(i + 2));
  }

  private paint(row: RowElement, trial: TrialView): void {
    const e = row.element;
    if (row.trial !== trial.number) {
      row.trial = trial.number;
      e.dataset.trial = String(trial.number);
    }
    const selected = trial.number === this.store.selected;
    const className = `row state-${trial.state}${selected ? ' selected' : ''}`;
    if (row.className !== className) {
      row.className = className;
      e.className = className;
    }
    if (row.selected !== selected) {
      row.selected = selected;
      e.setAttribute('aria-selected', String(selected));
    }
    const now = Date.now();
    for (let c = 0; c < this.columns.length; c++) {
      const text = this.cellText(trial, this.columns[c], now);
      if (row.texts[c].data !== text) row.texts[c].data = text;
    }
  }

  /** Running trials read live: the latest report in the first objective's column, the clock in duration's. */
  private cellText(trial: TrialView, column: Column, now: number): string {
    if (trial.state === 'running') {
      if (column.kind === 'objective' && column.objective === 0 && trial.values.length === 0) return latestReport(trial.intermediate) ?? '';
      if (column.kind === 'duration') {
        const s = secondsSince(trial.start, now);
        return s === undefined ? '' : formatDuration(s);
      }
    }
    if (column.kind === 'duration') return typeof trial.durationS === 'number' ? formatDuration(trial.durationS) : '';
    if (column.kind === 'state' && trial.feasible === false) return `${trial.state} (infeasible)`;
    return cellText(trial, column);
  }

  private acquire(): RowElement {
    const pooled = this.pool.pop();
    if (pooled) {
      this.body.append(pooled.element);
      return pooled;
    }
    const element = el('div', 'row');
    element.setAttribute('role', 'row');
    const texts = this.columns.map((col) => {
      const cell = el('div', `cell cell-${col.kind}`);
      cell.setAttribute('role', 'gridcell');
      return cell.appendChild(document.createTextNode(''));
    });
    element.append(...texts.map((t) => t.parentNode as Node));
    this.body.append(element);
    return { element, texts, trial: undefined, className: 'row', selected: undefined, index: -1 };
  }

  /** Out of the DOM (the window shrank), kept for when it grows again. */
  private release(row: RowElement): void {
    row.element.remove();
    this.pool.push(row);
  }

  /** The columns for the run's parameters and objectives; a change of them empties the pool (its rows have the old cells). */
  private ensureColumns(): void {
    const run = this.store.run;
    const names = paramNamesOf(this.store.trials, run?.params.map((p) => p.name) ?? []);
    const columns = displayOrder(tableColumns(names, (run?.objectives ?? []).map((o) => ({ name: o.metric, direction: o.direction }))));
    const key = JSON.stringify(columns.map((c) => c.id));
    if (key !== this.columnsKey) {
      this.columnsKey = key;
      this.columns = columns;
      for (const row of this.rendered.values()) row.element.remove();
      this.rendered.clear();
      this.pool.length = 0;
      const widths = columns.map(columnWidth);
      this.element.style.setProperty('--table-columns', widths.map((w) => `${w}px`).join(' '));
      this.element.style.setProperty('--table-width', `${widths.reduce((a, b) => a + b, 0)}px`);
    }
    this.renderHead();
  }

  private renderHead(): void {
    const cells = this.columns.map((col) => {
      const cell = document.createElement('button');
      cell.className = `cell head-cell cell-${col.kind}`;
      cell.setAttribute('role', 'columnheader');
      cell.title = col.kind === 'objective' ? `${col.label} (${col.direction})` : col.label;
      const sorted = this.prefs.sort?.column === col.id;
      cell.setAttribute('aria-sort', sorted ? (this.prefs.sort?.descending ? 'descending' : 'ascending') : 'none');
      const label = el('span', 'head-label');
      label.textContent = col.label;
      cell.append(label);
      if (sorted) {
        const arrow = el('span', 'sort-arrow');
        arrow.textContent = this.prefs.sort?.descending ? '\u25BC' : '\u25B2';
        cell.append(arrow);
      }
      cell.addEventListener('click', () => {
        this.prefs.sort = nextSort(this.prefs.sort, col);
        this.onPrefsChange();
        this.rebuild(true);
      });
      return cell;
    });
    this.head.replaceChildren(...cells);
  }

  private changeFilter(apply: () => void): void {
    apply();
    this.onPrefsChange();
    this.rebuild(true);
  }

  private showSummary(): void {
    const total = this.store.trials.length;
    const shown = this.rows.length;
    const brushed = this.store.brushed;
    const key = `${total}|${shown}|${brushed === undefined}`;
    if (key === this.summaryKey) return;
    this.summaryKey = key;
    this.count.textContent = shown === total ? `${formatCount(total)} ${plural(total, 'trial')}` : `${formatCount(shown)} of ${formatCount(total)}`;
    this.brushNote.hidden = brushed === undefined;
    if (brushed) {
      const text = el('span');
      text.textContent = 'Brushed in Params';
      const clear = button('Clear', () => this.store.setBrush({}, undefined), { secondary: true, title: 'Show every trial again' });
      this.brushNote.replaceChildren(text, clear);
    }
    this.empty.hidden = shown > 0;
    this.empty.textContent = total === 0 ? 'No trials yet.' : 'No trial matches the filters.';
  }

  /** Highlights the selected row and scrolls it into view when it is out of it (say, picked in a chart). */
  private showSelection(): void {
    this.lastSelected = this.store.selected;
    for (const [i, row] of this.rendered) this.paint(row, this.rows[i]);
    if (this.store.selected !== undefined) this.scrollToRow(this.index.indexOf(this.store.selected));
  }

  private scrollToRow(i: number): void {
    if (i < 0 || !this.window) return;
    const top = this.scrollTop;
    const rowTop = i * ROW_HEIGHT;
    if (rowTop < top) this.setScrollTop(rowTop);
    else if (rowTop + ROW_HEIGHT > top + this.viewportHeight) this.setScrollTop(rowTop + ROW_HEIGHT - this.viewportHeight);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.rows.length;
    if (n === 0) return;
    const page = Math.max(1, Math.floor(this.viewportHeight / ROW_HEIGHT) - 1);
    const at = this.store.selected === undefined ? -1 : this.index.indexOf(this.store.selected);
    let to: number;
    switch (e.key) {
      case 'ArrowDown': to = at < 0 ? 0 : at + 1; break;
      case 'ArrowUp': to = at < 0 ? 0 : at - 1; break;
      case 'PageDown': to = Math.max(0, at) + page; break;
      case 'PageUp': to = Math.max(0, at) - page; break;
      case 'Home': to = 0; break;
      case 'End': to = n - 1; break;
      case 'Escape':
        this.actions.selectTrial(undefined);
        return;
      default:
        return;
    }
    e.preventDefault();
    to = Math.min(n - 1, Math.max(0, to));
    this.actions.selectTrial(this.rows[to].number);
    this.scrollToRow(to);
  }
}

/** Wide enough for the header's name, within reason: a long name is cut with an ellipsis and shown whole on hover. */
function columnWidth(col: Column): number {
  switch (col.kind) {
    case 'number': return 56;
    case 'state': return 84;
    case 'duration': return 84;
    // An objective column also shows a running trial's latest report ("0.61952 @ 12").
    case 'objective': return Math.min(160, Math.max(104, col.label.length * 7 + 28));
    default: return Math.min(160, Math.max(80, col.label.length * 7 + 28));
  }
}

/** The objectives right after the state: in a narrow sidebar they are what shows without scrolling sideways. */
function displayOrder(columns: Column[]): Column[] {
  const rank = (c: Column): number => (c.kind === 'number' ? 0 : c.kind === 'state' ? 1 : c.kind === 'objective' ? 2 : c.kind === 'param' ? 3 : 4);
  return columns.map((c, i) => [c, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([c]) => c);
}

function sameOrder(index: RowIndex, rows: readonly TrialView[]): boolean {
  if (index.size !== rows.length) return false;
  for (let i = 0; i < rows.length; i++) if (index.keys[i] !== rows[i].number) return false;
  return true;
}
