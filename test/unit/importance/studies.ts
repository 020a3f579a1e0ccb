// Synthetic studies whose true parameter importance is known.
import { Rng } from '../../../src/engine/random';
import type { Params, SearchSpace } from '../../../src/engine/space';
import type { TrialRecord } from '../../../src/engine/trial';

export function trial(number: number, params: Params, space: SearchSpace, values?: number[], extra: Partial<TrialRecord> = {}): TrialRecord {
  return { number, state: 'complete', params, distributions: space, values, intermediate: {}, userAttrs: {}, systemAttrs: {}, ...extra };
}

export const mixedSpace: SearchSpace = {
  x1: { type: 'float', low: 0, high: 1, log: false },
  x2: { type: 'float', low: 0, high: 1, log: false },
  x3: { type: 'float', low: 0, high: 1, log: false },
  cat: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
  epochs: { type: 'fidelity', low: 1, high: 10 },
  seed: { type: 'fixed', value: 42 },
};

const catCost: Record<string, number> = { sgd: 0.3, adam: 0, rmsprop: 0.15 };

/**
 * Strong in x1, a categorical that matters, weak in x2, nothing from x3,
 * as seen from the best tenth of trials (what PED-ANOVA measures).
 */
export function mixedObjective(p: Params): number {
  const x1 = p.x1 as number;
  return 10 * (x1 - 0.3) ** 2 + catCost[p.cat as string] + 0.3 * (p.x2 as number);
}

const catSpread: Record<string, number> = { sgd: 0.6, adam: 0, rmsprop: 0.3 };

/**
 * The same ranking by share of variance over the whole space, which is what
 * fANOVA measures (in mixedObjective x1's variance swamps the others).
 */
export function spreadObjective(p: Params): number {
  const x1 = p.x1 as number;
  return 4 * (x1 - 0.3) ** 2 + catSpread[p.cat as string] + 0.15 * (p.x2 as number);
}

/** `n` uniformly random trials of mixedSpace scored by `objective`. */
export function randomStudy(n: number, seed: number, objective: (p: Params) => number = mixedObjective): TrialRecord[] {
  const rng = new Rng(seed);
  const choices = ['sgd', 'adam', 'rmsprop'];
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const p: Params = { x1: rng.next(), x2: rng.next(), x3: rng.next(), cat: choices[rng.int(3)], epochs: 10, seed: 42 };
    trials.push(trial(i, p, mixedSpace, [objective(p)]));
  }
  return trials;
}
