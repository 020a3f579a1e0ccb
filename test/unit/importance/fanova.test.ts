import test from 'node:test';
import assert from 'node:assert/strict';
import { marginalVariance, treeMoments } from '../../../src/engine/importance/fanova';
import { fitForest, type Leaf } from '../../../src/engine/importance/forest';
import { Rng } from '../../../src/engine/random';

const leaf = (lo: number[], hi: number[], value: number): Leaf => ({ lo: Float64Array.from(lo), hi: Float64Array.from(hi), value });
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} != ${b}`);

test('a tree split only on x0 puts all its variance in x0', () => {
  const tree = [leaf([0, 0], [0.5, 1], 0), leaf([0.5, 0], [1, 1], 1)];
  const { mean, variance } = treeMoments(tree);
  close(mean, 0.5, 'mean');
  close(variance, 0.25, 'variance');
  close(marginalVariance(tree, 0, mean), 0.25, 'x0');
  close(marginalVariance(tree, 1, mean), 0, 'x1');
});

test('an additive tree splits its variance between the features by their effect', () => {
  // y = 2 [x0 > 0.5] + [x1 > 0.25] on four boxes.
  const tree = [
    leaf([0, 0], [0.5, 0.25], 0),
    leaf([0, 0.25], [0.5, 1], 1),
    leaf([0.5, 0], [1, 0.25], 2),
    leaf([0.5, 0.25], [1, 1], 3),
  ];
  const { mean, variance } = treeMoments(tree);
  close(marginalVariance(tree, 0, mean), 1, 'x0'); // 2^2 * 0.5 * 0.5
  close(marginalVariance(tree, 1, mean), 0.1875, 'x1'); // 1 * 0.25 * 0.75
  close(variance, 1.1875, 'an additive function has no interaction variance');
});

test('a pure interaction (XOR) has no main effects', () => {
  const tree = [leaf([0, 0], [0.5, 0.5], 0), leaf([0, 0.5], [0.5, 1], 1), leaf([0.5, 0], [1, 0.5], 1), leaf([0.5, 0.5], [1, 1], 0)];
  const { mean, variance } = treeMoments(tree);
  close(variance, 0.25, 'variance');
  close(marginalVariance(tree, 0, mean), 0, 'x0');
  close(marginalVariance(tree, 1, mean), 0, 'x1');
});

test('forest leaves tile the unit cube and the same seed grows the same forest', () => {
  const rng = new Rng(2);
  const x = [new Float64Array(100), new Float64Array(100)];
  const y = new Float64Array(100);
  for (let i = 0; i < 100; i++) {
    x[0][i] = rng.next();
    x[1][i] = rng.next();
    y[i] = x[0][i] > 0.5 ? 1 : 0;
  }
  const forest = fitForest(x, y, { trees: 4, maxDepth: 8, minLeaf: 2, seed: 5 });
  assert.equal(forest.length, 4);
  for (const tree of forest) {
    let volume = 0;
    for (const l of tree) volume += (l.hi[0] - l.lo[0]) * (l.hi[1] - l.lo[1]);
    close(volume, 1, 'total leaf volume');
  }
  assert.deepEqual(forest, fitForest(x, y, { trees: 4, maxDepth: 8, minLeaf: 2, seed: 5 }));
  assert.notDeepEqual(forest, fitForest(x, y, { trees: 4, maxDepth: 8, minLeaf: 2, seed: 6 }));
});
