// Gaussian-process Bayesian optimisation (see gpSampler.ts).
export { GpSampler, type GpOptions } from './gpSampler';
