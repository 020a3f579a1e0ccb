// Population-based training (Jaderberg et al. 2017) in synchronous
// generations: every member trains one segment of `interval` steps (one
// journal trial, restoring the checkpoint its parent trial left), then the
// bottom of the population copies a top member's checkpoint and values and
// perturbs the values. Everything here is a pure function of the previous
// generation's results, so the run loop keeps no PBT state of its own and a
// crashed run rebuilds it from the journal (see attrs.ts).
import { Rng } from '../random';
import type { Direction, Params } from '../space';
import type { SearchedDistribution } from '../transform';
import { isBetter } from '../trial';
import type { PbtOptions } from './options';
import { perturb } from './perturb';
import { extendSchedule, type ScheduleEntry } from './schedule';

/** What one member trains in one generation: one trial. */
export interface SegmentPlan {
  /** 0..population-1; a member is a slot, whose lineage may change when it exploits. */
  member: number;
  /** 0 for the first segment. */
  generation: number;
  /**
   * The values this segment trains with. The fidelity is best left out (or
   * held constant): the loop runs the trial up to `endStep`.
   */
  params: Params;
  /** The checkpoint restored is at this step (0: train from scratch). */
  startStep: number;
  /** Train up to this step, then checkpoint and report. */
  endStep: number;
  /** The trial whose checkpoint to restore (HYPERLENS_RESTORE_FROM); none in generation 0. */
  parent?: number;
  /** The member copied, when this member exploited (its own lineage was dropped). */
  exploitedFrom?: number;
  /** The trials this segment's weights descend from, oldest first; `parent` is last. */
  lineage: number[];
  /** Values per step span from step 0 to `endStep`, along the lineage. */
  schedule: ScheduleEntry[];
}

/** A finished segment: its trial and its last objective value. */
export interface MemberResult {
  trialNumber: number;
  plan: SegmentPlan;
  /** The last value of the objective; undefined (or NaN) when the segment failed. */
  value: number | undefined;
}

/** Every member failed in one generation, so no checkpoint is left to copy. */
export class PbtStalledError extends Error {
  constructor(generation: number) {
    super(`every member of PBT generation ${generation} failed; no checkpoint is left to continue from`);
    this.name = 'PbtStalledError';
  }
}

/** Generation 0: one member per initial configuration, from scratch. */
export function firstGeneration(initial: readonly Params[], options: PbtOptions): SegmentPlan[] {
  if (initial.length !== options.population) {
    throw new Error(`pbt: ${initial.length} initial configuration(s) for a population of ${options.population}`);
  }
  const endStep = Math.min(options.interval, options.maxStep);
  return initial.map((params, member) => ({
    member,
    generation: 0,
    params: { ...params },
    startStep: 0,
    endStep,
    lineage: [],
    schedule: extendSchedule([], 0, endStep, params),
  }));
}

/**
 * How many members are replaced (and how many are copied from) each
 * generation: ceil(population * fraction) as Ray Tune counts it, at least one
 * and at most half the population.
 */
export function truncationCount(population: number, fraction: number): number {
  return Math.min(Math.floor(population / 2), Math.max(1, Math.ceil(population * fraction - 1e-9)));
}

function succeeded(r: MemberResult): boolean {
  return r.value !== undefined && Number.isFinite(r.value);
}

/**
 * The members best first: by value for the direction, failed ones last, ties
 * by member number so the order never depends on the caller's.
 */
export function rankMembers(results: readonly MemberResult[], direction: Direction): MemberResult[] {
  return [...results].sort((a, b) => {
    const ok = Number(succeeded(b)) - Number(succeeded(a));
    if (ok !== 0) return ok;
    if (succeeded(a) && a.value !== b.value) return isBetter(a.value!, b.value!, direction) ? -1 : 1;
    return a.plan.member - b.plan.member;
  });
}

/** The best member of a generation (its plan's schedule is PBT's result); undefined if all failed. */
export function bestMember(results: readonly MemberResult[], direction: Direction): MemberResult | undefined {
  const best = rankMembers(results, direction)[0];
  return best && succeeded(best) ? best : undefined;
}

/**
 * The plans of the generation after `previous` (one finished result per
 * member), or [] once it reached maxStep. The bottom truncationCount members
 * (every failed member among them, however many) restore a top member's
 * checkpoint and train with its values perturbed; the others continue from
 * their own. Throws PbtStalledError when every member failed.
 *
 * `rng` decides who copies whom and the perturbations; give each generation
 * its own (generationRng) so a resumed run plans the same generation again.
 */
export function nextGeneration(
  previous: readonly MemberResult[],
  space: Record<string, SearchedDistribution>,
  direction: Direction,
  options: PbtOptions,
  rng: Rng,
): SegmentPlan[] {
  const { generation, endStep } = checkGeneration(previous, options);
  if (endStep >= options.maxStep) return [];
  const ranked = rankMembers(previous, direction);
  const survivors = ranked.filter(succeeded).length;
  if (survivors === 0) throw new PbtStalledError(generation);
  const P = options.population;
  const k = truncationCount(P, options.fraction);
  // A failed segment left no checkpoint to continue from, so it is replaced even beyond the fraction.
  const bottomCount = Math.max(k, P - survivors);
  const top = ranked.slice(0, Math.min(k, P - bottomCount));
  const bottom = new Set(ranked.slice(P - bottomCount).map((r) => r.plan.member));

  const startStep = endStep;
  const nextEnd = Math.min(startStep + options.interval, options.maxStep);
  const byMember = [...previous].sort((a, b) => a.plan.member - b.plan.member);
  return byMember.map((own) => {
    const exploit = bottom.has(own.plan.member);
    const from = exploit ? top[rng.int(top.length)] : own;
    const params = exploit ? perturb(from.plan.params, space, rng, options.resampleProbability) : { ...own.plan.params };
    const plan: SegmentPlan = {
      member: own.plan.member,
      generation: generation + 1,
      params,
      startStep,
      endStep: nextEnd,
      parent: from.trialNumber,
      lineage: [...from.plan.lineage, from.trialNumber],
      schedule: extendSchedule(from.plan.schedule, startStep, nextEnd, params),
    };
    if (exploit) plan.exploitedFrom = from.plan.member;
    return plan;
  });
}

/** How many generations a run has: ceil(maxStep / interval). */
export function generationCount(options: PbtOptions): number {
  return Math.ceil(options.maxStep / options.interval);
}

/** The generator for planning generation `generation` of a run seeded `seed`. */
export function generationRng(seed: number, generation: number): Rng {
  return new Rng((seed ^ Math.imul(generation + 1, 0x9e3779b1)) >>> 0);
}

// A generation is whole and of one piece, or the truncation would be wrong.
function checkGeneration(previous: readonly MemberResult[], options: PbtOptions): { generation: number; endStep: number } {
  if (previous.length !== options.population) {
    throw new Error(`pbt: ${previous.length} result(s) for a population of ${options.population}`);
  }
  const { generation, endStep } = previous[0].plan;
  const seen = new Set<number>();
  for (const r of previous) {
    const m = r.plan.member;
    if (!Number.isInteger(m) || m < 0 || m >= options.population) throw new Error(`pbt: member ${m} is outside 0..${options.population - 1}`);
    if (seen.has(m)) throw new Error(`pbt: member ${m} has two results in one generation`);
    seen.add(m);
    if (r.plan.generation !== generation || r.plan.endStep !== endStep) {
      throw new Error(`pbt: results mix generations (${generation} ending at ${endStep}, and ${r.plan.generation} ending at ${r.plan.endStep})`);
    }
  }
  return { generation, endStep };
}
