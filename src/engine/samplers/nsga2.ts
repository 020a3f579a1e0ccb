// NSGA-II (Deb et al. 2002) for several objectives, as an ask/tell sampler.
// Trials form generations by index: trials [g*P, (g+1)*P) are generation g (P = 20 by default),
// pending ones included. Generation 0 is a scrambled Sobol' design; the
// parents of generation g are the elite of generation g-1, the P best of its
// complete trials together with the elite before it, by constrained
// non-dominated rank and then crowding distance. Children come from crowded
// binary tournaments, SBX and polynomial mutation on the unit cube (ints and
// steps binned by fromUnit), and uniform crossover with random reset for
// categorical parameters. Each child draws from a generator keyed by (seed,
// trial index), and elites are a function of the history, so a resumed study
// proposes what an uninterrupted one would have.
import { violation } from '../constraints';
import { crowdingDistance, nonDominatedSort } from '../multiobjective';
import { Rng } from '../random';
import type { Params, ParamValue } from '../space';
import { fromUnit, toUnit, type SearchedDistribution } from '../transform';
import type { TrialRecord } from '../trial';
import type { Sampler, SamplerContext } from './sampler';
import { mixSeed } from './seedMix';
import { SobolSequence } from './sobolSequence';
import { polynomialMutation, sbx } from './variation';

export interface Nsga2Options {
  /**
   * Trials per generation; default 20. Optuna's 50 leaves only 3 to 5
   * generations at budgets of 150 to 250 trials: on ZDT1/2/3 (d = 10, 30) and
   * DTLZ2 at those budgets 16 to 20 gave the lowest hypervolume regret
   * (20 seeds, with a quick script now folded into `npm run bench:samplers`).
   */
  populationSize?: number;
  /** Probability that a child is a crossover of two parents rather than a copy of one; default 0.9. */
  crossoverProb?: number;
  /** SBX distribution index; default 20. */
  etaCrossover?: number;
  /** Polynomial mutation distribution index; default 20. */
  etaMutation?: number;
  /** Per-parameter mutation probability; default 1 / (number of parameters). */
  mutationProb?: number;
}

interface Member {
  trial: TrialRecord;
  values: number[];
  violation: number;
  rank: number;
  crowding: number;
}

interface EliteCache {
  key: string;
  /** elites[g]: the parents of generation g+1, cached once generation g has finished. */
  elites: Member[][];
  /** What each cached generation's trials looked like, to notice a different history. */
  fingerprints: string[];
}

export class Nsga2Sampler implements Sampler {
  readonly name = 'nsga2';
  private readonly seed: number;
  private readonly populationSize: number;
  private sobol: SobolSequence | undefined;
  private cache: EliteCache | undefined;
  private lastLength = -1;
  private attempt = 0;

  constructor(
    seed?: number,
    private readonly options: Nsga2Options = {},
  ) {
    this.seed = seed ?? new Rng().uint32();
    this.populationSize = Math.max(2, Math.floor(options.populationSize ?? 20));
  }

  sample(ctx: SamplerContext): Params {
    const names = Object.keys(ctx.space);
    const index = ctx.trials.length;
    this.attempt = index === this.lastLength ? this.attempt + 1 : 0;
    this.lastLength = index;

    const generation = Math.floor(index / this.populationSize);
    const parents = generation > 0 ? this.elite(generation - 1, ctx) : [];
    if (parents.length === 0) return this.design(ctx, names, index);
    return this.child(ctx, names, parents, new Rng(mixSeed(this.seed, index, this.attempt)));
  }

  /** A point of the scrambled Sobol' design (re-draws step past the study's length). */
  private design(ctx: SamplerContext, names: string[], index: number): Params {
    if (!this.sobol || this.sobol.dimension !== names.length) this.sobol = new SobolSequence(names.length, this.seed);
    const u = this.sobol.point(index + this.attempt * 7919);
    const params: Params = {};
    names.forEach((name, i) => (params[name] = fromUnit(ctx.space[name], u[i])));
    return params;
  }

