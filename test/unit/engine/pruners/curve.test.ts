// The learning-curve pruner: its models one by one, the ensemble's
// prediction, and its decisions on constructed curves, the crossing case
// (where the median pruner goes wrong) among them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { CurvePruner, chanceToBeat, predictFinal } from '../../../../src/engine/pruners/curve';
import { CURVE_MODELS, curveGradient, curveValue, fitCurve, parameterCount } from '../../../../src/engine/pruners/curveModels';
import { PercentilePruner } from '../../../../src/engine/pruners/percentile';
import type { Pruner } from '../../../../src/engine/pruners/pruner';
import type { Direction } from '../../../../src/engine/space';
import type { TrialRecord, TrialState } from '../../../../src/engine/trial';

/** A trial with the curve f(step) at steps from, from + every, ... up to `to`. */
function trial(number: number, f: (t: number) => number, to: number, state: TrialState = 'complete', from = 1, every = 1): TrialRecord {
  const intermediate: Record<number, number> = {};
  let last = NaN;
  for (let t = from; t <= to; t += every) last = intermediate[t] = f(t);
  return { number, state, params: {}, distributions: {}, intermediate, userAttrs: {}, systemAttrs: {}, ...(state === 'complete' ? { values: [last] } : {}) };
}

function decideAt(p: Pruner, trials: TrialRecord[], running: TrialRecord, step: number, direction: Direction = 'minimize') {
  return p.decide({ trial: running, trials: [...trials, running], direction, step });
}

const decay = (c: number, a: number, tau: number) => (t: number) => c + a * Math.exp(-t / tau);

/** Deterministic Gaussian noise (mulberry32 + Box-Muller), so a failure reproduces. */
function noise(seed: number, sd: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => sd * Math.sqrt(-2 * Math.log(uniform() + 1e-300)) * Math.cos(2 * Math.PI * uniform());
}

function withNoise(f: (t: number) => number, seed: number, sd: number): (t: number) => number {
  const e = noise(seed, sd);
  return (t) => f(t) + e();
}

// True parameters ([c, a, ...theta]) for each model's own-curve test: curves
// that still fall clearly at x = 0.4, so the extrapolation is a real one.
const TRUE_PARAMS: Record<string, number[]> = {
  exp3: [0.1, 1, Math.log(4)],
  pow3: [0.2, 0.3, 0.6],
  pow4: [0.1, 1, Math.log(0.1), 1.5],
  mmf: [0.05, 1, Math.log(0.15), 1.5],
  janoschek: [0.1, 1, Math.log(0.2), 0.7],
};

test('every model has its test parameters', () => {
  assert.deepEqual(Object.keys(TRUE_PARAMS).sort(), CURVE_MODELS.map((m) => m.name).sort());
});

test("each model's gradient matches finite differences", () => {
  for (const model of CURVE_MODELS) {
    const params = TRUE_PARAMS[model.name];
    const grad = new Float64Array(parameterCount(model));
    for (const x of [0.03, 0.3, 1]) {
      const v = curveGradient(model, params, x, grad);
      assert.ok(Math.abs(v - curveValue(model, params, x)) < 1e-12, model.name);
      for (let j = 0; j < params.length; j++) {
        const h = 1e-6;
        const up = [...params];
        const down = [...params];
        up[j] += h;
        down[j] -= h;
        const numeric = (curveValue(model, up, x) - curveValue(model, down, x)) / (2 * h);
        assert.ok(Math.abs(grad[j] - numeric) < 1e-6 * Math.max(1, Math.abs(numeric)), `${model.name} d/dp${j} at x=${x}: ${grad[j]} vs ${numeric}`);
      }
    }
  }
});

