// "The same sampler" for every pruner: one seeded stream of random
// configurations per (task, seed), drawn by our RandomSampler. Trial k of
// every pruner, ours and Optuna's, runs configuration k of the stream, so
// the pruners differ in what they stop, never in what they are offered.
import { mixSeed } from '../../../src/engine/samplers/seedMix';
import { RandomSampler } from '../../../src/engine/samplers/random';
import { isSearched, type Params, type SearchSpace } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';

export class ConfigStream {
  private readonly drawn: Params[] = [];
  private readonly sampler: RandomSampler;
  private readonly searched: Record<string, SearchedDistribution> = {};

  constructor(space: SearchSpace, seed: number) {
    this.sampler = new RandomSampler(mixSeed(seed, 0x57e4, 0));
    for (const [name, d] of Object.entries(space)) if (isSearched(d)) this.searched[name] = d;
  }

  /** Configuration k, drawing up to it if needed. */
  get(k: number): Params {
    while (this.drawn.length <= k) this.drawn.push(this.sampler.sample({ space: this.searched, trials: [], directions: ['minimize'] }));
    return this.drawn[k];
  }

  /** How many configurations any pruner has asked for so far. */
  get size(): number {
    return this.drawn.length;
  }
}
