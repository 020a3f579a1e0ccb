// Independent uniform draws in the unit cube, mapped onto each distribution.
import { Rng } from '../random';
import type { Params } from '../space';
import { fromUnit } from '../transform';
import type { Sampler, SamplerContext } from './sampler';

export class RandomSampler implements Sampler {
  readonly name = 'random';
  private readonly rng: Rng;

  constructor(seed?: number) {
    this.rng = new Rng(seed);
  }

  sample(ctx: SamplerContext): Params {
    const params: Params = {};
    for (const [name, d] of Object.entries(ctx.space)) params[name] = fromUnit(d, this.rng.next());
    return params;
  }
}
