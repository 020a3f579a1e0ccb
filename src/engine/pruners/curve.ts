// Learning-curve extrapolation (after Domhan et al. 2015, kept small): fit
// an ensemble of saturating parametric curves (curveModels.ts) to the
// trial's partial curve, predict its value at the full budget with an
// uncertainty, and stop the trial when its chance of beating the best
// complete trial is small. Unlike the median pruner it judges where a curve
// is heading, not where it is, so a slow starter that will finish best
// goes on while a curve that has levelled off above the best stops.
//
// Stateless: every decision refits from the trial's record (about a
// millisecond for a 100-point curve), so a resumed study decides alike.
import type { Direction } from '../space';
import { isBetter, type TrialRecord } from '../trial';
import { normalCdf } from '../math/normal';
import { CURVE_MODELS, curveValue, extrapolationLeverage, fitCurve, parameterCount, type CurveModel } from './curveModels';
import { KEEP, curveOf, nonFiniteAtStep, observedMaxStep, type PruneDecision, type Pruner, type PrunerContext, type PrunerOptions } from './pruner';
import { fmt } from './percentile';

export interface CurveOptions {
  /** Prune when the chance of beating the best complete trial falls below this. */
  threshold: number;
  /** No judgement before this many reported points. */
  minPoints: number;
  /** No judgement before this fraction of the budget. */
  minFraction: number;
  /** Longer curves are thinned to this many points, so a decision stays cheap. */
  maxPoints: number;
}

export const CURVE_DEFAULTS: CurveOptions = { threshold: 0.05, minPoints: 5, minFraction: 0.1, maxPoints: 200 };

export class CurvePruner implements Pruner {
  readonly name = 'curve';
  private readonly settings: CurveOptions;

  constructor(readonly options: PrunerOptions & Partial<CurveOptions> = {}) {
    this.settings = { ...CURVE_DEFAULTS };
    for (const key of Object.keys(CURVE_DEFAULTS) as (keyof CurveOptions)[]) {
      const v = options[key];
      if (v !== undefined) this.settings[key] = v;
    }
    const { threshold, minPoints, maxPoints } = this.settings;
    if (!(threshold > 0 && threshold < 1)) throw new Error(`the curve pruner's threshold must be between 0 and 1 (got ${threshold})`);
    if (!(maxPoints >= minPoints && minPoints >= 1)) throw new Error(`the curve pruner needs 1 <= minPoints <= maxPoints (got ${minPoints}, ${maxPoints})`);
  }

  decide(ctx: PrunerContext): PruneDecision {
    const { trial, step, direction } = ctx;
    const bad = nonFiniteAtStep(ctx);
    if (bad) return bad;
    const s = this.settings;
    const maxStep = this.options.maxStep ?? observedMaxStep(ctx.trials);
    // A trial at its full budget is done: stopping it now would only waste the run.
    if (maxStep === undefined || step >= maxStep) return KEEP;
    if (step < (this.options.minStep ?? 0) || step < s.minFraction * maxStep) return KEEP;
    const target = bestFinal(ctx.trials, trial.number, direction);
    if (target === undefined) return KEEP;
    const points = curveOf(trial).filter(([t, v]) => t <= step && Number.isFinite(v));
    if (points.length < s.minPoints) return KEEP;
    // Level with the best already: nothing to extrapolate. (Only the latest
    // value counts, so one lucky noisy report does not shield a trial.)
    if (!isBetter(target, points[points.length - 1][1], direction)) return KEEP;
    const prediction = predictFinal(points, maxStep, direction, s.maxPoints);
    if (!prediction) return KEEP;
    const chance = chanceToBeat(prediction, target, direction);
    if (chance >= s.threshold) return KEEP;
    const percent = chance < 0.01 ? '<1%' : `${Math.round(chance * 100)}%`;
    return {
      prune: true,
      reason: `predicted ${fmt(prediction.mean)} ± ${prediction.sd.toPrecision(2)} at step ${maxStep}; ${percent} chance to beat ${fmt(target)}`,
    };
  }
}

/** The best first-objective value of the complete trials other than `except`. */
export function bestFinal(trials: readonly TrialRecord[], except: number, direction: Direction): number | undefined {
  let best: number | undefined;
  for (const t of trials) {
    if (t.state !== 'complete' || t.number === except) continue;
    let v = t.values?.[0];
    if (v === undefined) {
      // No final value recorded: its last report stands in.
      const curve = curveOf(t);
      v = curve.length ? curve[curve.length - 1][1] : undefined;
    }
    if (v !== undefined && Number.isFinite(v) && (best === undefined || isBetter(v, best, direction))) best = v;
  }
  return best;
}

export interface ModelPrediction {
  model: string;
  /** Share of the ensemble, from the fit's BIC. */
  weight: number;
  mean: number;
  sd: number;
}

/** The value a trial is predicted to reach at the full budget: a mixture of Gaussians, one per model. */
export interface FinalPrediction {
  step: number;
  /** The mixture's mean and standard deviation, in the objective's units. */
  mean: number;
  sd: number;
  components: ModelPrediction[];
}

