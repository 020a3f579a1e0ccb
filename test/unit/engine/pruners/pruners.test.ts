// Decisions of the comparison pruners (median, percentile, ASHA, Hyperband)
// and the threshold pruner on constructed curves. The curve pruner has its own file.
import test from 'node:test';
import assert from 'node:assert/strict';
import { AshaPruner } from '../../../../src/engine/pruners/asha';
import { HyperbandPruner } from '../../../../src/engine/pruners/hyperband';
import { createPruner, PRUNER_NAMES } from '../../../../src/engine/pruners';
import { PercentilePruner, percentile } from '../../../../src/engine/pruners/percentile';
import { ThresholdPruner } from '../../../../src/engine/pruners/threshold';
import type { Pruner } from '../../../../src/engine/pruners/pruner';
import type { Direction } from '../../../../src/engine/space';
import type { TrialRecord, TrialState } from '../../../../src/engine/trial';
import { MemoryStorage } from '../../../../src/engine/memoryStorage';
import { createSampler } from '../../../../src/engine/samplers';
import { Study } from '../../../../src/engine/study';

/** A trial with the curve f(step) for steps `from..to`. */
function trial(number: number, f: (t: number) => number, to: number, state: TrialState = 'complete', from = 1): TrialRecord {
  const intermediate: Record<number, number> = {};
  for (let t = from; t <= to; t++) intermediate[t] = f(t);
  return { number, state, params: {}, distributions: {}, intermediate, userAttrs: {}, systemAttrs: {}, ...(state === 'complete' ? { values: [f(to)] } : {}) };
}

function decideAt(p: Pruner, trials: TrialRecord[], running: TrialRecord, step: number, direction: Direction = 'minimize') {
  return p.decide({ trial: running, trials: [...trials, running], direction, step });
}

const decay = (c: number, a: number, tau: number) => (t: number) => c + a * Math.exp(-t / tau);

