import test from 'node:test';
import assert from 'node:assert/strict';
import { RowIndex, anchoredScrollTop, rowsToRepaint, virtualWindow } from '../../../../src/panel/viewModel/virtual';

test('at the top, the rows in view plus the overscan below', () => {
  const w = virtualWindow({ rowCount: 10_000, scrollTop: 0, viewportHeight: 100, rowHeight: 20, overscan: 3 });
  assert.deepEqual(w, { first: 0, last: 7, offsetY: 0, totalHeight: 200_000, firstVisible: 0, lastVisible: 4 });
});

test('in the middle, overscan on both sides and the offset of the first rendered row', () => {
  const w = virtualWindow({ rowCount: 10_000, scrollTop: 5000, viewportHeight: 100, rowHeight: 20, overscan: 3 });
  assert.deepEqual(w, { first: 247, last: 257, offsetY: 4940, totalHeight: 200_000, firstVisible: 250, lastVisible: 254 });
});

test('a fractional offset shows the partly visible rows at both edges', () => {
  const w = virtualWindow({ rowCount: 100, scrollTop: 30.5, viewportHeight: 45, rowHeight: 22.5, overscan: 0 });
  // View spans 30.5..75.5: row 1 (22.5..45), row 2 (45..67.5), row 3 (67.5..90).
  assert.equal(w.firstVisible, 1);
  assert.equal(w.lastVisible, 3);
  assert.equal(w.offsetY, 22.5);
  // Exactly on a boundary, the row that ends there is out of view.
  const exact = virtualWindow({ rowCount: 100, scrollTop: 0.30000000000000004, viewportHeight: 0.3, rowHeight: 0.1, overscan: 0 });
  assert.equal(exact.firstVisible, 3);
  assert.equal(exact.lastVisible, 5);
});

test('an empty list renders nothing', () => {
  const w = virtualWindow({ rowCount: 0, scrollTop: 500, viewportHeight: 100, rowHeight: 20 });
  assert.deepEqual(w, { first: 0, last: -1, offsetY: 0, totalHeight: 0, firstVisible: 0, lastVisible: -1 });
});

test('scrolled past the end (rows went away), the last screenful is shown', () => {
  const w = virtualWindow({ rowCount: 10, scrollTop: 100_000, viewportHeight: 50, rowHeight: 20, overscan: 2 });
  assert.equal(w.lastVisible, 9);
  assert.equal(w.firstVisible, 7, 'the view ends at the last row (150..200)');
  assert.equal(w.last, 9);
  assert.equal(w.first, 5);
  assert.equal(w.offsetY, 100);
});

test('fewer rows than fit, a negative (bouncing) scrollTop, a zero-height view', () => {
  const few = virtualWindow({ rowCount: 3, scrollTop: 40, viewportHeight: 500, rowHeight: 20 });
  assert.deepEqual([few.first, few.last, few.firstVisible, few.lastVisible, few.offsetY], [0, 2, 0, 2, 0]);
  const bounce = virtualWindow({ rowCount: 100, scrollTop: -35, viewportHeight: 40, rowHeight: 20, overscan: 1 });
  assert.deepEqual([bounce.first, bounce.last, bounce.offsetY], [0, 2, 0]);
  const hidden = virtualWindow({ rowCount: 100, scrollTop: 200, viewportHeight: 0, rowHeight: 20, overscan: 0 });
  assert.deepEqual([hidden.first, hidden.last], [10, 10]);
});

test('the default overscan is 5 rows, and a bad row height is refused', () => {
  const w = virtualWindow({ rowCount: 1000, scrollTop: 2000, viewportHeight: 100, rowHeight: 20 });
  assert.deepEqual([w.first, w.last], [95, 109]);
  for (const h of [0, -1, NaN, Infinity]) assert.throws(() => virtualWindow({ rowCount: 1, scrollTop: 0, viewportHeight: 1, rowHeight: h }), RangeError);
});

test('every scroll position renders every row in view', () => {
  const rowCount = 37;
  const rowHeight = 17.25;
  const viewportHeight = 101;
  for (let scrollTop = -20; scrollTop < rowCount * rowHeight + 50; scrollTop += 0.75) {
    const w = virtualWindow({ rowCount, scrollTop, viewportHeight, rowHeight, overscan: 0 });
    const top = Math.min(Math.max(0, scrollTop), rowCount * rowHeight - viewportHeight);
    for (let i = 0; i < rowCount; i++) {
      const inView = i * rowHeight < top + viewportHeight && (i + 1) * rowHeight > top;
      if (inView) assert.ok(i >= w.first && i <= w.last, `row ${i} in view at scrollTop ${scrollTop} but not rendered (${w.first}..${w.last})`);
    }
    assert.ok(w.last - w.first + 1 <= Math.ceil(viewportHeight / rowHeight) + 1, `too many rows at ${scrollTop}`);
  }
});

test('a row index finds each trial\'s row and refuses a trial twice', () => {
  const index = RowIndex.of([{ number: 7 }, { number: 3 }, { number: 12 }]);
  assert.equal(index.size, 3);
  assert.equal(index.indexOf(3), 1);
  assert.equal(index.indexOf(4), -1);
  assert.equal(index.keyAt(2), 12);
  assert.equal(index.keyAt(3), undefined);
  assert.throws(() => new RowIndex([1, 2, 1]), /trial 1 appears twice/);
});

test('a row index of large, negative or fractional keys answers the same as one of small whole numbers', () => {
  for (const keys of [[5, 1_000_000, 2], [-3, 4, 0], [1.5, 2, 3], [9, 0, 4]]) {
    const index = new RowIndex(keys);
    keys.forEach((key, i) => assert.equal(index.indexOf(key), i, `${key} in ${keys}`));
    for (const absent of [7, -1, 0.5, 2_000_000, Number.NaN]) if (!keys.includes(absent)) assert.equal(index.indexOf(absent), -1, `${absent} in ${keys}`);
    assert.throws(() => new RowIndex([...keys, keys[1]]), /appears twice/);
  }
});

test('after an update only the rendered rows whose trial changed or moved are repainted', () => {
  const before = new RowIndex([0, 1, 2, 3, 4, 5, 6, 7]);
  const after = new RowIndex([0, 1, 9, 2, 3, 4, 5, 6, 7]); // trial 9 sorted in at row 2
  const window = { first: 0, last: 3, offsetY: 0, totalHeight: 0, firstVisible: 0, lastVisible: 3 };
  assert.deepEqual(rowsToRepaint(window, before, after, new Set([1])), [1, 2, 3]);
  assert.deepEqual(rowsToRepaint(window, before, before, new Set([3, 6])), [3]);
  assert.deepEqual(rowsToRepaint(window, before, before, new Set()), []);
});

test('the row at the top of the view stays put when rows come or go above it', () => {
  const before = new RowIndex([10, 11, 12, 13, 14, 15]);
  // Two new trials sorted in above trial 13, which was at the top (row 3, 4 px scrolled out).
  const after = new RowIndex([20, 10, 11, 21, 12, 13, 14, 15]);
  assert.equal(anchoredScrollTop(before, after, 3 * 20 + 4, 20), 5 * 20 + 4);
  // Rows removed above it.
  assert.equal(anchoredScrollTop(before, new RowIndex([13, 14, 15]), 3 * 20 + 4, 20), 4);
  // The anchor trial was filtered out: the scroll position is left alone.
  assert.equal(anchoredScrollTop(before, new RowIndex([10, 11]), 64, 20), 64);
  assert.equal(anchoredScrollTop(new RowIndex([]), after, 0, 20), 0);
});
