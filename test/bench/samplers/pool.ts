// Runs the jobs, in this process or spread over forked Node children (each
// with its own Optuna worker), and reports each result as it arrives.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { OptunaWorker } from './optunaClient';
import { failedJob, runJob, type Job, type JobResult } from './runJob';

export interface PoolOptions {
  jobs: number;
  python: string;
  onResult(result: JobResult): void;
}

/** Messages between the pool and jobChild.ts. */
export type ToChild = { type: 'job'; job: Job } | { type: 'stop' };
export type FromChild = { type: 'result'; result: JobResult };

export async function runAll(jobs: readonly Job[], options: PoolOptions): Promise<JobResult[]> {
  if (options.jobs <= 1) return runHere(jobs, options);
  return runForked(jobs, options);
}

async function runHere(jobs: readonly Job[], options: PoolOptions): Promise<JobResult[]> {
  const worker = new OptunaWorker(options.python);
  const results: JobResult[] = [];
  try {
    for (const job of jobs) {
      const r = await runOne(job, () => worker);
      results.push(r);
      options.onResult(r);
    }
  } finally {
    worker.stop();
  }
  return results;
}

/** Runs a job, turning a failure into a result that says what went wrong. */
export async function runOne(job: Job, worker: () => OptunaWorker): Promise<JobResult> {
  const started = performance.now();
  try {
    return await runJob(job, worker);
  } catch (e) {
    return failedJob(job, e, performance.now() - started);
  }
}

function runForked(jobs: readonly Job[], options: PoolOptions): Promise<JobResult[]> {
  const queue = [...jobs];
  const results: JobResult[] = [];
  const script = path.join(__dirname, 'jobChild.js');
  let live = 0;
  return new Promise((resolve) => {
    const startChild = (): void => {
      const child: ChildProcess = fork(script, [options.python], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      live++;
      let current: Job | undefined;
      const feed = (): void => {
        current = queue.shift();
        if (current) child.send({ type: 'job', job: current } satisfies ToChild);
        else child.send({ type: 'stop' } satisfies ToChild);
      };
      child.on('message', (m: FromChild) => {
        if (m.type !== 'result') return;
        results.push(m.result);
        options.onResult(m.result);
        feed();
      });
      child.on('exit', (code, signal) => {
        live--;
        if (current) {
          // A crashed child loses its job; record it and carry on with a new child.
          const r = failedJob(current, new Error(`benchmark child exited (${signal ?? code})`), 0);
          current = undefined;
          results.push(r);
          options.onResult(r);
          if (queue.length > 0) startChild();
        }
        if (live === 0) resolve(results);
      });
      feed();
    };
    const n = Math.min(options.jobs, Math.max(1, queue.length));
    for (let i = 0; i < n; i++) startChild();
  });
}
