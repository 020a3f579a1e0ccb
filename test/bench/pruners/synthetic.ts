// Synthetic learning curves: a validation-loss-like value that falls as a
// power law towards a floor, with autocorrelated noise. The floor, the speed
// and the noise all follow from four hyperparameters, so the curves cross
// the way real ones do:
// - a learning rate above the best one is fast but plateaus high; one below
//   it is slow and, given enough steps, finishes about as well (the
//   slow starters that finish best);
// - big, weakly regularised models drop fastest, then overfit: their curves
//   turn up late;
// - bigger batches are slower per step but less noisy.
// `synthetic` has mild crossings (the best configurations are mostly
// converged by a third of the budget); `synthetic-crossing` moves the optimum
// to slow starters that overtake the fast ones only in the last third.
import { Rng } from '../../../src/engine/random';
import { mixSeed } from '../../../src/engine/samplers/seedMix';
import type { Params, SearchSpace } from '../../../src/engine/space';
import type { PrunerTask, SeedCurves } from './tasks';

export const SYNTHETIC_SPACE: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  weight_decay: { type: 'float', low: 1e-6, high: 1e-1, log: true },
  batch: { type: 'categorical', choices: [16, 32, 64, 128, 256] },
};

export interface CurveShape {
  /** Steps to fall to ~1/3 of the initial gap at the best learning rate, batch 16. */
  speedAtBest: number;
  /** How much faster each decade of learning rate above the best is (and slower below). */
  speedPerDecade: number;
  /** Floor penalty per squared decade of learning rate above the best. */
  highLrPenalty: number;
  /** The same below the best. */
  lowLrPenalty: number;
}

export interface CurveParams {
  floor: number;
  gap: number;
  tau: number;
  alpha: number;
  /** Extra loss per step once overfitting starts, and when it starts. */
  overfitRate: number;
  overfitStart: number;
  noise: number;
}

/** The noiseless shape of one configuration's curve. */
export function curveParams(p: Params, shape: CurveShape): CurveParams {
  const lr = Math.log10(Number(p.lr));
  const w = Math.log2(Number(p.width) / 16) / 6; // 0..1
  const wd = Math.log10(Number(p.weight_decay)); // -6..-1
  const q = Math.log2(Number(p.batch) / 16); // 0..4
  // Linear scaling rule: bigger batches want bigger learning rates.
  const bestLr = -2.5 + 0.3 * q;
  const off = lr - bestLr;
  const tau = clamp(shape.speedAtBest * 10 ** (-off * shape.speedPerDecade) * (1 + 0.25 * q), 0.3, 5000);
  let floor = 0.1 + (off > 0 ? shape.highLrPenalty : shape.lowLrPenalty) * off * off;
  floor -= 0.04 * w; // capacity helps...
  floor += 0.25 * Math.max(0, wd + 2.5) ** 2; // ...and too much weight decay hurts
  // Weak regularisation lets big models overfit: their curves turn up late.
  const overfitRate = (0.0015 * w * Math.max(0, -3.5 - wd)) / 2.5;
  return {
    floor,
    gap: 1 + 0.2 * w,
    tau,
    alpha: 1 + w,
    overfitRate,
    overfitStart: 3 * tau,
    noise: 0.002 + 0.008 * Math.sqrt(16 / Number(p.batch)),
  };
}

export function noiselessValue(c: CurveParams, step: number): number {
  return c.floor + c.gap * (1 + step / c.tau) ** -c.alpha + c.overfitRate * Math.max(0, step - c.overfitStart);
}

/** A whole curve: the noiseless shape plus AR(1) noise (validation wobble is correlated from step to step). */
export function syntheticCurve(p: Params, shape: CurveShape, maxStep: number, rng: Rng): number[] {
  const c = curveParams(p, shape);
  const out: number[] = [];
  let e = rng.normal();
  for (let t = 1; t <= maxStep; t++) {
    out.push(noiselessValue(c, t) + c.noise * e);
    e = 0.6 * e + 0.8 * rng.normal();
  }
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function syntheticTask(name: string, description: string, shape: CurveShape): PrunerTask {
  const maxStep = 81;
  return {
    name,
    description,
    space: SYNTHETIC_SPACE,
    minStep: 3,
    maxStep,
    budgetTrials: 40,
    defaultSeeds: 15,
    quick: { budgetTrials: 20, seeds: 3 },
    openSeed(seed: number): SeedCurves {
      // Cheap to compute, so whole curves are drawn at once; still counted step by step by the runner.
      const curves = new Map<number, number[]>();
      return {
        value(index, params, step) {
          let curve = curves.get(index);
          if (!curve) {
            curve = syntheticCurve(params, shape, maxStep, new Rng(mixSeed(seed, index, 0x5ca1ab1e)));
            curves.set(index, curve);
          }
          return curve[step - 1];
        },
        get computedSteps() {
          return curves.size * maxStep;
        },
        close: () => curves.clear(),
      };
    },
  };
}

export const SYNTHETIC = syntheticTask('synthetic', 'power-law curves to a floor, AR(1) noise, mild crossings and late overfitting; 81 steps, first rung at 3', {
  speedAtBest: 3,
  speedPerDecade: 0.3,
  highLrPenalty: 0.15,
  lowLrPenalty: 0.03,
});

export const SYNTHETIC_CROSSING = syntheticTask(
  'synthetic-crossing',
  'as synthetic, but the best configurations start slow and overtake the fast ones only late; 81 steps, first rung at 3',
  { speedAtBest: 25, speedPerDecade: 0.8, highLrPenalty: 0.15, lowLrPenalty: 0 },
);
