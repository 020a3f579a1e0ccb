// A small multilayer perceptron (784 -> hidden ReLU -> 10 softmax) trained
// by minibatch SGD with momentum, weight decay and a cosine learning-rate
// schedule, in plain TypeScript on Float32Arrays. It is the benchmark's real
// training task: deterministic given its settings and seed, so a
// configuration's learning curve is the same for every pruner.
import { Rng } from '../../../src/engine/random';
import { CLASSES, PIXELS, type DigitSet } from './mnistData';

export interface MlpSettings {
  hidden: number;
  learningRate: number;
  batchSize: number;
  momentum: number;
  weightDecay: number;
  /**
   * The schedule's length in epochs: the learning rate falls from
   * learningRate to 0 along a cosine over this many (as in LCBench). A run
   * stopped early is a prefix of the full run, which is what pruning needs.
   */
  scheduleEpochs: number;
}

export class MlpTrainer {
  private readonly h: number;
  private readonly w1: Float32Array;
  private readonly b1: Float32Array;
  private readonly w2: Float32Array;
  private readonly b2: Float32Array;
  private readonly v1: Float32Array;
  private readonly vb1: Float32Array;
  private readonly v2: Float32Array;
  private readonly vb2: Float32Array;
  private readonly g1: Float32Array;
  private readonly gb1: Float32Array;
  private readonly g2: Float32Array;
  private readonly gb2: Float32Array;
  // Scratch for one example.
  private readonly z1: Float32Array;
  private readonly d1: Float32Array;
  private readonly z2: Float64Array;
  private readonly order: Int32Array;
  private readonly rng: Rng;
  private readonly updatesPerEpoch: number;
  private updates = 0;
  private epochsDone = 0;

  constructor(
    private readonly train: DigitSet,
    private readonly validation: DigitSet,
    private readonly s: MlpSettings,
    seed: number,
  ) {
    const h = (this.h = s.hidden);
    this.rng = new Rng(seed);
    this.w1 = new Float32Array(PIXELS * h);
    this.b1 = new Float32Array(h);
    this.w2 = new Float32Array(h * CLASSES);
    this.b2 = new Float32Array(CLASSES);
    // He initialisation for the ReLU layer, Glorot-like for the output.
    const s1 = Math.sqrt(2 / PIXELS);
    for (let i = 0; i < this.w1.length; i++) this.w1[i] = this.rng.normal() * s1;
    const s2 = Math.sqrt(1 / h);
    for (let i = 0; i < this.w2.length; i++) this.w2[i] = this.rng.normal() * s2;
    this.v1 = new Float32Array(this.w1.length);
    this.vb1 = new Float32Array(h);
    this.v2 = new Float32Array(this.w2.length);
    this.vb2 = new Float32Array(CLASSES);
    // Gradients and per-example buffers are scratch, shared by every trainer of
    // this width: a benchmark seed keeps hundreds of paused trainers alive.
    ({ g1: this.g1, gb1: this.gb1, g2: this.g2, gb2: this.gb2, z1: this.z1, d1: this.d1, z2: this.z2 } = scratchFor(h));
    this.order = new Int32Array(train.size);
    for (let i = 0; i < train.size; i++) this.order[i] = i;
    this.updatesPerEpoch = Math.ceil(train.size / s.batchSize);
  }

  get epoch(): number {
    return this.epochsDone;
  }

  /** Trains one more epoch and returns the validation error rate (0..1). */
  nextEpoch(): number {
    const { order, rng } = this;
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    const total = this.s.scheduleEpochs * this.updatesPerEpoch;
    for (let start = 0; start < order.length; start += this.s.batchSize) {
      const end = Math.min(order.length, start + this.s.batchSize);
      this.g1.fill(0);
      this.gb1.fill(0);
      this.g2.fill(0);
      this.gb2.fill(0);
      for (let k = start; k < end; k++) this.accumulate(order[k], 1 / (end - start));
      const lr = this.s.learningRate * 0.5 * (1 + Math.cos((Math.PI * Math.min(this.updates, total)) / total));
      this.step(lr);
      this.updates++;
    }
    this.epochsDone++;
    return this.validationError();
  }

