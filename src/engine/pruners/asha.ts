// Asynchronous successive halving (Li et al. 2018), as Optuna's
// SuccessiveHalvingPruner runs it: rungs at minStep * eta^k; when a trial
// first reaches a rung it goes on only if its value there is among the best
// 1/eta of every trial that reached that rung so far. Nobody waits for a rung
// to fill, so parallel workers never idle. `sha` is the same pruner: with
// trials stopped as they report, synchronous rungs would only add waiting.
import type { TrialRecord } from '../trial';
import { isBetter } from '../trial';
import { KEEP, nonFiniteAtStep, observedMaxStep, type PruneDecision, type Pruner, type PrunerContext } from './pruner';
import { fmt } from './percentile';

export interface AshaOptions {
  /** The first rung's step (the minimum resource). */
  minStep: number;
  /** Where trials end; no rung at or past it. Unknown means rungs go on. */
  maxStep?: number;
  /** eta: each rung keeps the best 1/eta. */
  reductionFactor: number;
  /** s: the first rung is at minStep * eta^s (Hyperband's brackets differ in s). */
  minEarlyStoppingRate: number;
}

export class AshaPruner implements Pruner {
  readonly name: string;
  readonly options: AshaOptions;
  /** Which trials compete with each other; all of them unless Hyperband splits them into brackets. */
  private readonly sameGroup: (a: TrialRecord, b: TrialRecord) => boolean;

  constructor(options: Partial<AshaOptions> = {}, name = 'asha', sameGroup?: (a: TrialRecord, b: TrialRecord) => boolean) {
    this.name = name;
    this.options = { minStep: 1, reductionFactor: 3, minEarlyStoppingRate: 0, ...options };
    if (!(this.options.minStep > 0)) throw new Error(`the minimum step must be positive (got ${this.options.minStep})`);
    if (!(this.options.reductionFactor >= 2)) throw new Error(`the reduction factor must be at least 2 (got ${this.options.reductionFactor})`);
    this.sameGroup = sameGroup ?? (() => true);
  }

  /** The step of rung k. */
  rungStep(k: number): number {
    const { minStep, reductionFactor, minEarlyStoppingRate } = this.options;
    return minStep * reductionFactor ** (minEarlyStoppingRate + k);
  }

  /** The rungs a trial meets before maxStep (given, else as observed): their steps, lowest first. */
  rungSteps(trials: readonly TrialRecord[] = []): number[] {
    const out: number[] = [];
    const max = this.options.maxStep ?? observedMaxStep(trials) ?? Infinity;
    for (let k = 0; k < 64; k++) {
      const r = this.rungStep(k);
      if (r >= max) break;
      out.push(r);
    }
    return out;
  }

  decide(ctx: PrunerContext): PruneDecision {
    const { trial, step, direction } = ctx;
    const value = trial.intermediate[step];
    if (value === undefined) return KEEP;
    const bad = nonFiniteAtStep(ctx);
    if (bad) return bad;
    // Judge only at the report that first reaches a rung.
    const rungs = this.rungSteps(ctx.trials);
    let k = -1;
    for (let i = 0; i < rungs.length && rungs[i] <= step; i++) k = i;
    if (k < 0 || firstStepAtOrAfter(trial, rungs[k]) !== step) return KEEP;
    const rung = rungs[k];
    const competing: number[] = [];
    for (const t of ctx.trials) {
      if (t.number === trial.number || !this.sameGroup(t, trial)) continue;
      const at = firstStepAtOrAfter(t, rung);
      if (at === undefined) continue;
      const v = t.intermediate[at];
      if (Number.isFinite(v)) competing.push(v);
    }
    competing.push(value);
    const keep = Math.max(1, Math.floor(competing.length / this.options.reductionFactor));
    const better = competing.filter((v) => isBetter(v, value, direction)).length;
    if (better < keep) return KEEP;
    return { prune: true, reason: `not in the best 1/${this.options.reductionFactor} at rung ${k} (step ${fmt(rung)}): ${better} of ${competing.length - 1} trials did better than ${fmt(value)}` };
  }
}

/** The first step a trial reported at or after `step`, if it got there. */
export function firstStepAtOrAfter(t: TrialRecord, step: number): number | undefined {
  let first: number | undefined;
  for (const s of Object.keys(t.intermediate)) {
    const k = Number(s);
    if (k >= step && (first === undefined || k < first)) first = k;
  }
  return first;
}
