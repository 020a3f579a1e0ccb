import test from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../../src/engine/memoryStorage';
import { createSampler } from '../../../../src/engine/samplers';
import { bestTrial, paretoFront, Study } from '../../../../src/engine/study';
import type { Direction } from '../../../../src/engine/space';
import { nonDominated, paretoView } from '../../../../src/panel/viewModel/pareto';
import type { ObjectiveTrial } from '../../../../src/panel/viewModel/types';

const t = (number: number, values: (number | null)[], state = 'complete', feasible?: boolean): ObjectiveTrial =>
  feasible === undefined ? { number, state, values } : { number, state, values, feasible };

test('two minimised objectives: the front, in order along the first objective', () => {
  const trials = [t(0, [3, 1]), t(1, [1, 3]), t(2, [2, 2]), t(3, [3, 3]), t(4, [2.5, 2.5]), t(5, [1, 3])];
  const view = paretoView(trials, ['minimize', 'minimize']);
  assert.deepEqual(view.front, [1, 5, 2, 0], 'equal points are both on the front');
  assert.deepEqual(
    view.points.filter((p) => !p.onFront).map((p) => p.number),
    [3, 4],
  );
  assert.equal(view.chosen, 1, 'best on the first objective, the lower number on a tie');
  assert.equal(view.chosenBy, 'best');
});

test('directions are respected: maximising the second objective changes the front', () => {
  const trials = [t(0, [1, 1]), t(1, [2, 5]), t(2, [3, 4]), t(3, [0.5, 0])];
  assert.deepEqual(paretoView(trials, ['minimize', 'maximize']).front, [3, 0, 1]);
  assert.deepEqual(paretoView(trials, ['maximize', 'maximize']).front, [1, 2]);
  assert.equal(paretoView(trials, ['maximize', 'maximize']).chosen, 2);
  assert.deepEqual(paretoView(trials, ['minimize', 'minimize']).front, [3]);
});

test('three objectives', () => {
  const trials = [t(0, [1, 2, 3]), t(1, [2, 1, 3]), t(2, [3, 3, 1]), t(3, [2, 2, 3]), t(4, [1, 2, 4])];
  const view = paretoView(trials, ['minimize', 'minimize', 'minimize']);
  assert.deepEqual(view.front, [0, 1, 2]);
  assert.equal(view.chosen, 0);
});

test('only complete trials with a finite value for every objective are points; infeasible ones are never on the front', () => {
  const trials = [
    t(0, [0, 0], 'complete', false),
    t(1, [1, 2]),
    t(2, [2, 1]),
    t(3, [0, 0], 'pruned'),
    t(4, [], 'running'),
    t(5, [0, null]),
    t(6, [0, NaN]),
    t(7, [0.5]),
  ];
  const view = paretoView(trials, ['minimize', 'minimize']);
  assert.deepEqual(
    view.points.map((p) => [p.number, p.feasible, p.onFront]),
    [
      [0, false, false],
      [1, true, true],
      [2, true, true],
    ],
  );
  assert.equal(view.chosen, 1, 'the infeasible trial that dominates everything is not chosen');
});

test('a chosen trial is kept when it is a point, else the engine\'s choice stands', () => {
  const trials = [t(0, [1, 3]), t(1, [3, 1]), t(2, [4, 4])];
  const directions: Direction[] = ['minimize', 'minimize'];
  assert.deepEqual([paretoView(trials, directions, 1).chosen, paretoView(trials, directions, 1).chosenBy], [1, 'user']);
  assert.equal(paretoView(trials, directions, 2).chosen, 2, 'a dominated point may be chosen by hand');
  assert.deepEqual([paretoView(trials, directions, 99).chosen, paretoView(trials, directions, 99).chosenBy], [0, 'best']);
  const none = paretoView([t(0, [], 'running')], directions);
  assert.deepEqual([none.points, none.front, none.chosen, none.chosenBy], [[], [], undefined, undefined]);
  assert.throws(() => paretoView(trials, []), RangeError);
});

test('front and choice agree with the engine on a random study', () => {
  for (const directions of [
    ['maximize'],
    ['minimize', 'maximize'],
    ['maximize', 'minimize', 'minimize'],
  ] as Direction[][]) {
    const study = new Study({
      space: { x: { type: 'float', low: 0, high: 1, log: false } },
      directions,
      sampler: createSampler('random', 3),
      storage: new MemoryStorage('s', directions),
      seed: 3,
    });
    for (let i = 0; i < 300; i++) {
      const a = study.ask();
      // Rounded values make ties and duplicate points likely.
      const values = directions.map((_, k) => Math.round(10 * Math.sin((k + 1) * 7 * a.number + Number(a.params.x) * 3)) / 10);
      study.tell(a.number, 'complete', values);
    }
    const records = study.trials();
    const view = paretoView(records.map((r) => ({ number: r.number, state: r.state, values: r.values ?? [] })), directions);
    if (directions.length === 1) {
      assert.equal(view.chosen, bestTrial(records, directions)?.number, 'with one objective the chosen point is the best trial');
      continue;
    }
    assert.deepEqual(
      [...view.front].sort((a, b) => a - b),
      paretoFront(records, directions).map((r) => r.number),
    );
    assert.equal(view.chosen, bestTrial(records, directions)?.number);
  }
});

test('nonDominated keeps equal points and drops a point tied on one objective but worse on the other', () => {
  const points = [{ values: [1, 2] }, { values: [1, 2] }, { values: [1, 3] }, { values: [0, 3] }, { values: [2, 2] }, { values: [2, 1] }];
  assert.deepEqual(
    nonDominated(points, ['minimize', 'minimize']).map((p) => p.values),
    [[0, 3], [1, 2], [1, 2], [2, 1]],
  );
  assert.deepEqual(
    nonDominated(points, ['maximize', 'maximize']).map((p) => p.values),
    [[2, 2], [1, 3]],
  );
});

test('nonDominated agrees with checking every pair, in 2 to 4 objectives with many ties', () => {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const dirs: Direction[] = ['minimize', 'maximize', 'minimize', 'maximize'];
  for (let round = 0; round < 60; round++) {
    const m = 2 + (round % 3);
    const directions = dirs.slice(0, m);
    const points = Array.from({ length: 1 + Math.floor(next() * 80) }, (_, id) => ({ id, values: Array.from({ length: m }, () => Math.floor(next() * 5)) }));
    const dominates = (a: number[], b: number[]) => {
      let strictly = false;
      for (let k = 0; k < m; k++) {
        const [p, q] = directions[k] === 'minimize' ? [a[k], b[k]] : [-a[k], -b[k]];
        if (p > q) return false;
        if (p < q) strictly = true;
      }
      return strictly;
    };
    const expected = points.filter((p) => !points.some((q) => dominates(q.values, p.values))).map((p) => p.id);
    const actual = nonDominated(points, directions)
      .map((p) => p.id)
      .sort((a, b) => a - b);
    assert.deepEqual(actual, expected, `round ${round}, ${m} objectives: ${JSON.stringify(points.map((p) => p.values))}`);
  }
});