test('each model fits a noiseless curve of its own form and extrapolates it to the end', () => {
  const xs = Float64Array.from({ length: 30 }, (_, i) => 0.01 + (0.39 * i) / 29);
  for (const model of CURVE_MODELS) {
    const truth = TRUE_PARAMS[model.name];
    const ys = xs.map((x) => curveValue(model, truth, x));
    const fit = fitCurve(model, xs, ys);
    assert.ok(fit, model.name);
    assert.ok(fit.rss < 1e-8, `${model.name} rss ${fit.rss}`);
    const predicted = curveValue(model, fit.params, 1);
    const actual = curveValue(model, truth, 1);
    const drop = ys[0] - ys[ys.length - 1];
    assert.ok(Math.abs(predicted - actual) < 0.01 * drop, `${model.name}: predicted ${predicted} at x=1, truth ${actual}`);
    // The truth lies further than the last point: this is extrapolation, not interpolation.
    assert.ok(ys[ys.length - 1] - actual > 0.05 * drop, model.name);
  }
});

test('the ensemble predicts the final value of a noisy exponential decay within its stated uncertainty', () => {
  const f = decay(0.2, 0.8, 15);
  const truth = f(100);
  for (let seed = 1; seed <= 10; seed++) {
    const g = withNoise(f, seed, 0.01);
    const points: Array<[number, number]> = [];
    for (let t = 1; t <= 40; t++) points.push([t, g(t)]);
    const p = predictFinal(points, 100, 'minimize');
    assert.ok(p, `seed ${seed}`);
    assert.ok(Math.abs(p.mean - truth) <= 2 * p.sd, `seed ${seed}: predicted ${p.mean} ± ${p.sd}, truth ${truth}`);
    // Informative, not just wide: well under the 0.3 the curve still had to fall at step 1.
    assert.ok(p.sd < 0.06, `seed ${seed}: sd ${p.sd}`);
    assert.ok(Math.abs(p.components.reduce((s, c) => s + c.weight, 0) - 1) < 1e-9);
  }
});

test('the stated uncertainty is honest across curve shapes and how much of the curve is seen', () => {
  // Early on a slow curve's end is far from its data: without the
  // extrapolation and model-disagreement terms the sd comes out too small.
  const shapes: Record<string, (t: number) => number> = {
    exp: decay(0.2, 0.8, 25),
    slowExp: decay(0.1, 0.9, 40),
    power: (t) => 0.1 + 0.9 * t ** -0.5,
    stretched: (t) => 0.1 + 0.9 * Math.exp(-((t / 20) ** 0.6)),
  };
  let inside = 0;
  let total = 0;
  for (const [name, f] of Object.entries(shapes)) {
    for (const step of [15, 25, 40]) {
      let hits = 0;
      const sds: number[] = [];
      for (let seed = 1; seed <= 10; seed++) {
        const e = noise(seed * 7 + step, 0.01);
        const points: Array<[number, number]> = [];
        for (let t = 1; t <= step; t++) points.push([t, f(t) + e()]);
        const p = predictFinal(points, 100, 'minimize')!;
        if (Math.abs(p.mean - f(100)) <= 2 * p.sd) hits++;
        sds.push(p.sd);
      }
      assert.ok(hits >= 8, `${name} at step ${step}: truth within 2 sd in ${hits} of 10`);
      if (step === 40) assert.ok(Math.max(...sds) < 0.1, `${name} at step 40: sd up to ${Math.max(...sds)}, too wide to be of use`);
      inside += hits;
      total += 10;
    }
  }
  assert.ok(inside / total >= 0.95, `coverage ${inside / total}`);
});

test('a flat, high curve is pruned once a good trial has completed, with a reason people can read', () => {
  const curve = new CurvePruner();
  const good = trial(0, decay(0.3, 0.7, 5), 100);
  const flat = trial(1, withNoise(() => 0.8, 7, 0.01), 20, 'running');
  const d = decideAt(curve, [good], flat, 20);
  assert.equal(d.prune, true);
  assert.match(d.reason!, /^predicted 0\.[78]\d* ± [\d.e-]+ at step 100; <1% chance to beat 0\.3\d*$/);
  assert.equal(decideAt(curve, [], flat, 20).prune, false, 'nothing complete to compare with');
});

test('a curve that has levelled off above the best is pruned, a curve still on its way down is kept', () => {
  const curve = new CurvePruner();
  const done = [trial(0, decay(0.3, 0.7, 5), 100)];
  assert.equal(decideAt(curve, done, trial(1, withNoise(decay(0.45, 0.5, 6), 3, 0.005), 30, 'running'), 30).prune, true);
  assert.equal(decideAt(curve, done, trial(2, withNoise(decay(0.2, 0.7, 25), 3, 0.005), 30, 'running'), 30).prune, false);
});