// Uncertainty, in units of the observed curve's range:
/** A prior guess of the noise (2% of the range), worth this many residuals: a fit through 5 exact points is not certain. */
const PRIOR_NOISE = 0.02;
const PRIOR_WEIGHT = 2;
/** Residual variance below this is indistinguishable from a perfect fit when weighing models. */
const VARIANCE_FLOOR = 1e-6;
/** Bounds how far an unidentified model's spread can grow (sigma <= 100 residual sds). */
const LEVERAGE_CAP = 1e4;
/**
 * Models whose residual sd is within this factor (plus 0.25% of the range)
 * of the best one's fit the data about as well; the spread of their
 * predictions widens every component.
 */
const PLAUSIBLE_SD = 1.3;

/**
 * Fits the models to a partial curve ([step, value] in step order, all
 * finite) and predicts the value at maxStep. Undefined when no model fits.
 * No fit needs screening for wild shapes: every model is monotone by
 * construction and its asymptote is bounded (curveModels' DEFAULT_ASYMPTOTE),
 * so only non-finite predictions are dropped.
 */
export function predictFinal(
  points: ReadonlyArray<readonly [number, number]>,
  maxStep: number,
  direction: Direction,
  maxPoints = CURVE_DEFAULTS.maxPoints,
  models: readonly CurveModel[] = CURVE_MODELS,
): FinalPrediction | undefined {
  const used = thin(points, maxPoints);
  const n = used.length;
  if (n === 0) return undefined;
  // Normalise: x the step as a share of the budget (step 0 allowed), z "lower
  // is better", u = z scaled so the observed curve spans [0, 1].
  const sign = direction === 'minimize' ? 1 : -1;
  let zMin = Infinity;
  let zMax = -Infinity;
  for (const [, v] of used) {
    zMin = Math.min(zMin, sign * v);
    zMax = Math.max(zMax, sign * v);
  }
  const scale = zMax - zMin > 0 ? zMax - zMin : 1e-9 * Math.max(1, Math.abs(zMin));
  // Steps counted from 0 mean "after step + 1 steps of training"; a power law
  // in the step count is then a power law in step + 1.
  const offset = used[0][0] < 1 ? 1 - used[0][0] : 0;
  const xs = new Float64Array(n);
  const us = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = (used[i][0] + offset) / (maxStep + offset);
    us[i] = (sign * used[i][1] - zMin) / scale;
  }

  const fits: Array<{ model: CurveModel; rss: number; k: number; mean: number; variance: number; logWeight: number }> = [];
  for (const model of models) {
    const k = parameterCount(model);
    if (n <= k) continue; // no residual left to judge the fit
    const fit = fitCurve(model, xs, us);
    if (!fit) continue;
    const mean = curveValue(model, fit.params, 1);
    if (!Number.isFinite(mean)) continue;
    const noise = (fit.rss + PRIOR_WEIGHT * PRIOR_NOISE ** 2) / (n - k + PRIOR_WEIGHT);
    const leverage = Math.min(extrapolationLeverage(fit, xs, 1), LEVERAGE_CAP);
    const logWeight = -0.5 * (n * Math.log(fit.rss / n + VARIANCE_FLOOR) + k * Math.log(n));
    fits.push({ model, rss: fit.rss, k, mean, variance: noise * (1 + leverage), logWeight });
  }
  if (fits.length === 0) return undefined;

  // BIC weights pick a winner sharply; the spread of the plausible models'
  // predictions says how much the choice of model itself is in doubt.
  const topLog = Math.max(...fits.map((f) => f.logWeight));
  let total = 0;
  const weights = fits.map((f) => {
    const w = Math.exp(f.logWeight - topLog);
    total += w;
    return w;
  });
  const residualSd = (f: (typeof fits)[number]) => Math.sqrt(f.rss / (n - f.k));
  const bestSd = Math.min(...fits.map(residualSd));
  const plausible = fits.filter((f) => residualSd(f) <= PLAUSIBLE_SD * bestSd + PRIOR_NOISE / 8);
  const plausibleMean = plausible.reduce((s, f) => s + f.mean, 0) / plausible.length;
  const disagreement = plausible.reduce((s, f) => s + (f.mean - plausibleMean) ** 2, 0) / plausible.length;

  // Back to the objective's units.
  const toValue = (u: number) => sign * (zMin + u * scale);
  let mixMean = 0;
  let mixSecond = 0;
  const components: ModelPrediction[] = fits.map((f, i) => {
    const weight = weights[i] / total;
    const mean = toValue(f.mean);
    const sd = Math.sqrt(f.variance + disagreement) * scale;
    mixMean += weight * mean;
    mixSecond += weight * (sd * sd + mean * mean);
    return { model: f.model.name, weight, mean, sd };
  });
  return { step: maxStep, mean: mixMean, sd: Math.sqrt(Math.max(0, mixSecond - mixMean * mixMean)), components };
}

/** P(the final value is better than `target`) under the prediction's mixture. */
export function chanceToBeat(prediction: FinalPrediction, target: number, direction: Direction): number {
  let p = 0;
  for (const c of prediction.components) {
    // Distance from the mean to the target in the improving direction.
    const margin = direction === 'minimize' ? target - c.mean : c.mean - target;
    p += c.weight * (c.sd > 0 ? normalCdf(margin / c.sd) : margin > 0 ? 1 : 0);
  }
  return Math.min(1, Math.max(0, p));
}

/** At most `max` points, evenly spread, the first and the last kept: the residual noise stays that of single reports. */
function thin<T>(points: readonly T[], max: number): readonly T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]);
  return out;
}
