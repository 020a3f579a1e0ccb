import test from 'node:test';
import assert from 'node:assert/strict';
import { parsePbtDirective, resolvePbtOptions } from '../../../../src/engine/pbt';

test('the directive reads key=value pairs, separated by spaces or commas', () => {
  assert.deepEqual(parsePbtDirective('interval=5 population=8'), { interval: 5, population: 8 });
  assert.deepEqual(parsePbtDirective(' interval=5,  population=8, fraction=0.2 resample=0.3 max_step=40 '), {
    interval: 5,
    population: 8,
    fraction: 0.2,
    resampleProbability: 0.3,
    maxStep: 40,
  });
  assert.deepEqual(parsePbtDirective('Population=4 resample_probability=0'), { population: 4, resampleProbability: 0 });
  assert.deepEqual(parsePbtDirective(''), {});
});

test('a bad directive names the field at fault', () => {
  const cases: Array<[string, RegExp]> = [
    ['interval=5 popsize=8', /unknown field "popsize"/],
    ['population=1', /population must be an integer of at least 2/],
    ['population=2.5', /population must be an integer/],
    ['interval=0', /interval must be a positive integer/],
    ['interval=abc', /interval must be a number, got "abc"/],
    ['interval=', /interval must be a number/],
    ['fraction=0.7', /fraction must be in \(0, 0\.5\]/],
    ['fraction=0', /fraction must be in/],
    ['resample=1.5', /resample must be in \[0, 1\]/],
    ['max_step=-3', /max_step must be a positive integer/],
    ['interval', /expected key=value, got "interval"/],
    ['interval=5 interval=6', /interval is given twice/],
  ];
  for (const [arg, message] of cases) assert.throws(() => parsePbtDirective(arg), message, arg);
});

test('resolving fills defaults and checks interval against max_step', () => {
  assert.deepEqual(resolvePbtOptions({ interval: 5 }, 100), { population: 8, interval: 5, maxStep: 100, fraction: 0.25, resampleProbability: 0.25 });
  assert.equal(resolvePbtOptions({}, 95).interval, 10, 'without interval, about ten segments');
  assert.equal(resolvePbtOptions({ maxStep: 30 }, 100).maxStep, 30, 'the directive wins over the fidelity');
  assert.throws(() => resolvePbtOptions({ interval: 5 }), /max_step is unknown/);
  assert.throws(() => resolvePbtOptions({ interval: 50 }, 20), /interval \(50\) must not exceed max_step \(20\)/);
  assert.throws(() => resolvePbtOptions({}, 0), /max_step must be a positive integer/);
});

test('explore names the parameters PBT may change, joined by +', () => {
  assert.deepEqual(parsePbtDirective('population=4 explore=optimizer.lr+momentum').explore, ['optimizer.lr', 'momentum']);
  assert.deepEqual(resolvePbtOptions(parsePbtDirective('explore=lr'), 10).explore, ['lr']);
  assert.equal(resolvePbtOptions({}, 10).explore, undefined);
  assert.throws(() => parsePbtDirective('explore='), /explore needs parameter names joined by \+/);
  assert.throws(() => parsePbtDirective('explore=a explore=b'), /explore is given twice/);
});