test('the crossing case: median cuts the slow starter that finishes best, curve keeps it', () => {
  const fast = [0, 1, 2, 3, 4].map((i) => trial(i, decay(0.3 + 0.01 * i, 0.7, 3), 100));
  const slowCurve = decay(0.1, 0.9, 30);
  assert.ok(slowCurve(100) < 0.3, 'the slow starter finishes best');
  const median = new PercentilePruner({ percentile: 50 }, 'median');
  const curve = new CurvePruner();
  for (const step of [10, 12, 15]) {
    const slow = trial(5, slowCurve, step, 'running');
    assert.equal(decideAt(median, fast, slow, step).prune, true, `median at step ${step}`);
    const d = decideAt(curve, fast, slow, step);
    assert.equal(d.prune, false, `curve at step ${step}: ${d.reason}`);
  }
  // Nor does curve cut it later, with noise on the curve.
  const noisySlow = withNoise(slowCurve, 11, 0.005);
  const slow = trial(5, noisySlow, 99, 'running');
  for (let step = 10; step < 100; step += 3) {
    const partial = { ...slow, intermediate: Object.fromEntries(Object.entries(slow.intermediate).filter(([s]) => Number(s) <= step)) };
    assert.equal(decideAt(curve, fast, partial, step).prune, false, `noisy slow starter at step ${step}`);
  }
  // A fast starter that levels off worse than the others is cut by curve.
  const worseFast = trial(6, decay(0.45, 0.55, 3), 15, 'running');
  assert.equal(decideAt(curve, fast, worseFast, 15).prune, true);
});

test('maximize: a slow-rising accuracy that will finish best is kept, a flat low one is pruned', () => {
  const curve = new CurvePruner();
  const done = [0, 1, 2].map((i) => trial(i, (t) => 0.75 - 0.01 * i - 0.65 * Math.exp(-t / 3), 100));
  const rising = (t: number) => 0.95 - 0.85 * Math.exp(-t / 30);
  assert.ok(rising(100) > 0.75);
  assert.equal(decideAt(curve, done, trial(3, rising, 12, 'running'), 12, 'maximize').prune, false);
  const flat = trial(4, withNoise(() => 0.5, 5, 0.01), 20, 'running');
  const d = decideAt(curve, done, flat, 20, 'maximize');
  assert.equal(d.prune, true);
  assert.match(d.reason!, /chance to beat 0\.75/);
  // The same flat curve is the best there is when lower is better.
  assert.equal(decideAt(curve, done, flat, 20, 'minimize').prune, false);
});

test('no pruning before the minimum evidence', () => {
  const done = [trial(0, decay(0.3, 0.7, 5), 100)];
  const flat = () => 0.9;
  const curve = new CurvePruner();
  assert.equal(decideAt(curve, done, trial(1, flat, 9, 'running'), 9).prune, false, 'before 10% of the budget');
  assert.equal(decideAt(curve, done, trial(1, flat, 10, 'running'), 10).prune, true, 'at 10% of the budget');
  assert.equal(decideAt(curve, done, trial(2, flat, 40, 'running', 10, 10), 40).prune, false, 'four points only');
  assert.equal(decideAt(curve, done, trial(2, flat, 50, 'running', 10, 10), 50).prune, true, 'five points');
  assert.equal(decideAt(new CurvePruner({ minStep: 20 }), done, trial(1, flat, 15, 'running'), 15).prune, false, 'before minStep');
  assert.equal(decideAt(new CurvePruner({ minFraction: 0.3 }), done, trial(1, flat, 20, 'running'), 20).prune, false, 'before minFraction');
});

