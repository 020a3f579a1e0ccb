import test from 'node:test';
import assert from 'node:assert/strict';
import type { SearchSpace } from '../../../../src/engine/space';
import { axisPositions, brushedTrials, isBrushActive, parallelAxes } from '../../../../src/panel/viewModel/parallelCoords';
import type { TableTrial } from '../../../../src/panel/viewModel/types';

const space: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
  seed: { type: 'fixed', value: 1 },
};

const trial = (number: number, params: TableTrial['params'], values: (number | null)[], state = 'complete'): TableTrial => ({ number, state, params, values });

const trials = [
  trial(0, { lr: 1e-4, dropout: 0, optimizer: 'sgd', seed: 1 }, [0.9]),
  trial(1, { lr: 1e-2, dropout: 0.25, optimizer: 'adam', seed: 1 }, [0.5]),
  trial(2, { lr: 1, dropout: 0.5, optimizer: 'rmsprop', seed: 1 }, [0.1]),
  trial(3, { lr: 1e-3, dropout: 0.1, optimizer: 'adam', seed: 1 }, [], 'running'),
];
const objectives = [{ name: 'loss', direction: 'minimize' as const }];

const close = (actual: number, expected: number, message?: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${message ?? ''} ${actual} != ${expected}`);

test('an axis per searched parameter (log, linear, categorical) and per objective; fixed ones are left out', () => {
  const axes = parallelAxes(trials, ['lr', 'dropout', 'optimizer', 'seed'], objectives, space);
  assert.deepEqual(
    axes.map((a) => [a.id, a.label, a.kind]),
    [
      ['param:lr', 'lr', 'log'],
      ['param:dropout', 'dropout', 'linear'],
      ['param:optimizer', 'optimizer', 'categorical'],
      ['objective:0', 'loss', 'linear'],
    ],
  );
  const [lr, dropout, optimizer, loss] = axes;
  close(lr.position(1e-4), 0);
  close(lr.position(1e-2), 0.5, 'log: 1e-2 is halfway between 1e-4 and 1');
  close(dropout.position(0.25), 0.5);
  assert.deepEqual(optimizer.categories, ['sgd', 'adam', 'rmsprop']);
  assert.deepEqual(['sgd', 'adam', 'rmsprop'].map((v) => optimizer.position(v)), [0, 0.5, 1]);
  assert.ok(Number.isNaN(optimizer.position('lamb')));
  close(loss.position(0.5), 0.5);
  assert.ok(Number.isNaN(loss.position(null)));
  assert.ok(Number.isNaN(lr.position(undefined)));
  assert.ok(Number.isNaN(lr.position(-1)), 'a log axis cannot place a value <= 0');
});

test('a numeric axis reaches trial values outside the space; unknown parameters get inferred axes', () => {
  const more = [...trials, trial(4, { dropout: 0.75, act: 'relu', width: 10 }, [0.3]), trial(5, { act: 2, width: 30 }, [0.3])];
  const axes = parallelAxes(more, ['dropout', 'act', 'width'], [], space);
  assert.deepEqual(axes[0].scale?.domain, [0, 0.75]);
  assert.deepEqual([axes[1].kind, axes[1].categories], ['categorical', ['2', 'relu']]);
  assert.deepEqual([axes[2].kind, axes[2].scale?.domain], ['linear', [10, 30]]);
  // A categorical parameter's value the space no longer has goes after its choices.
  const changed = parallelAxes([trial(0, { optimizer: 'lamb' }, [])], ['optimizer'], [], space);
  assert.deepEqual(changed[0].categories, ['sgd', 'adam', 'rmsprop', 'lamb']);
  // A parameter no trial has yet, with no space, has nothing to draw.
  assert.deepEqual(parallelAxes([], ['nothing'], objectives), []);
});

test('positions are computed per axis for every trial', () => {
  const axes = parallelAxes(trials, ['dropout', 'optimizer'], objectives, space);
  const positions = axisPositions(trials, axes);
  assert.deepEqual([...positions[0]], [0, 0.5, 1, 0.2]);
  assert.deepEqual([...positions[1]], [0, 0.5, 1, 0.5]);
  assert.ok(Number.isNaN(positions[2][3]), 'the running trial has no loss yet');
});

test('brushing: a trial passes when inside any range of every brushed axis', () => {
  const axes = parallelAxes(trials, ['lr', 'dropout', 'optimizer'], objectives, space);
  assert.equal(brushedTrials(trials, axes, {}), undefined, 'nothing brushed: no filter');
  assert.equal(brushedTrials(trials, axes, { 'param:lr': [] }), undefined);
  assert.equal(isBrushActive({ 'param:lr': [] }), false);
  assert.equal(isBrushActive({ 'param:lr': [{ from: 0, to: 1 }] }), true);
  // Ranges are in axis positions (dropout 0.1 sits at 0.2, 0.25 at 0.5), ends in either order, inclusive.
  assert.deepEqual([...brushedTrials(trials, axes, { 'param:dropout': [{ from: 0.5, to: 0.2 }] })!], [1, 3]);
  // Two ranges on one axis are a union.
  assert.deepEqual([...brushedTrials(trials, axes, { 'param:optimizer': [{ from: 0, to: 0.1 }, { from: 0.9, to: 1 }] })!], [0, 2]);
  // Two axes intersect.
  assert.deepEqual([...brushedTrials(trials, axes, { 'param:optimizer': [{ from: 0.4, to: 0.6 }], 'param:lr': [{ from: 0.4, to: 0.6 }] })!], [1]);
  // A trial without a value on a brushed axis does not pass.
  assert.deepEqual([...brushedTrials(trials, axes, { 'objective:0': [{ from: 0, to: 1 }] })!], [0, 1, 2]);
  // An axis that is no longer drawn is ignored.
  assert.equal(brushedTrials(trials, axes, { 'param:gone': [{ from: 0, to: 0.1 }] }), undefined);
});