  /** Forward pass of example e into z1 (pre-activation) and z2 (logits). */
  private forward(set: DigitSet, e: number): void {
    const { h, w1, w2, z1, z2 } = this;
    z1.set(this.b1);
    for (let j = set.offsets[e]; j < set.offsets[e + 1]; j++) {
      const x = set.value[j];
      const row = set.pixel[j] * h;
      for (let u = 0; u < h; u++) z1[u] += x * w1[row + u];
    }
    for (let c = 0; c < CLASSES; c++) z2[c] = this.b2[c];
    for (let u = 0; u < h; u++) {
      const a = z1[u] > 0 ? z1[u] : 0;
      if (a === 0) continue;
      const row = u * CLASSES;
      for (let c = 0; c < CLASSES; c++) z2[c] += a * w2[row + c];
    }
  }

  /** Adds example e's cross-entropy gradient, scaled by `scale`, to the gradient buffers. */
  private accumulate(e: number, scale: number): void {
    const { h, w2, z1, z2, d1, g1, g2, gb1, gb2, train } = this;
    this.forward(train, e);
    let max = -Infinity;
    for (let c = 0; c < CLASSES; c++) if (z2[c] > max) max = z2[c];
    let sum = 0;
    for (let c = 0; c < CLASSES; c++) sum += z2[c] = Math.exp(z2[c] - max);
    const y = train.label[e];
    for (let c = 0; c < CLASSES; c++) z2[c] = (z2[c] / sum - (c === y ? 1 : 0)) * scale;
    for (let c = 0; c < CLASSES; c++) gb2[c] += z2[c];
    for (let u = 0; u < h; u++) {
      const row = u * CLASSES;
      let back = 0;
      const a = z1[u] > 0 ? z1[u] : 0;
      for (let c = 0; c < CLASSES; c++) {
        g2[row + c] += a * z2[c];
        back += w2[row + c] * z2[c];
      }
      d1[u] = z1[u] > 0 ? back : 0;
      gb1[u] += d1[u];
    }
    for (let j = train.offsets[e]; j < train.offsets[e + 1]; j++) {
      const x = train.value[j];
      const row = train.pixel[j] * h;
      for (let u = 0; u < h; u++) g1[row + u] += x * d1[u];
    }
  }

  /** Momentum SGD; weight decay on weights, not biases. */
  private step(lr: number): void {
    const { momentum: mu, weightDecay: wd } = this.s;
    const update = (w: Float32Array, v: Float32Array, g: Float32Array, decay: number): void => {
      for (let i = 0; i < w.length; i++) {
        const vi = mu * v[i] + g[i] + decay * w[i];
        v[i] = vi;
        w[i] -= lr * vi;
      }
    };
    update(this.w1, this.v1, this.g1, wd);
    update(this.b1, this.vb1, this.gb1, 0);
    update(this.w2, this.v2, this.g2, wd);
    update(this.b2, this.vb2, this.gb2, 0);
  }

  /** Share of validation digits whose largest logit is not their label (a diverged net, all NaN, gets every one wrong). */
  private validationError(): number {
    const set = this.validation;
    let wrong = 0;
    for (let e = 0; e < set.size; e++) {
      this.forward(set, e);
      let best = -1;
      let bestValue = -Infinity;
      for (let c = 0; c < CLASSES; c++) {
        if (this.z2[c] > bestValue) {
          bestValue = this.z2[c];
          best = c;
        }
      }
      if (best !== set.label[e]) wrong++;
    }
    return wrong / set.size;
  }
}

interface Scratch {
  g1: Float32Array;
  gb1: Float32Array;
  g2: Float32Array;
  gb2: Float32Array;
  z1: Float32Array;
  d1: Float32Array;
  z2: Float64Array;
}

const scratch = new Map<number, Scratch>();

function scratchFor(h: number): Scratch {
  let s = scratch.get(h);
  if (!s) {
    s = {
      g1: new Float32Array(PIXELS * h),
      gb1: new Float32Array(h),
      g2: new Float32Array(h * CLASSES),
      gb2: new Float32Array(CLASSES),
      z1: new Float32Array(h),
      d1: new Float32Array(h),
      z2: new Float64Array(CLASSES),
    };
    scratch.set(h, s);
  }
  return s;
}
