// One benchmark run: a sampler on a task with a seed, for the task's budget,
// reduced to its regret figures.
import type { OptunaWorker } from './optunaClient';
import { areaPerTrial, bestSoFarLogRegret, hypervolumeRegretCurve } from './metrics';
import { ALL_SAMPLERS, openTuner } from './samplers';
import { getTask, isMultiObjective } from './tasks';

export interface Job {
  task: string;
  sampler: string;
  seed: number;
}

export interface JobResult extends Job {
  /** Final simple regret (single objective) or hypervolume regret (several), floored at 1e-12. */
  regret: number;
  /** log10 of `regret`. */
  logRegret: number;
  /** Mean over trials of the log10 best-so-far regret curve. */
  auc: number;
  /** Mean time of one ask over the run. */
  askMs: number;
  wallMs: number;
  error?: string;
}

export async function runJob(job: Job, worker: () => OptunaWorker): Promise<JobResult> {
  const started = performance.now();
  const task = getTask(job.task);
  const sampler = ALL_SAMPLERS.find((s) => s.id === job.sampler);
  if (!sampler) throw new Error(`unknown benchmark sampler ${job.sampler}`);
  const tuner = await openTuner(sampler, task, job.seed, worker);
  const values: number[][] = [];
  let askMs = 0;
  try {
    for (let i = 0; i < task.budget; i++) {
      const asked = await tuner.ask();
      askMs += asked.askMs;
      const v = task.evaluate(asked.params);
      values.push(v);
      await tuner.tell(asked.number, v);
    }
  } finally {
    await tuner.close().catch(() => undefined);
  }
  const curve = isMultiObjective(task)
    ? hypervolumeRegretCurve(values, task.reference!, task.referenceVolume!).map(Math.log10)
    : bestSoFarLogRegret(
        values.map((v) => v[0]),
        task.optimum!,
      );
  const logRegret = curve[curve.length - 1];
  return {
    ...job,
    regret: 10 ** logRegret,
    logRegret,
    auc: areaPerTrial(curve),
    askMs: askMs / task.budget,
    wallMs: performance.now() - started,
  };
}

/** The record of a run that threw, so one broken sampler does not end the benchmark. */
export function failedJob(job: Job, error: unknown, wallMs: number): JobResult {
  return { ...job, regret: NaN, logRegret: NaN, auc: NaN, askMs: NaN, wallMs, error: error instanceof Error ? error.message : String(error) };
}