  private child(ctx: SamplerContext, names: string[], parents: Member[], rng: Rng): Params {
    const a = tournament(parents, rng).trial.params;
    const b = tournament(parents, rng).trial.params;
    const numeric = names.filter((n) => ctx.space[n].type !== 'categorical');
    const u1 = Float64Array.from(numeric, (n) => unitOf(ctx.space[n], a[n], rng));
    const u2 = Float64Array.from(numeric, (n) => unitOf(ctx.space[n], b[n], rng));
    const child = new Float64Array(numeric.length);
    const sibling = new Float64Array(numeric.length);
    const cross = rng.next() < (this.options.crossoverProb ?? 0.9);
    if (cross) sbx(u1, u2, this.options.etaCrossover ?? 20, rng, child, sibling);
    else child.set(u1);
    const rate = this.options.mutationProb ?? 1 / Math.max(1, names.length);
    polynomialMutation(child, rate, this.options.etaMutation ?? 20, rng);

    const params: Params = {};
    numeric.forEach((name, i) => (params[name] = fromUnit(ctx.space[name], child[i])));
    for (const name of names) {
      const d = ctx.space[name];
      if (d.type !== 'categorical') continue;
      let v: ParamValue = cross && rng.next() < 0.5 ? b[name] : a[name];
      if (!d.choices.some((c) => c === v) || rng.next() < rate) v = d.choices[rng.int(d.choices.length)];
      params[name] = v;
    }
    const ordered: Params = {};
    for (const name of names) ordered[name] = params[name];
    return ordered;
  }

  /** The parents of generation g+1: cached once generation g and all before it have finished. */
  private elite(g: number, ctx: SamplerContext): Member[] {
    const P = this.populationSize;
    const key = JSON.stringify([Object.keys(ctx.space), ctx.directions, P]);
    if (!this.cache || this.cache.key !== key) this.cache = { key, elites: [], fingerprints: [] };
    const cache = this.cache;
    // Drop cached generations whose trials are not what they were (another study, a rewritten history).
    let valid = Math.min(cache.elites.length, g + 1);
    if (valid > 0 && cache.fingerprints[valid - 1] !== fingerprint(ctx.trials, (valid - 1) * P, valid * P)) valid = 0;
    cache.elites.length = valid;
    cache.fingerprints.length = valid;

    let previous: Member[] = valid > 0 ? cache.elites[valid - 1] : [];
    let cacheable = true;
    for (let j = valid; j <= g; j++) {
      const members = ctx.trials.slice(j * P, (j + 1) * P);
      const finished = members.every((t) => t.state !== 'running' && t.state !== 'waiting');
      const candidates = previous.concat(completeMembers(members, ctx.directions.length));
      previous = select(candidates, P, ctx);
      cacheable = cacheable && finished;
      if (cacheable) {
        cache.elites.push(previous);
        cache.fingerprints.push(fingerprint(ctx.trials, j * P, (j + 1) * P));
      }
    }
    return previous;
  }
}

function completeMembers(trials: TrialRecord[], objectives: number): Member[] {
  const out: Member[] = [];
  for (const t of trials) {
    if (t.state !== 'complete' || !t.values || t.values.length !== objectives || !t.values.every(Number.isFinite)) continue;
    out.push({ trial: t, values: t.values, violation: violation(t), rank: 0, crowding: 0 });
  }
  return out;
}

/** The best P by constrained non-dominated rank, the last front cut by crowding distance. */
function select(candidates: Member[], P: number, ctx: SamplerContext): Member[] {
  const fronts = nonDominatedSort(
    candidates.map((m) => m.values),
    ctx.directions,
    candidates.map((m) => m.violation),
  );
  const chosen: Member[] = [];
  for (let r = 0; r < fronts.length && chosen.length < P; r++) {
    const front = fronts[r].map((i) => candidates[i]);
    const crowding = crowdingDistance(front.map((m) => m.values));
    const ranked = front
      .map((m, i) => ({ ...m, rank: r, crowding: crowding[i] }))
      .sort((x, y) => y.crowding - x.crowding || x.trial.number - y.trial.number);
    chosen.push(...ranked.slice(0, P - chosen.length));
  }
  return chosen;
}

/** Crowded binary tournament: lower rank wins, then the less crowded. */
function tournament(pool: Member[], rng: Rng): Member {
  const a = pool[rng.int(pool.length)];
  let b = pool[rng.int(pool.length - 1)];
  if (b === a) b = pool[pool.length - 1];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  if (a.crowding !== b.crowding) return a.crowding > b.crowding ? a : b;
  return rng.next() < 0.5 ? a : b;
}

function unitOf(d: SearchedDistribution, v: ParamValue | undefined, rng: Rng): number {
  if (typeof v !== 'number') return rng.next();
  const u = toUnit(d, v);
  return Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : rng.next();
}

function fingerprint(trials: readonly TrialRecord[], from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, trials.length); i++) {
    const t = trials[i];
    s += `${t.number}:${t.state}:${t.values ? t.values.join(',') : ''}:${violation(t)};`;
  }
  return s;
}
