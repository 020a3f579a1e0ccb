import test from 'node:test';
import assert from 'node:assert/strict';
import { CurveLayers, covers, curveExtent, curveKind, paddedRange, type CurveTrial } from '../../../../src/panel/viewModel/curves';

const trial = (number: number, state: string, values: number[]): CurveTrial => ({ number, state, intermediate: { steps: values.map((_, i) => i + 1), values } });

test('a curve is dimmed when pruned or failed, live when running, highlighted when best', () => {
  assert.deepEqual(
    ['complete', 'pruned', 'failed', 'running', 'waiting'].map((s) => curveKind(s, false)),
    ['complete', 'pruned', 'failed', 'running', 'running'],
  );
  assert.equal(curveKind('complete', true), 'best');
});

test('the extent of all curves, positive values only on a log axis', () => {
  const layers = new CurveLayers();
  layers.sync([trial(0, 'complete', [3, -1, 0.5]), trial(1, 'pruned', [NaN, 2])], undefined, undefined);
  assert.deepEqual(curveExtent(layers.all(), false), { x: [1, 3], y: [-1, 3] });
  assert.deepEqual(curveExtent(layers.all(), true), { x: [1, 3], y: [0.5, 3] });
  assert.equal(curveExtent([], false), undefined);
});

test('a padded range leaves headroom and covers what it was made for', () => {
  const r = paddedRange(0, 10, false);
  assert.deepEqual(r, [-0.5, 10.5]);
  assert.ok(covers(r, 0, 10) && !covers(r, 0, 11) && !covers(undefined, 0, 1));
  const [lo, hi] = paddedRange(1, 100, true);
  assert.ok(lo < 1 && lo > 0 && hi > 100);
  assert.deepEqual(paddedRange(2, 2, false), [1.8, 2.2]);
});

test('a snapshot draws every finished curve into the still layer; running and best stay live', () => {
  const layers = new CurveLayers();
  layers.sync([trial(0, 'complete', [1]), trial(1, 'pruned', [2]), trial(2, 'running', [3]), trial(3, 'complete', [0.5])], undefined, 3);
  assert.equal(layers.rebuild, true);
  assert.deepEqual(layers.stillCurves().map((c) => c.number), [0, 1]);
  assert.equal(layers.rebuild, false);
  assert.deepEqual(layers.liveCurves().map((c) => [c.number, c.kind]), [[2, 'running'], [3, 'best']]);
});

test('live updates add finished curves to the still layer without redrawing it', () => {
  const layers = new CurveLayers();
  const trials = [trial(0, 'complete', [1]), trial(1, 'running', [3])];
  layers.sync(trials, undefined, 0);
  layers.stillCurves();
  // The running trial reports: still live, nothing to add.
  layers.sync([trials[0], trial(1, 'running', [3, 2])], new Set([1]), 0);
  assert.equal(layers.stillChanged, false, 'a running curve alone leaves the still layer as it is');
  assert.deepEqual(layers.takeAdded(), []);
  assert.equal(layers.liveCurves()[0].values.length, 2);
  // It finishes, not as the best: drawn on top of the layer, no rebuild.
  layers.sync([trials[0], trial(1, 'complete', [3, 2])], new Set([1]), 0);
  assert.equal(layers.stillChanged, true);
  assert.deepEqual(layers.takeAdded().map((c) => c.number), [1]);
  assert.equal(layers.stillChanged, false);
  assert.equal(layers.rebuild, false);
  assert.deepEqual(layers.takeAdded(), [], 'each added curve is handed out once');
});

test('the still layer is redrawn when a curve in it changes or goes away, not when it becomes the best', () => {
  const layers = new CurveLayers();
  const a = trial(0, 'complete', [1]);
  const b = trial(1, 'complete', [2]);
  layers.sync([a, b], undefined, undefined);
  layers.stillCurves();
  layers.sync([a, b], new Set(), 1);
  assert.equal(layers.rebuild, false, 'the best is drawn over its still copy');
  // The best moves back to trial 0: trial 1 is drawn in the layer as it is now.
  layers.sync([a, b], new Set(), 0);
  assert.equal(layers.rebuild, false);
  layers.sync([a, trial(1, 'complete', [2, 1])], new Set([1]), 0);
  assert.equal(layers.rebuild, true, 'a drawn curve changed');
  layers.stillCurves();
  layers.sync([a], undefined, 0);
  assert.equal(layers.rebuild, true, 'a drawn curve went away');
});

test('a finished curve whose values come after the snapshot is added, not a reason to redraw every curve', () => {
  const layers = new CurveLayers();
  layers.sync([trial(0, 'complete', []), trial(1, 'complete', [1, 2])], undefined, undefined);
  layers.stillCurves();
  layers.sync([trial(0, 'complete', [3, 2, 1])], new Set([0]), undefined);
  assert.equal(layers.rebuild, false);
  assert.deepEqual(
    layers.takeAdded().map((c) => [c.number, c.values.length]),
    [[0, 3]],
  );
  // Once drawn with its points, a change to it does need a redraw.
  layers.sync([trial(0, 'complete', [3, 2, 0])], new Set([0]), undefined);
  assert.equal(layers.rebuild, true);
});
