// What a pruning task is to the harness: a search space, a budget axis
// (steps 1..maxStep; the first rung at minStep) and, for each seed, a
// deterministic learning curve for every configuration of that seed's
// configuration stream. Deterministic curves are what make the comparison
// fair: configuration k of seed s looks the same to every pruner.
import type { Params, SearchSpace } from '../../../src/engine/space';

/** Learning curves of one seed's configurations; values are minimised. */
export interface SeedCurves {
  /** Configuration `index` (with these params) at `step`, 1 <= step <= maxStep. */
  value(index: number, params: Params, step: number): number;
  /** Steps actually computed so far (a cache can make this far less than the steps the pruners spent). */
  readonly computedSteps: number;
  /** Called once every pruner has run this seed: persist caches, free memory. */
  close(): void;
}

export interface PrunerTask {
  name: string;
  /** One line for the report. */
  description: string;
  space: SearchSpace;
  minStep: number;
  maxStep: number;
  /** The budget of a run in full-length trials: B = budgetTrials * maxStep steps. */
  budgetTrials: number;
  /** Seeds when --seeds is not given. */
  defaultSeeds: number;
  /** The same, for --quick. */
  quick: { budgetTrials: number; seeds: number };
  openSeed(seed: number): SeedCurves;
}
