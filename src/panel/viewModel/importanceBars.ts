// Parameter importance as the panel's bar chart: most important first, bar
// widths as fractions of the chart, a label to 2 decimals, tied parameters
// sharing a rank, and a flag for "nothing can be said yet" (all zero).

/** A parameter's importance as the engine's parameterImportance gives it (ParamImportance). */
export interface ImportanceInput {
  name: string;
  importance: number;
}

export interface ImportanceBar {
  name: string;
  /** The importance, with a negative or non-finite one read as 0. */
  importance: number;
  /** The bar's length as a fraction of the chart's width, in [0, 1]. */
  width: number;
  /** `0.42`; `<0.01` for an importance above 0 that would round to 0.00. */
  label: string;
  /** 1 for the most important; tied parameters share a rank (1, 2, 2, 4). */
  rank: number;
}

export interface ImportanceChart {
  bars: ImportanceBar[];
  /** Every importance is 0: too few trials, or an objective that never changed. */
  allZero: boolean;
}

export interface ImportanceBarOptions {
  /** `max` (default): the most important bar spans the chart; `total`: widths are shares of the sum. */
  scale?: 'max' | 'total';
}

/** Bars sorted by importance, most first; equal importances keep their input (the space's) order. */
export function importanceBars(list: readonly ImportanceInput[], options: ImportanceBarOptions = {}): ImportanceChart {
  const cleaned = list.map((p) => ({ name: p.name, importance: Number.isFinite(p.importance) && p.importance > 0 ? p.importance : 0 }));
  // Array.prototype.sort is stable, so ties keep the input order.
  cleaned.sort((a, b) => b.importance - a.importance);
  let max = 0;
  let total = 0;
  for (const p of cleaned) {
    max = Math.max(max, p.importance);
    total += p.importance;
  }
  const scale = options.scale === 'total' ? total : max;
  const bars: ImportanceBar[] = [];
  cleaned.forEach((p, i) => {
    const previous = bars[i - 1];
    const rank = previous && previous.importance === p.importance ? previous.rank : i + 1;
    bars.push({ ...p, width: scale > 0 ? Math.min(1, p.importance / scale) : 0, label: importanceLabel(p.importance), rank });
  });
  return { bars, allZero: max === 0 };
}

/** An importance to 2 decimals; a small non-zero one reads `<0.01`, not `0.00`. */
export function importanceLabel(importance: number): string {
  if (!Number.isFinite(importance) || importance <= 0) return '0.00';
  if (importance < 0.005) return '<0.01';
  return importance.toFixed(2);
}
