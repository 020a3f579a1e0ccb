// The best-so-far history: each complete trial's value in trial order and the
// best value up to it, the step line the chart draws over the dots.
import type { Direction, TableTrial } from './types';

export interface HistoryPoint {
  number: number;
  value: number;
  /** The best value of this trial and every complete trial before it. */
  best: number;
  /** True where this trial set a new best (the first point always does). */
  improved: boolean;
}

/**
 * Complete trials with a finite value of the objective, by trial number.
 * Pruned, failed and running trials are not part of the history.
 */
export function bestSoFar(trials: readonly Pick<TableTrial, 'number' | 'state' | 'values'>[], direction: Direction, objective = 0): HistoryPoint[] {
  const complete: { number: number; value: number }[] = [];
  for (const t of trials) {
    const v = t.values[objective];
    if (t.state === 'complete' && typeof v === 'number' && Number.isFinite(v)) complete.push({ number: t.number, value: v });
  }
  complete.sort((a, b) => a.number - b.number);
  const out: HistoryPoint[] = [];
  let best = NaN;
  for (const { number, value } of complete) {
    // Strictly better: a tie does not count as an improvement.
    const improved = out.length === 0 || (direction === 'minimize' ? value < best : value > best);
    if (improved) best = value;
    out.push({ number, value, best, improved });
  }
  return out;
}

