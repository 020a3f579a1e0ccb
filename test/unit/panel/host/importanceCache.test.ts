// Parameter importance for the run view: computed only when complete trials
// were added, at most once per interval, and absent until it says anything.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { SearchSpace } from '../../../../src/engine/space';
import type { TrialRecord } from '../../../../src/engine/trial';
import { ImportanceCache } from '../../../../src/panel/host/importanceCache';

const space: SearchSpace = { lr: { type: 'float', low: 0, high: 1, log: false }, depth: { type: 'int', low: 1, high: 9, log: false, step: 1 } } as SearchSpace;
const run = { id: 'r1', space, directions: ['minimize' as const] };

/** The loss follows lr alone, so lr is the important one. */
function trials(n: number): TrialRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const lr = ((i * 37) % 101) / 100;
    const depth = 1 + ((i * 7) % 9);
    return { number: i, state: 'complete', params: { lr, depth }, distributions: space, values: [(lr - 0.3) ** 2], intermediate: {}, userAttrs: {}, systemAttrs: {} } as TrialRecord;
  });
}

test('importance cache: absent below enough trials, then the important parameter first', () => {
  let now = 0;
  const cache = new ImportanceCache(5000, () => now);
  assert.equal(cache.get(run, trials(3)), undefined);
  now += 10_000;
  const list = cache.get(run, trials(40));
  assert.ok(list, 'importance once 40 trials are complete');
  assert.deepEqual(list.map((i) => i.name), ['lr', 'depth']);
  assert.ok(list[0].importance > list[1].importance);
  assert.ok(Math.abs(list.reduce((s, i) => s + i.importance, 0) - 1) < 1e-9, 'the importances sum to 1');
});

test('importance cache: recomputed only for new complete trials and not within the interval', () => {
  let now = 0;
  const cache = new ImportanceCache(5000, () => now);
  const first = cache.get(run, trials(30));
  // More trials but within the interval: still the cached list.
  now += 1000;
  const more = trials(60);
  assert.equal(cache.get(run, more), first);
  // Past the interval: a new estimate.
  now += 4000;
  const second = cache.get(run, more);
  assert.notEqual(second, first);
  assert.ok(second && second[0].name === 'lr');
  // No new complete trial: the same list, however late.
  now += 60_000;
  assert.equal(cache.get(run, trials(60)), second);
  // Another run never gets this run's list.
  assert.notEqual(cache.get({ ...run, id: 'r2' }, trials(30)), second);
});
