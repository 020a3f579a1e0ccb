import test from 'node:test';
import assert from 'node:assert/strict';
import {
  bestFinal,
  fateOf,
  medianOf,
  pairedCounts,
  poolBest,
  seedFigures,
  stepsToReach,
  summarise,
  type SeedFigures,
  type TrialOutcome,
} from '../../bench/pruners/metrics';
import { checkTargets, type TaskResult } from '../../bench/pruners/targets';

const complete = (index: number, final: number, endedAt: number): TrialOutcome => ({ index, steps: 10, state: 'complete', final, endedAt });
const pruned = (index: number, steps: number, endedAt: number): TrialOutcome => ({ index, steps, state: 'pruned', endedAt });

test('best final and steps to reach a quality look only at complete trials', () => {
  const trials = [complete(0, 5, 10), pruned(1, 2, 12), complete(2, 3, 22), complete(3, 4, 32)];
  assert.equal(bestFinal(trials), 3);
  assert.equal(stepsToReach(trials, 5), 10);
  assert.equal(stepsToReach(trials, 3.5), 22);
  assert.equal(stepsToReach(trials, 2), undefined);
  assert.equal(bestFinal([pruned(0, 1, 1)]), undefined);
});

test('the pool best spans every run of a seed, first index on ties', () => {
  const a = [complete(0, 5, 10), complete(4, 2, 20)];
  const b = [complete(0, 5, 10), pruned(4, 1, 11), complete(7, 2, 21)];
  assert.deepEqual(poolBest([a, b]), { value: 2, index: 4 });
  assert.equal(fateOf(b, 4), 'pruned');
  assert.equal(fateOf(a, 4), 'kept');
  assert.equal(fateOf(a, 7), 'not drawn');
});

test('seed figures: regret against the pool, compute against none', () => {
  // none: 3 full trials of 10 steps (budget 30), best 4 reached at step 20.
  const none = [complete(0, 6, 10), complete(1, 4, 20), complete(2, 5, 30)];
  // A pruner that stops trial 0 and 2 early, finds config 3 (value 3) at step 17.
  const fast = [pruned(0, 1, 1), complete(1, 4, 11), pruned(2, 1, 12), complete(3, 3, 17), pruned(4, 3, 20), complete(5, 7, 30)];
  const neverDone = [pruned(0, 1, 1), pruned(1, 1, 2)];
  const f = seedFigures(7, 30, new Map([['none', none], ['fast', fast], ['stuck', neverDone]]));
  const n = f.get('none')!;
  assert.equal(n.quality, 4);
  assert.equal(n.regret, 1); // the pool's best is 3, found only by `fast`
  assert.equal(n.stepsToQuality, 20);
  assert.equal(n.ratioToBudget, 1.5);
  assert.equal(n.ratioToNone, 1);
  assert.equal(n.bestFate, 'not drawn');
  const p = f.get('fast')!;
  assert.equal(p.regret, 0);
  assert.equal(p.stepsToQuality, 11);
  assert.equal(p.ratioToBudget, 30 / 11);
  assert.equal(p.ratioToNone, 20 / 11);
  assert.equal(p.complete, 3);
  assert.equal(p.trials, 6);
  assert.equal(p.bestFate, 'kept');
  const s = f.get('stuck')!;
  assert.equal(s.regret, Infinity);
  assert.equal(s.stepsToQuality, undefined);
  assert.equal(s.ratioToBudget, 0);
  assert.throws(() => seedFigures(0, 30, new Map([['fast', fast]])), /none/);
});

test('medians allow infinities; the budget ratio comes from the median steps', () => {
  assert.equal(medianOf([3, Infinity, 1]), 3);
  assert.equal(medianOf([Infinity, 1, Infinity]), Infinity);
  assert.equal(medianOf([2, 4]), 3);
  assert.equal(medianOf([2, Infinity]), Infinity);
  assert.ok(Number.isNaN(medianOf([])));
  const fig = (seed: number, steps: number | undefined): SeedFigures => ({
    seed,
    regret: 0,
    quality: 1,
    stepsToQuality: steps,
    ratioToBudget: steps ? 100 / steps : 0,
    ratioToNone: 0,
    trials: 1,
    complete: 1,
    bestFate: 'pruned',
  });
  // One seed not reached, one at 10 steps: the median is not reached, not 5x.
  const c = summarise([fig(0, undefined), fig(1, 10)], 100);
  assert.equal(c.medianStepsToQuality, Infinity);
  assert.equal(c.medianRatioToBudget, 0);
  assert.equal(c.reached, 1);
  assert.equal(c.bestPruned, 2);
  assert.equal(summarise([fig(0, 20), fig(1, 10), fig(2, 50)], 100).medianRatioToBudget, 5);
});

test('paired counts match seeds, skipping seeds one side lacks', () => {
  const fig = (seed: number, regret: number) => ({ seed, regret }) as SeedFigures;
  const counts = pairedCounts([fig(0, 1), fig(1, 2), fig(2, 3), fig(3, 0)], [fig(0, 2), fig(1, 2), fig(2, 1)], (f) => f.regret);
  assert.deepEqual(counts, { better: 1, tied: 1, worse: 1 });
});

test('targets come from the figures, and a missing pruner is SKIP', () => {
  const cell = (ratio: number, regret: number, steps: number) => ({
    seeds: 1,
    medianRegret: regret,
    medianStepsToQuality: steps,
    reached: 1,
    medianRatioToBudget: ratio,
    medianRatioToNone: 1,
    medianTrials: 1,
    medianComplete: 1,
    bestDrawn: 0,
    bestPruned: 0,
  });
  const seed = (regret: number, steps: number) => [{ seed: 0, regret, stepsToQuality: steps } as SeedFigures];
  const r: TaskResult = {
    task: 't',
    cells: { asha: cell(3.2, 0.1, 10), curve: cell(2.9, 0.05, 12), 'optuna:hyperband': cell(4, 0.05, 11) },
    perSeed: { asha: seed(0.1, 10), curve: seed(0.05, 12), 'optuna:hyperband': seed(0.05, 11) },
  };
  const lines = checkTargets([r]).map((l) => `${l.status} ${l.text}`);
  assert.match(lines[0], /^PASS asha on t/);
  assert.match(lines[1], /^FAIL curve on t/);
  assert.match(lines[2], /^PASS curve no worse than optuna:hyperband on t, median final regret/);
  assert.match(lines[3], /^FAIL curve no worse than optuna:hyperband on t, median steps/);
  const skipped = checkTargets([{ task: 't', cells: { asha: r.cells.asha }, perSeed: { asha: r.perSeed.asha } }]).map((l) => l.status);
  assert.deepEqual(skipped, ['PASS', 'SKIP', 'SKIP']);
});
