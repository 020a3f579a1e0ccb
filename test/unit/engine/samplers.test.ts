import test from 'node:test';
import assert from 'node:assert/strict';
import { createSampler } from '../../../src/engine/samplers';
import { SobolSequence } from '../../../src/engine/samplers/sobolSequence';
import { contains, type SearchSpace } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';

const space: Record<string, SearchedDistribution> = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  batch: { type: 'int', low: 32, high: 256, log: false, step: 32 },
  opt: { type: 'categorical', choices: ['sgd', 'adam', true, null, 3] },
};

function draw(name: string, seed: number, n: number) {
  const sampler = createSampler(name, seed);
  const trials: TrialRecord[] = [];
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = sampler.sample({ space, trials, directions: ['minimize'] });
    out.push(p);
    trials.push({ number: i, state: 'running', params: p, distributions: space as SearchSpace, intermediate: {}, userAttrs: {}, systemAttrs: {} });
  }
  return out;
}

for (const name of ['random', 'qmc']) {
  test(`${name} sampler: the same seed gives the same trials, another seed others`, () => {
    assert.deepEqual(draw(name, 7, 30), draw(name, 7, 30));
    assert.notDeepEqual(draw(name, 7, 30), draw(name, 8, 30));
  });

  test(`${name} sampler: every value lies in its distribution and has its type`, () => {
    for (const p of draw(name, 3, 300)) {
      for (const [k, d] of Object.entries(space)) {
        assert.ok(contains(d, p[k]), `${k}=${String(p[k])} is outside ${JSON.stringify(d)}`);
      }
      assert.ok(Number.isInteger(p.layers) && Number.isInteger(p.width));
    }
  });

  test(`${name} sampler: log and categorical values spread over the whole range`, () => {
    const ps = draw(name, 11, 400);
    const lrs = ps.map((p) => p.lr as number);
    const below = lrs.filter((x) => x < 1e-3).length / lrs.length; // half of the log range
    assert.ok(below > 0.4 && below < 0.6, `share of lr below 1e-3 was ${below}`);
    const seen = new Set(ps.map((p) => p.opt));
    assert.equal(seen.size, 5, 'every choice should appear');
  });
}

test('Sobol points are stratified: 2^k points put one point in each of 2^k intervals, per dimension', () => {
  const seq = new SobolSequence(12, 5);
  const n = 64;
  for (let d = 0; d < 12; d++) {
    const cells = new Set<number>();
    for (let i = 0; i < n; i++) cells.add(Math.floor(seq.point(i)[d] * n));
    assert.equal(cells.size, n, `dimension ${d} is not stratified`);
  }
});

test('Sobol points of the first two dimensions form a (0,m,2)-net', () => {
  const seq = new SobolSequence(2, 9);
  const n = 256; // every 16 x 16 box and every 2 x 128 box holds one point
  for (const [bx, by] of [[16, 16], [2, 128], [128, 2]]) {
    const cells = new Set<string>();
    for (let i = 0; i < n; i++) {
      const [x, y] = seq.point(i);
      cells.add(`${Math.floor(x * bx)},${Math.floor(y * by)}`);
    }
    assert.equal(cells.size, n, `boxes ${bx}x${by} hold more than one point`);
  }
});

test('Sobol beyond the tabulated dimensions stays stratified', () => {
  const seq = new SobolSequence(40, 1);
  const cells = new Set<number>();
  for (let i = 0; i < 32; i++) cells.add(Math.floor(seq.point(i)[35] * 32));
  assert.equal(cells.size, 32);
});

test('an unknown sampler name is an error that lists the known ones', () => {
  assert.throws(() => createSampler('bogus'), /unknown sampler "bogus".*random/);
});
