import test from 'node:test';
import assert from 'node:assert/strict';
import { maxOverlap, runFigures, type TrialTrace } from '../../bench/scheduler/metrics';

const t = (trial: number, gpus: string[], start: number, end: number, extra: Partial<TrialTrace> = {}): TrialTrace => ({
  trial,
  gpus,
  origin: start - 40,
  start,
  end,
  spawn: start - 50,
  exit: end + 5,
  ...extra,
});

test('two GPUs, one trial each: occupancy over the waiting window and the launch overhead of the trials after the first fill', () => {
  const traces = [
    t(0, ['0'], 0, 1000),
    t(1, ['1'], 0, 2000),
    // GPU 0 comes free at 1000 (trial 0's last line); trial 2 starts there at 1100.
    t(2, ['0'], 1100, 3000),
    // GPU 1 comes free at 2000; trial 3 starts at 2100.
    t(3, ['1'], 2100, 2500),
  ];
  const f = runFigures(traces, { gpuCount: 2, gpusPerTrial: 1, trialsPerGpu: 1, capacity: 2 });
  assert.deepEqual(f.overheadMs, [100, 100]);
  assert.equal(f.waitingWindowS, 2.1);
  // Code running in [0, 2100] on 2 shares: 1000 + 2000 + 1000 = 4000 of 4200.
  assert.equal(f.occupancyCode, 4000 / 4200);
  // Held from spawn to exit, window [-50, 2050]: 1055 + 2055 + (2050 - 1050) + 0 = 4110 of 4200.
  assert.equal(f.occupancyHeld, 4110 / 4200);
  assert.deepEqual(f.parts, { exitMs: 5, tunerMs: 45, spawnMs: 10, runtimeMs: 40 });
  assert.deepEqual(f.maxPerGpu, { '0': 1, '1': 1 });
  assert.equal(f.badAssignments, 0);
  assert.equal(f.makespanS, 3);
});

test('a multi-GPU trial waits for the later of its GPUs; sharing and wrong assignments are caught', () => {
  const traces = [t(0, ['0', '1'], 0, 1000), t(1, ['2', '3'], 0, 500), t(2, ['2', '3'], 600, 2000), t(3, ['0', '1'], 1050, 1500)];
  const f = runFigures(traces, { gpuCount: 4, gpusPerTrial: 2, trialsPerGpu: 1, capacity: 2 });
  assert.deepEqual(f.overheadMs, [100, 50]);
  assert.equal(f.badAssignments, 0);

  const shared = runFigures([t(0, ['0'], 0, 1000), t(1, ['0'], 500, 1500), t(2, ['0', '0'], 2000, 2100)], { gpuCount: 1, gpusPerTrial: 1, trialsPerGpu: 1, capacity: 1 });
  assert.equal(shared.maxPerGpu['0'], 2, 'two trials on one GPU at once are counted');
  assert.equal(shared.badAssignments, 1, 'a trial given the same GPU twice');
});

test('trials-per-gpu 2: a share comes free when the GPU drops below two trials', () => {
  const traces = [t(0, ['0'], 0, 1000), t(1, ['0'], 10, 3000), t(2, ['0'], 1200, 2000), t(3, ['0'], 2300, 2400)];
  const f = runFigures(traces, { gpuCount: 1, gpusPerTrial: 1, trialsPerGpu: 2, capacity: 2 });
  assert.deepEqual(f.overheadMs, [200, 300]);
  assert.equal(f.maxPerGpu['0'], 2);
  assert.equal(maxOverlap([{ start: 0, end: 10 }, { start: 10, end: 20 }]), 1, 'an end and a start at the same moment do not overlap');
});