test('every pruner name builds, and an unknown name lists the known ones', () => {
  for (const name of PRUNER_NAMES) assert.equal(typeof createPruner(name, { minStep: 1, maxStep: 27 }).decide, 'function', name);
  assert.throws(() => createPruner('medain'), /unknown pruner "medain" \(available: none, median/);
});

test('percentile matches numpy\'s linear interpolation', () => {
  assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
  assert.equal(percentile([10, 0, 5], 25), 2.5);
  assert.equal(percentile([7], 90), 7);
});

test('median: waits for its startup trials, then prunes a curve worse than the median and keeps a better one', () => {
  const median = new PercentilePruner({ percentile: 50, startupTrials: 3 }, 'median');
  const done = [trial(0, decay(0.2, 1, 5), 20), trial(1, decay(0.3, 1, 5), 20)];
  const bad = trial(9, decay(0.8, 1, 5), 5, 'running');
  assert.equal(decideAt(median, done, bad, 5).prune, false, 'only two complete trials: still in startup');
  done.push(trial(2, decay(0.25, 1, 5), 20));
  const d = decideAt(median, done, bad, 5);
  assert.equal(d.prune, true);
  assert.match(d.reason!, /worse than the median of complete trials at step 5/);
  const good = trial(10, decay(0.1, 1, 5), 5, 'running');
  assert.equal(decideAt(median, done, good, 5).prune, false);
});

test('median judges the trial by its best value so far, so one noisy step does not cut it', () => {
  const median = new PercentilePruner({ percentile: 50, startupTrials: 1 }, 'median');
  const done = [trial(0, () => 0.5, 10), trial(1, () => 0.6, 10)];
  const noisy = trial(5, (t) => (t === 4 ? 0.9 : 0.4), 4, 'running');
  assert.equal(decideAt(median, done, noisy, 4).prune, false);
});

test('median with maximize prunes the lower curve', () => {
  const median = new PercentilePruner({ percentile: 50, startupTrials: 2 }, 'median');
  const done = [trial(0, () => 0.9, 10), trial(1, () => 0.8, 10)];
  assert.equal(decideAt(median, done, trial(3, () => 0.5, 3, 'running'), 3, 'maximize').prune, true);
  assert.equal(decideAt(median, done, trial(4, () => 0.95, 3, 'running'), 3, 'maximize').prune, false);
});

test('the crossing case: median cuts the slow starter that would finish best (why `curve` exists)', () => {
  const median = createPruner('median');
  const fast = [0, 1, 2, 3, 4].map((i) => trial(i, decay(0.3 + 0.01 * i, 0.7, 3), 100));
  const slow = trial(5, decay(0.1, 0.9, 30), 10, 'running');
  assert.ok(decay(0.1, 0.9, 30)(100) < fast[0].values![0], 'the slow starter finishes best');
  assert.equal(decideAt(median, fast, slow, 10).prune, true);
});

test('percentile 25 keeps only the best quarter', () => {
  const p = new PercentilePruner({ percentile: 25, startupTrials: 4 });
  const done = [0.1, 0.2, 0.3, 0.4].map((c, i) => trial(i, () => c, 10));
  assert.equal(decideAt(p, done, trial(8, () => 0.15, 5, 'running'), 5).prune, false);
  assert.equal(decideAt(p, done, trial(9, () => 0.22, 5, 'running'), 5).prune, true, 'better than the median but not the best quarter');
});

test('warmup and interval steps hold the percentile pruner back', () => {
  const p = new PercentilePruner({ percentile: 50, startupTrials: 1, warmupSteps: 5, intervalSteps: 2 });
  const done = [trial(0, () => 0.1, 10)];
  assert.equal(decideAt(p, done, trial(3, () => 0.9, 4, 'running'), 4).prune, false, 'in warmup');
  assert.equal(decideAt(p, done, trial(3, () => 0.9, 6, 'running'), 6).prune, false, 'off the interval');
  assert.equal(decideAt(p, done, trial(3, () => 0.9, 7, 'running'), 7).prune, true);
});

test('ASHA lays rungs at minStep * eta^k below the full budget', () => {
  assert.deepEqual(new AshaPruner({ minStep: 1, maxStep: 27, reductionFactor: 3 }).rungSteps(), [1, 3, 9]);
  assert.deepEqual(new AshaPruner({ minStep: 2, maxStep: 100, reductionFactor: 4, minEarlyStoppingRate: 1 }).rungSteps(), [8, 32]);
});

test('ASHA promotes the best 1/eta at a rung without waiting for it to fill', () => {
  const asha = new AshaPruner({ minStep: 1, maxStep: 27, reductionFactor: 3 });
  // The first trial at a rung has no competitor: it goes on.
  assert.equal(decideAt(asha, [], trial(0, () => 0.5, 1, 'running'), 1).prune, false);
  const others = [0.2, 0.3, 0.4, 0.5, 0.6].map((c, i) => trial(i, () => c, 3, 'pruned'));
  // Six at rung 1 keeps the best two.
  assert.equal(decideAt(asha, others, trial(7, () => 0.25, 1, 'running'), 1).prune, false);
  const d = decideAt(asha, others, trial(8, () => 0.35, 1, 'running'), 1);
  assert.equal(d.prune, true);
  assert.match(d.reason!, /best 1\/3 at rung 0 \(step 1\): 2 of 5 trials did better/);
});

test('ASHA judges only at the report that reaches a rung, not between rungs', () => {
  const asha = new AshaPruner({ minStep: 1, maxStep: 27, reductionFactor: 3 });
  const others = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1].map((c, i) => trial(i, () => c, 9, 'complete'));
  const bad = trial(9, () => 0.9, 2, 'running');
  assert.equal(decideAt(asha, others, bad, 2).prune, false, 'step 2 is between rungs 1 and 3');
  // A trial reporting every other step meets rung 3 at step 4.
  const sparse: TrialRecord = { ...trial(10, () => 0.9, 0, 'running'), intermediate: { 2: 0.9, 4: 0.9 } };
  assert.equal(decideAt(asha, others, sparse, 4).prune, true);
});

test('ASHA, maximize: the higher value is the better one', () => {
  const asha = new AshaPruner({ minStep: 1, reductionFactor: 2 });
  const others = [trial(0, () => 0.9, 1, 'running')];
  assert.equal(decideAt(asha, others, trial(1, () => 0.95, 1, 'running'), 1, 'maximize').prune, false);
  assert.equal(decideAt(asha, others, trial(2, () => 0.5, 1, 'running'), 1, 'maximize').prune, true);
});

test('Hyperband: brackets by budget, the last one never prunes, trials compete only within their bracket', () => {
  const hb = new HyperbandPruner({ minStep: 1, maxStep: 27, reductionFactor: 3, seed: 0 });
  assert.equal(hb.brackets.length, 4);
  assert.deepEqual(hb.brackets.map((b) => b.rungSteps()), [[1, 3, 9], [3, 9], [9], []]);
  const counts = [0, 0, 0, 0];
  for (let n = 0; n < 4000; n++) counts[hb.bracketOf(n)]++;
  // Optuna's allocation 27:12:6:4 (of 49), within sampling noise.
  const expected = [27, 12, 6, 4].map((w) => (4000 * w) / 49);
  counts.forEach((c, i) => assert.ok(Math.abs(c - expected[i]) < 0.15 * expected[i] + 30, `bracket ${i}: ${c} vs ${expected[i]}`));

  // A bad trial in bracket 0 is pruned at step 1 only when bracket-0 trials beat it.
  const inBracket = (b: number, skip = 0) => {
    const out: number[] = [];
    for (let n = 0; out.length < 4 + skip; n++) if (hb.bracketOf(n) === b) out.push(n);
    return out.slice(skip);
  };
  const [a, b, c, d] = inBracket(0);
  const same = [a, b, c].map((n) => trial(n, () => 0.1, 1, 'running'));
  assert.equal(decideAt(hb, same, trial(d, () => 0.9, 1, 'running'), 1).prune, true);
  const other = inBracket(1).slice(0, 3).map((n) => trial(n, () => 0.1, 1, 'running'));
  assert.equal(decideAt(hb, other, trial(d, () => 0.9, 1, 'running'), 1).prune, false, 'other brackets are not its competitors');
  const last = inBracket(3)[0];
  assert.equal(decideAt(hb, same, trial(last, () => 99, 26, 'running'), 26).prune, false);
});

