// `auto`, the default sampler: picks a concrete sampler from the shape of
// the problem (numeric or mixed space, its size, the trials so far, the
// number of objectives). The policy below follows the measurements in
// BENCHMARKS.md (npm run bench:samplers); change it only with new evidence.
import type { Params } from '../space';
import { cardinality } from '../transform';
import type { Sampler, SamplerContext } from './sampler';

export type SamplerFactory = (name: string, seed?: number) => Sampler;

/** Above this many trials a GP's cubic cost stops paying for itself. */
export const GP_MAX_TRIALS = 300;
/** Above this many encoded dimensions (a categorical counts one per choice) the GP is no longer the best bet. */
export const GP_MAX_DIMENSIONS = 20;
/** Past this many trials MOTPE's asks grow slow and NSGA-II's evolution has had room to work. */
export const MOTPE_MAX_TRIALS = 1000;
/** Spaces with at most this many configurations are enumerated. */
export const GRID_MAX_SIZE = 16;

/** The sampler `auto` uses for the next trial of this study. */
export function chooseSampler(ctx: SamplerContext): string {
  const dists = Object.values(ctx.space);
  if (ctx.directions.length > 1) return ctx.trials.length < MOTPE_MAX_TRIALS ? 'motpe' : 'nsga2';
  if (dists.length === 0) return 'random';
  const size = dists.reduce((n, d) => n * cardinality(d), 1);
  // A tiny discrete space: try every configuration once.
  if (size <= GRID_MAX_SIZE) return 'grid';
  const width = dists.reduce((n, d) => n + (d.type === 'categorical' ? d.choices.length : 1), 0);
  if (width <= GP_MAX_DIMENSIONS && ctx.trials.length < GP_MAX_TRIALS) return 'gp';
  return 'tpe';
}

export class AutoSampler implements Sampler {
  readonly name = 'auto';
  private readonly delegates = new Map<string, Sampler>();
  /** What the last proposal came from, for logs and the panel. */
  lastChoice: string | undefined;

  constructor(
    private readonly create: SamplerFactory,
    private readonly seed?: number,
  ) {}

  sample(ctx: SamplerContext): Params {
    const name = chooseSampler(ctx);
    this.lastChoice = name;
    let sampler = this.delegates.get(name);
    if (!sampler) {
      sampler = this.create(name, this.seed);
      this.delegates.set(name, sampler);
    }
    return sampler.sample(ctx);
  }
}
