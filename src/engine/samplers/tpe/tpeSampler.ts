// Tree-structured Parzen Estimator: after a quasi-random start, split past
// trials into good and bad, fit a density to each (l and g), draw candidates
// from l and keep the one with the highest l/g. Joint kernels over all
// parameters by default; trials still running count as bad (constant liar).
import { Rng } from '../../random';
import type { Params } from '../../space';
import { fromUnit, type SearchedDistribution } from '../../transform';
import type { TrialRecord } from '../../trial';
import type { Sampler, SamplerContext } from '../sampler';
import { SobolSequence } from '../sobolSequence';
import { axisFor, centreOf, decode, encode } from './axes';
import { jointWidth, neighbourWidths, type BandwidthRule } from './bandwidth';
import { groupNames } from './groups';
import { ParzenEstimator, type Axis } from './parzen';
import { ageWeights, splitTrials, type GoodCount } from './split';

export interface TpeOptions {
  /** Finished trials before the model is used; Sobol points until then. */
  nStartup?: number;
  /** Candidates drawn from l per ask. */
  nCandidates?: number;
  /** One joint kernel per trial over all parameters (true) or one model per parameter. */
  multivariate?: boolean;
  /** How many of n finished trials are good. */
  gamma?: GoodCount;
  /** Weight of the uniform component in l and g, against 1 per observation. */
  priorWeight?: number;
  /** Kernel widths of the joint model (see bandwidth.ts). */
  bandwidth?: BandwidthRule;
  /** Multiplier of the 'scott' width. */
  bandwidthFactor?: number;
  /** Independent mode: let the interval ends bound the first and last kernels' widths. */
  considerEndpoints?: boolean;
  /** Treat running trials as bad, so parallel asks spread out. */
  constantLiar?: boolean;
  /** Good trials weigh the same ('uniform') or the better more ('rank'). */
  goodWeights?: 'uniform' | 'rank';
  /** The file's values hold 1 / (2 + complete / priorFade) of l. */
  priorFade?: number;
}

// Defaults from a quick tuning script (now `npm run bench:samplers -- --samplers tpe,...`) (CARP-S budgets, tuned on 31 seeds,
// checked on 21 others): data-driven widths, rank-weighted good points, 15%
// good and a heavier uniform component beat the Optuna-like settings (0.2-range
// widths, 10% good, 24 candidates) on 7 of its 8 tasks (not Rastrigin-10,
// where independent kernels stay slightly ahead).
const DEFAULTS: Required<TpeOptions> = {
  nStartup: 10,
  nCandidates: 48,
  multivariate: true,
  gamma: (n) => Math.min(Math.ceil(0.15 * n), 25),
  priorWeight: 2,
  bandwidth: 'scott',
  bandwidthFactor: 1,
  considerEndpoints: false,
  constantLiar: true,
  priorFade: 10,
  goodWeights: 'rank',
};

export class TpeSampler implements Sampler {
  readonly name = 'tpe';
  private readonly seed: number;
  private readonly options: Required<TpeOptions>;
  private sobol: SobolSequence | undefined;
  // Repeated asks on the same trials (the study re-draws duplicates) must differ.
  private lastKey = '';
  private repeat = 0;

  constructor(seed?: number, options: TpeOptions = {}) {
    this.seed = seed ?? new Rng().uint32();
    this.options = { ...DEFAULTS, ...stripUndefined(options) };
  }

  sample(ctx: SamplerContext): Params {
    const names = Object.keys(ctx.space);
    if (names.length === 0) return {};
    const key = `${ctx.trials.length}:${ctx.trials.reduce((s, t) => s + (t.state === 'running' ? 0 : 1), 0)}`;
    this.repeat = key === this.lastKey ? this.repeat + 1 : 0;
    this.lastKey = key;
    const rng = new Rng(mix(this.seed, ctx.trials.length, this.repeat));

    const usable = ctx.trials.filter(
      (t) => t.state === 'complete' || t.state === 'pruned' || (this.options.constantLiar && t.state === 'running'),
    );
    const finished = usable.reduce((s, t) => s + (t.state === 'running' ? 0 : 1), 0);
    if (finished < this.options.nStartup) return this.startup(ctx, names, rng);

    const dists = names.map((n) => ctx.space[n]);
    const axes = dists.map(axisFor);
    // Coordinates of every usable trial; NaN where a trial lacks a name or its value no longer fits.
    const coords = new Float64Array(usable.length * names.length);
    const present = new Uint8Array(usable.length * names.length);
    usable.forEach((t, i) => {
      for (let j = 0; j < names.length; j++) {
        const x = encode(dists[j], axes[j], t.params[names[j]]);
        coords[i * names.length + j] = x;
        present[i * names.length + j] = Number.isNaN(x) ? 0 : 1;
      }
    });

    let groups = groupNames(present, usable.length, names.length);
    if (!this.options.multivariate) groups = groups.flatMap((g) => g.map((j) => [j]));
    const complete = ctx.trials.reduce((s, t) => s + (t.state === 'complete' ? 1 : 0), 0);
    const params: Params = {};
    const covered = new Uint8Array(names.length);
    for (const group of groups) {
      const values = this.sampleGroup(ctx, group, names, dists, axes, usable, coords, present, complete, rng);
      group.forEach((j, k) => {
        params[names[j]] = values[k];
        covered[j] = 1;
      });
    }
    // Names no trial has yet: uniform.
    for (let j = 0; j < names.length; j++) if (!covered[j]) params[names[j]] = fromUnit(dists[j], rng.next());
    return params;
  }

