// CMA-ES with IPOP restarts, for longer numeric runs. It works in the unit
// cube of the numeric parameters (ints and steps relaxed, then binned by
// fromUnit) and forms generations from the trial history alone:
//
// - every trial, in number order, belongs to a generation: generation g of a
//   run is the next `lambda` trials after generation g-1 (pending trials are
//   members of the current one). Trials the sampler did not propose (the
//   file's values, enqueued ones, another sampler's) join as injected points;
//   the update reads each member's actual parameters and clips its step.
// - a generation updates the state once all its members have finished:
//   complete feasible trials rank by value, then infeasible ones by
//   violation, then pruned, then failed (worst of the generation).
// - the state is a function of the history, rebuilt by replaying it when the
//   cached state does not match (a fresh sampler on a resumed study), and
//   each proposal draws from a generator keyed by (seed, trial index), so a
//   resumed study proposes what the long-lived sampler would have.
// - a run restarts (IPOP: population times two, a new random mean) when sigma
//   collapses, the best value stagnates, C is ill-conditioned or diverges.
//
// Categorical parameters are not part of the CMA state: each is drawn from
// the choice frequencies among the mu best of the last finished generation
// (plus one for every choice, so no choice dies out); uniform before that.
import { isFeasible, violation } from '../constraints';
import { Rng } from '../random';
import type { Params, ParamValue } from '../space';
import { fromUnit, toUnit, type SearchedDistribution } from '../transform';
import type { TrialRecord } from '../trial';
import { CmaState, type StopReason } from './cmaesCore';
import type { Sampler, SamplerContext } from './sampler';
import { mixSeed } from './seedMix';

export interface CmaEsOptions {
  /** Initial population size; default 4 + floor(3 ln d). */
  popsize?: number;
  /** Initial step size in the unit cube; default 1/6 (the best of 0.3, 0.2, 1/6 at CARP-S budgets measured with what is now `npm run bench:samplers`). */
  sigma0?: number;
  /** 'ipop' (default) restarts with twice the population; 'none' never restarts. */
  restart?: 'ipop' | 'none';
}

/** What the sampler's current run looks like, for tests and display. */
export interface CmaEsStatus {
  restarts: number;
  popsize: number;
  /** Generations finished in the current run. */
  generation: number;
  sigma: number;
  mean: number[];
  lastStop?: StopReason;
}

interface Run {
  cma: CmaState;
  restarts: number;
  /** Best (minimised) value of each generation of this run. */
  bestHistory: number[];
  /** choice counts per categorical parameter from the last finished generation. */
  choiceCounts: Map<string, number[]>;
}

interface Replay {
  key: string;
  run: Run;
  /** Index in ctx.trials of the first member of the current generation. */
  generationStart: number;
  /** What the last consumed trial looked like, to notice a different history. */
  lastConsumed?: string;
  lastStop?: StopReason;
}

const TOL_FUN = 1e-12;
const MAX_RESTARTS = 9;

export class CmaEsSampler implements Sampler {
  readonly name = 'cmaes';
  private readonly seed: number;
  private readonly sigma0: number;
  private replay: Replay | undefined;
  private lastLength = -1;
  private attempt = 0;
  private readonly z: Float64Array[] = [];

  constructor(
    seed?: number,
    private readonly options: CmaEsOptions = {},
  ) {
    this.seed = seed ?? new Rng().uint32();
    this.sigma0 = options.sigma0 ?? 1 / 6;
  }

  /** The state after the last sample() call. */
  get status(): CmaEsStatus | undefined {
    const r = this.replay;
    if (!r) return undefined;
    const s: CmaEsStatus = {
      restarts: r.run.restarts,
      popsize: r.run.cma.lambda,
      generation: r.run.cma.generation,
      sigma: r.run.cma.sigma,
      mean: Array.from(r.run.cma.mean),
    };
    if (r.lastStop) s.lastStop = r.lastStop;
    return s;
  }

