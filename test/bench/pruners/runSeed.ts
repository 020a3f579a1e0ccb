// One seed of one task: every pruner in turn on the seed's configuration
// stream, sharing its learning curves (so MNIST trains each epoch once).
import { ConfigStream } from './configStream';
import { ALL_CONTENDERS, openPruner } from './contenders';
import type { OptunaPrunerWorker } from './optunaPrunerClient';
import { runOne, type RunResult } from './runRun';
import { getTask } from './taskRegistry';

export interface SeedJob {
  task: string;
  seed: number;
  budgetTrials: number;
  /** Contender ids, `none` first. */
  pruners: string[];
  diskCache: boolean;
}

export interface SeedResult {
  job: SeedJob;
  runs: RunResult[];
  /** Steps the task actually computed (fewer than the pruners spent: curves are shared and cached). */
  computedSteps: number;
  wallMs: number;
  error?: string;
}

export async function runSeed(job: SeedJob, worker: () => OptunaPrunerWorker): Promise<SeedResult> {
  const started = performance.now();
  const runs: RunResult[] = [];
  try {
    const task = getTask(job.task, job.diskCache);
    const stream = new ConfigStream(task.space, job.seed);
    const curves = task.openSeed(job.seed);
    try {
      for (const id of job.pruners) {
        const c = ALL_CONTENDERS.find((x) => x.id === id);
        if (!c) throw new Error(`unknown pruner ${id}`);
        const handle = await openPruner(c, task, job.seed, stream, worker);
        runs.push(await runOne(task, c, job.seed, job.budgetTrials * task.maxStep, stream, curves, handle));
      }
      return { job, runs, computedSteps: curves.computedSteps, wallMs: performance.now() - started };
    } finally {
      curves.close();
    }
  } catch (e) {
    return { job, runs, computedSteps: 0, wallMs: performance.now() - started, error: (e as Error).message };
  }
}
