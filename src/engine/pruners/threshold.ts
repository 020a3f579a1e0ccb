// Stops a trial whose curve has gone bad: NaN or infinite values, values
// past fixed bounds, or divergence (much worse than where the trial started).
// The others prune on comparison; this one needs no other trial at all.
import { KEEP, nonFiniteAtStep, curveOf, type PruneDecision, type Pruner, type PrunerContext } from './pruner';
import { fmt } from './percentile';

export interface ThresholdOptions {
  /** Prune below this value. */
  lower?: number;
  /** Prune above this value. */
  upper?: number;
  /**
   * Prune when the value is worse than the trial's first report by more than
   * this fraction of that first value's size: 1 means a loss that doubled.
   */
  divergence: number;
  /** Steps reported before the divergence check starts. */
  warmupSteps: number;
}

export class ThresholdPruner implements Pruner {
  readonly name = 'threshold';
  private readonly options: ThresholdOptions;

  constructor(options: Partial<ThresholdOptions> = {}) {
    this.options = { divergence: 1, warmupSteps: 1, ...options };
  }

  decide(ctx: PrunerContext): PruneDecision {
    const { trial, step, direction } = ctx;
    const value = trial.intermediate[step];
    if (value === undefined) return KEEP;
    const bad = nonFiniteAtStep(ctx);
    if (bad) return bad;
    const { lower, upper, divergence, warmupSteps } = this.options;
    if (lower !== undefined && value < lower) return { prune: true, reason: `${fmt(value)} at step ${step} is below ${lower}` };
    if (upper !== undefined && value > upper) return { prune: true, reason: `${fmt(value)} at step ${step} is above ${upper}` };
    const curve = curveOf(trial);
    if (curve.length <= warmupSteps || !Number.isFinite(divergence)) return KEEP;
    const first = curve[0][1];
    const size = Math.max(Math.abs(first), 1e-12);
    const worse = direction === 'minimize' ? value - first : first - value;
    if (worse > divergence * size) {
      return { prune: true, reason: `diverged: ${fmt(value)} at step ${step} against ${fmt(first)} at its start` };
    }
    return KEEP;
  }
}
