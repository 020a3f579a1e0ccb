// The `auto` policy: which concrete sampler each kind of problem gets, and
// that AutoSampler really delegates (same seed, same proposals as the delegate).
import assert from 'node:assert/strict';
import test from 'node:test';
import { AutoSampler, chooseSampler, GP_MAX_TRIALS, MOTPE_MAX_TRIALS } from '../../../src/engine/samplers/auto';
import { createSampler } from '../../../src/engine/samplers';
import type { SamplerContext } from '../../../src/engine/samplers/sampler';
import type { Direction } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';

const float = (low = 0, high = 1): SearchedDistribution => ({ type: 'float', low, high, log: false });

function ctx(space: Record<string, SearchedDistribution>, trials = 0, directions: Direction[] = ['minimize']): SamplerContext {
  const records: TrialRecord[] = Array.from({ length: trials }, (_, number) => ({
    number,
    state: 'complete',
    params: Object.fromEntries(Object.keys(space).map((n) => [n, 0.5])),
    distributions: {},
    values: directions.map(() => number),
    intermediate: {},
    userAttrs: {},
    systemAttrs: {},
  }));
  return { space, trials: records, directions };
}

const numeric = (d: number) => Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, float()]));

test('auto: a small numeric space gets the GP until the GP grows too slow, then TPE', () => {
  assert.equal(chooseSampler(ctx(numeric(5))), 'gp');
  assert.equal(chooseSampler(ctx(numeric(5), GP_MAX_TRIALS - 1)), 'gp');
  assert.equal(chooseSampler(ctx(numeric(5), GP_MAX_TRIALS)), 'tpe');
});

test('auto: many dimensions go to TPE; categorical choices count one dimension each', () => {
  assert.equal(chooseSampler(ctx(numeric(21))), 'tpe');
  const mixed = { ...numeric(3), opt: { type: 'categorical', choices: ['a', 'b', 'c'] } as SearchedDistribution };
  assert.equal(chooseSampler(ctx(mixed)), 'gp');
  const wide = { ...numeric(10), act: { type: 'categorical', choices: Array.from({ length: 11 }, (_, i) => `c${i}`) } as SearchedDistribution };
  assert.equal(chooseSampler(ctx(wide)), 'tpe');
});

test('auto: a tiny discrete space is enumerated', () => {
  const space: Record<string, SearchedDistribution> = {
    layers: { type: 'int', low: 1, high: 4, log: false, step: 1 },
    act: { type: 'categorical', choices: ['relu', 'tanh'] },
  };
  assert.equal(chooseSampler(ctx(space)), 'grid');
});

test('auto: several objectives get MOTPE, then NSGA-II on long runs', () => {
  assert.equal(chooseSampler(ctx(numeric(4), 10, ['minimize', 'minimize'])), 'motpe');
  assert.equal(chooseSampler(ctx(numeric(4), MOTPE_MAX_TRIALS, ['minimize', 'maximize'])), 'nsga2');
});

test('auto: proposes exactly what its delegate proposes with the same seed', () => {
  const space = numeric(3);
  const auto = new AutoSampler(createSampler, 11);
  const gp = createSampler('gp', 11);
  const c = ctx(space, 4);
  c.trials.forEach((t, i) => (t.params = { x0: i / 4, x1: 1 - i / 4, x2: 0.3 }));
  assert.deepEqual(auto.sample(c), gp.sample(c));
  assert.equal(auto.lastChoice, 'gp');
});
