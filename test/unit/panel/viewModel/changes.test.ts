import test from 'node:test';
import assert from 'node:assert/strict';
import { mergeChanges, type ViewChange } from '../../../../src/panel/viewModel/changes';

const change = (over: Partial<ViewChange>): ViewChange => ({ full: false, runChanged: false, trials: new Set(), viewChanged: false, ...over });

test('changes between two frames fold into one that touches everything either touched', () => {
  const a = change({ trials: new Set([1, 2]) });
  const b = change({ trials: new Set([2, 3]), runChanged: true });
  const merged = mergeChanges(mergeChanges(undefined, a), b);
  assert.deepEqual([...merged.trials].sort(), [1, 2, 3]);
  assert.equal(merged.runChanged, true);
  assert.equal(merged.full, false);
  assert.equal(mergeChanges(merged, change({ viewChanged: true })).viewChanged, true);
  assert.deepEqual([...mergeChanges(merged, change({ viewChanged: true })).trials].sort(), [1, 2, 3], 'a selection keeps the changed trials');
});

test('a snapshot in between makes the change full, whichever came first', () => {
  const full = change({ full: true, runChanged: true });
  const update = change({ trials: new Set([7]) });
  for (const merged of [mergeChanges(full, update), mergeChanges(update, full)]) {
    assert.equal(merged.full, true);
    assert.equal(merged.runChanged, true);
    assert.equal(merged.trials.size, 0);
  }
});
