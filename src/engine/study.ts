// The ask/tell study: the one place that decides which configuration runs
// next and records how it went. It knows samplers only by their interface and
// storage only by StudyStorage, so the CLI, the tuner and ask-tell share it.
import { Rng } from './random';
import { CONSTRAINTS_ATTR, isFeasible } from './constraints';
import { dominates } from './multiobjective';
import { KEEP, type PruneDecision, type Pruner } from './pruners/pruner';
import type { Sampler, SamplerContext } from './samplers/sampler';
import { isSearched, unsearchedValue, type Direction, type Params, type SearchSpace } from './space';
import { cardinality, valueAt, type SearchedDistribution } from './transform';
import { isBetter, type FinishedState, type StudyStorage, type TrialRecord } from './trial';

export interface StudyOptions {
  space: SearchSpace;
  directions: Direction[];
  sampler: Sampler;
  storage: StudyStorage;
  /** Used to break ties among untried configurations of a discrete space. */
  seed?: number;
  /** The file's own values, offered to samplers as a prior (see SamplerContext.prior). */
  prior?: Params;
  /** Decides after each intermediate report whether a trial goes on; none means never prune. */
  pruner?: Pruner;
}

export interface AskedTrial {
  number: number;
  params: Params;
}

/** Every configuration of a discrete space has been tried. */
export class SpaceExhaustedError extends Error {
  constructor(size: number) {
    super(`all ${size} configurations of the search space have been tried`);
    this.name = 'SpaceExhaustedError';
  }
}

/** How many times a duplicate proposal is re-drawn before enumerating. */
const REDRAWS = 32;
/** Spaces up to this size are enumerated when re-drawing keeps hitting tried ones. */
const ENUMERATE_LIMIT = 100_000;

export class Study {
  readonly space: SearchSpace;
  readonly directions: Direction[];
  private readonly searched: Record<string, SearchedDistribution> = {};
  private readonly queue: Array<{ params: Params; attrs: Record<string, unknown> }> = [];
  private readonly rng: Rng;

  constructor(private readonly options: StudyOptions) {
    this.space = options.space;
    this.directions = options.directions;
    for (const [name, d] of Object.entries(options.space)) if (isSearched(d)) this.searched[name] = d;
    this.rng = new Rng((options.seed ?? 0) ^ 0x2545f491);
    if (options.pruner && options.pruner.name !== 'none' && options.directions.length > 1) {
      throw new Error(`the ${options.pruner.name} pruner needs a single objective (this study has ${options.directions.length}); use --pruner none`);
    }
  }

  get pruner(): Pruner | undefined {
    return this.options.pruner;
  }

  get sampler(): Sampler {
    return this.options.sampler;
  }

  /** Runs `params` as one of the next trials, before the sampler is asked. */
  enqueue(params: Params, attrs: Record<string, unknown> = {}): void {
    this.queue.push({ params: this.complete(params), attrs });
  }

  /** The sampler's next proposal, searched parameters only, without starting a trial (PBT's first population). */
  proposeSearched(): Params {
    return pick(this.propose(), Object.keys(this.searched));
  }

  /** The attributes of the configuration the next ask() takes from the queue, if one is waiting. */
  peekQueued(): Record<string, unknown> | undefined {
    return this.queue[0]?.attrs;
  }

  /**
   * Starts a trial: an enqueued configuration if any, else the sampler's.
   * `budget` sets unsearched values (a fidelity parameter per rung); `attrs`
   * are recorded with the trial from its first line in the journal.
   */
  ask(budget: Params = {}, attrs: Record<string, unknown> = {}): AskedTrial {
    const queued = this.queue.shift();
    const params = { ...(queued ? queued.params : this.propose()) };
    for (const [name, value] of Object.entries(budget)) {
      const d = this.space[name];
      if (!d || isSearched(d)) throw new Error(`"${name}" is not a fidelity or fixed parameter of this space`);
      params[name] = value;
    }
    const number = this.options.storage.createTrial(params, this.space, { ...queued?.attrs, ...attrs });
    return { number, params };
  }

  /**
   * Records an intermediate value of the first objective and says whether the
   * trial should stop now. The caller stops it and tells 'pruned'.
   */
  report(trial: number, step: number, value: number): PruneDecision {
    if (!Number.isFinite(step)) throw new Error(`trial ${trial}: step must be a finite number`);
    const pruner = this.options.pruner;
    // Journals (Optuna's included) cannot keep NaN; a pruner stops such a trial at once.
    if (!Number.isFinite(value)) return pruner && pruner.name !== 'none' ? { prune: true, reason: `reported ${value} at step ${step}` } : KEEP;
    this.options.storage.reportIntermediate(trial, step, value);
    if (!pruner) return KEEP;
    const trials = this.trials();
    const current = trials.find((t) => t.number === trial);
    if (!current || current.state !== 'running') return KEEP;
    return pruner.decide({ trial: current, trials, direction: this.directions[0], step });
  }

