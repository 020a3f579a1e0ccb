// Runs and trials for the editor's pure models, without a run directory.
import type { Objective } from '../../../src/annotations';
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';
import type { TrialRecord, TrialState } from '../../../src/engine/trial';
import type { BestOfFile, RunEntry } from '../../../src/editor/runIndex';
import { countsOf } from '../../../src/tuner/summary';
import type { HyperlensRun } from '../../../src/tuner/runFiles';

export function trial(number: number, params: Params, value: number | undefined, state: TrialState = 'complete'): TrialRecord {
  return {
    number, state, params, distributions: {}, intermediate: {}, userAttrs: {}, systemAttrs: {},
    ...(value === undefined ? {} : { values: [value] }),
  };
}

export function entry(id: string, space: SearchSpace, trials: TrialRecord[], direction: Direction = 'minimize', metric = 'val_loss'): RunEntry {
  const run = { id, dir: `/runs/${id}`, source: '/w/c.yaml', space, directions: [direction], objectives: [{ metric, direction }] } as unknown as HyperlensRun;
  const complete = trials.filter((t) => t.state === 'complete' && t.values);
  const sign = direction === 'minimize' ? 1 : -1;
  const best = complete.reduce<TrialRecord | undefined>((b, t) => (!b || sign * t.values![0] < sign * b.values![0] ? t : b), undefined);
  return { run, state: 'complete', trials, counts: countsOf(trials), ...(best ? { best } : {}) };
}

export function bestOf(e: RunEntry): BestOfFile {
  return { entry: e, trial: e.best!, objective: e.run.objectives[0] as Objective };
}
