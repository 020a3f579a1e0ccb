// The trials table: its columns, the text of a cell, sorting by any column and
// filtering by state, top-k% and a set of trial numbers (a parallel-coordinates
// brush). Works on row indices and numeric keys so 10,000 rows sort in a few
// milliseconds.
import { formatNumber, formatValue } from '../../engine/format';
import type { Direction, ObjectiveInfo, ParamValue, TableTrial } from './types';

export type ColumnKind = 'number' | 'state' | 'param' | 'objective' | 'duration';

export interface Column {
  /** `number`, `state`, `duration`, `param:<full name>` or `objective:<index>`. */
  id: string;
  kind: ColumnKind;
  /** The header: a parameter's full name (`optimizer.lr`), an objective's metric. */
  label: string;
  /** The parameter of a `param` column. */
  param?: string;
  /** The objective index of an `objective` column. */
  objective?: number;
  direction?: Direction;
}

export interface SortSpec {
  /** A Column id. */
  column: string;
  descending?: boolean;
}

export interface TableFilter {
  /** Only trials in these states; absent means every state (an empty list means none). */
  states?: Iterable<string>;
  /** Only the best k% (0 < k <= 100) of complete trials on the first objective. */
  topPercent?: number;
  /** The first objective's direction; needed with topPercent. */
  direction?: Direction;
  /** Only these trial numbers (what a parallel-coordinates brush lets through). */
  numbers?: ReadonlySet<number>;
}

/** The order the state column sorts in: live trials first, then by outcome. */
export const STATE_ORDER: readonly string[] = ['running', 'waiting', 'complete', 'pruned', 'failed'];

/** `#`, state, one column per parameter, one per objective, duration. */
export function tableColumns(paramNames: readonly string[], objectives: readonly ObjectiveInfo[]): Column[] {
  return [
    { id: 'number', kind: 'number', label: '#' },
    { id: 'state', kind: 'state', label: 'state' },
    ...paramNames.map((name): Column => ({ id: `param:${name}`, kind: 'param', label: name, param: name })),
    ...objectives.map((o, i): Column => ({ id: `objective:${i}`, kind: 'objective', label: o.name, objective: i, direction: o.direction })),
    { id: 'duration', kind: 'duration', label: 'duration' },
  ];
}

