// The Node side of optuna_pruner_worker.py: one long-lived Python process
// hosting Optuna studies with pruners, spoken to in JSON lines. Requests are
// answered in order; the benchmark sends one at a time.
import * as path from 'node:path';
import { findRepoFile, JsonLinesWorker } from '../common/jsonLinesWorker';

/** Optuna's pruners this benchmark drives, by the name the worker knows them. */
export type OptunaPrunerName = 'median' | 'sha' | 'hyperband';

/** Finds optuna_pruner_worker.py next to this file's source, from the compiled output or the repo root. */
export function prunerWorkerScript(): string {
  return findRepoFile(path.join('test', 'bench', 'pruners', 'optuna_pruner_worker.py'));
}

export class OptunaPrunerWorker {
  private readonly worker: JsonLinesWorker;
  private nextStudy = 1;

  constructor(python: string) {
    this.worker = new JsonLinesWorker(python, prunerWorkerScript, 'optuna worker');
  }

  /** Starts the worker (if needed) and returns Optuna's version. */
  async hello(): Promise<string> {
    return String((await this.worker.request({ op: 'hello' })).optuna);
  }

  /** A study named `name` (Hyperband's brackets hash it) with Optuna's RandomSampler(seed) and the pruner. */
  async createStudy(name: string, pruner: OptunaPrunerName, seed: number, minStep: number, maxStep: number): Promise<number> {
    const study = this.nextStudy++;
    await this.worker.request({ op: 'create', study, name, pruner, seed, min_step: minStep, max_step: maxStep });
    return study;
  }

  async ask(study: number): Promise<number> {
    return (await this.worker.request({ op: 'ask', study })).number as number;
  }

  /** trial.report(value, step), then trial.should_prune() when `judge`. */
  async report(study: number, number: number, step: number, value: number, judge: boolean): Promise<boolean> {
    return (await this.worker.request({ op: 'report', study, number, step, value, judge })).prune === true;
  }

  async tell(study: number, number: number, state: 'complete' | 'pruned' | 'failed', value?: number): Promise<void> {
    await this.worker.request({ op: 'tell', study, number, state, value });
  }

  async closeStudy(study: number): Promise<void> {
    await this.worker.request({ op: 'close', study });
  }

  /** Ends the Python process; a later request starts a new one. */
  stop(): void {
    this.worker.stop();
  }
}
