import test from 'node:test';
import assert from 'node:assert/strict';
import { gpusInUse, parseTrialCount, runActions } from '../../../../src/panel/viewModel/runHeader';

test('GPUs in use: those held by running trials, each once, ascending', () => {
  const gpus = gpusInUse([
    { state: 'running', attrs: { gpus: [3, 1] } },
    { state: 'running', attrs: { gpus: [1] } },
    { state: 'complete', attrs: { gpus: [0] } },
    { state: 'running', attrs: {} },
  ]);
  assert.deepEqual(gpus, [1, 3]);
  assert.deepEqual(gpusInUse([]), []);
});

test('Stop while running, Resume once stopped, finished or failed, Add trials whenever the state is known', () => {
  assert.deepEqual(runActions('running'), { stop: true, resume: false, addTrials: true });
  for (const state of ['interrupted', 'failed', 'finished'] as const) assert.deepEqual(runActions(state), { stop: false, resume: true, addTrials: true }, state);
  assert.deepEqual(runActions('unknown'), { stop: false, resume: false, addTrials: false });
});

test('the Add trials field takes a whole number from 1 to the maximum', () => {
  assert.deepEqual(parseTrialCount(' 25 ', 10000), { ok: true, count: 25 });
  assert.deepEqual(parseTrialCount('10000', 10000), { ok: true, count: 10000 });
  for (const bad of ['', '0', '10001', '2.5', '-3', '1e3', 'ten']) assert.equal(parseTrialCount(bad, 10000).ok, false, bad);
  const empty = parseTrialCount('  ', 10000);
  assert.ok(!empty.ok && /how many/.test(empty.error), 'an empty field asks for a number');
});
