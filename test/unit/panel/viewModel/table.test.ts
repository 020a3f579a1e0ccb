import test from 'node:test';
import assert from 'node:assert/strict';
import {
  cellText,
  filterTrials,
  paramNamesOf,
  parseColumnId,
  sortTrials,
  tableColumns,
  tableRows,
  topPercentCutoff,
} from '../../../../src/panel/viewModel/table';
import type { TableTrial } from '../../../../src/panel/viewModel/types';

function trial(number: number, state: string, params: TableTrial['params'], values: (number | null)[] = [], durationS?: number): TableTrial {
  return { number, state, params, values, durationS };
}

const numbers = (rows: readonly TableTrial[]): number[] => rows.map((r) => r.number);

test('columns: number, state, a column per parameter by its full name, one per objective, duration', () => {
  const columns = tableColumns(['optimizer.lr', 'batch'], [
    { name: 'val_loss', direction: 'minimize' },
    { name: 'acc', direction: 'maximize' },
  ]);
  assert.deepEqual(
    columns.map((c) => [c.id, c.label]),
    [
      ['number', '#'],
      ['state', 'state'],
      ['param:optimizer.lr', 'optimizer.lr'],
      ['param:batch', 'batch'],
      ['objective:0', 'val_loss'],
      ['objective:1', 'acc'],
      ['duration', 'duration'],
    ],
  );
  assert.equal(columns[5].direction, 'maximize');
});

test('parameter names: the declared ones in order, then others as first seen in trials', () => {
  const trials = [trial(0, 'complete', { b: 1, extra: 2 }), trial(1, 'complete', { a: 1, later: 'x', extra: 3 })];
  assert.deepEqual(paramNamesOf(trials, ['a', 'b']), ['a', 'b', 'extra', 'later']);
});

test('a column id names a column, and a malformed one is refused', () => {
  assert.deepEqual(parseColumnId('param:model:depth'), { kind: 'param', param: 'model:depth' });
  assert.deepEqual(parseColumnId('objective:1'), { kind: 'objective', objective: 1 });
  for (const bad of ['param:', 'objective:x', 'objective:-1', 'objective:1.5', 'values', '']) {
    assert.throws(() => parseColumnId(bad), /not a column/, `"${bad}" should be refused`);
  }
});

test('cells read as every view formats values; missing ones are empty', () => {
  const t = trial(3, 'complete', { lr: 0.000123456, opt: 'adam', flag: false, none: null }, [0.23456789], 12.5);
  assert.equal(cellText(t, parseColumnId('param:lr')), '1.235e-4');
  assert.equal(cellText(t, parseColumnId('param:opt')), 'adam');
  assert.equal(cellText(t, parseColumnId('param:flag')), 'false');
  assert.equal(cellText(t, parseColumnId('param:none')), 'null');
  assert.equal(cellText(t, parseColumnId('param:absent')), '');
  assert.equal(cellText(t, parseColumnId('objective:0')), '0.23457');
  assert.equal(cellText(t, parseColumnId('objective:1')), '');
  assert.equal(cellText(t, parseColumnId('duration')), '12.5s');
  assert.equal(cellText(trial(4, 'running', {}), parseColumnId('duration')), '');
  assert.equal(cellText(trial(5, 'failed', {}, [], NaN), parseColumnId('duration')), '');
});

test('sorting by an objective: ascending and descending, missing and NaN always last, ties in input order', () => {
  const trials = [
    trial(0, 'complete', {}, [2]),
    trial(1, 'running', {}, []),
    trial(2, 'complete', {}, [1]),
    trial(3, 'complete', {}, [NaN]),
    trial(4, 'complete', {}, [2]),
    trial(5, 'failed', {}, [null]),
    trial(6, 'complete', {}, [-Infinity]),
  ];
  assert.deepEqual(numbers(sortTrials(trials, { column: 'objective:0' })), [6, 2, 0, 4, 1, 3, 5]);
  assert.deepEqual(numbers(sortTrials(trials, { column: 'objective:0', descending: true })), [0, 4, 2, 6, 1, 3, 5]);
});

