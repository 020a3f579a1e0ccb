import test from 'node:test';
import assert from 'node:assert/strict';
import { spaceOfColumns, suggestedTrial } from '../../../../src/panel/viewModel/chosenTrial';
import type { ObjectiveTrial } from '../../../../src/panel/viewModel/types';

const complete = (number: number, values: number[]): ObjectiveTrial => ({ number, state: 'complete', values });

test('one objective: the engine\'s best trial, whatever is selected', () => {
  assert.equal(suggestedTrial([complete(0, [1]), complete(1, [0.5])], ['minimize'], 1, 0), 1);
  assert.equal(suggestedTrial([], ['minimize'], undefined, undefined), undefined);
});

test('two objectives: the selected trial when it is on the front, else the front\'s best on the first objective', () => {
  // Front: 1 (0.2, 9), 2 (0.5, 5), 3 (0.9, 1); trial 4 is dominated by 2.
  const trials = [complete(1, [0.2, 9]), complete(2, [0.5, 5]), complete(3, [0.9, 1]), complete(4, [0.6, 6])];
  assert.equal(suggestedTrial(trials, ['minimize', 'minimize'], undefined, 3), 3);
  assert.equal(suggestedTrial(trials, ['minimize', 'minimize'], undefined, 4), 1, 'a dominated selection falls back');
  assert.equal(suggestedTrial(trials, ['minimize', 'minimize'], undefined, undefined), 1);
  assert.equal(suggestedTrial(trials, ['maximize', 'minimize'], undefined, undefined), 3);
});

test('the columns give back the distributions the suggestion card reads', () => {
  const space = spaceOfColumns([
    { name: 'lr', kind: 'float', low: 1e-5, high: 1, log: true },
    { name: 'layers', kind: 'int', low: 1, high: 8 },
    { name: 'opt', kind: 'categorical', choices: ['sgd', 'adam'] },
    { name: 'epochs', kind: 'fidelity', low: 1, high: 27 },
    { name: 'seed', kind: 'fixed' },
  ]);
  assert.deepEqual(space, {
    lr: { type: 'float', low: 1e-5, high: 1, log: true },
    layers: { type: 'int', low: 1, high: 8, log: false, step: 1 },
    opt: { type: 'categorical', choices: ['sgd', 'adam'] },
    epochs: { type: 'fidelity', low: 1, high: 27 },
  });
});
