// How much each searched parameter matters to an objective, for the panel
// and `hyperlens show`. PED-ANOVA by default (fast, deterministic); an
// fANOVA-style estimate over a seeded random forest on request.
import { importanceData } from './importance/data';
import { fanova } from './importance/fanova';
import { pedAnova } from './importance/pedAnova';
import type { Direction, SearchSpace } from './space';
import type { TrialRecord } from './trial';

export { formatImportance } from './importance/format';

export interface ParamImportance {
  name: string;
  importance: number;
}

export interface ImportanceOptions {
  /** Which objective of a multi-objective study (default 0). */
  objective?: number;
  /** Seeds the forest of `fanova`; PED-ANOVA needs none. */
  seed?: number;
  method?: 'ped-anova' | 'fanova';
}

/** Below this many usable trials every importance is 0. */
export const MIN_TRIALS = 5;

/**
 * Importance of each searched (float, int, categorical) parameter of `space`,
 * summing to 1 and sorted from most to least important (ties keep the
 * space's order). Learns only from complete, feasible trials with a finite
 * value of the objective. With fewer than MIN_TRIALS of them, or when the
 * objective never changes, every importance is 0: nothing can be said yet.
 * Throws a RangeError only for an objective index the study does not have.
 */
export function parameterImportance(
  trials: readonly TrialRecord[],
  space: SearchSpace,
  directions: Direction[],
  options: ImportanceOptions = {},
): ParamImportance[] {
  const data = importanceData(trials, space, directions, options.objective ?? 0);
  let raw: Float64Array = new Float64Array(data.names.length);
  if (data.loss.length >= MIN_TRIALS && !isConstant(data.loss)) {
    raw = options.method === 'fanova' ? fanova(data, options.seed ?? 0) : pedAnova(data);
  }
  let total = 0;
  for (const v of raw) total += Number.isFinite(v) && v > 0 ? v : 0;
  const list = data.names.map((name, j) => ({
    name,
    importance: total > 0 && Number.isFinite(raw[j]) && raw[j] > 0 ? raw[j] / total : 0,
  }));
  // Array.prototype.sort is stable, so equal importances keep the space's order.
  return list.sort((a, b) => b.importance - a.importance);
}

function isConstant(xs: Float64Array): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
}
