// The pruner benchmark's seed jobs on the shared pool (../common/pool.ts):
// one Optuna worker per process; runSeed records its own failures.
import * as path from 'node:path';
import { runPool, type JobKind, type PoolOptions } from '../common/pool';
import { OptunaPrunerWorker } from './optunaPrunerClient';
import { runSeed, type SeedJob, type SeedResult } from './runSeed';

export const SEED_JOBS: JobKind<SeedJob, SeedResult, OptunaPrunerWorker> = {
  childScript: path.join(__dirname, 'seedChild.js'),
  newWorker: (python) => new OptunaPrunerWorker(python),
  run: runSeed,
  // A crashed child loses its seed: no runs, and the reason in place of figures.
  lost: (job, error) => ({ job, runs: [], computedSteps: 0, wallMs: 0, error: error.message }),
};

export function runAll(jobs: readonly SeedJob[], options: PoolOptions<SeedResult>): Promise<SeedResult[]> {
  return runPool(jobs, SEED_JOBS, options);
}
