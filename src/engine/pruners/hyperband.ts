// Hyperband (Li et al. 2017) over ASHA, as Optuna's HyperbandPruner: trials
// are dealt into brackets that start pruning at different rungs, from the
// aggressive (first rung at minStep) to the patient (no pruning), and compete
// only within their bracket. It hedges against a minimum step that is too
// small to tell good from bad. The bracket comes from a hash of the trial
// number, weighted by each bracket's budget, so it needs no stored state.
import type { TrialRecord } from '../trial';
import { AshaPruner } from './asha';
import { KEEP, type PruneDecision, type Pruner, type PrunerContext } from './pruner';

export interface HyperbandOptions {
  minStep: number;
  /** The full budget; Hyperband needs it to lay out its brackets. */
  maxStep: number;
  reductionFactor: number;
  seed: number;
}

export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband';
  readonly brackets: AshaPruner[] = [];
  private readonly weights: number[] = [];
  private readonly total: number;

  constructor(private readonly options: HyperbandOptions) {
    const { minStep, maxStep, reductionFactor } = options;
    if (!(maxStep > minStep)) throw new Error(`hyperband needs a maximum step above the minimum (got ${minStep}..${maxStep})`);
    const n = Math.floor(Math.log(maxStep / minStep) / Math.log(reductionFactor) + 1e-9) + 1;
    for (let i = 0; i < n; i++) {
      const same = (a: TrialRecord, b: TrialRecord) => this.bracketOf(a.number) === this.bracketOf(b.number);
      this.brackets.push(new AshaPruner({ minStep, maxStep, reductionFactor, minEarlyStoppingRate: i }, `hyperband[${i}]`, same));
      // Optuna's allocation: bracket i gets ceil(n * eta^s / (s + 1)) shares, s = n - 1 - i.
      const s = n - 1 - i;
      this.weights.push(Math.ceil((n * reductionFactor ** s) / (s + 1)));
    }
    this.total = this.weights.reduce((a, b) => a + b, 0);
  }

  /** The bracket a trial number falls in. */
  bracketOf(trial: number): number {
    let h = hash32(trial ^ Math.imul(this.options.seed | 0, 0x9e3779b1)) % this.total;
    for (let i = 0; i < this.weights.length; i++) {
      if (h < this.weights[i]) return i;
      h -= this.weights[i];
    }
    return this.weights.length - 1;
  }

  decide(ctx: PrunerContext): PruneDecision {
    const bracket = this.brackets[this.bracketOf(ctx.trial.number)];
    const d = bracket.decide(ctx);
    return d.prune ? { prune: true, reason: `${d.reason} (bracket ${this.brackets.indexOf(bracket)})` } : KEEP;
  }
}

/** A well-mixed unsigned 32-bit hash of an integer (murmur3's finaliser). */
function hash32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
