// Samplers by the names the CLI, the file directive and ask-tell accept.
import { AutoSampler } from './auto';
import { CmaEsSampler } from './cmaes';
import { GpSampler } from './gp';
import { GridSampler } from './grid';
import { Nsga2Sampler } from './nsga2';
import { QmcSampler } from './qmc';
import { RandomSampler } from './random';
import { SAMPLER_NAMES, type SamplerName } from './names';
import type { Sampler } from './sampler';
import { TpeSampler } from './tpe';

export type { Sampler, SamplerContext } from './sampler';

// Typed by name: a sampler added here without a name in names.ts (or the reverse) does not compile.
const FACTORIES: Record<SamplerName, (seed?: number) => Sampler> = {
  random: (seed) => new RandomSampler(seed),
  qmc: (seed) => new QmcSampler(seed),
  sobol: (seed) => new QmcSampler(seed),
  grid: (seed) => new GridSampler(seed),
  cmaes: (seed) => new CmaEsSampler(seed),
  nsga2: (seed) => new Nsga2Sampler(seed),
  tpe: (seed) => new TpeSampler(seed),
  // MOTPE is TPE's multi-objective split; the same class handles both.
  motpe: (seed) => new TpeSampler(seed),
  gp: (seed) => new GpSampler(seed),
  auto: (seed) => new AutoSampler(createSampler, seed),
};

export { SAMPLER_NAMES };

export function createSampler(name: string, seed?: number): Sampler {
  const factory = FACTORIES[name.toLowerCase() as SamplerName];
  if (!factory) throw new Error(`unknown sampler "${name}" (available: ${SAMPLER_NAMES.join(', ')})`);
  return factory(seed);
}