  sample(ctx: SamplerContext): Params {
    if (ctx.directions.length > 1) {
      throw new Error(`the cmaes sampler handles one objective, this study has ${ctx.directions.length}; use nsga2 or motpe`);
    }
    const numeric: string[] = [];
    const categorical: string[] = [];
    for (const [name, d] of Object.entries(ctx.space)) (d.type === 'categorical' ? categorical : numeric).push(name);

    // Repeated calls for the same trial (the study re-drawing a duplicate) must differ.
    const index = ctx.trials.length;
    this.attempt = index === this.lastLength ? this.attempt + 1 : 0;
    this.lastLength = index;

    const replay = this.advance(ctx, numeric, categorical);
    const rng = new Rng(mixSeed(this.seed, index, this.attempt));
    const params: Params = {};
    const cma = replay.run.cma;
    if (numeric.length > 0) {
      const n = numeric.length;
      const z = this.scratch(0, n);
      const x = this.scratch(1, n);
      for (let i = 0; i < n; i++) z[i] = rng.normal();
      cma.sample(z, x);
      for (let i = 0; i < n; i++) params[numeric[i]] = fromUnit(ctx.space[numeric[i]], mirror(x[i]));
    }
    for (const name of categorical) {
      const d = ctx.space[name] as SearchedDistribution & { type: 'categorical' };
      params[name] = drawChoice(d.choices, replay.run.choiceCounts.get(name), rng);
    }
    return params;
  }

  /** Brings the cached state up to date with the history, rebuilding it when it does not match. */
  private advance(ctx: SamplerContext, numeric: string[], categorical: string[]): Replay {
    const key = JSON.stringify([numeric, categorical, this.popsize(numeric.length)]);
    let r = this.replay;
    const matches =
      r !== undefined &&
      r.key === key &&
      r.generationStart <= ctx.trials.length &&
      (r.generationStart === 0 || fingerprint(ctx.trials[r.generationStart - 1]) === r.lastConsumed);
    if (!r || !matches) {
      r = { key, run: this.newRun(ctx, numeric, 0), generationStart: 0 };
      this.replay = r;
    }
    for (;;) {
      const lambda = r.run.cma.lambda;
      const end = r.generationStart + lambda;
      if (end > ctx.trials.length) break;
      const members = ctx.trials.slice(r.generationStart, end);
      if (members.some((t) => t.state === 'running' || t.state === 'waiting')) break;
      const stop = this.finishGeneration(r.run, members, ctx, numeric, categorical);
      r.generationStart = end;
      r.lastConsumed = fingerprint(members[members.length - 1]);
      if (stop && this.options.restart !== 'none' && r.run.restarts < MAX_RESTARTS) {
        r.lastStop = stop;
        r.run = this.newRun(ctx, numeric, r.run.restarts + 1);
      }
    }
    return r;
  }

  private finishGeneration(run: Run, members: TrialRecord[], ctx: SamplerContext, numeric: string[], categorical: string[]): StopReason | undefined {
    const sign = ctx.directions[0] === 'maximize' ? -1 : 1;
    const ranked = members
      .map((t) => ({ t, cls: rankClass(t), key: rankKey(t, sign) }))
      .sort((a, b) => a.cls - b.cls || a.key - b.key || a.t.number - b.t.number);
    const cma = run.cma;
    for (const name of categorical) {
      const choices = (ctx.space[name] as SearchedDistribution & { type: 'categorical' }).choices;
      const counts = new Array<number>(choices.length).fill(0);
      for (const { t, cls } of ranked.slice(0, cma.mu)) {
        const i = choices.findIndex((c) => c === t.params[name]);
        if (cls <= 1 && i >= 0) counts[i]++;
      }
      run.choiceCounts.set(name, counts);
    }
    const values = ranked.filter((e) => e.cls === 0).map((e) => e.key);
    if (values.length === 0) return undefined; // nothing learnt; the next generation tries again
    run.bestHistory.push(values[0]);
    if (numeric.length === 0) return undefined; // categorical only: no CMA state to restart
    const points = ranked.map(({ t }) => numeric.map((name, i) => unitOf(ctx.space[name], t.params[name], cma.mean[i])));
    cma.tell(points);
    return cma.stopReason() ?? stagnation(run, values, numeric.length);
  }