/** The declared names in their order, then any other name a trial has, in the order first seen. */
export function paramNamesOf(trials: readonly TableTrial[], declared: readonly string[] = []): string[] {
  const seen = new Set(declared);
  const names = [...declared];
  for (const t of trials) {
    for (const name of Object.keys(t.params)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names;
}

/** The column a Column id names; throws on an id no column can have. */
export function parseColumnId(id: string): Pick<Column, 'kind' | 'param' | 'objective'> {
  if (id === 'number' || id === 'state' || id === 'duration') return { kind: id };
  if (id.startsWith('param:') && id.length > 'param:'.length) return { kind: 'param', param: id.slice('param:'.length) };
  if (id.startsWith('objective:')) {
    const rest = id.slice('objective:'.length);
    const index = Number(rest);
    if (/^\d+$/.test(rest) && Number.isSafeInteger(index)) return { kind: 'objective', objective: index };
  }
  throw new Error(`"${id}" is not a column of the trials table`);
}

/** A cell's value; undefined where the trial has none. */
export function cellValue(trial: TableTrial, column: Pick<Column, 'kind' | 'param' | 'objective'>): ParamValue | undefined {
  switch (column.kind) {
    case 'number':
      return trial.number;
    case 'state':
      return trial.state;
    case 'duration':
      return trial.durationS ?? undefined;
    case 'objective':
      return trial.values[column.objective ?? 0] ?? undefined;
    case 'param':
      return hasOwn(trial.params, column.param ?? '') ? trial.params[column.param!] : undefined;
  }
}

/** A cell as the table shows it: numbers as every view formats them, nothing where missing. */
export function cellText(trial: TableTrial, column: Pick<Column, 'kind' | 'param' | 'objective'>): string {
  const v = cellValue(trial, column);
  if (v === undefined) return '';
  if (column.kind === 'duration') return typeof v === 'number' && Number.isFinite(v) ? `${formatNumber(v)}s` : '';
  return formatValue(v);
}

/**
 * The rows in the order of one column, ascending or descending. Stable (equal
 * keys keep their input order either way), and a missing or NaN value always
 * sorts last. A parameter column of numbers sorts numerically; one with any
 * other value (a categorical of mixed types) sorts every value by its text,
 * digits compared as numbers ("2" before "10").
 */
export function sortTrials<T extends TableTrial>(trials: readonly T[], sort: SortSpec): T[] {
  const column = parseColumnId(sort.column);
  const n = trials.length;
  const keys = new Float64Array(n); // NaN marks a missing value
  if (column.kind === 'state') {
    rankByText(trials.map((t) => t.state), keys, compareStates);
  } else if (column.kind === 'param') {
    const values = trials.map((t) => cellValue(t, column));
    if (values.every((v) => v === undefined || typeof v === 'number')) {
      values.forEach((v, i) => (keys[i] = typeof v === 'number' ? v : NaN));
    } else {
      rankByText(
        values.map((v) => (v === undefined || Number.isNaN(v) ? undefined : formatValue(v))),
        keys,
        compareText,
      );
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = cellValue(trials[i], column);
      keys[i] = typeof v === 'number' ? v : NaN;
    }
  }
  const present: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < n; i++) (Number.isNaN(keys[i]) ? missing : present).push(i);
  const sign = sort.descending ? -1 : 1;
  // `|| a - b` keeps ties (and Infinity - Infinity = NaN) in input order.
  present.sort((a, b) => sign * (keys[a] - keys[b]) || a - b);
  const out = new Array<T>(n);
  let k = 0;
  for (const i of present) out[k++] = trials[i];
  for (const i of missing) out[k++] = trials[i];
  return out;
}

/**
 * The first objective's value at the edge of the best k% of complete trials
 * (at least one trial), or undefined when no complete trial has a value.
 */
export function topPercentCutoff(trials: readonly TableTrial[], percent: number, direction: Direction): number | undefined {
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`top-k% must be in (0, 100], got ${percent}`);
  const values: number[] = [];
  for (const t of trials) {
    const v = t.values[0];
    if (t.state === 'complete' && typeof v === 'number' && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  // The epsilon keeps 16.1% of 1000 at 161 rows despite 16.1 * 1000 / 100 = 161.00000000000003.
  const count = Math.min(values.length, Math.max(1, Math.ceil((percent * values.length) / 100 - 1e-9)));
  return direction === 'minimize' ? sorted[count - 1] : sorted[sorted.length - count];
}

/**
 * The rows that pass every part of the filter, in input order. Top-k% keeps
 * complete trials at least as good as the cutoff, so trials tied with the
 * k%-th one are all kept.
 */
export function filterTrials<T extends TableTrial>(trials: readonly T[], filter: TableFilter): T[] {
  const states = filter.states === undefined ? undefined : new Set(filter.states);
  let cutoff: number | undefined;
  let direction: Direction = 'minimize';
  if (filter.topPercent !== undefined) {
    if (!filter.direction) throw new Error('a top-k% filter needs the first objective\'s direction');
    direction = filter.direction;
    cutoff = topPercentCutoff(trials, filter.topPercent, direction);
    if (cutoff === undefined) return [];
  }
  const out: T[] = [];
  for (const t of trials) {
    if (states && !states.has(t.state)) continue;
    if (filter.numbers && !filter.numbers.has(t.number)) continue;
    if (cutoff !== undefined) {
      const v = t.values[0];
      if (t.state !== 'complete' || typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (direction === 'minimize' ? v > cutoff : v < cutoff) continue;
    }
    out.push(t);
  }
  return out;
}

/** Filter, then sort: the rows the table shows. */
export function tableRows<T extends TableTrial>(trials: readonly T[], view: { filter?: TableFilter; sort?: SortSpec }): T[] {
  const kept = view.filter ? filterTrials(trials, view.filter) : trials.slice();
  return view.sort ? sortTrials(kept, view.sort) : kept;
}

/** Ranks distinct texts once (columns hold few distinct values), so rows sort by a number. */
function rankByText(texts: readonly (string | undefined)[], keys: Float64Array, compare: (a: string, b: string) => number): void {
  const distinct = [...new Set(texts.filter((t): t is string => t !== undefined))].sort(compare);
  const rank = new Map(distinct.map((t, i) => [t, i]));
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    keys[i] = t === undefined ? NaN : rank.get(t)!;
  }
}

const collator = new Intl.Collator('en', { numeric: true });

/** Text order: digits compared as numbers ("2" before "10"), then code units. */
export function compareText(a: string, b: string): number {
  // The collator may call different texts equal ("1" and "01"); code units decide then.
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function compareStates(a: string, b: string): number {
  const ia = STATE_ORDER.indexOf(a);
  const ib = STATE_ORDER.indexOf(b);
  return (ia < 0 ? STATE_ORDER.length : ia) - (ib < 0 ? STATE_ORDER.length : ib) || compareText(a, b);
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