test('no pruning without a complete trial to beat, even with the budget given', () => {
  const curve = new CurvePruner({ maxStep: 100 });
  const others = [trial(0, decay(0.3, 0.7, 5), 40, 'pruned'), trial(1, decay(0.2, 0.7, 5), 50, 'running')];
  assert.equal(decideAt(curve, others, trial(2, () => 0.9, 30, 'running'), 30).prune, false);
  // A failed trial's values do not count either.
  const failed = { ...trial(3, () => 0.1, 100), state: 'failed' as const };
  assert.equal(decideAt(curve, [...others, failed], trial(2, () => 0.9, 30, 'running'), 30).prune, false);
});

test('NaN and infinite values prune at once, whatever the evidence', () => {
  const curve = new CurvePruner();
  for (const bad of [NaN, Infinity, -Infinity]) {
    const t = trial(1, (s) => (s === 2 ? bad : 0.5), 2, 'running');
    const d = decideAt(curve, [], t, 2);
    assert.equal(d.prune, true, String(bad));
    assert.match(d.reason!, /reported (NaN|-?Infinity) at step 2/);
  }
});

test('a trial that reached the full budget is never pruned', () => {
  const curve = new CurvePruner();
  const done = [trial(0, decay(0.3, 0.7, 5), 100)];
  assert.equal(decideAt(curve, done, trial(1, () => 0.9, 99, 'running'), 99).prune, true);
  assert.equal(decideAt(curve, done, trial(1, () => 0.9, 100, 'running'), 100).prune, false);
  assert.equal(decideAt(curve, done, trial(1, () => 0.9, 120, 'running'), 120).prune, false);
});

test('steps from 0, a budget from the options, and a long curve thinned to maxPoints', () => {
  const done = [trial(0, decay(0.3, 0.7, 50), 999, 'complete', 0)];
  const curve = new CurvePruner({ maxStep: 999 });
  const slow = trial(1, decay(0.05, 0.95, 300), 250, 'running', 0);
  assert.equal(decideAt(curve, done, slow, 250).prune, false);
  const levelled = trial(2, withNoise(decay(0.5, 0.5, 40), 2, 0.01), 400, 'running', 0);
  assert.equal(decideAt(curve, done, levelled, 400).prune, true);
  // Step 0 is shifted off x = 0, where the power law would blow up: every model takes part.
  const points = Object.entries(slow.intermediate).map(([s, v]) => [Number(s), v] as [number, number]);
  const p = predictFinal(points, 999, 'minimize')!;
  assert.deepEqual(p.components.map((c) => c.model).sort(), CURVE_MODELS.map((m) => m.name).sort());
});

test('the prediction is a proper mixture and the chance to beat moves the right way', () => {
  const points: Array<[number, number]> = [];
  const f = withNoise(decay(0.2, 0.8, 15), 4, 0.01);
  for (let t = 1; t <= 30; t++) points.push([t, f(t)]);
  const p = predictFinal(points, 100, 'minimize')!;
  assert.ok(chanceToBeat(p, p.mean + 3 * p.sd, 'minimize') > 0.95);
  assert.ok(chanceToBeat(p, p.mean - 3 * p.sd, 'minimize') < 0.05);
  assert.ok(chanceToBeat(p, p.mean - 3 * p.sd, 'maximize') > 0.95);
  // Flipping the sign of the curve and the direction mirrors the prediction.
  const q = predictFinal(points.map(([s, v]) => [s, -v] as [number, number]), 100, 'maximize')!;
  assert.ok(Math.abs(q.mean + p.mean) < 1e-9 && Math.abs(q.sd - p.sd) < 1e-9);
});

test('decisions are the same from a fresh pruner (no hidden state), and bad options are refused', () => {
  const done = [trial(0, decay(0.3, 0.7, 5), 100)];
  const running = trial(1, withNoise(decay(0.45, 0.5, 6), 9, 0.01), 25, 'running');
  const a = new CurvePruner();
  const first = decideAt(a, done, running, 25);
  decideAt(a, done, trial(2, () => 0.1, 40, 'running'), 40);
  assert.deepEqual(decideAt(a, done, running, 25), first);
  assert.deepEqual(decideAt(new CurvePruner(), done, running, 25), first);
  assert.throws(() => new CurvePruner({ threshold: 0 }), /threshold/);
  assert.throws(() => new CurvePruner({ minPoints: 10, maxPoints: 5 }), /minPoints/);
});
