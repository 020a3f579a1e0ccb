// Synthetic "hyperparameter response surfaces" over mixed spaces: a log-scale
// learning rate whose best value depends on a categorical optimiser, integer
// depth and width that trade off, and dropout that should grow with depth.
// Deterministic, with a known minimum, so regret is exact.
import type { Params, SearchSpace } from '../../../src/engine/space';

interface OptimizerProfile {
  /** log10 of the best learning rate. */
  bestLogLr: number;
  /** The loss at the best learning rate with everything else ideal. */
  base: number;
  /** How sharply the loss rises per decade away from the best learning rate. */
  sensitivity: number;
}

const OPTIMIZERS: Record<string, OptimizerProfile> = {
  sgd: { bestLogLr: -1, base: 0.14, sensitivity: 0.05 },
  momentum: { bestLogLr: -2, base: 0.12, sensitivity: 0.06 },
  adam: { bestLogLr: -3, base: 0.1, sensitivity: 0.08 },
  rmsprop: { bestLogLr: -3.5, base: 0.11, sensitivity: 0.08 },
};

export const MIXED_OPTIMUM = 0.1;

/** The shared surface; every term is >= 0 and all vanish at adam, lr 1e-3, 4 x 256, dropout 0.3. */
export function responseSurface(logLr: number, layers: number, width: number, dropout: number, optimizer: string): number {
  const o = OPTIMIZERS[optimizer];
  if (!o) throw new Error(`unknown optimizer ${optimizer}`);
  const capacity = layers * Math.log2(width);
  return (
    o.base +
    o.sensitivity * (logLr - o.bestLogLr) ** 2 +
    0.01 * (layers - 4) ** 2 +
    0.002 * (capacity - 32) ** 2 +
    0.2 * (dropout - (0.1 + 0.05 * layers)) ** 2
  );
}

export interface MixedTask {
  name: string;
  space: SearchSpace;
  optimum: number;
  f(params: Params): number;
}

/** Continuous log learning rate, int depth, log-int width, categorical optimiser, float dropout. */
export function hpoSurface(): MixedTask {
  return {
    name: 'mixed-hpo',
    space: {
      lr: { type: 'float', low: 1e-5, high: 1, log: true },
      layers: { type: 'int', low: 1, high: 8, log: false, step: 1 },
      width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
      optimizer: { type: 'categorical', choices: Object.keys(OPTIMIZERS) },
      dropout: { type: 'float', low: 0, high: 0.8, log: false },
    },
    optimum: MIXED_OPTIMUM,
    f: (p) => responseSurface(Math.log10(p.lr as number), p.layers as number, p.width as number, p.dropout as number, p.optimizer as string),
  };
}

/** Every parameter on a grid: stepped log learning rate, stepped width and dropout, numeric batch choices. */
export function hpoStepped(): MixedTask {
  return {
    name: 'mixed-stepped',
    space: {
      log10_lr: { type: 'float', low: -5, high: 0, log: false, step: 0.25 },
      layers: { type: 'int', low: 1, high: 8, log: false, step: 1 },
      width: { type: 'int', low: 16, high: 512, log: false, step: 16 },
      batch: { type: 'categorical', choices: [16, 32, 64, 128, 256] },
      dropout: { type: 'float', low: 0, high: 0.8, log: false, step: 0.1 },
      optimizer: { type: 'categorical', choices: Object.keys(OPTIMIZERS) },
    },
    optimum: MIXED_OPTIMUM,
    f: (p) =>
      responseSurface(p.log10_lr as number, p.layers as number, p.width as number, p.dropout as number, p.optimizer as string) +
      0.01 * (Math.log2(p.batch as number) - 6) ** 2,
  };
}
