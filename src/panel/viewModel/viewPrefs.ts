// The person's choices in the panel that outlive a reload of the webview
// (VS Code keeps them with setState): the table's sort, its state and top-k%
// filters, the open tab, and whether the suggestion card is folded. Read back defensively: the saved object may come
// from an older version of the panel.
import type { Column, SortSpec, TableFilter } from './table';
import type { Direction } from './types';

export interface ViewPrefs {
  sort?: SortSpec;
  /** `all`, or the one trial state the table shows. */
  state: string;
  /** Only the best k% of complete trials; 0 shows every trial. */
  topPercent: number;
  /** The open tab: trials, curves, params, pareto or pbt. */
  tab: string;
  /** The suggestion card shows one line (a short sidebar needs the room for the table); unset until the person folds or unfolds it. */
  suggestionCollapsed?: boolean;
}

export const DEFAULT_VIEW_PREFS: Readonly<ViewPrefs> = { state: 'all', topPercent: 0, tab: 'trials' };

/** Whether the suggestion card starts folded: as the person left it, else folded in the short sidebar and open in an editor tab. */
export function suggestionFolded(prefs: Pick<ViewPrefs, 'suggestionCollapsed'>, mode: 'sidebar' | 'editor'): boolean {
  return prefs.suggestionCollapsed ?? mode === 'sidebar';
}

/** The top-k% choices the table offers; 0 is "all trials". */
export const TOP_PERCENT_CHOICES: readonly number[] = [0, 50, 25, 10, 5, 1];

export const STATE_FILTERS: readonly string[] = ['all', 'running', 'waiting', 'complete', 'pruned', 'failed'];

export const TABS: readonly string[] = ['trials', 'curves', 'params', 'pareto', 'pbt'];

/** What getState() returned, as prefs: each unreadable field falls back to its default. */
export function parseViewPrefs(raw: unknown): ViewPrefs {
  const prefs: ViewPrefs = { ...DEFAULT_VIEW_PREFS };
  if (typeof raw !== 'object' || raw === null) return prefs;
  const r = raw as Record<string, unknown>;
  if (typeof r.state === 'string' && STATE_FILTERS.includes(r.state)) prefs.state = r.state;
  if (typeof r.topPercent === 'number' && TOP_PERCENT_CHOICES.includes(r.topPercent)) prefs.topPercent = r.topPercent;
  if (typeof r.tab === 'string' && TABS.includes(r.tab)) prefs.tab = r.tab;
  if (typeof r.suggestionCollapsed === 'boolean') prefs.suggestionCollapsed = r.suggestionCollapsed;
  const sort = r.sort as Record<string, unknown> | null | undefined;
  if (typeof sort === 'object' && sort !== null && typeof sort.column === 'string' && isColumnId(sort.column)) {
    prefs.sort = { column: sort.column, descending: sort.descending === true };
  }
  return prefs;
}

/** The table's filter from the prefs and the parallel-coordinates brush. */
export function tableFilterOf(prefs: ViewPrefs, firstObjective: Direction | undefined, brushed: ReadonlySet<number> | undefined): TableFilter {
  const filter: TableFilter = {};
  if (prefs.state !== 'all') filter.states = [prefs.state];
  // Top-k% ranks on the first objective; a run without one cannot rank.
  if (prefs.topPercent > 0 && firstObjective) {
    filter.topPercent = prefs.topPercent;
    filter.direction = firstObjective;
  }
  if (brushed) filter.numbers = brushed;
  return filter;
}

/**
 * The sort after a click on a column's header: the same column flips, another
 * one starts with its best values first (descending for an objective to
 * maximize, ascending otherwise).
 */
export function nextSort(current: SortSpec | undefined, column: Pick<Column, 'id' | 'direction'>): SortSpec {
  if (current?.column === column.id) return { column: column.id, descending: !current.descending };
  return { column: column.id, descending: column.direction === 'maximize' };
}

function isColumnId(id: string): boolean {
  return id === 'number' || id === 'state' || id === 'duration' || /^param:./.test(id) || /^objective:\d+$/.test(id);
}
