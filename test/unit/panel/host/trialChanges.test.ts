// Which trials the host sends in an update: only those whose shown state moved.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { TrialRecord } from '../../../../src/engine/trial';
import { TrialChanges, trialKey } from '../../../../src/panel/host/trialChanges';

function trial(number: number, patch: Partial<TrialRecord> = {}): TrialRecord {
  return { number, state: 'running', params: { lr: 0.1 * (number + 1) }, distributions: {}, intermediate: {}, userAttrs: {}, systemAttrs: {}, start: '2026-11-23T19:15:00.000Z', ...patch };
}

const numbers = (ts: TrialRecord[]): number[] => ts.map((t) => t.number);

test('trial changes: everything the first time, nothing when nothing moved', () => {
  const changes = new TrialChanges();
  const trials = [trial(0), trial(1), trial(2)];
  assert.deepEqual(numbers(changes.changed(trials)), [0, 1, 2]);
  // Fresh objects with the same content (the index re-reads the journal) are not changes.
  assert.deepEqual(changes.changed(trials.map((t) => structuredClone(t))), []);
});

test('trial changes: a new intermediate point, a new last value, an end, an attribute, a new trial', () => {
  const changes = new TrialChanges();
  changes.changed([trial(0), trial(1, { intermediate: { 0: 1.5 } }), trial(2), trial(3)]);
  const next = [
    trial(0, { intermediate: { 0: 0.9 } }),
    trial(1, { intermediate: { 0: 1.5 } }),
    trial(2, { state: 'complete', values: [0.25], complete: '2026-11-23T19:16:00.000Z', userAttrs: { duration_s: 60 } }),
    trial(3, { userAttrs: { gpus: [0] } }),
    trial(4),
  ];
  assert.deepEqual(numbers(changes.changed(next)), [0, 2, 3, 4]);
  // The same number of points, but the last one differs.
  assert.deepEqual(numbers(changes.changed([trial(1, { intermediate: { 0: 1.4 } })])), [1]);
  // A pruned trial's reason.
  assert.deepEqual(numbers(changes.changed([trial(0, { intermediate: { 0: 0.9 }, state: 'pruned', userAttrs: { prune_reason: 'below median' } })])), [0]);
});

test('trial changes: after a snapshot only what moved since it is sent', () => {
  const changes = new TrialChanges();
  changes.changed([trial(0)]);
  changes.reset([trial(0, { state: 'complete', values: [1] }), trial(1)]);
  assert.deepEqual(numbers(changes.changed([trial(0, { state: 'complete', values: [1] }), trial(1), trial(2)])), [2]);
});

test('trial key: the last step is the largest, not the last inserted', () => {
  const a = trialKey(trial(0, { intermediate: { 10: 0.5, 2: 0.9 } }));
  const b = trialKey(trial(0, { intermediate: { 2: 0.9, 10: 0.5 } }));
  assert.equal(a, b);
  assert.notEqual(a, trialKey(trial(0, { intermediate: { 10: 0.4, 2: 0.9 } })));
});

test('trial changes: a finished trial is settled (the journal takes no more writes for it) unless its state changes', () => {
  const changes = new TrialChanges();
  const done = trial(0, { state: 'complete', values: [0.5], intermediate: { 0: 0.9, 1: 0.5 } });
  changes.changed([done, trial(1)]);
  // Not re-keyed: a settled trial is skipped even if a re-read object differs.
  assert.deepEqual(numbers(changes.changed([{ ...done, userAttrs: { extra: 1 } }, trial(1, { intermediate: { 0: 2 } })])), [1]);
  // A journal replaced under the reader: the state differs, so it is looked at again.
  assert.deepEqual(numbers(changes.changed([trial(0, { state: 'failed', userAttrs: { fail_reason: 'exit code 1' } })])), [0]);
});
