// The one interface every sampler implements. A sampler sees the searched
// part of the space and the trials so far, and proposes values; the study
// handles everything else (first trial, retries, duplicates, storage).
import type { Direction, Params } from '../space';
import type { SearchedDistribution } from '../transform';
import type { TrialRecord } from '../trial';

export interface SamplerContext {
  /** Only the parameters a sampler chooses (no fixed or fidelity ones). */
  space: Record<string, SearchedDistribution>;
  /** Every trial so far, running ones included, oldest first. */
  trials: readonly TrialRecord[];
  directions: Direction[];
  /**
   * The values written in the annotated file, when there is one: the person
   * chose them for a reason, so samplers may treat them as a prior that
   * fades as evidence accumulates. Only searched names appear.
   */
  prior?: Params;
}

// Feasibility under `@tune.constraint`: see ../constraints.ts (isFeasible,
// violation). Running trials (state 'running') are pending: samplers that
// model the objective should keep parallel slots from all proposing the
// same point (constant liar, fantasies).

export interface Sampler {
  readonly name: string;
  sample(ctx: SamplerContext): Params;
}
