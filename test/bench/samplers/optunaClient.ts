// The Node side of optuna_worker.py: one long-lived Python process that hosts
// Optuna studies, spoken to in JSON lines. Requests are answered in order.
import * as path from 'node:path';
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';
import { findRepoFile, JsonLinesWorker } from '../common/jsonLinesWorker';
import { DEFAULT_PYTHON } from '../common/optuna';

export interface OptunaAsk {
  number: number;
  params: Params;
  /** Time spent inside study.ask, measured in Python. */
  askMs: number;
}

/** Finds optuna_worker.py next to this file's source, from the compiled output or the repo root. */
export function workerScript(): string {
  return findRepoFile(path.join('test', 'bench', 'samplers', 'optuna_worker.py'));
}

export class OptunaWorker {
  private readonly worker: JsonLinesWorker;
  private nextStudy = 1;

  constructor(python = DEFAULT_PYTHON) {
    this.worker = new JsonLinesWorker(python, workerScript, 'optuna worker');
  }

  /** Starts the worker (if needed) and returns Optuna's version. */
  async hello(): Promise<string> {
    const reply = await this.worker.request({ op: 'hello' });
    return String(reply.optuna);
  }

  async createStudy(sampler: string, seed: number, directions: Direction[], space: SearchSpace): Promise<number> {
    const study = this.nextStudy++;
    await this.worker.request({ op: 'create', study, sampler, seed, directions, space });
    return study;
  }

  async ask(study: number, timeoutMs?: number): Promise<OptunaAsk> {
    const r = await this.worker.request({ op: 'ask', study }, timeoutMs);
    return { number: r.number as number, params: r.params as Params, askMs: (r.ask_s as number) * 1000 };
  }

  async tell(study: number, number: number, values: number[]): Promise<void> {
    await this.worker.request({ op: 'tell', study, number, values });
  }

  /** Adds finished trials without asking the sampler (to time asks on a large study). */
  async addTrials(study: number, trials: Array<{ params: Params; values: number[] }>, timeoutMs?: number): Promise<void> {
    await this.worker.request({ op: 'add', study, trials }, timeoutMs);
  }

  async closeStudy(study: number): Promise<void> {
    await this.worker.request({ op: 'close', study });
  }

  /** Ends the Python process; a later request starts a new one. */
  stop(): void {
    this.worker.stop();
  }
}
