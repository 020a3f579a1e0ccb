import test from 'node:test';
import assert from 'node:assert/strict';
import type { SearchSpace } from '../../../../src/engine/space';
import { choiceSpread, sliceView } from '../../../../src/panel/viewModel/slice';
import type { TableTrial } from '../../../../src/panel/viewModel/types';

const space: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  opt: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
};
const t = (number: number, params: TableTrial['params'], values: (number | null)[], state = 'complete'): TableTrial => ({ number, state, params, values });
const trials = [t(0, { lr: 1e-4, opt: 'sgd' }, [0.9]), t(1, { lr: 1e-2, opt: 'adam' }, [0.5]), t(2, { lr: 1, opt: 'rmsprop' }, [0.1]), t(3, { lr: 1e-3 }, [], 'running'), t(4, { lr: 1e-3 }, [0.2], 'pruned')];

test('complete trials only, placed on the parameter log axis', () => {
  const view = sliceView(trials, 'lr', space)!;
  assert.equal(view.axis.kind, 'log');
  assert.deepEqual(
    view.points.map((p) => [p.number, Number(p.u.toFixed(9)), p.value]),
    [
      [0, 0, 0.9],
      [1, 0.5, 0.5],
      [2, 1, 0.1],
    ],
  );
  assert.deepEqual(view.valueRange, [0.1, 0.9]);
});

test('a choice sits at its even position, spread a little per trial, the same every time', () => {
  const view = sliceView(trials, 'opt', space)!;
  assert.equal(view.axis.kind, 'categorical');
  view.points.forEach((p, i) => {
    assert.ok(Math.abs(p.u - i / 2) <= (0.5 * 0.33) / 2 + 1e-12, `trial ${p.number} stays near its choice`);
    assert.equal(p.u, i / 2 + choiceSpread(p.number, 3));
  });
  assert.notEqual(choiceSpread(1, 3), choiceSpread(2, 3));
});

test('a parameter nobody has yields no slice', () => {
  assert.equal(sliceView([], 'missing', {}), undefined);
  assert.deepEqual(sliceView([t(0, { lr: 0.1 }, [], 'running')], 'lr', space)?.points, []);
});
