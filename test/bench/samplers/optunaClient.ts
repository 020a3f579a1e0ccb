// The Node side of optuna_worker.py: one long-lived Python process that hosts
// Optuna studies, spoken to in JSON lines. Requests are answered in order.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';

/** Debian's python3-optuna lives here; a `python3` earlier on PATH may lack it. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

interface Pending {
  resolve(reply: Record<string, unknown>): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

export interface OptunaAsk {
  number: number;
  params: Params;
  /** Time spent inside study.ask, measured in Python. */
  askMs: number;
}

/** Finds optuna_worker.py next to this file's source, from the compiled output or the repo root. */
export function workerScript(): string {
  const candidates: string[] = [];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'test', 'bench', 'samplers', 'optuna_worker.py'));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push(path.join(process.cwd(), 'test', 'bench', 'samplers', 'optuna_worker.py'));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('optuna_worker.py not found: run the benchmark from the repository root');
  return found;
}

export class OptunaWorker {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: Pending[] = [];
  private nextStudy = 1;
  private stderr = '';

  constructor(private readonly python = DEFAULT_PYTHON) {}

  /** Starts the worker (if needed) and returns Optuna's version. */
  async hello(): Promise<string> {
    const reply = await this.request({ op: 'hello' });
    return String(reply.optuna);
  }

  async createStudy(sampler: string, seed: number, directions: Direction[], space: SearchSpace): Promise<number> {
    const study = this.nextStudy++;
    await this.request({ op: 'create', study, sampler, seed, directions, space });
    return study;
  }

  async ask(study: number, timeoutMs?: number): Promise<OptunaAsk> {
    const r = await this.request({ op: 'ask', study }, timeoutMs);
    return { number: r.number as number, params: r.params as Params, askMs: (r.ask_s as number) * 1000 };
  }

  async tell(study: number, number: number, values: number[]): Promise<void> {
    await this.request({ op: 'tell', study, number, values });
  }

  /** Adds finished trials without asking the sampler (to time asks on a large study). */
  async addTrials(study: number, trials: Array<{ params: Params; values: number[] }>, timeoutMs?: number): Promise<void> {
    await this.request({ op: 'add', study, trials }, timeoutMs);
  }

  async closeStudy(study: number): Promise<void> {
    await this.request({ op: 'close', study });
  }

  /** Ends the Python process; a later request starts a new one. */
  stop(): void {
    const child = this.child;
    this.child = undefined;
    if (child) {
      child.stdin.end();
      child.kill();
    }
    this.failAll(new Error('optuna worker stopped'));
  }

  private start(): ChildProcessWithoutNullStreams {
    // One BLAS thread: with --jobs N, N workers already share the cores, and
    // numpy's thread pools fighting over them made runs several times slower.
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const child = spawn(this.python, [workerScript()], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.stderr = '';
    child.stdin.on('error', () => undefined); // a dead worker is reported by 'exit'
    child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const p = this.pending.shift();
      if (!p) return;
      if (p.timer) clearTimeout(p.timer);
      let reply: Record<string, unknown>;
      try {
        reply = JSON.parse(line) as Record<string, unknown>;
      } catch {
        p.reject(new Error(`optuna worker: unreadable reply ${line.slice(0, 200)}`));
        return;
      }
      if (typeof reply.error === 'string') p.reject(new Error(`optuna worker: ${reply.error}`));
      else p.resolve(reply);
    });
    const onGone = (why: string): void => {
      if (this.child !== child) return;
      this.child = undefined;
      this.failAll(new Error(`optuna worker (${this.python}) ${why}${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
    };
    child.on('error', (e) => onGone(`could not start: ${e.message}`));
    child.on('exit', (code, signal) => onGone(`exited (${signal ?? code})`));
    this.child = child;
    return child;
  }

  private request(msg: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>> {
    const child = this.child ?? this.start();
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject };
      if (timeoutMs !== undefined) {
        // A request that runs too long takes the whole worker down with it;
        // studies on it are lost, and the next request starts a fresh one.
        p.timer = setTimeout(() => {
          const i = this.pending.indexOf(p);
          if (i >= 0) this.pending.splice(i, 1);
          reject(new Error(`optuna worker: "${String(msg.op)}" took over ${timeoutMs} ms`));
          this.stop();
        }, timeoutMs);
      }
      this.pending.push(p);
      child.stdin.write(JSON.stringify(msg) + '\n');
    });
  }

  private failAll(error: Error): void {
    for (const p of this.pending.splice(0)) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(error);
    }
  }
}
