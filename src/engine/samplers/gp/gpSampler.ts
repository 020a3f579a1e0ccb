// Gaussian-process Bayesian optimisation: a Matérn-5/2 ARD model of the
// objective fitted by marginal likelihood, and the next trial where log
// expected improvement is highest. Built for small budgets, where every
// trial is expensive and a few hundred milliseconds of thought are cheap.
import { isFeasible, violation } from '../../constraints';
import { Rng } from '../../random';
import type { Params } from '../../space';
import { fromUnit, type SearchedDistribution } from '../../transform';
import type { TrialRecord } from '../../trial';
import type { Sampler, SamplerContext } from '../sampler';
import { SobolSequence } from '../sobolSequence';
import { maximizeAcquisition, randomPoint, type AcquisitionOptions } from './acquisitionOptimizer';
import { SpaceEncoding } from './encoding';
import { GpPosterior, type GpHyperparameters } from './gaussianProcess';
import { fitHyperparameters, type FitOptions } from './hyperparameters';
import { transformOutputs, type Warping } from './outputWarping';

export interface GpOptions {
  /** Trials drawn from a scrambled Sobol' design before the model takes over. */
  nStartup?: number;
  /** Output warping before the fit; 'power' is a fitted Yeo-Johnson transform. */
  warping?: Warping;
  /** The model keeps at most this many observations (the best half and the latest half), bounding the O(n^3) fit. */
  maxObservations?: number;
  acquisition?: Partial<AcquisitionOptions>;
  /** Priors and iteration cap of the hyperparameter fit. */
  fit?: Omit<FitOptions, 'warmStart'>;
}

/** Observation counts that are multiples of this refit from scratch instead of from the previous fit. */
const COLD_FIT_EVERY = 5;

const DEFAULT_ACQUISITION: AcquisitionOptions = {
  candidates: 1024,
  incumbents: 5,
  perturbations: 30,
  localSearches: 4,
  localIterations: 40,
};

/** What the trials so far tell the model. */
interface Observations {
  xs: Float64Array[];
  y: number[];
  feasible: boolean[];
  pending: Float64Array[];
  tried: Set<string>;
}

export class GpSampler implements Sampler {
  readonly name = 'gp';
  private readonly seed: number;
  private readonly options: Required<Omit<GpOptions, 'nStartup' | 'acquisition'>> & { nStartup?: number; acquisition: AcquisitionOptions };
  private sobol: SobolSequence | undefined;
  // A study re-asks with the same trials when a proposal repeats a tried
  // configuration; counting those repeats varies the draw deterministically.
  private lastCount = -1;
  private repeats = 0;
  private lastFit: { key: string; hyper: GpHyperparameters } | undefined;

  constructor(seed?: number, options: GpOptions = {}) {
    this.seed = seed ?? new Rng().uint32();
    this.options = {
      nStartup: options.nStartup,
      warping: options.warping ?? 'power',
      maxObservations: options.maxObservations ?? 400,
      acquisition: { ...DEFAULT_ACQUISITION, ...options.acquisition },
      fit: options.fit ?? {},
    };
  }

  sample(ctx: SamplerContext): Params {
    if (ctx.directions.length !== 1) throw new Error('gp supports one objective');
    const names = Object.keys(ctx.space);
    if (names.length === 0) return {};
    const count = ctx.trials.length;
    if (count === this.lastCount) this.repeats++;
    else {
      this.lastCount = count;
      this.repeats = 0;
    }
    const rng = new Rng(mixSeed(this.seed, count, this.repeats));
    const encoding = new SpaceEncoding(ctx.space);
    const obs = observe(ctx.trials, encoding, ctx.directions[0] === 'maximize' ? -1 : 1);

    const nStartup = this.options.nStartup ?? defaultStartup(names.length);
    if (obs.y.length < Math.max(2, nStartup)) return this.startupPoint(ctx.space, names, count + this.repeats);
    try {
      const params = this.modelPoint(encoding, obs, rng);
      if (params) return params;
    } catch {
      // Fall through: a failed fit must never stop a study.
    }
    const x = new Float64Array(encoding.dims);
    randomPoint(encoding, rng, x);
    return encoding.decode(x);
  }

  private startupPoint(space: Record<string, SearchedDistribution>, names: string[], index: number): Params {
    if (!this.sobol || this.sobol.dimension !== names.length) this.sobol = new SobolSequence(names.length, this.seed);
    const u = this.sobol.point(index);
    const params: Params = {};
    names.forEach((name, i) => (params[name] = fromUnit(space[name], u[i])));
    return params;
  }