  private newRun(ctx: SamplerContext, numeric: string[], restarts: number): Run {
    const mean = numeric.map((name) => {
      if (restarts > 0) return 0.5;
      const v = ctx.prior?.[name];
      return v === undefined ? 0.5 : clamp01(unitOf(ctx.space[name], v, 0.5));
    });
    if (restarts > 0) {
      // IPOP: a fresh uniform mean, drawn from the seed and the restart count.
      const rng = new Rng(mixSeed(this.seed, -1, restarts));
      for (let i = 0; i < mean.length; i++) mean[i] = rng.next();
    }
    const lambda = this.popsize(numeric.length) * 2 ** restarts;
    return { cma: new CmaState(mean, this.sigma0, lambda), restarts, bestHistory: [], choiceCounts: new Map() };
  }

  private popsize(n: number): number {
    return Math.max(2, Math.floor(this.options.popsize ?? 4 + Math.floor(3 * Math.log(Math.max(1, n)))));
  }

  private scratch(slot: number, n: number): Float64Array {
    if (!this.z[slot] || this.z[slot].length !== n) this.z[slot] = new Float64Array(n);
    return this.z[slot];
  }
}

/** 0 complete and feasible, 1 complete but infeasible, 2 pruned, 3 failed (or no usable value). */
function rankClass(t: TrialRecord): number {
  if (t.state === 'complete' && t.values && Number.isFinite(t.values[0])) return isFeasible(t) ? 0 : 1;
  return t.state === 'pruned' ? 2 : 3;
}

function rankKey(t: TrialRecord, sign: number): number {
  if (rankClass(t) === 0) return sign * t.values![0];
  if (rankClass(t) === 1) return violation(t);
  return 0;
}

/** Restart when the best values of the last generations, and this one's values, are flat. */
function stagnation(run: Run, values: number[], n: number): StopReason | undefined {
  const span = 10 + Math.ceil((30 * n) / run.cma.lambda);
  const h = run.bestHistory;
  if (h.length < span) return undefined;
  const recent = h.slice(h.length - span);
  const range = Math.max(...recent, ...values) - Math.min(...recent, ...values);
  return range <= TOL_FUN * Math.max(1, Math.abs(recent[recent.length - 1])) ? 'tolfun' : undefined;
}

function unitOf(d: SearchedDistribution, v: ParamValue | undefined, fallback: number): number {
  if (v === undefined || (d.type !== 'categorical' && typeof v !== 'number')) return fallback;
  const u = toUnit(d, v);
  return Number.isFinite(u) ? u : fallback;
}

function drawChoice(choices: ParamValue[], counts: number[] | undefined, rng: Rng): ParamValue {
  if (!counts || counts.length !== choices.length) return choices[rng.int(choices.length)];
  let total = 0;
  for (const c of counts) total += c + 1;
  let r = rng.next() * total;
  for (let i = 0; i < choices.length; i++) {
    r -= counts[i] + 1;
    if (r < 0) return choices[i];
  }
  return choices[choices.length - 1];
}

/** Reflects x into [0, 1] (period 2), so steps past a bound come back in. */
function mirror(x: number): number {
  if (!Number.isFinite(x)) return 0.5;
  let t = Math.abs(x) % 2;
  if (t > 1) t = 2 - t;
  return t;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function fingerprint(t: TrialRecord): string {
  return `${t.number}:${t.state}:${t.values ? t.values.join(',') : ''}`;
}
