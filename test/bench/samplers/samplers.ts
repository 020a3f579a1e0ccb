// The samplers the benchmark compares, ours and Optuna's, and a uniform
// ask/tell handle over either so a run does not care whose sampler it drives.
import { MemoryStorage } from '../../../src/engine/memoryStorage';
import { createSampler } from '../../../src/engine/samplers';
import { Study } from '../../../src/engine/study';
import type { Params } from '../../../src/engine/space';
import type { OptunaWorker } from './optunaClient';
import type { Task } from './tasks';

export interface BenchSampler {
  /** Name in tables and on --samplers: ours bare (`tpe`), Optuna's prefixed (`optuna:tpe`). */
  id: string;
  engine: 'hyperlens' | 'optuna';
  /** The name createSampler or the Python worker knows it by. */
  name: string;
  objectives: 'single' | 'multi' | 'both';
  /** Rough ms per trial at d = 10 over ~150 trials, for the time estimate and scheduling. */
  msPerTrial: number;
}

export const OPTUNA_PREFIX = 'optuna:';

const ours = (name: string, objectives: BenchSampler['objectives'], msPerTrial: number): BenchSampler => ({ id: name, engine: 'hyperlens', name, objectives, msPerTrial });
const optuna = (name: string, objectives: BenchSampler['objectives'], msPerTrial: number): BenchSampler => ({
  id: OPTUNA_PREFIX + name,
  engine: 'optuna',
  name,
  objectives,
  msPerTrial,
});

export const ALL_SAMPLERS: BenchSampler[] = [
  ours('random', 'both', 0.05),
  ours('qmc', 'both', 0.05),
  ours('tpe', 'single', 3),
  ours('gp', 'single', 80),
  ours('cmaes', 'single', 0.5),
  ours('nsga2', 'multi', 0.5),
  ours('motpe', 'multi', 10),
  // auto may choose GP, so it is budgeted like it.
  ours('auto', 'both', 40),
  optuna('random', 'both', 0.5),
  optuna('tpe', 'single', 21),
  optuna('tpe-mv', 'single', 18),
  optuna('cmaes', 'single', 0.8),
  optuna('nsga2', 'multi', 1.5),
  optuna('motpe', 'multi', 70),
];

export function appliesTo(s: BenchSampler, multiObjective: boolean): boolean {
  return s.objectives === 'both' || (s.objectives === 'multi') === multiObjective;
}

/**
 * Why a pairing is left out unless --with-slow asks for it. Measured here:
 * Optuna 3.1's MOTPE spends 1.5-3 s an ask on a 3-objective study of ~150
 * trials (its hypervolume bookkeeping is pure Python), 4-8 min a run.
 */
export function tooSlow(s: BenchSampler, objectives: number): string | undefined {
  if (s.id === 'optuna:motpe' && objectives >= 3) return 'Optuna 3.1 MOTPE takes 1.5-3 s an ask with 3 objectives (4-8 min a run)';
  return undefined;
}

/** Why one of our samplers cannot run yet (not registered), or undefined when it can. */
export function unavailableReason(s: BenchSampler): string | undefined {
  if (s.engine !== 'hyperlens') return undefined;
  try {
    createSampler(s.name, 1);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export interface AskedParams {
  number: number;
  params: Params;
  askMs: number;
}

/** One study of one sampler on one task. */
export interface TunerHandle {
  ask(): Promise<AskedParams>;
  tell(number: number, values: number[]): Promise<void>;
  close(): Promise<void>;
}

export async function openTuner(s: BenchSampler, task: Task, seed: number, worker: () => OptunaWorker): Promise<TunerHandle> {
  if (s.engine === 'optuna') {
    const w = worker();
    const study = await w.createStudy(s.name, seed, task.directions, task.space);
    return {
      ask: () => w.ask(study),
      tell: (number, values) => w.tell(study, number, values),
      close: () => w.closeStudy(study),
    };
  }
  const study = new Study({
    space: task.space,
    directions: task.directions,
    sampler: createSampler(s.name, seed),
    storage: new MemoryStorage(task.name, task.directions),
    seed,
  });
  return {
    ask: async () => {
      const start = performance.now();
      const asked = study.ask();
      return { number: asked.number, params: asked.params, askMs: performance.now() - start };
    },
    tell: async (number, values) => study.tell(number, 'complete', values),
    close: async () => undefined,
  };
}
