// The pruners compared: ours through createPruner and a Study on
// MemoryStorage, Optuna's through the Python worker. Both sides get trials
// one at a time and a value per step; neither chooses configurations.
import { MemoryStorage } from '../../../src/engine/memoryStorage';
import { createPruner } from '../../../src/engine/pruners';
import { RandomSampler } from '../../../src/engine/samplers/random';
import { Study } from '../../../src/engine/study';
import type { ConfigStream } from './configStream';
import type { OptunaPrunerName, OptunaPrunerWorker } from './optunaPrunerClient';
import type { PrunerTask } from './tasks';

export interface Contender {
  /** As the report and --pruners name it: `asha`, `optuna:hyperband`. */
  id: string;
  engine: 'hyperlens' | 'optuna';
  name: string;
}

export const OPTUNA_PREFIX = 'optuna:';

const ours = (name: string): Contender => ({ id: name, engine: 'hyperlens', name });
const optuna = (name: OptunaPrunerName): Contender => ({ id: OPTUNA_PREFIX + name, engine: 'optuna', name });

/** `none` first: its run defines the quality the others must reach. */
export const ALL_CONTENDERS: Contender[] = [
  ours('none'),
  ours('median'),
  ours('asha'),
  ours('hyperband'),
  ours('curve'),
  // MedianPruner(); SuccessiveHalvingPruner(min_resource=minStep, reduction_factor=3);
  // HyperbandPruner(min_resource=minStep, max_resource=maxStep, reduction_factor=3).
  optuna('median'),
  optuna('sha'),
  optuna('hyperband'),
];

export type EndState = 'complete' | 'pruned' | 'failed';

/** One study under one pruner. Trial numbers count from 0 and index the configuration stream. */
export interface PrunerHandle {
  ask(): Promise<number>;
  /** Records the value; answers whether to stop, when `judge` (never asked at the last step). */
  report(trial: number, step: number, value: number, judge: boolean): Promise<boolean>;
  tell(trial: number, state: EndState, value?: number): Promise<void>;
  close(): Promise<void>;
}

export async function openPruner(c: Contender, task: PrunerTask, seed: number, stream: ConfigStream, worker: () => OptunaPrunerWorker): Promise<PrunerHandle> {
  if (c.engine === 'optuna') {
    const w = worker();
    // A fixed name: Optuna's Hyperband deals trials into brackets by a CRC of it.
    const study = await w.createStudy(`${task.name}-${seed}`, c.name as OptunaPrunerName, seed, task.minStep, task.maxStep);
    return {
      ask: () => w.ask(study),
      report: (trial, step, value, judge) => w.report(study, trial, step, value, judge),
      tell: (trial, state, value) => w.tell(study, trial, state, value),
      close: () => w.closeStudy(study),
    };
  }
  const study = new Study({
    space: task.space,
    directions: ['minimize'],
    // Never consulted: every trial's configuration is enqueued from the stream.
    sampler: new RandomSampler(seed),
    storage: new MemoryStorage(`${task.name}-${seed}`, ['minimize']),
    seed,
    pruner: createPruner(c.name, { minStep: task.minStep, maxStep: task.maxStep, seed }),
  });
  let asked = 0;
  return {
    ask: async () => {
      study.enqueue(stream.get(asked));
      const { number } = study.ask();
      if (number !== asked) throw new Error(`expected trial ${asked}, the study made ${number}`);
      return asked++;
    },
    report: async (trial, step, value, judge) => {
      const decision = study.report(trial, step, value);
      return judge && decision.prune;
    },
    tell: async (trial, state, value) => study.tell(trial, state, state === 'complete' ? [value!] : undefined),
    close: async () => undefined,
  };
}
