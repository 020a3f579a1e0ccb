import test from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../src/engine/memoryStorage';
import { createSampler } from '../../../src/engine/samplers';
import { SpaceExhaustedError, Study } from '../../../src/engine/study';
import type { SearchSpace } from '../../../src/engine/space';

function makeStudy(space: SearchSpace, directions: ('minimize' | 'maximize')[] = ['minimize'], sampler = 'random') {
  return new Study({ space, directions, sampler: createSampler(sampler, 1), storage: new MemoryStorage('s', directions), seed: 1 });
}

test('an enqueued configuration (the file\'s values) is the first trial', () => {
  const study = makeStudy({ x: { type: 'float', low: 0, high: 1, log: false }, epochs: { type: 'fidelity', low: 1, high: 27 }, tag: { type: 'fixed', value: 'a' } });
  study.enqueue({ x: 0.25 });
  const t0 = study.ask();
  assert.equal(t0.number, 0);
  assert.deepEqual(t0.params, { x: 0.25, epochs: 27, tag: 'a' });
  const t1 = study.ask();
  assert.equal(t1.number, 1);
  assert.notEqual(t1.params.x, 0.25);
  assert.equal(t1.params.epochs, 27, 'without a pruner a fidelity runs at its full budget');
});

test('a discrete space never evaluates the same configuration twice, then reports it is exhausted', () => {
  const study = makeStudy({ a: { type: 'categorical', choices: ['x', 'y', 'z'] }, b: { type: 'int', low: 0, high: 3, log: false, step: 1 } });
  const seen = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const t = study.ask();
    const key = JSON.stringify(t.params);
    assert.ok(!seen.has(key), `configuration ${key} was asked twice`);
    seen.add(key);
    study.tell(t.number, 'complete', [i]);
  }
  assert.throws(() => study.ask(), SpaceExhaustedError);
});

test('tell checks the values against the objectives and refuses to end a trial twice', () => {
  const study = makeStudy({ x: { type: 'float', low: 0, high: 1, log: false } }, ['minimize', 'maximize']);
  const t = study.ask();
  assert.throws(() => study.tell(t.number, 'complete', [1]), /expected 2 value/);
  assert.throws(() => study.tell(t.number, 'complete', [1, NaN]), /finite/);
  study.tell(t.number, 'complete', [1, 2]);
  assert.throws(() => study.tell(t.number, 'failed'), /already complete/);
  assert.throws(() => study.tell(99, 'failed'), /no trial 99/);
});

test('best is the minimum or maximum of complete trials, ignoring failed and pruned', () => {
  for (const [direction, expected] of [['minimize', 1], ['maximize', 3]] as const) {
    const study = makeStudy({ x: { type: 'float', low: 0, high: 1, log: false } }, [direction]);
    const values = [2, 1, 3];
    for (const v of values) study.tell(study.ask().number, 'complete', [v]);
    study.tell(study.ask().number, 'failed');
    study.tell(study.ask().number, 'pruned');
    assert.equal(study.best()?.values?.[0], expected);
    assert.equal(study.best()?.number, values.indexOf(expected));
  }
});

test('with several objectives, best is on the Pareto front', () => {
  const study = makeStudy({ x: { type: 'float', low: 0, high: 1, log: false } }, ['minimize', 'minimize']);
  const points = [[1, 5], [2, 2], [3, 3], [0.5, 9]];
  for (const p of points) study.tell(study.ask().number, 'complete', p);
  const best = study.best();
  assert.deepEqual(best?.values, [0.5, 9]);
});
