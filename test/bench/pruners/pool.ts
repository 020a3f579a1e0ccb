// Runs the seed jobs, in this process or spread over forked Node children
// (each with its own Optuna worker), and reports each result as it arrives.
// Seeds are independent, so the figures do not depend on --jobs.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { OptunaPrunerWorker } from './optunaPrunerClient';
import { runSeed, type SeedJob, type SeedResult } from './runSeed';

export interface PoolOptions {
  jobs: number;
  python: string;
  onResult(result: SeedResult): void;
}

/** Messages between the pool and seedChild.ts. */
export type ToChild = { type: 'job'; job: SeedJob } | { type: 'stop' };
export type FromChild = { type: 'result'; result: SeedResult };

export async function runAll(jobs: readonly SeedJob[], options: PoolOptions): Promise<SeedResult[]> {
  if (options.jobs <= 1) return runHere(jobs, options);
  return runForked(jobs, options);
}

async function runHere(jobs: readonly SeedJob[], options: PoolOptions): Promise<SeedResult[]> {
  const worker = new OptunaPrunerWorker(options.python);
  const results: SeedResult[] = [];
  try {
    for (const job of jobs) {
      const r = await runSeed(job, () => worker);
      results.push(r);
      options.onResult(r);
    }
  } finally {
    worker.stop();
  }
  return results;
}

function runForked(jobs: readonly SeedJob[], options: PoolOptions): Promise<SeedResult[]> {
  const queue = [...jobs];
  const results: SeedResult[] = [];
  const script = path.join(__dirname, 'seedChild.js');
  let live = 0;
  return new Promise((resolve) => {
    const startChild = (): void => {
      const child: ChildProcess = fork(script, [options.python], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      live++;
      let current: SeedJob | undefined;
      const feed = (): void => {
        current = queue.shift();
        child.send(current ? ({ type: 'job', job: current } satisfies ToChild) : ({ type: 'stop' } satisfies ToChild));
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
          // A crashed child loses its seed; record it and carry on with a new child.
          const r: SeedResult = { job: current, runs: [], computedSteps: 0, wallMs: 0, error: `benchmark child exited (${signal ?? code})` };
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
