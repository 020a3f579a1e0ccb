// Energy and GPU-hours per trial from sampled readings, shared GPUs split between their trials.
import test from 'node:test';
import assert from 'node:assert/strict';
import { GpuMonitor, type GpuReading } from '../../../src/executors/gpuMonitor';

function fixture(readings: GpuReading[]) {
  let clock = 0;
  let current = readings;
  const monitor = new GpuMonitor(async () => current, 1000, () => clock);
  return {
    monitor,
    advance: async (ms: number, next?: GpuReading[]) => {
      clock += ms;
      if (next) current = next;
      await monitor.tick();
    },
  };
}

const gpu = (index: number, powerW: number | undefined, memoryUsedMiB = 1000, utilizationPct = 50): GpuReading => ({ index, powerW, memoryUsedMiB, utilizationPct });

test('a trial on one GPU at 300 W for an hour used 300 Wh and one GPU-hour', async () => {
  const f = fixture([gpu(0, 300, 8000, 90), gpu(1, 50)]);
  f.monitor.track(1, [0]);
  await f.monitor.tick();
  for (let i = 0; i < 60; i++) await f.advance(60_000);
  const u = f.monitor.finish(1)!;
  assert.ok(Math.abs(u.gpu_energy_wh - 300) < 1e-6, String(u.gpu_energy_wh));
  assert.ok(Math.abs(u.gpu_hours - 1) < 1e-6);
  assert.equal(u.gpu_mem_peak_mib, 8000);
  assert.equal(u.gpu_util_mean_pct, 90);
  assert.equal(f.monitor.finish(1), undefined, 'finished once');
});

test('two trials sharing a GPU split its energy and hours; a two-GPU trial counts both', async () => {
  const f = fixture([gpu(0, 200), gpu(1, 100), gpu(2, 100)]);
  f.monitor.track(1, [0]);
  f.monitor.track(2, [0]);
  f.monitor.track(3, [1, 2]);
  await f.monitor.tick();
  await f.advance(1_800_000);
  const a = f.monitor.finish(1)!;
  await f.advance(1_800_000);
  const b = f.monitor.finish(2)!;
  const c = f.monitor.finish(3)!;
  assert.ok(Math.abs(a.gpu_energy_wh - 50) < 1e-6, `half of 200 W for half an hour: ${a.gpu_energy_wh}`);
  // Trial 2 had GPU 0 to itself for the second half hour.
  assert.ok(Math.abs(b.gpu_energy_wh - (50 + 100)) < 1e-6, String(b.gpu_energy_wh));
  assert.ok(Math.abs(b.gpu_hours - 0.75) < 1e-6);
  assert.ok(Math.abs(c.gpu_energy_wh - 200) < 1e-6, 'two GPUs at 100 W for an hour');
  assert.ok(Math.abs(c.gpu_hours - 2) < 1e-6);
});

test('power changes are charged from the reading on; boards without power report no energy but hours', async () => {
  const f = fixture([gpu(0, 100), gpu(1, undefined)]);
  f.monitor.track(1, [0]);
  f.monitor.track(2, [1]);
  await f.monitor.tick();
  await f.advance(3_600_000, [gpu(0, 400), gpu(1, undefined)]);
  await f.advance(3_600_000);
  const a = f.monitor.finish(1)!;
  const b = f.monitor.finish(2)!;
  assert.ok(Math.abs(a.gpu_energy_wh - 500) < 1e-6, `100 Wh then 400 Wh: ${a.gpu_energy_wh}`);
  assert.equal(b.gpu_energy_wh, 0);
  assert.ok(Math.abs(b.gpu_hours - 2) < 1e-6);
});

test('a failing sampler loses readings, not the trial', async () => {
  let calls = 0;
  const monitor = new GpuMonitor(async () => {
    calls++;
    throw new Error('nvidia-smi crashed');
  }, 1000, () => 0);
  monitor.track(7, [0]);
  await monitor.tick();
  assert.ok(calls >= 1);
  assert.deepEqual(monitor.finish(7), { gpu_energy_wh: 0, gpu_hours: 0, gpu_mem_peak_mib: 0, gpu_util_mean_pct: 0 });
});
