#!/usr/bin/env node
'use strict';
// Trains a small MLP on three noisy spirals and reports validation loss and
// accuracy after every epoch. Node built-ins only:
//
//   node train.js --config config.yaml
//
// Under Hyperlens each epoch is appended as a JSON line to the file named by
// HYPERLENS_METRICS_FILE; by hand it only prints. A diverged run (NaN loss)
// reports val_loss NaN, stops, and exits 0: the tuner marks it failed.
// A bad config exits 2 with a message that names the field.

const fs = require('node:fs');
const { parseYaml } = require('./yaml.js');
const { makeRng, shuffle, spirals, trainValidationSplit } = require('./data.js');
const { Mlp, Optimizer, OPTIMIZERS } = require('./mlp.js');

// Fixed, not configurable: every trial must see the same data.
const DATA = { perClass: 600, classes: 3, turns: 1.5, noise: 0.4, seed: 1234, validationFraction: 0.2 };

class ConfigError extends Error {}

function parseArgs(argv) {
  const i = argv.indexOf('--config');
  if (i < 0 || i + 1 >= argv.length) throw new ConfigError('usage: node train.js --config <config.yaml>');
  return { configPath: argv[i + 1] };
}

/** Reads `path`, returning `fallback` when the key is absent. */
function lookup(config, path, fallback) {
  let node = config;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in node)) return fallback;
    node = node[key];
  }
  return node;
}

/** Checks the config and returns the settings the training loop uses. */
function readSettings(config) {
  const positive = (path, fallback) => {
    const v = lookup(config, path, fallback);
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ConfigError(`${path} must be a positive number, got ${JSON.stringify(v)}`);
    return v;
  };
  const nonNegative = (path, fallback) => {
    const v = lookup(config, path, fallback);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ConfigError(`${path} must be a number >= 0, got ${JSON.stringify(v)}`);
    return v;
  };
  const positiveInt = (path, fallback) => {
    const v = positive(path, fallback);
    if (!Number.isInteger(v)) throw new ConfigError(`${path} must be a whole number, got ${v}`);
    return v;
  };
  const optimizer = lookup(config, 'optimizer.name', 'adam');
  if (!OPTIMIZERS.includes(optimizer)) throw new ConfigError(`optimizer.name must be one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(optimizer)}`);
  const seed = lookup(config, 'seed', 0);
  if (!Number.isInteger(seed)) throw new ConfigError(`seed must be a whole number, got ${JSON.stringify(seed)}`);
  return {
    hidden: positiveInt('model.hidden', 32),
    layers: positiveInt('model.layers', 2),
    optimizer,
    lr: positive('optimizer.lr', 0.01),
    weightDecay: nonNegative('optimizer.weight_decay', 0),
    batchSize: positiveInt('batch_size', 32),
    epochs: positiveInt('epochs', 40),
    seed,
  };
}

/** Mean cross-entropy and accuracy of the model over a data set. */
function evaluate(model, data) {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < data.n; i++) {
    const p = model.forward(data.x, i * data.features);
    loss += model.lossOf(data.y[i]);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    if (best === data.y[i]) correct++;
  }
  return { loss: loss / data.n, accuracy: correct / data.n };
}

/** JSON with NaN and infinities as the bare tokens the Hyperlens metric parser accepts. */
function metricLine(record) {
  const parts = Object.entries(record).map(([k, v]) => {
    let text;
    if (typeof v === 'number' && !Number.isFinite(v)) text = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    else text = JSON.stringify(v);
    return `${JSON.stringify(k)}: ${text}`;
  });
  return `{${parts.join(', ')}}\n`;
}

function report(record) {
  const file = process.env.HYPERLENS_METRICS_FILE;
  if (file) fs.appendFileSync(file, metricLine(record)); // one write per epoch: a kill loses nothing
}

/** The tuner creates this file to ask the trial to stop early (pruning). */
function stopRequested() {
  const file = process.env.HYPERLENS_STOP_FILE;
  return Boolean(file) && fs.existsSync(file);
}

function train(settings) {
  const { train: trainSet, validation } = trainValidationSplit(spirals(DATA), DATA.validationFraction, DATA.seed + 1);
  const rng = makeRng(settings.seed);
  const sizes = [trainSet.features, ...Array(settings.layers).fill(settings.hidden), trainSet.classes];
  const model = new Mlp(sizes, rng);
  const params = model.parameters();
  const grads = params.map((p) => new Float64Array(p.length));
  const decayed = params.map((_, j) => j < model.weights.length);
  const optimizer = new Optimizer(settings.optimizer, params, { lr: settings.lr, weightDecay: settings.weightDecay, decayed });
  const order = Array.from({ length: trainSet.n }, (_, i) => i);
  const started = Date.now();

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    shuffle(order, rng);
    let trainLoss = 0;
    for (let start = 0; start < trainSet.n; start += settings.batchSize) {
      const end = Math.min(start + settings.batchSize, trainSet.n);
      for (const g of grads) g.fill(0);
      for (let b = start; b < end; b++) {
        const row = order[b];
        model.forward(trainSet.x, row * trainSet.features);
        trainLoss += model.lossOf(trainSet.y[row]);
        model.backward(trainSet.y[row], grads);
      }
      optimizer.step(params, grads, 1 / (end - start));
    }
    const val = evaluate(model, validation);
    const record = { step: epoch, val_loss: val.loss, val_acc: val.accuracy, train_loss: trainLoss / trainSet.n };
    report(record);
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    console.log(
      `epoch ${String(epoch).padStart(3)}/${settings.epochs}  train_loss ${record.train_loss.toFixed(4)}  ` +
        `val_loss ${val.loss.toFixed(4)}  val_acc ${(100 * val.accuracy).toFixed(1)}%  (${seconds}s)`,
    );
    if (!Number.isFinite(val.loss)) {
      console.log(`diverged at epoch ${epoch}: val_loss is ${val.loss}; stopping (try a smaller optimizer.lr)`);
      return;
    }
    if (stopRequested()) {
      console.log(`stop requested after epoch ${epoch}; stopping`);
      return;
    }
  }
}

function main() {
  let settings;
  try {
    const { configPath } = parseArgs(process.argv.slice(2));
    let text;
    try {
      text = fs.readFileSync(configPath, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read config ${configPath}: ${err.message}`);
    }
    let config;
    try {
      config = parseYaml(text);
    } catch (err) {
      throw new ConfigError(`${configPath}: ${err.message}`);
    }
    settings = readSettings(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`train.js: ${err.message}`);
    process.exit(2);
  }
  const s = settings;
  console.log(
    `training MLP ${s.layers}x${s.hidden} with ${s.optimizer} (lr ${s.lr}, weight_decay ${s.weightDecay}), ` +
      `batch ${s.batchSize}, ${s.epochs} epochs, seed ${s.seed}`,
  );
  train(s);
}

main();
