'use strict';
// A multilayer perceptron written out by hand: ReLU hidden layers, a softmax
// output, cross-entropy loss, backpropagation, and three optimizers. Plain
// Float64Arrays and loops, so the example needs nothing but Node.

const { gaussian } = require('./data.js');

class Mlp {
  /** `sizes` = [inputs, hidden..., classes]; weights drawn with He scaling. */
  constructor(sizes, rng) {
    this.sizes = sizes;
    this.weights = []; // weights[l] is (sizes[l+1] x sizes[l]), row-major
    this.biases = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const w = new Float64Array(sizes[l + 1] * fanIn);
      const scale = Math.sqrt(2 / fanIn);
      for (let i = 0; i < w.length; i++) w[i] = scale * gaussian(rng);
      this.weights.push(w);
      this.biases.push(new Float64Array(sizes[l + 1]));
    }
    // Per-example work buffers, reused: activations and their gradients.
    this.acts = sizes.map((s) => new Float64Array(s));
    this.deltas = sizes.map((s) => new Float64Array(s));
  }

  /** Every parameter array, in a fixed order the optimizer can rely on. */
  parameters() {
    return [...this.weights, ...this.biases];
  }

  /** Runs one example; leaves softmax probabilities in the last activation. */
  forward(x, offset) {
    const { sizes, acts, weights, biases } = this;
    for (let f = 0; f < sizes[0]; f++) acts[0][f] = x[offset + f];
    const last = sizes.length - 1;
    for (let l = 0; l < last; l++) {
      const input = acts[l];
      const out = acts[l + 1];
      const w = weights[l];
      const b = biases[l];
      const nIn = sizes[l];
      for (let o = 0; o < sizes[l + 1]; o++) {
        let sum = b[o];
        const row = o * nIn;
        for (let i = 0; i < nIn; i++) sum += w[row + i] * input[i];
        out[o] = l + 1 < last && sum < 0 ? 0 : sum; // ReLU except on the logits
      }
    }
    // Softmax with the max subtracted, so large logits do not overflow.
    const logits = acts[last];
    let max = -Infinity;
    for (let k = 0; k < logits.length; k++) if (logits[k] > max) max = logits[k];
    let total = 0;
    for (let k = 0; k < logits.length; k++) {
      logits[k] = Math.exp(logits[k] - max);
      total += logits[k];
    }
    for (let k = 0; k < logits.length; k++) logits[k] /= total;
    return logits;
  }

  /** Cross-entropy of the last forward pass against class `label`. */
  lossOf(label) {
    const p = this.acts[this.acts.length - 1][label];
    return -Math.log(Math.max(p, 1e-300));
  }

  /** Backpropagates the last forward pass, adding into `grads` (same order as parameters()). */
  backward(label, grads) {
    const { sizes, acts, deltas, weights } = this;
    const last = sizes.length - 1;
    const nLayers = weights.length;
    // d(cross-entropy)/d(logits) for softmax is p - onehot.
    const top = deltas[last];
    for (let k = 0; k < sizes[last]; k++) top[k] = acts[last][k] - (k === label ? 1 : 0);
    for (let l = last - 1; l >= 0; l--) {
      const delta = deltas[l + 1];
      const input = acts[l];
      const gw = grads[l];
      const gb = grads[nLayers + l];
      const w = weights[l];
      const nIn = sizes[l];
      const below = deltas[l];
      if (l > 0) below.fill(0);
      for (let o = 0; o < sizes[l + 1]; o++) {
        const d = delta[o];
        if (d === 0) continue;
        gb[o] += d;
        const row = o * nIn;
        for (let i = 0; i < nIn; i++) {
          gw[row + i] += d * input[i];
          if (l > 0) below[i] += d * w[row + i];
        }
      }
      if (l > 0) for (let i = 0; i < nIn; i++) if (input[i] <= 0) below[i] = 0; // ReLU gate
    }
  }
}

/**
 * One optimizer step over every parameter array. `weightDecay` is an L2
 * penalty on the weights (not the biases), added to the gradient.
 */
class Optimizer {
  constructor(name, params, { lr, weightDecay, decayed }) {
    this.name = name;
    this.lr = lr;
    this.weightDecay = weightDecay;
    this.decayed = decayed; // decayed[j]: whether params[j] is a weight matrix
    this.t = 0;
    this.m = params.map((p) => new Float64Array(p.length)); // momentum / first moment
    this.v = params.map((p) => new Float64Array(p.length)); // Adam's second moment
  }

  step(params, grads, scale) {
    this.t++;
    const { lr, weightDecay } = this;
    const beta1 = 0.9;
    const beta2 = 0.999;
    const correction1 = 1 - Math.pow(beta1, this.t);
    const correction2 = 1 - Math.pow(beta2, this.t);
    for (let j = 0; j < params.length; j++) {
      const p = params[j];
      const g = grads[j];
      const m = this.m[j];
      const v = this.v[j];
      const wd = this.decayed[j] ? weightDecay : 0;
      for (let i = 0; i < p.length; i++) {
        const grad = g[i] * scale + wd * p[i];
        if (this.name === 'sgd') {
          p[i] -= lr * grad;
        } else if (this.name === 'momentum') {
          m[i] = 0.9 * m[i] + grad;
          p[i] -= lr * m[i];
        } else {
          m[i] = beta1 * m[i] + (1 - beta1) * grad;
          v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
          p[i] -= (lr * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + 1e-8);
        }
      }
    }
  }
}

const OPTIMIZERS = ['sgd', 'momentum', 'adam'];

module.exports = { Mlp, Optimizer, OPTIMIZERS };
