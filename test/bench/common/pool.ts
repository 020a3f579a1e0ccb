// Runs a benchmark's jobs, in this process or spread over forked Node
// children (each with its own Optuna worker, so Python starts once per
// child), and reports each result as it arrives. Jobs are independent, so
// the figures do not depend on --jobs.
import { fork, type ChildProcess } from 'node:child_process';

/** What a benchmark tells the pool about its jobs. */
export interface JobKind<Job, Result, Worker extends { stop(): void }> {
  /** The compiled child script, which calls serveJobs with this same kind. */
  childScript: string;
  newWorker(python: string): Worker;
  /** Runs one job; a failure should come back as a result, not a rejection. */
  run(job: Job, worker: () => Worker): Promise<Result>;
  /** The result recorded for a job whose child died under it. */
  lost(job: Job, error: Error): Result;
}

export interface PoolOptions<Result> {
  jobs: number;
  python: string;
  onResult(result: Result): void;
}

/** Messages between the pool and a child running serveJobs. */
type ToChild<Job> = { type: 'job'; job: Job } | { type: 'stop' };
type FromChild<Result> = { type: 'result'; result: Result };

export async function runPool<Job, Result, Worker extends { stop(): void }>(
  jobs: readonly Job[],
  kind: JobKind<Job, Result, Worker>,
  options: PoolOptions<Result>,
): Promise<Result[]> {
  if (options.jobs <= 1) return runHere(jobs, kind, options);
  return runForked(jobs, kind, options);
}

async function runHere<Job, Result, Worker extends { stop(): void }>(
  jobs: readonly Job[],
  kind: JobKind<Job, Result, Worker>,
  options: PoolOptions<Result>,
): Promise<Result[]> {
  const worker = kind.newWorker(options.python);
  const results: Result[] = [];
  try {
    for (const job of jobs) {
      const r = await kind.run(job, () => worker);
      results.push(r);
      options.onResult(r);
    }
  } finally {
    worker.stop();
  }
  return results;
}

function runForked<Job, Result, Worker extends { stop(): void }>(
  jobs: readonly Job[],
  kind: JobKind<Job, Result, Worker>,
  options: PoolOptions<Result>,
): Promise<Result[]> {
  const queue = [...jobs];
  const results: Result[] = [];
  let live = 0;
  return new Promise((resolve) => {
    const startChild = (): void => {
      const child: ChildProcess = fork(kind.childScript, [options.python], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      live++;
      let current: Job | undefined;
      const feed = (): void => {
        current = queue.shift();
        child.send(current !== undefined ? ({ type: 'job', job: current } satisfies ToChild<Job>) : ({ type: 'stop' } satisfies ToChild<Job>));
      };
      child.on('message', (m: FromChild<Result>) => {
        if (m.type !== 'result') return;
        results.push(m.result);
        options.onResult(m.result);
        feed();
      });
      child.on('exit', (code, signal) => {
        live--;
        if (current !== undefined) {
          // A crashed child loses its job; record it and carry on with a new child.
          const r = kind.lost(current, new Error(`benchmark child exited (${signal ?? code})`));
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

/**
 * The body of a forked child: takes jobs from the pool one at a time and
 * keeps one worker for all of them. The Python path is the child's argument.
 */
export function serveJobs<Job, Result, Worker extends { stop(): void }>(kind: JobKind<Job, Result, Worker>): void {
  const worker = kind.newWorker(process.argv[2]);
  process.on('message', (m: ToChild<Job>) => {
    if (m.type === 'stop') {
      worker.stop();
      process.disconnect();
      return;
    }
    void kind.run(m.job, () => worker).then((result) => process.send!({ type: 'result', result } satisfies FromChild<Result>));
  });
}
