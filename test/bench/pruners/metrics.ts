// The benchmark's figures, from trial outcomes alone (pure, unit-tested in
// test/unit/bench/prunerMetrics.test.ts):
// - final regret at equal compute: every pruner spends the same step budget;
//   its result is the best final value among trials that ran to maxStep,
//   minus the best full-length value any pruner found on that seed (all runs
//   of a seed draw from one configuration stream, so that pool is shared);
// - compute to reach `none`'s quality: Q is the best final value `none`
//   found with the whole budget; a run's figure is the steps it had spent
//   when its best first reached <= Q.

export interface TrialOutcome {
  /** The configuration's index in the stream (= the trial's number). */
  index: number;
  /** Steps it ran. */
  steps: number;
  /** 'cut': the run's budget ran out before the trial ended. */
  state: 'complete' | 'pruned' | 'cut';
  /** Its value at maxStep, when complete. */
  final?: number;
  /** The run's steps spent when this trial ended. */
  endedAt: number;
}

export function bestFinal(trials: readonly TrialOutcome[]): number | undefined {
  let best: number | undefined;
  for (const t of trials) if (t.state === 'complete' && t.final !== undefined && (best === undefined || t.final < best)) best = t.final;
  return best;
}

/** Steps spent when a complete trial first reached <= quality, or undefined if none did. */
export function stepsToReach(trials: readonly TrialOutcome[], quality: number): number | undefined {
  for (const t of trials) if (t.state === 'complete' && t.final !== undefined && t.final <= quality) return t.endedAt;
  return undefined;
}

export interface PoolBest {
  value: number;
  /** The configuration that reached it (the first, on ties). */
  index: number;
}

/** The best full-length value over the runs of one seed. */
export function poolBest(runs: ReadonlyArray<readonly TrialOutcome[]>): PoolBest | undefined {
  let best: PoolBest | undefined;
  for (const trials of runs) {
    for (const t of trials) {
      if (t.state !== 'complete' || t.final === undefined) continue;
      if (!best || t.final < best.value || (t.final === best.value && t.index < best.index)) best = { value: t.final, index: t.index };
    }
  }
  return best;
}

/** What a run did with a given configuration: ran it to the end (or to the budget's end), pruned it, or never drew it. */
export type Fate = 'kept' | 'pruned' | 'not drawn';

export function fateOf(trials: readonly TrialOutcome[], index: number): Fate {
  const t = trials.find((x) => x.index === index);
  return !t ? 'not drawn' : t.state === 'pruned' ? 'pruned' : 'kept';
}

/** One pruner's figures on one seed. */
export interface SeedFigures {
  seed: number;
  /** Best final value minus the pool's best; Infinity when no trial completed. */
  regret: number;
  bestFinal?: number;
  /** Q: none's best with the whole budget. */
  quality: number;
  stepsToQuality?: number;
  /** budget / stepsToQuality; 0 when Q was not reached. */
  ratioToBudget: number;
  /** none's own steps to Q / stepsToQuality; 0 when not reached. */
  ratioToNone: number;
  trials: number;
  complete: number;
  /** What it did with the pool's best configuration. */
  bestFate: Fate;
}

/**
 * Figures for every pruner of one seed. `runs` maps pruner ids to their
 * trial outcomes and must hold `none`.
 */
export function seedFigures(seed: number, budget: number, runs: ReadonlyMap<string, readonly TrialOutcome[]>): Map<string, SeedFigures> {
  const none = runs.get('none');
  if (!none) throw new Error('the none run is needed: it defines the quality to reach');
  const quality = bestFinal(none);
  if (quality === undefined) throw new Error('the none run completed no trial');
  const noneSteps = stepsToReach(none, quality)!;
  const pool = poolBest([...runs.values()])!;
  const out = new Map<string, SeedFigures>();
  for (const [id, trials] of runs) {
    const best = bestFinal(trials);
    const steps = stepsToReach(trials, quality);
    out.set(id, {
      seed,
      regret: best === undefined ? Infinity : best - pool.value,
      bestFinal: best,
      quality,
      stepsToQuality: steps,
      ratioToBudget: steps ? budget / steps : 0,
      ratioToNone: steps ? noneSteps / steps : 0,
      trials: trials.length,
      complete: trials.filter((t) => t.state === 'complete').length,
      bestFate: fateOf(trials, pool.index),
    });
  }
  return out;
}

/** One pruner's figures on one task, over seeds. */
export interface CellSummary {
  seeds: number;
  medianRegret: number;
  /** Median steps to Q, counting "not reached" as infinite (so Infinity when most seeds did not reach it). */
  medianStepsToQuality: number;
  reached: number;
  /** budget / medianStepsToQuality; 0 when not reached. */
  medianRatioToBudget: number;
  medianRatioToNone: number;
  medianTrials: number;
  medianComplete: number;
  /** Seeds on which it drew the pool's best configuration, and on which it pruned it. */
  bestDrawn: number;
  bestPruned: number;
}

export function summarise(figures: readonly SeedFigures[], budget: number): CellSummary {
  const medianSteps = medianOf(figures.map((f) => f.stepsToQuality ?? Infinity));
  return {
    seeds: figures.length,
    medianRegret: medianOf(figures.map((f) => f.regret)),
    medianStepsToQuality: medianSteps,
    reached: figures.filter((f) => f.stepsToQuality !== undefined).length,
    // From the median steps, not the median of ratios: with an even count of
    // seeds, one "not reached" (ratio 0) and one 7x would average to 3.5x.
    medianRatioToBudget: Number.isFinite(medianSteps) ? budget / medianSteps : 0,
    medianRatioToNone: medianOf(figures.map((f) => f.ratioToNone)),
    medianTrials: medianOf(figures.map((f) => f.trials)),
    medianComplete: medianOf(figures.map((f) => f.complete)),
    bestDrawn: figures.filter((f) => f.bestFate !== 'not drawn').length,
    bestPruned: figures.filter((f) => f.bestFate === 'pruned').length,
  };
}

/** The median, with infinities allowed (an even count straddling one is infinite). */
export function medianOf(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seed-by-seed comparison of `a` against `b` on a figure where lower is better; seeds only one of them has are skipped. */
export function pairedCounts(a: readonly SeedFigures[], b: readonly SeedFigures[], figure: (f: SeedFigures) => number): { better: number; tied: number; worse: number } {
  const out = { better: 0, tied: 0, worse: 0 };
  for (const fa of a) {
    const fb = b.find((x) => x.seed === fa.seed);
    if (!fb) continue;
    const va = figure(fa);
    const vb = figure(fb);
    if (va === vb) out.tied++;
    else if (va < vb) out.better++;
    else out.worse++;
  }
  return out;
}
