// Samplers by the names the CLI, the file directive and ask-tell accept.
import { CmaEsSampler } from './cmaes';
import { GridSampler } from './grid';
import { Nsga2Sampler } from './nsga2';
import { QmcSampler } from './qmc';
import { RandomSampler } from './random';
import type { Sampler } from './sampler';

export type { Sampler, SamplerContext } from './sampler';

const FACTORIES: Record<string, (seed?: number) => Sampler> = {
  random: (seed) => new RandomSampler(seed),
  qmc: (seed) => new QmcSampler(seed),
  sobol: (seed) => new QmcSampler(seed),
  grid: (seed) => new GridSampler(seed),
  cmaes: (seed) => new CmaEsSampler(seed),
  nsga2: (seed) => new Nsga2Sampler(seed),
  // Until the model-based samplers land, `auto` is quasi-random search.
  auto: (seed) => new QmcSampler(seed),
};

export const SAMPLER_NAMES = Object.keys(FACTORIES);

export function createSampler(name: string, seed?: number): Sampler {
  const factory = FACTORIES[name.toLowerCase()];
  if (!factory) throw new Error(`unknown sampler "${name}" (available: ${SAMPLER_NAMES.join(', ')})`);
  return factory(seed);
}
