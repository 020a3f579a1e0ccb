// Counting trials and writing the one-object summary that `--json` promises.
import type { RunSettings } from './settings';
import { PBT_ATTRS } from '../engine/pbt/attrs';
import { isFeasible } from '../engine/constraints';
import type { Direction } from '../engine/space';
import { bestTrial, paretoFront } from '../engine/study';
import type { TrialRecord } from '../engine/trial';

export interface TrialCounts {
  complete: number;
  pruned: number;
  failed: number;
  running: number;
}

export function countsOf(trials: readonly TrialRecord[]): TrialCounts {
  const counts: TrialCounts = { complete: 0, pruned: 0, failed: 0, running: 0 };
  for (const t of trials) {
    if (t.state === 'complete') counts.complete++;
    else if (t.state === 'pruned') counts.pruned++;
    else if (t.state === 'failed') counts.failed++;
    else counts.running++;
  }
  return counts;
}

/**
 * `6 complete, 0 pruned, 0 failed` for people: a trial a stop or a crash cut
 * short (failed as `interrupted`, re-run on resume) is not a failure of the
 * configuration, so it is counted apart (`, 1 interrupted`) when there is one.
 */
export function describeCounts(trials: readonly TrialRecord[]): string {
  const c = countsOf(trials);
  const interrupted = interruptedCount(trials);
  return `${c.complete} complete, ${c.pruned} pruned, ${c.failed - interrupted} failed${interrupted ? `, ${interrupted} interrupted` : ''}`;
}

/** Why a trial was failed without finishing on its own: it is re-run on resume. */
export const INTERRUPTED = 'interrupted';

/** Failed trials that were only cut short (a stop, a dead tuner): they are re-run, not failures of their configuration. */
export function interruptedCount(trials: readonly TrialRecord[]): number {
  return trials.filter((t) => t.state === 'failed' && t.userAttrs.fail_reason === INTERRUPTED).length;
}

/** The `--json` result: `{"run", "dir", "state", "trials": {...}, "best": {...}}`. */
export interface RunSummaryJson {
  run: string;
  dir: string;
  state: string;
  trials: { complete: number; pruned: number; failed: number };
  /** `schedule` only for PBT: the values per step span that trained the best member, [{from_step, to_step, params}]. */
  best: { number: number; params: Record<string, unknown>; values: number[]; schedule?: unknown } | null;
  /** With several objectives: every Pareto-optimal feasible trial. */
  pareto?: Array<{ number: number; params: Record<string, unknown>; values: number[] }>;
}

export function summaryJson(id: string, dir: string, state: string, trials: readonly TrialRecord[], directions: Direction[]): RunSummaryJson {
  const c = countsOf(trials);
  const best = bestTrial(trials, directions);
  const brief = (t: TrialRecord) => ({ number: t.number, params: t.params, values: t.values ?? [] });
  const summary: RunSummaryJson = {
    run: id,
    dir,
    state,
    trials: { complete: c.complete, pruned: c.pruned, failed: c.failed },
    best: best ? brief(best) : null,
  };
  if (best && Array.isArray(best.userAttrs[PBT_ATTRS.schedule])) summary.best!.schedule = best.userAttrs[PBT_ATTRS.schedule];
  if (directions.length > 1) summary.pareto = feasibleParetoFront(trials, directions).map(brief);
  return summary;
}

/** The Pareto front of complete, feasible trials. */
export function feasibleParetoFront(trials: readonly TrialRecord[], directions: Direction[]): TrialRecord[] {
  const complete = trials.filter((t) => t.state === 'complete' && t.values?.length === directions.length && isFeasible(t));
  return paretoFront(complete, directions);
}

/**
 * A run's settings in one line, as the CLI, `show` and the editor's output
 * channel print them: "20 trials, 2 at a time, sampler tpe, pruner asha, seed 7".
 */
export function describeSettings(s: RunSettings): string {
  const parts = [
    `${s.trials} trials`,
    s.parallelAuto ? `one per GPU slot at a time (${s.parallel} without GPUs)` : `${s.parallel} at a time`,
    `sampler ${s.sampler}`,
  ];
  if (s.pruner && s.pruner !== 'none') parts.push(`pruner ${s.pruner}`);
  if (s.pbt) parts.push(`PBT population ${s.pbt.population} every ${s.pbt.interval} steps to ${s.pbt.maxStep}`);
  parts.push(`seed ${s.seed}`);
  return parts.join(', ');
}