  private startup(ctx: SamplerContext, names: string[], rng: Rng): Params {
    if (!this.sobol || this.sobol.dimension !== names.length) this.sobol = new SobolSequence(names.length, this.seed);
    // The index follows the trial count, so a resumed study continues the design.
    const u = this.repeat === 0 ? this.sobol.point(ctx.trials.length) : names.map(() => rng.next());
    const params: Params = {};
    names.forEach((name, i) => (params[name] = fromUnit(ctx.space[name], u[i])));
    return params;
  }

  private sampleGroup(
    ctx: SamplerContext,
    group: number[],
    names: string[],
    dists: SearchedDistribution[],
    allAxes: Axis[],
    usable: TrialRecord[],
    coords: Float64Array,
    present: Uint8Array,
    complete: number,
    rng: Rng,
  ): ReturnType<typeof decode>[] {
    const o = this.options;
    const dims = group.length;
    const stride = names.length;
    const axes = group.map((j) => allAxes[j]);
    const rows: number[] = [];
    for (let i = 0; i < usable.length; i++) {
      let all = true;
      for (let k = 0; k < dims && all; k++) all = present[i * stride + group[k]] === 1;
      if (all) rows.push(i);
    }
    const { good, bad } = splitTrials(
      rows.map((i) => usable[i]),
      ctx.directions,
      o.gamma,
    );

    // The file's values join l as one more good point whose weight fades.
    const prior = ctx.prior ? group.map((j) => encode(dists[j], allAxes[j], ctx.prior![names[j]])) : [];
    const usePrior = prior.length === dims && prior.every((x) => !Number.isNaN(x));

    const nl = good.length + (usePrior ? 1 : 0);
    const lPoints = new Float64Array(nl * dims);
    const lWeights = new Float64Array(nl).fill(1);
    if (o.goodWeights === 'rank') for (let k = 0; k < good.length; k++) lWeights[k] = 1 - k / (good.length + 1);
    for (let k = 0; k < good.length; k++) copyRow(coords, rows[good[k]] * stride, group, lPoints, k * dims);
    if (usePrior) {
      lPoints.set(prior, good.length * dims);
      // Its share of l starts at one half and fades: 1 / (2 + complete / priorFade).
      lWeights[good.length] = (good.length + o.priorWeight) / (1 + complete / o.priorFade);
    }
    const gPoints = new Float64Array(bad.length * dims);
    for (let k = 0; k < bad.length; k++) copyRow(coords, rows[bad[k]] * stride, group, gPoints, k * dims);
    const gWeights = ageWeights(bad.length);

    const l = new ParzenEstimator(axes, this.kernels(axes, lPoints, lWeights));
    const g = new ParzenEstimator(axes, this.kernels(axes, gPoints, gWeights));

    const candidate = new Float64Array(dims);
    const best = new Float64Array(dims);
    let bestScore = -Infinity;
    for (let c = 0; c < o.nCandidates; c++) {
      l.sample(rng, candidate);
      const score = l.logPdf(candidate) - g.logPdf(candidate);
      if (score > bestScore || c === 0) {
        bestScore = score;
        best.set(candidate);
      }
    }
    return group.map((j, k) => decode(dists[j], allAxes[j], best[k]));
  }

  private kernels(axes: Axis[], points: Float64Array, weights: Float64Array) {
    const o = this.options;
    const dims = axes.length;
    const n = weights.length;
    const widths = new Float64Array(n * dims);
    const centres = new Float64Array(n);
    const column = new Float64Array(n);
    for (let d = 0; d < dims; d++) {
      if (axes[d].kind === 'choice') continue;
      for (let i = 0; i < n; i++) centres[i] = centreOf(axes[d], points[i * dims + d]);
      if (o.multivariate) {
        const w = jointWidth(centres, weights, n, dims, o.bandwidth, o.bandwidthFactor);
        for (let i = 0; i < n; i++) widths[i * dims + d] = w;
      } else {
        neighbourWidths(centres, n, o.considerEndpoints, column);
        for (let i = 0; i < n; i++) widths[i * dims + d] = column[i];
      }
    }
    return { points, weights, widths, uniformWeight: o.priorWeight, smoothing: o.priorWeight };
  }
}

function copyRow(from: Float64Array, at: number, group: number[], to: Float64Array, offset: number): void {
  for (let k = 0; k < group.length; k++) to[offset + k] = from[at + group[k]];
}

/** A 32-bit seed from the sampler's seed and where the study stands. */
function mix(seed: number, trials: number, repeat: number): number {
  let h = seed >>> 0;
  for (const x of [trials, repeat]) {
    h = Math.imul(h ^ x, 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
  }
  return h;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
