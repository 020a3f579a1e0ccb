// Rung scheduling for trials that cannot be paused: who is promoted, at what budget, in which bracket.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bracketCount, nextRungJob, rungBudgets, RUNG_ATTRS, type RungOptions } from '../../../../src/engine/pruners/rungs';
import type { TrialRecord, TrialState } from '../../../../src/engine/trial';

const ASHA: RungOptions = { fidelity: 'epochs', minBudget: 1, maxBudget: 27, reductionFactor: 3, hyperband: false };

/** A trial that ran config `x` to rung `rung` of `budget` with `value` there. */
function rungTrial(number: number, rung: number, budget: number, value: number | undefined, extra: Record<string, unknown> = {}, state?: TrialState): TrialRecord {
  const s: TrialState = state ?? (value === undefined ? 'running' : budget >= 27 ? 'complete' : 'pruned');
  return {
    number,
    state: s,
    params: { x: number, epochs: budget },
    distributions: {},
    intermediate: value === undefined ? {} : { [budget]: value },
    ...(s === 'complete' ? { values: [value!] } : {}),
    userAttrs: { [RUNG_ATTRS.rung]: rung, [RUNG_ATTRS.budget]: budget, [RUNG_ATTRS.bracket]: 0, ...extra },
    systemAttrs: {},
  };
}

test('rung budgets grow by eta and end at the full budget', () => {
  assert.deepEqual(rungBudgets(ASHA, 0), [1, 3, 9, 27]);
  assert.deepEqual(rungBudgets({ ...ASHA, minBudget: 2, maxBudget: 20 }, 0), [2, 6, 18, 20]);
  assert.deepEqual(rungBudgets(ASHA, 2), [9, 27]);
  assert.equal(bracketCount(ASHA), 1);
  assert.equal(bracketCount({ ...ASHA, hyperband: true }), 4);
});

test('a new configuration starts at the bottom rung until a rung holds eta finished trials', () => {
  assert.deepEqual(nextRungJob([], 'minimize', ASHA), { kind: 'new', budget: 1, rung: 0, bracket: 0 });
  const two = [rungTrial(0, 0, 1, 0.5), rungTrial(1, 0, 1, 0.4)];
  assert.equal(nextRungJob(two, 'minimize', ASHA).kind, 'new');
});

test('the best of the top 1/eta not yet promoted goes up one rung, running trials not counted', () => {
  const trials = [rungTrial(0, 0, 1, 0.5), rungTrial(1, 0, 1, 0.4), rungTrial(2, 0, 1, 0.6), rungTrial(3, 0, 1, undefined)];
  const job = nextRungJob(trials, 'minimize', ASHA);
  assert.equal(job.kind, 'promote');
  assert.equal(job.kind === 'promote' && job.from.number, 1);
  assert.equal(job.budget, 3);
  assert.equal(job.rung, 1);
  // Promoted (even while the promotion still runs): a new configuration instead.
  trials.push(rungTrial(4, 1, 3, undefined, { [RUNG_ATTRS.promotedFrom]: 1 }));
  assert.equal(nextRungJob(trials, 'minimize', ASHA).kind, 'new');
  // Maximize reverses the order.
  const max = nextRungJob(trials.slice(0, 3), 'maximize', ASHA);
  assert.equal(max.kind === 'promote' && max.from.number, 2);
});

test('higher rungs are promoted first, up to the full budget', () => {
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 9; i++) trials.push(rungTrial(i, 0, 1, i / 10));
  trials.push(rungTrial(9, 1, 3, 0.3, { [RUNG_ATTRS.promotedFrom]: 0 }));
  trials.push(rungTrial(10, 1, 3, 0.2, { [RUNG_ATTRS.promotedFrom]: 1 }));
  trials.push(rungTrial(11, 1, 3, 0.25, { [RUNG_ATTRS.promotedFrom]: 2 }));
  const job = nextRungJob(trials, 'minimize', ASHA);
  assert.equal(job.kind === 'promote' && job.from.number, 10);
  assert.equal(job.budget, 9);
});

test('hyperband deals new configurations into brackets by their budget share, interleaved from the start', () => {
  const hb = { ...ASHA, hyperband: true };
  const trials: TrialRecord[] = [];
  const counts = [0, 0, 0, 0];
  for (let n = 0; n < 49; n++) {
    const job = nextRungJob(trials, 'minimize', hb);
    assert.equal(job.kind, 'new');
    counts[job.bracket]++;
    // Still running, so nobody is promoted and every ask is a new configuration.
    trials.push({ ...rungTrial(n, 0, job.budget, undefined), userAttrs: { [RUNG_ATTRS.rung]: 0, [RUNG_ATTRS.budget]: job.budget, [RUNG_ATTRS.bracket]: job.bracket } });
    if (n === 3) assert.ok(new Set(trials.map((t) => t.userAttrs.bracket)).size >= 2, 'a short run still tries more than one bracket');
  }
  assert.deepEqual(counts, [27, 12, 6, 4]);
  assert.equal(trials.find((t) => t.userAttrs.bracket === 3)!.params.epochs, 27, 'the last bracket runs at the full budget');
});
