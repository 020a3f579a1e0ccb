// The Node side of optuna_pruner_worker.py: one long-lived Python process
// hosting Optuna studies with pruners, spoken to in JSON lines. Requests are
// answered in order; the benchmark sends one at a time.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

export { DEFAULT_PYTHON } from '../samplers/optunaClient';

/** Optuna's pruners this benchmark drives, by the name the worker knows them. */
export type OptunaPrunerName = 'median' | 'sha' | 'hyperband';

interface Pending {
  resolve(reply: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** Finds optuna_pruner_worker.py next to this file's source, from the compiled output or the repo root. */
export function prunerWorkerScript(): string {
  const rel = path.join('test', 'bench', 'pruners', 'optuna_pruner_worker.py');
  const candidates: string[] = [];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, rel));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push(path.join(process.cwd(), rel));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('optuna_pruner_worker.py not found: run the benchmark from the repository root');
  return found;
}

export class OptunaPrunerWorker {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: Pending[] = [];
  private nextStudy = 1;
  private stderr = '';

  constructor(private readonly python: string) {}

  /** Starts the worker (if needed) and returns Optuna's version. */
  async hello(): Promise<string> {
    return String((await this.request({ op: 'hello' })).optuna);
  }

  /** A study named `name` (Hyperband's brackets hash it) with Optuna's RandomSampler(seed) and the pruner. */
  async createStudy(name: string, pruner: OptunaPrunerName, seed: number, minStep: number, maxStep: number): Promise<number> {
    const study = this.nextStudy++;
    await this.request({ op: 'create', study, name, pruner, seed, min_step: minStep, max_step: maxStep });
    return study;
  }

  async ask(study: number): Promise<number> {
    return (await this.request({ op: 'ask', study })).number as number;
  }

  /** trial.report(value, step), then trial.should_prune() when `judge`. */
  async report(study: number, number: number, step: number, value: number, judge: boolean): Promise<boolean> {
    return (await this.request({ op: 'report', study, number, step, value, judge })).prune === true;
  }

  async tell(study: number, number: number, state: 'complete' | 'pruned' | 'failed', value?: number): Promise<void> {
    await this.request({ op: 'tell', study, number, state, value });
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
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const child = spawn(this.python, [prunerWorkerScript()], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.stderr = '';
    child.stdin.on('error', () => undefined); // a dead worker is reported by 'exit'
    child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const p = this.pending.shift();
      if (!p) return;
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

  private request(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
    const child = this.child ?? this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      child.stdin.write(JSON.stringify(msg) + '\n');
    });
  }

  private failAll(error: Error): void {
    for (const p of this.pending.splice(0)) p.reject(error);
  }
}