  private modelPoint(encoding: SpaceEncoding, all: Observations, rng: Rng): Params | undefined {
    const obs = limitObservations(all, this.options.maxObservations);
    const dims = encoding.dims;
    const n = obs.y.length;
    const xs = new Float64Array(n * dims);
    obs.xs.forEach((x, i) => xs.set(x, i * dims));
    const z = transformOutputs(obs.y, this.options.warping);

    // Warm start from the previous ask's fit on the same space: a trial more
    // moves the optimum little. Every few observations a cold fit runs too,
    // so an early local optimum does not stick.
    const key = JSON.stringify(encoding.params.map((p) => [p.name, p.dist]));
    const warm = this.lastFit?.key === key && n % COLD_FIT_EVERY !== 0 ? this.lastFit.hyper : undefined;
    const hyper = fitHyperparameters(xs, dims, z, { ...this.options.fit, warmStart: warm });
    this.lastFit = { key, hyper };
    let posterior = new GpPosterior(xs, dims, z, hyper);
    if (obs.pending.length > 0) posterior = believe(posterior, xs, z, obs.pending, dims);

    // Incumbents: feasible observations, best first.
    const order = [...Array(n).keys()].filter((i) => obs.feasible[i]).sort((a, b) => z[a] - z[b]);
    if (order.length === 0) order.push(...[...Array(n).keys()].sort((a, b) => z[a] - z[b]));
    const best = z[order[0]];
    const x = maximizeAcquisition(
      {
        posterior,
        encoding,
        best,
        incumbents: order.slice(0, this.options.acquisition.incumbents).map((i) => obs.xs[i]),
        isTried: (candidate) => obs.tried.has(configKey(encoding.decode(candidate), encoding)),
      },
      rng,
      this.options.acquisition,
    );
    const params = encoding.decode(x);
    for (const p of encoding.params) {
      const v = params[p.name];
      if (p.dist.type !== 'categorical' && (typeof v !== 'number' || !Number.isFinite(v))) return undefined;
    }
    return params;
  }
}

/**
 * Kriging believer: running trials join the data at the model's own mean, so
 * the variance there collapses and parallel asks spread out.
 */
function believe(posterior: GpPosterior, xs: Float64Array, z: Float64Array, pending: Float64Array[], dims: number): GpPosterior {
  const n = z.length;
  const allX = new Float64Array((n + pending.length) * dims);
  allX.set(xs);
  const allY = new Float64Array(n + pending.length);
  allY.set(z);
  const moments = new Float64Array(2);
  pending.forEach((x, i) => {
    posterior.predict(x, moments);
    allX.set(x, (n + i) * dims);
    allY[n + i] = moments[0];
  });
  return new GpPosterior(allX, dims, allY, posterior.hyper);
}

function observe(trials: readonly TrialRecord[], encoding: SpaceEncoding, sign: number): Observations {
  const obs: Observations = { xs: [], y: [], feasible: [], pending: [], tried: new Set() };
  const violations: number[] = [];
  for (const t of trials) {
    if (t.state === 'failed') continue;
    const x = new Float64Array(encoding.dims);
    if (!encoding.encode(t.params, x)) continue;
    obs.tried.add(configKey(t.params, encoding));
    if (t.state === 'running') obs.pending.push(x);
    if (t.state !== 'complete' || !t.values || t.values.length < 1 || !Number.isFinite(t.values[0])) continue;
    obs.xs.push(x);
    obs.y.push(sign * t.values[0]);
    const feasible = isFeasible(t);
    obs.feasible.push(feasible);
    violations.push(violation(t));
  }
  // Infeasible trials count as the worst feasible value, so the model steers away from them;
  // while nothing is feasible, the model minimises the total violation instead.
  const feasibleY = obs.y.filter((_, i) => obs.feasible[i]);
  if (feasibleY.length < obs.y.length) {
    const worst = feasibleY.length > 0 ? Math.max(...feasibleY) : undefined;
    for (let i = 0; i < obs.y.length; i++) if (!obs.feasible[i]) obs.y[i] = worst ?? violations[i];
    if (worst === undefined) for (let i = 0; i < obs.y.length; i++) obs.feasible[i] = true;
  }
  return obs;
}

/** Keeps the best half and the most recent half when there are too many observations. */
function limitObservations(obs: Observations, max: number): Observations {
  const n = obs.y.length;
  if (n <= max) return obs;
  const byValue = [...Array(n).keys()].sort((a, b) => obs.y[a] - obs.y[b]);
  const keep = new Set(byValue.slice(0, Math.floor(max / 2)));
  for (let i = n - 1; i >= 0 && keep.size < max; i--) keep.add(i);
  const idx = [...keep].sort((a, b) => a - b);
  return { ...obs, xs: idx.map((i) => obs.xs[i]), y: idx.map((i) => obs.y[i]), feasible: idx.map((i) => obs.feasible[i]) };
}

function configKey(params: Params, encoding: SpaceEncoding): string {
  return JSON.stringify(encoding.params.map((p) => params[p.name]));
}

/** Startup length: enough points to see every axis before trusting length scales. */
function defaultStartup(params: number): number {
  return Math.min(10, Math.max(5, params + 1));
}

function mixSeed(seed: number, count: number, repeat: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ count, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (repeat + 0x27d4eb2f), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
