import test from 'node:test';
import assert from 'node:assert/strict';
import { parameterImportance } from '../../../../src/engine/importance';
import type { SearchSpace } from '../../../../src/engine/space';
import type { TrialRecord } from '../../../../src/engine/trial';
import { importanceBars, importanceLabel } from '../../../../src/panel/viewModel/importanceBars';

test('bars are sorted, the most important spans the chart, labels have 2 decimals', () => {
  const chart = importanceBars([
    { name: 'batch', importance: 0.25 },
    { name: 'optimizer.lr', importance: 0.625 },
    { name: 'dropout', importance: 0.125 },
  ]);
  assert.equal(chart.allZero, false);
  assert.deepEqual(
    chart.bars.map((b) => [b.name, b.width, b.label, b.rank]),
    [
      ['optimizer.lr', 1, '0.63', 1],
      ['batch', 0.4, '0.25', 2],
      ['dropout', 0.2, '0.13', 3],
    ],
  );
});

test('widths can be shares of the total instead', () => {
  const chart = importanceBars(
    [
      { name: 'a', importance: 0.5 },
      { name: 'b', importance: 1.5 },
    ],
    { scale: 'total' },
  );
  assert.deepEqual(
    chart.bars.map((b) => [b.name, b.width]),
    [
      ['b', 0.75],
      ['a', 0.25],
    ],
  );
});

test('tied parameters share a rank and a width and keep their input order', () => {
  const chart = importanceBars([
    { name: 'c', importance: 0.2 },
    { name: 'a', importance: 0.4 },
    { name: 'b', importance: 0.4 },
    { name: 'd', importance: 0 },
  ]);
  assert.deepEqual(
    chart.bars.map((b) => [b.name, b.rank, b.width]),
    [
      ['a', 1, 1],
      ['b', 1, 1],
      ['c', 3, 0.5],
      ['d', 4, 0],
    ],
  );
});

test('all zero (too few trials): empty bars, 0.00 labels, and the chart says so', () => {
  const chart = importanceBars([
    { name: 'x', importance: 0 },
    { name: 'y', importance: 0 },
  ]);
  assert.equal(chart.allZero, true);
  assert.deepEqual(
    chart.bars.map((b) => [b.name, b.width, b.label, b.rank]),
    [
      ['x', 0, '0.00', 1],
      ['y', 0, '0.00', 1],
    ],
  );
  assert.deepEqual(importanceBars([]), { bars: [], allZero: true });
});

test('negative, NaN and infinite importances read as 0', () => {
  const chart = importanceBars([
    { name: 'nan', importance: NaN },
    { name: 'neg', importance: -0.2 },
    { name: 'inf', importance: Infinity },
    { name: 'ok', importance: 0.1 },
  ]);
  assert.deepEqual(
    chart.bars.map((b) => [b.name, b.importance, b.width]),
    [
      ['ok', 0.1, 1],
      ['nan', 0, 0],
      ['neg', 0, 0],
      ['inf', 0, 0],
    ],
  );
});

test('a tiny importance reads <0.01 rather than 0.00', () => {
  assert.equal(importanceLabel(0.004), '<0.01');
  assert.equal(importanceLabel(0.006), '0.01');
  assert.equal(importanceLabel(0), '0.00');
  assert.equal(importanceLabel(-0), '0.00');
  assert.equal(importanceLabel(1), '1.00');
});

test('the engine\'s importance feeds the chart: one parameter that decides the objective, one that does not', () => {
  const space: SearchSpace = {
    x: { type: 'float', low: 0, high: 1, log: false },
    noise: { type: 'float', low: 0, high: 1, log: false },
  };
  const record = (i: number): TrialRecord => {
    const x = ((i * 37) % 100) / 100;
    const noise = ((i * 61) % 100) / 100;
    return { number: i, state: 'complete', params: { x, noise }, distributions: space, values: [(x - 0.3) ** 2], intermediate: {}, userAttrs: {}, systemAttrs: {} };
  };
  const trials = Array.from({ length: 60 }, (_, i) => record(i));
  const chart = importanceBars(parameterImportance(trials, space, ['minimize']));
  assert.equal(chart.allZero, false);
  assert.deepEqual(chart.bars.map((b) => [b.name, b.rank, b.width]).slice(0, 1), [['x', 1, 1]]);
  assert.ok(chart.bars[1].width < 0.5, `noise should matter far less than x, got width ${chart.bars[1].width}`);
  // Too few trials: the engine says nothing yet, and so does the chart.
  assert.equal(importanceBars(parameterImportance(trials.slice(0, 3), space, ['minimize'])).allZero, true);
});
