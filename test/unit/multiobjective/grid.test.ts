import test from 'node:test';
import assert from 'node:assert/strict';
import { GridSampler, axisValues } from '../../../src/engine/samplers/grid';
import type { Params, SearchSpace } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';

const space: Record<string, SearchedDistribution> = {
  layers: { type: 'int', low: 1, high: 3, log: false, step: 1 },
  dropout: { type: 'float', low: 0, high: 0.2, log: false, step: 0.1 },
  opt: { type: 'categorical', choices: ['sgd', 'adam', null, true] },
};
const SIZE = 3 * 3 * 4;

function run(sampler: GridSampler, n: number, start: TrialRecord[] = []): TrialRecord[] {
  const trials = start.slice();
  for (let i = 0; i < n; i++) {
    const params = sampler.sample({ space, trials, directions: ['minimize'] });
    trials.push({ number: trials.length, state: 'running', params, distributions: space as SearchSpace, intermediate: {}, userAttrs: {}, systemAttrs: {} });
  }
  return trials;
}
const key = (p: Params): string => JSON.stringify([p.layers, p.dropout, p.opt]);

test('grid visits every configuration exactly once', () => {
  const trials = run(new GridSampler(1), SIZE);
  assert.equal(new Set(trials.map((t) => key(t.params))).size, SIZE);
  for (const t of trials) {
    assert.ok([1, 2, 3].includes(t.params.layers as number));
    assert.ok([0, 0.1, 0.2].includes(t.params.dropout as number), `dropout ${t.params.dropout}`);
  }
});

test('grid order is shuffled by the seed and reproducible', () => {
  const order = (seed: number): string[] => run(new GridSampler(seed), SIZE).map((t) => key(t.params));
  assert.deepEqual(order(5), order(5));
  assert.notDeepEqual(order(5), order(6));
});

test('grid skips configurations already in the study (resume, enqueued values)', () => {
  const first = run(new GridSampler(3), 10);
  const rest = run(new GridSampler(3), SIZE - 10, first);
  assert.equal(new Set(rest.map((t) => key(t.params))).size, SIZE, 'a fresh sampler continues without repeats');
  // The same as an uninterrupted run.
  assert.deepEqual(rest.map((t) => t.params), run(new GridSampler(3), SIZE).map((t) => t.params));
});

test('grid gives a float without a step five evenly spaced values, on the log axis when log', () => {
  assert.deepEqual(axisValues({ type: 'float', low: 0, high: 1, log: false }), [0, 0.25, 0.5, 0.75, 1]);
  const logs = axisValues({ type: 'float', low: 1e-4, high: 1, log: true }) as number[];
  assert.equal(logs.length, 5);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(Math.log10(logs[i]) - (-4 + i)) < 1e-9, `log value ${logs[i]}`);
  assert.equal(new GridSampler(1, { floatPoints: 3 }).size({ x: { type: 'float', low: 0, high: 1, log: false } }), 3);
});

test('grid still proposes a valid configuration once exhausted', () => {
  const trials = run(new GridSampler(2), SIZE + 3);
  for (const t of trials.slice(SIZE)) assert.ok([1, 2, 3].includes(t.params.layers as number));
});
