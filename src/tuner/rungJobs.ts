// Rung jobs: successive halving that sets a fidelity parameter per rung
// (see src/engine/pruners/rungs.ts for who is promoted).
import * as path from 'node:path';
import { nextRungJob, RUNG_ATTRS, type RungOptions } from '../engine/pruners/rungs';
import type { Direction, SearchSpace } from '../engine/space';
import type { AskedTrial, Study } from '../engine/study';
import type { TrialRecord } from '../engine/trial';
import { trialFiles, type TrialResult } from '../executors/trialProcess';
import { checkpointOf, type Job, type JobSource, type NextJob } from './jobs';

/** Rung scheduling applies with a fidelity parameter and a successive-halving pruner. */
export function rungOptions(space: SearchSpace, pruner: string): RungOptions | undefined {
  const name = pruner.toLowerCase();
  if (name !== 'sha' && name !== 'asha' && name !== 'hyperband') return undefined;
  const fidelity = Object.entries(space).find(([, d]) => d.type === 'fidelity');
  if (!fidelity || fidelity[1].type !== 'fidelity') return undefined;
  return { fidelity: fidelity[0], minBudget: fidelity[1].low, maxBudget: fidelity[1].high, reductionFactor: 3, hyperband: name === 'hyperband' };
}

export class RungJobs implements JobSource {
  constructor(
    private readonly study: Study,
    private readonly options: RungOptions,
    private readonly direction: Direction,
    private readonly runDir: string,
  ) {}

  /** A promotion of the best unpromoted trial at some rung, else a new configuration at the bottom rung. */
  next(): NextJob {
    const { study, options: o } = this;
    // A retried rung trial is queued with its rung and budget already.
    if (study.peekQueued()?.[RUNG_ATTRS.rung] !== undefined) return this.withRestore(study.ask());
    const job = nextRungJob(study.trials(), this.direction, o);
    const attrs: Record<string, unknown> = { [RUNG_ATTRS.rung]: job.rung, [RUNG_ATTRS.budget]: job.budget, [RUNG_ATTRS.bracket]: job.bracket };
    if (job.kind === 'promote') {
      attrs[RUNG_ATTRS.promotedFrom] = job.from.number;
      study.enqueue(job.from.params);
    }
    return this.withRestore(study.ask({ [o.fidelity]: job.budget }, attrs));
  }

  /**
   * A rung trial that ran to a budget below the full one ends as pruned, its
   * value kept as the intermediate value at that budget (how samplers and the
   * panel read a partial run). Its cost is the budget it ran, less the budget
   * it restored from a checkpoint.
   */
  finish(record: TrialRecord, result: TrialResult, job: Job): TrialResult {
    if (result.state !== 'complete') return result;
    const { study, options: o } = this;
    const budget = Number(record.params[o.fidelity]);
    study.setTrialAttr(record.number, RUNG_ATTRS.cost, job.restoreFrom ? budget - this.previousBudget(record.number) : budget);
    if (budget >= o.maxBudget) return result;
    study.report(record.number, budget, result.values![0]);
    study.setTrialAttr(record.number, 'pruned_at_step', budget);
    study.setTrialAttr(record.number, 'prune_reason', `ran to rung ${String(record.userAttrs[RUNG_ATTRS.rung])} (${o.fidelity}=${budget}); promoted only if among the best 1/${o.reductionFactor} there`);
    return { ...result, state: 'pruned' };
  }

  /** The run's budget is in full trials: a rung trial costs the share of the full fidelity it runs. */
  jobCost(job: Job): number {
    const budget = Number(job.asked.params[this.options.fidelity]);
    return (job.restoreFrom ? budget - this.previousBudget(job.asked.number) : budget) / this.options.maxBudget;
  }

  trialCost(t: TrialRecord): number {
    const cost = t.userAttrs[RUNG_ATTRS.cost];
    // A trial that failed before its cost was known is charged its whole budget.
    const spent = typeof cost === 'number' ? cost : Number(t.params[this.options.fidelity] ?? this.options.maxBudget);
    return spent / this.options.maxBudget;
  }

  private previousBudget(n: number): number {
    const trials = this.study.trials();
    const from = trials.find((t) => t.number === n)?.userAttrs[RUNG_ATTRS.promotedFrom];
    return typeof from === 'number' ? Number(trials.find((t) => t.number === from)?.userAttrs[RUNG_ATTRS.budget] ?? 0) : 0;
  }

  /** A promoted trial starts from the checkpoint its previous rung saved, if it saved one. */
  private withRestore(asked: AskedTrial): Job {
    const from = this.study.trials().find((t) => t.number === asked.number)?.userAttrs[RUNG_ATTRS.promotedFrom];
    const job: Job = { asked };
    if (typeof from === 'number') {
      const restore = checkpointOf(trialFiles(path.join(this.runDir, 'trials', String(from))).checkpoints);
      if (restore) job.restoreFrom = restore;
    }
    return job;
  }
}

/** Attributes a retried trial keeps, so it keeps its place in a rung schedule. */
export const RUNG_CARRIED = Object.values(RUNG_ATTRS).filter((k) => k !== RUNG_ATTRS.cost) as string[];
