// Median and percentile pruning (Optuna's MedianPruner / PercentilePruner):
// after a few complete trials, stop a trial whose best value so far is worse
// than the given percentile of what complete trials had reached by the same
// step. Simple and robust, but it judges every curve by its start, so a
// configuration that starts slowly and finishes best can be cut (see `curve`).
import type { Direction } from '../space';
import { isBetter } from '../trial';
import { KEEP, nonFiniteAtStep, valueAtOrBefore, type PruneDecision, type Pruner, type PrunerContext } from './pruner';

export interface PercentileOptions {
  /** Keep trials in the best `percentile` percent; 50 is the median. */
  percentile: number;
  /** No pruning until this many trials are complete. */
  startupTrials: number;
  /** No pruning before this step. */
  warmupSteps: number;
  /** Judge every this many steps (after warmup). */
  intervalSteps: number;
}

export class PercentilePruner implements Pruner {
  readonly name: string;
  private readonly options: PercentileOptions;

  constructor(options: Partial<PercentileOptions> = {}, name = 'percentile') {
    this.name = name;
    this.options = { percentile: 25, startupTrials: 5, warmupSteps: 0, intervalSteps: 1, ...options };
    const p = this.options.percentile;
    if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be between 0 and 100 (got ${p})`);
  }

  decide(ctx: PrunerContext): PruneDecision {
    const { trial, step, direction } = ctx;
    const bad = nonFiniteAtStep(ctx);
    if (bad) return bad;
    const o = this.options;
    if (step < o.warmupSteps || (step - o.warmupSteps) % o.intervalSteps !== 0) return KEEP;
    const complete = ctx.trials.filter((t) => t.state === 'complete' && t.number !== trial.number);
    if (complete.length < o.startupTrials) return KEEP;
    const others: number[] = [];
    for (const t of complete) {
      const v = valueAtOrBefore(t, step);
      if (v !== undefined && Number.isFinite(v)) others.push(v);
    }
    if (others.length === 0) return KEEP;
    const best = bestSoFar(trial.intermediate, step, direction);
    if (best === undefined) return KEEP;
    // For minimize, keeping the best p% means a threshold at the p-th percentile.
    const q = direction === 'minimize' ? o.percentile : 100 - o.percentile;
    const threshold = percentile(others, q);
    if (best === threshold || isBetter(best, threshold, direction)) return KEEP;
    const what = o.percentile === 50 ? 'the median' : `the best ${o.percentile}%`;
    return { prune: true, reason: `worse than ${what} of complete trials at step ${step} (${fmt(best)} vs ${fmt(threshold)})` };
  }
}

/** The trial's best intermediate value up to and including `step`. */
export function bestSoFar(intermediate: Record<number, number>, step: number, direction: Direction): number | undefined {
  let best: number | undefined;
  for (const [s, v] of Object.entries(intermediate)) {
    if (Number(s) > step || !Number.isFinite(v)) continue;
    if (best === undefined || isBetter(v, best, direction)) best = v;
  }
  return best;
}

/** Linear-interpolated percentile (numpy's default), q in [0, 100]. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}
