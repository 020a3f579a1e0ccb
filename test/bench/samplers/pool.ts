// The sampler benchmark's runs on the shared pool (../common/pool.ts): one
// Optuna worker per process, a failed run recorded instead of thrown.
import * as path from 'node:path';
import { runPool, type JobKind, type PoolOptions } from '../common/pool';
import { OptunaWorker } from './optunaClient';
import { failedJob, runJob, type Job, type JobResult } from './runJob';

/** Runs a job, turning a failure into a result that says what went wrong. */
export async function runOne(job: Job, worker: () => OptunaWorker): Promise<JobResult> {
  const started = performance.now();
  try {
    return await runJob(job, worker);
  } catch (e) {
    return failedJob(job, e, performance.now() - started);
  }
}

export const SAMPLER_JOBS: JobKind<Job, JobResult, OptunaWorker> = {
  childScript: path.join(__dirname, 'jobChild.js'),
  newWorker: (python) => new OptunaWorker(python),
  run: runOne,
  lost: (job, error) => failedJob(job, error, 0),
};

export function runAll(jobs: readonly Job[], options: PoolOptions<JobResult>): Promise<JobResult[]> {
  return runPool(jobs, SAMPLER_JOBS, options);
}