test('sorting is stable for every column and leaves the input alone', () => {
  const trials = Array.from({ length: 50 }, (_, i) => trial(i, ['complete', 'pruned'][i % 2], { k: i % 3 }, [i % 4], i % 5));
  const copy = trials.slice();
  for (const column of ['number', 'state', 'duration', 'param:k', 'objective:0']) {
    for (const descending of [false, true]) {
      const sorted = sortTrials(trials, { column, descending });
      assert.equal(sorted.length, trials.length);
      for (let i = 1; i < sorted.length; i++) {
        const a = parseColumnId(column);
        const [x, y] = [sorted[i - 1], sorted[i]].map((t) => cellText(t, a));
        if (x === y) assert.ok(sorted[i - 1].number < sorted[i].number, `${column} ${descending ? 'desc' : 'asc'}: ties out of input order at ${i}`);
      }
    }
  }
  assert.deepEqual(trials, copy, 'the input array is not reordered');
});

test('sorting by number, duration and state', () => {
  const trials = [
    trial(2, 'failed', {}, [], 5),
    trial(0, 'complete', {}, [], undefined),
    trial(1, 'running', {}, [], 1.5),
    trial(3, 'zombie', {}, [], 3),
    trial(4, 'waiting', {}, [], 3),
    trial(5, 'pruned', {}, [], NaN),
  ];
  assert.deepEqual(numbers(sortTrials(trials, { column: 'number' })), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(numbers(sortTrials(trials, { column: 'number', descending: true })), [5, 4, 3, 2, 1, 0]);
  assert.deepEqual(numbers(sortTrials(trials, { column: 'duration' })), [1, 3, 4, 2, 0, 5]);
  assert.deepEqual(numbers(sortTrials(trials, { column: 'duration', descending: true })), [2, 3, 4, 1, 0, 5]);
  // Live first, then by outcome; a state the panel does not know comes after.
  assert.deepEqual(numbers(sortTrials(trials, { column: 'state' })), [1, 4, 0, 5, 2, 3]);
});

test('a numeric parameter sorts by value, not by text', () => {
  const trials = [trial(0, 'complete', { lr: 0.1 }), trial(1, 'complete', { lr: 1e-5 }), trial(2, 'complete', {}), trial(3, 'complete', { lr: 0.02 })];
  assert.deepEqual(numbers(sortTrials(trials, { column: 'param:lr' })), [1, 3, 0, 2]);
  assert.deepEqual(numbers(sortTrials(trials, { column: 'param:lr', descending: true })), [0, 3, 1, 2]);
});

test('a categorical column of mixed types sorts by text, digits as numbers, missing last', () => {
  const trials = [
    trial(0, 'complete', { act: 'relu' }),
    trial(1, 'complete', { act: 10 }),
    trial(2, 'complete', {}),
    trial(3, 'complete', { act: null }),
    trial(4, 'complete', { act: 2 }),
    trial(5, 'complete', { act: true }),
    trial(6, 'complete', { act: 'gelu' }),
    trial(7, 'complete', { act: 2 }),
  ];
  assert.deepEqual(numbers(sortTrials(trials, { column: 'param:act' })), [4, 7, 1, 6, 3, 0, 5, 2]);
  assert.deepEqual(numbers(sortTrials(trials, { column: 'param:act', descending: true })), [5, 0, 3, 6, 1, 4, 7, 2]);
});

test('sorting by a parameter no trial has keeps the input order', () => {
  const trials = [trial(2, 'complete', { a: 1 }), trial(0, 'complete', { a: 2 })];
  assert.deepEqual(numbers(sortTrials(trials, { column: 'param:gone' })), [2, 0]);
  assert.deepEqual(sortTrials([], { column: 'objective:0' }), []);
});

test('a state filter keeps only the chosen states; an empty one keeps none', () => {
  const trials = [trial(0, 'complete', {}, [1]), trial(1, 'pruned', {}, [2]), trial(2, 'running', {}), trial(3, 'failed', {})];
  assert.deepEqual(numbers(filterTrials(trials, { states: ['complete', 'running'] })), [0, 2]);
  assert.deepEqual(numbers(filterTrials(trials, { states: new Set(['failed']) })), [3]);
  assert.deepEqual(numbers(filterTrials(trials, { states: [] })), []);
  assert.deepEqual(numbers(filterTrials(trials, {})), [0, 1, 2, 3]);
});

test('top-k% keeps the best complete trials on the first objective, for either direction', () => {
  // Ten complete trials with values 0..9, and others that never count.
  const trials = [
    ...Array.from({ length: 10 }, (_, i) => trial(i, 'complete', {}, [(i * 7) % 10, 100 - i])),
    trial(10, 'pruned', {}, [-5]),
    trial(11, 'running', {}, []),
    trial(12, 'complete', {}, [null, 1]),
  ];
  const values = (rows: TableTrial[]) => rows.map((r) => r.values[0]).sort((a, b) => a! - b!);
  assert.deepEqual(values(filterTrials(trials, { topPercent: 30, direction: 'minimize' })), [0, 1, 2]);
  assert.deepEqual(values(filterTrials(trials, { topPercent: 30, direction: 'maximize' })), [7, 8, 9]);
  assert.deepEqual(values(filterTrials(trials, { topPercent: 100, direction: 'minimize' })), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // A sliver of a percent still keeps one trial; 25% of 10 rounds up to 3.
  assert.deepEqual(values(filterTrials(trials, { topPercent: 0.01, direction: 'minimize' })), [0]);
  assert.deepEqual(values(filterTrials(trials, { topPercent: 25, direction: 'minimize' })), [0, 1, 2]);
  // Input order is kept.
  assert.deepEqual(numbers(filterTrials(trials, { topPercent: 30, direction: 'minimize' })), [0, 3, 6]);
});

test('top-k% keeps every trial tied with the cutoff, and 16.1% of 1000 is 161 despite rounding', () => {
  const tied = [trial(0, 'complete', {}, [1]), trial(1, 'complete', {}, [2]), trial(2, 'complete', {}, [2]), trial(3, 'complete', {}, [3])];
  assert.deepEqual(numbers(filterTrials(tied, { topPercent: 50, direction: 'minimize' })), [0, 1, 2]);
  const hundred = Array.from({ length: 100 }, (_, i) => trial(i, 'complete', {}, [i]));
  assert.equal(filterTrials(hundred, { topPercent: 7, direction: 'minimize' }).length, 7);
  assert.equal(topPercentCutoff(hundred, 7, 'maximize'), 93);
  const thousand = Array.from({ length: 1000 }, (_, i) => trial(i, 'complete', {}, [i]));
  assert.equal(filterTrials(thousand, { topPercent: 16.1, direction: 'minimize' }).length, 161);
});

test('top-k% refuses k outside (0, 100] and needs a direction', () => {
  const trials = [trial(0, 'complete', {}, [1])];
  for (const k of [0, -1, 100.5, NaN]) assert.throws(() => filterTrials(trials, { topPercent: k, direction: 'minimize' }), RangeError, `k=${k}`);
  assert.throws(() => filterTrials(trials, { topPercent: 10 }), /direction/);
  assert.deepEqual(filterTrials([trial(0, 'running', {})], { topPercent: 10, direction: 'minimize' }), []);
});

test('filters combine: states, top-k% and a brushed set of trial numbers', () => {
  const trials = Array.from({ length: 10 }, (_, i) => trial(i, i < 8 ? 'complete' : 'pruned', {}, [i]));
  const rows = filterTrials(trials, { states: ['complete', 'pruned'], topPercent: 50, direction: 'minimize', numbers: new Set([1, 3, 5, 9]) });
  assert.deepEqual(numbers(rows), [1, 3]);
});

test('tableRows filters then sorts', () => {
  const trials = [trial(0, 'complete', {}, [3]), trial(1, 'failed', {}), trial(2, 'complete', {}, [1]), trial(3, 'complete', {}, [2])];
  assert.deepEqual(numbers(tableRows(trials, { filter: { states: ['complete'] }, sort: { column: 'objective:0' } })), [2, 3, 0]);
  const all = tableRows(trials, {});
  assert.notEqual(all, trials, 'a new array, so the caller may sort it');
  assert.deepEqual(numbers(all), [0, 1, 2, 3]);
});
