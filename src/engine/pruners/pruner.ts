// The one interface every pruner implements. After a running trial reports
// an intermediate value, the study asks its pruner whether to stop the trial
// early. A pruner sees every trial's curve (TrialRecord.intermediate) and
// keeps no state of its own, so decisions survive a resume and agree across
// processes that share a journal.
import type { Direction } from '../space';
import type { TrialRecord } from '../trial';

export interface PrunerContext {
  /** The trial that just reported, its intermediate values included. */
  trial: TrialRecord;
  /** Every trial of the study, oldest first, the reporting one included. */
  trials: readonly TrialRecord[];
  /** Of the first objective: intermediate values track it. */
  direction: Direction;
  /** The step just reported. */
  step: number;
}

export interface PruneDecision {
  prune: boolean;
  /** For people, when prune is true: "worse than the median at step 4 (0.51 > 0.38)". */
  reason?: string;
}

/** Where the budget axis starts and ends: a fidelity parameter's bounds, or the caller's. */
export interface Budget {
  /** The first step worth judging (ASHA's minimum resource). */
  minStep?: number;
  /** The step at which a trial that is never pruned ends. */
  maxStep?: number;
}

export interface PrunerOptions extends Budget {
  seed?: number;
}

export interface Pruner {
  readonly name: string;
  decide(ctx: PrunerContext): PruneDecision;
}

export const KEEP: PruneDecision = { prune: false };

/** The trial's intermediate values as [step, value] pairs in step order. */
export function curveOf(t: TrialRecord): Array<[number, number]> {
  return Object.entries(t.intermediate)
    .map(([s, v]) => [Number(s), v] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

/** The value a trial reported at `step`, or else at the last step before it. */
export function valueAtOrBefore(t: TrialRecord, step: number): number | undefined {
  let best: number | undefined;
  let bestStep = -Infinity;
  for (const [s, v] of Object.entries(t.intermediate)) {
    const k = Number(s);
    if (k <= step && k > bestStep) {
      bestStep = k;
      best = v;
    }
  }
  return best;
}

/** A non-finite value at the step just reported always ends a trial: nothing good comes after NaN. */
export function nonFiniteAtStep(ctx: PrunerContext): PruneDecision | undefined {
  const value = ctx.trial.intermediate[ctx.step];
  return value === undefined || Number.isFinite(value) ? undefined : { prune: true, reason: `reported ${value} at step ${ctx.step}` };
}

/**
 * The full budget as the study has seen it: the last step of the first
 * complete trial (Optuna's "auto"), or undefined before any trial completed.
 */
export function observedMaxStep(trials: readonly TrialRecord[]): number | undefined {
  for (const t of trials) {
    if (t.state !== 'complete') continue;
    const steps = Object.keys(t.intermediate).map(Number);
    if (steps.length) return Math.max(...steps);
  }
  return undefined;
}
