// Where the run loop's next trial comes from. Plain runs ask the sampler;
// successive halving on a fidelity parameter promotes or starts rung jobs
// (rungJobs.ts); population-based training runs generations of segments
// (pbtJobs.ts). Each source rebuilds its state from the study's trials, so a
// resumed run goes on where it stopped.
import * as fs from 'node:fs';
import type { AskedTrial, Study } from '../engine/study';
import { SpaceExhaustedError } from '../engine/study';
import type { TrialRecord } from '../engine/trial';
import type { TrialResult } from '../executors/trialProcess';

export interface Job {
  asked: AskedTrial;
  /** HYPERLENS_RESTORE_FROM for the trial. */
  restoreFrom?: string;
  /** End the trial as complete once it reports this step. */
  stopAtStep?: number;
}

/** A job, or `wait` (for running trials to end first), or `exhausted` (no job will come). */
export type NextJob = Job | 'wait' | { exhausted: string };

export interface JobSource {
  next(): NextJob;
  /** A trial's result before it is recorded; a source may restate it (a rung's end is not a complete trial). */
  finish?(record: TrialRecord, result: TrialResult, job: Job): TrialResult;
  /** A job's share of the run's budget in full trials, while it runs; 1 when absent. */
  jobCost?(job: Job): number;
  /** An ended trial's share of the budget; 1 when absent. */
  trialCost?(t: TrialRecord): number;
  /** Said once when the run ends, for a person: PBT's best schedule. */
  summary?(): string | undefined;
}

/** The sampler's next configuration (or a queued one), until a discrete space runs out. */
export class SamplerJobs implements JobSource {
  constructor(private readonly study: Study) {}

  next(): NextJob {
    try {
      return { asked: this.study.ask() };
    } catch (err) {
      if (err instanceof SpaceExhaustedError) return { exhausted: `Stopping early: ${err.message}.` };
      throw err;
    }
  }
}

/** A trial's checkpoint folder when it holds something to restore, else undefined. */
export function checkpointOf(checkpointsDir: string): string | undefined {
  try {
    return fs.readdirSync(checkpointsDir).length > 0 ? checkpointsDir : undefined;
  } catch {
    return undefined;
  }
}
