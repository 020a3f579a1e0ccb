// Windowing for the virtualized trials table: only the rows in view (and a few
// either side) are in the DOM, placed at a pixel offset inside a spacer as tall
// as every row together. Rows are keyed by trial number so a live update
// repaints only the rows whose trial changed, and keeps the row at the top of
// the view in place when rows above it come or go.

export interface WindowInput {
  rowCount: number;
  /** Pixels scrolled from the top (the element's scrollTop; may be fractional, negative while bouncing, or past the end). */
  scrollTop: number;
  viewportHeight: number;
  /** Every row's height in pixels (> 0). */
  rowHeight: number;
  /** Rows rendered beyond each edge of the view, so fast scrolling shows no gap (default 5). */
  overscan?: number;
}

export interface RowWindow {
  /** The first row to render; 0 for an empty list. */
  first: number;
  /** The last row to render, inclusive; first - 1 when there is none. */
  last: number;
  /** Where row `first` goes: first * rowHeight pixels from the top. */
  offsetY: number;
  /** The spacer's height: rowCount * rowHeight. */
  totalHeight: number;
  /** The first and last rows actually in view (without the overscan). */
  firstVisible: number;
  lastVisible: number;
}

/** Tolerance for row boundaries computed in floating point (0.3 / 0.1 = 2.9999999999999996). */
const EPS = 1e-7;

export function virtualWindow(input: WindowInput): RowWindow {
  const { rowHeight } = input;
  if (!(rowHeight > 0) || !Number.isFinite(rowHeight)) throw new RangeError(`row height must be a positive number, got ${rowHeight}`);
  const rowCount = Math.max(0, Math.floor(finiteOr(input.rowCount, 0)));
  const overscan = Math.max(0, Math.floor(finiteOr(input.overscan ?? 5, 5)));
  const viewport = Math.max(0, finiteOr(input.viewportHeight, 0));
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0) return { first: 0, last: -1, offsetY: 0, totalHeight: 0, firstVisible: 0, lastVisible: -1 };
  // The browser never scrolls past totalHeight - viewport; a stale scrollTop after rows went away behaves the same.
  const top = Math.min(Math.max(0, finiteOr(input.scrollTop, 0)), Math.max(0, totalHeight - viewport));
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight + EPS));
  // A row counts as visible when any part of it is in view; at least one row, even in a zero-height view.
  const lastVisible = Math.min(rowCount - 1, Math.max(firstVisible, Math.ceil((top + viewport) / rowHeight - EPS) - 1));
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(rowCount - 1, lastVisible + overscan);
  return { first, last, offsetY: first * rowHeight, totalHeight, firstVisible, lastVisible };
}

/** Row position <-> trial number for the rows in their current order. */
export class RowIndex {
  /**
   * Position + 1 by trial number (0: not shown) when the numbers are small
   * whole numbers, as trial numbers are: a typed array, filled in a tenth of
   * the time of a Map of 10,000 (the table makes one each live update).
   */
  private readonly dense: Int32Array | undefined;
  private readonly positions: Map<number, number> | undefined;

  constructor(readonly keys: readonly number[]) {
    let wholeNumbers = true;
    let max = -1;
    for (const key of keys) {
      if (!(Number.isInteger(key) && key >= 0)) wholeNumbers = false;
      else if (key > max) max = key;
    }
    if (wholeNumbers && max < 4 * keys.length + 1024) {
      const dense = new Int32Array(max + 1);
      keys.forEach((key, i) => {
        if (dense[key] !== 0) throw new Error(`trial ${key} appears twice in the table`);
        dense[key] = i + 1;
      });
      this.dense = dense;
      return;
    }
    const positions = new Map<number, number>();
    keys.forEach((key, i) => {
      if (positions.has(key)) throw new Error(`trial ${key} appears twice in the table`);
      positions.set(key, i);
    });
    this.positions = positions;
  }

  static of(rows: readonly { number: number }[]): RowIndex {
    return new RowIndex(rows.map((r) => r.number));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The row of a trial, or -1 when the table does not show it. */
  indexOf(key: number): number {
    if (this.dense) return Number.isInteger(key) && key >= 0 && key < this.dense.length ? this.dense[key] - 1 : -1;
    return this.positions!.get(key) ?? -1;
  }

  keyAt(index: number): number | undefined {
    return this.keys[index];
  }
}

/**
 * The rendered rows (of `window`) to repaint after an update: those whose
 * trial changed, and every one whose trial is not the one rendered there
 * before (rows moved, came or went). Ascending row indices.
 */
export function rowsToRepaint(window: RowWindow, before: RowIndex, after: RowIndex, changed: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = window.first; i <= window.last; i++) {
    const key = after.keyAt(i);
    if (key === undefined) continue;
    if (changed.has(key) || before.keyAt(i) !== key) out.push(i);
  }
  return out;
}

/**
 * The scrollTop that keeps the trial at the top of the view where it was
 * after rows were inserted or removed above it (a new trial sorted in, a
 * filter changed). Unchanged when that trial is gone from the table.
 */
export function anchoredScrollTop(before: RowIndex, after: RowIndex, scrollTop: number, rowHeight: number): number {
  if (!(rowHeight > 0)) throw new RangeError(`row height must be a positive number, got ${rowHeight}`);
  const top = Math.max(0, finiteOr(scrollTop, 0));
  const row = Math.floor(top / rowHeight + EPS);
  const key = before.keyAt(row);
  if (key === undefined) return top;
  const moved = after.indexOf(key);
  if (moved < 0) return top;
  // Keep the part of the anchor row scrolled out of view the same.
  return Math.max(0, top + (moved - row) * rowHeight);
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}