  setTrialAttr(trial: number, key: string, value: unknown): void {
    this.options.storage.setTrialUserAttr(trial, key, value);
  }

  /** Several user attributes, in one journal line where the storage allows. */
  setTrialAttrs(trial: number, attrs: Record<string, unknown>): void {
    const storage = this.options.storage;
    if (storage.setTrialUserAttrs) storage.setTrialUserAttrs(trial, attrs);
    else for (const [k, v] of Object.entries(attrs)) storage.setTrialUserAttr(trial, k, v);
  }

  /** Records a trial's constraint values (feasible when all are <= 0), before tell. */
  setConstraints(trial: number, values: number[]): void {
    this.options.storage.setTrialSystemAttr(trial, CONSTRAINTS_ATTR, values);
  }

  /** Ends a trial. A complete trial needs one finite value per objective. */
  tell(trial: number, state: FinishedState, values?: number[]): void {
    if (state === 'complete') {
      if (!values || values.length !== this.directions.length) {
        throw new Error(`trial ${trial}: expected ${this.directions.length} value(s), got ${values ? values.length : 'none'}`);
      }
      if (!values.every(Number.isFinite)) throw new Error(`trial ${trial}: values must be finite numbers`);
    }
    const current = this.trials().find((t) => t.number === trial);
    if (!current) throw new Error(`no trial ${trial}`);
    if (current.state !== 'running' && current.state !== 'waiting') throw new Error(`trial ${trial} is already ${current.state}`);
    this.options.storage.finishTrial(trial, state, values);
  }

  trials(): TrialRecord[] {
    return this.options.storage.snapshot().trials;
  }

  /** The best complete trial; with several objectives, the Pareto-optimal one best on the first. */
  best(): TrialRecord | undefined {
    return bestTrial(this.trials(), this.directions);
  }

  /** Fills in fixed and fidelity values and checks every searched name is present. */
  private complete(params: Params): Params {
    const out: Params = {};
    for (const [name, d] of Object.entries(this.space)) {
      if (isSearched(d)) {
        if (!(name in params)) throw new Error(`parameter "${name}" is missing`);
        out[name] = params[name];
      } else {
        out[name] = name in params ? params[name] : unsearchedValue(d);
      }
    }
    return out;
  }

  private propose(): Params {
    const trials = this.trials();
    const ctx: SamplerContext = { space: this.searched, trials, directions: this.directions };
    if (this.options.prior) ctx.prior = pick(this.options.prior, Object.keys(this.searched));
    const size = spaceSize(this.searched);
    if (!Number.isFinite(size)) return this.complete(this.options.sampler.sample(ctx));

    // A discrete space: never run the same configuration twice.
    const tried = new Set(trials.map((t) => configKey(this.searched, t.params)));
    for (let i = 0; i < REDRAWS; i++) {
      const params = this.options.sampler.sample(ctx);
      if (!tried.has(configKey(this.searched, params))) return this.complete(params);
    }
    if (tried.size >= size) throw new SpaceExhaustedError(size);
    if (size > ENUMERATE_LIMIT) return this.complete(this.options.sampler.sample(ctx));
    const untried = enumerate(this.searched).filter((p) => !tried.has(configKey(this.searched, p)));
    if (untried.length === 0) throw new SpaceExhaustedError(size);
    return this.complete(untried[this.rng.int(untried.length)]);
  }
}

/** The best complete trial of a list, as Study.best defines it. */
export function bestTrial(trials: readonly TrialRecord[], directions: Direction[]): TrialRecord | undefined {
  // An infeasible trial is never the best, however good its values.
  const complete = trials.filter((t) => t.state === 'complete' && t.values && t.values.length === directions.length && isFeasible(t));
  if (complete.length === 0) return undefined;
  const candidates = directions.length > 1 ? paretoFront(complete, directions) : complete;
  let best = candidates[0];
  for (const t of candidates) if (isBetter(t.values![0], best.values![0], directions[0])) best = t;
  return best;
}

/** Complete trials that no other complete trial dominates. */
export function paretoFront(trials: readonly TrialRecord[], directions: Direction[]): TrialRecord[] {
  return trials.filter((t) => !trials.some((o) => o !== t && dominates(o.values!, t.values!, directions)));
}

function pick(params: Params, names: string[]): Params {
  const out: Params = {};
  for (const n of names) if (n in params) out[n] = params[n];
  return out;
}

function spaceSize(space: Record<string, SearchedDistribution>): number {
  let size = 1;
  for (const d of Object.values(space)) size *= cardinality(d);
  return size;
}

function configKey(space: Record<string, SearchedDistribution>, params: Params): string {
  return JSON.stringify(Object.keys(space).map((name) => params[name]));
}

function enumerate(space: Record<string, SearchedDistribution>): Params[] {
  let out: Params[] = [{}];
  for (const [name, d] of Object.entries(space)) {
    const next: Params[] = [];
    const n = cardinality(d);
    for (const p of out) for (let k = 0; k < n; k++) next.push({ ...p, [name]: valueAt(d, k) });
    out = next;
  }
  return out;
}
