// Quasi-random search: scrambled Sobol' points cover the space more evenly
// than independent draws for the same number of trials.
import type { Params } from '../space';
import { fromUnit } from '../transform';
import type { Sampler, SamplerContext } from './sampler';
import { SobolSequence } from './sobolSequence';

export class QmcSampler implements Sampler {
  readonly name = 'qmc';
  private sequence: SobolSequence | undefined;

  constructor(private readonly seed?: number) {}

  sample(ctx: SamplerContext): Params {
    const names = Object.keys(ctx.space);
    if (!this.sequence || this.sequence.dimension !== names.length) {
      this.sequence = new SobolSequence(names.length, this.seed);
    }
    // The index follows the trial count, so a resumed study continues the design.
    const u = this.sequence.point(ctx.trials.length);
    const params: Params = {};
    names.forEach((name, i) => (params[name] = fromUnit(ctx.space[name], u[i])));
    return params;
  }
}