test('hyperband by name waits for the full budget to be known (first complete trial) unless told', () => {
  const hb = createPruner('hyperband');
  const running = trial(1, () => 0.9, 1, 'running');
  assert.equal(hb.decide({ trial: running, trials: [running], direction: 'minimize', step: 1 }).prune, false);
  assert.throws(() => new HyperbandPruner({ minStep: 5, maxStep: 5, reductionFactor: 3, seed: 0 }), /maximum step above the minimum/);
});

test('threshold: NaN, bounds and divergence', () => {
  const th = new ThresholdPruner({ upper: 10 });
  assert.equal(decideAt(th, [], trial(0, () => NaN, 1, 'running'), 1).prune, true);
  assert.equal(decideAt(th, [], trial(0, () => 11, 1, 'running'), 1).prune, true);
  const diverging = trial(1, (t) => 2.3 * 1.5 ** (t - 1), 3, 'running');
  assert.equal(decideAt(th, [], diverging, 2).prune, false, '3.45 against 2.3 is within the factor');
  const d = decideAt(th, [], diverging, 3);
  assert.equal(d.prune, true);
  assert.match(d.reason!, /diverged/);
  assert.equal(decideAt(th, [], trial(2, decay(0.1, 2, 3), 20, 'running'), 20).prune, false, 'a healthy curve');
  const acc = trial(3, (t) => 0.9 - 0.5 * t, 2, 'running');
  assert.equal(decideAt(new ThresholdPruner(), [], acc, 2, 'maximize').prune, true, 'accuracy fell from 0.4 to -0.1');
});

test('through the study: report returns the decision, and a pruner refuses several objectives', () => {
  const space = { x: { type: 'float' as const, low: 0, high: 1, log: false } };
  const study = new Study({ space, directions: ['minimize'], sampler: createSampler('random', 1), storage: new MemoryStorage('s', ['minimize']), pruner: createPruner('asha', { minStep: 1, maxStep: 9 }) });
  const t0 = study.ask();
  assert.equal(study.report(t0.number, 1, 0.1).prune, false);
  const t1 = study.ask();
  assert.equal(study.report(t1.number, 1, 0.2).prune, true);
  study.tell(t1.number, 'pruned');
  assert.deepEqual(study.trials()[1].intermediate, { 1: 0.2 }, 'the value that got it pruned is kept');
  assert.equal(study.report(t0.number, 3, NaN).prune, true, 'NaN prunes and is not stored');
  assert.deepEqual(study.trials()[0].intermediate, { 1: 0.1 });
  assert.throws(
    () => new Study({ space, directions: ['minimize', 'maximize'], sampler: createSampler('random', 1), storage: new MemoryStorage('s', ['minimize', 'maximize']), pruner: createPruner('median') }),
    /needs a single objective/,
  );
});

test('BOHB is tpe + hyperband: the sampler learns from pruned trials and still finds the optimum', () => {
  const space = { x: { type: 'float' as const, low: 0, high: 1, log: false }, epochs: { type: 'fidelity' as const, low: 1, high: 27 } };
  const study = new Study({ space, directions: ['minimize'], sampler: createSampler('tpe', 3), storage: new MemoryStorage('bohb', ['minimize']), seed: 3, pruner: createPruner('hyperband', { minStep: 1, maxStep: 27, seed: 3 }) });
  let steps = 0;
  for (let i = 0; i < 60; i++) {
    const t = study.ask();
    const x = Number(t.params.x);
    let pruned = false;
    for (let step = 1; step <= 27 && !pruned; step++) {
      steps++;
      pruned = study.report(t.number, step, (x - 0.3) ** 2 + Math.exp(-step / 5)).prune;
    }
    if (pruned) study.tell(t.number, 'pruned');
    else study.tell(t.number, 'complete', [(x - 0.3) ** 2 + Math.exp(-27 / 5)]);
  }
  const pruned = study.trials().filter((t) => t.state === 'pruned').length;
  assert.ok(pruned >= 15, `${pruned} of 60 pruned`);
  assert.ok(steps < 0.7 * 60 * 27, `${steps} steps of ${60 * 27}`);
  assert.ok(Math.abs(Number(study.best()!.params.x) - 0.3) < 0.05, `best x ${study.best()!.params.x}`);
});
