import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LocalExecutor } from '../../../src/executors/localExecutor';
import { fixtureSpec, sandbox } from './helpers';
import { maxOverlap } from './overlap';

const box = sandbox();
test.after(() => box.cleanup());


test('4 one-second trials on 2 slots run two at a time, never three', async () => {
  const times = path.join(box.root, 'times');
  mkdirSync(times);
  const executor = new LocalExecutor({ slots: 2 });
  assert.equal(executor.slots, 2);
  const t0 = Date.now();
  const results = await Promise.all(
    [1, 2, 3, 4].map((n) => executor.run(fixtureSpec(box, n, `--report=stdout --steps=1 --sleep=1000 --times=${times}`))),
  );
  const wall = (Date.now() - t0) / 1000;
  assert.deepEqual(results.map((r) => r.state), ['complete', 'complete', 'complete', 'complete']);
  const spans = [1, 2, 3, 4].map((n) => JSON.parse(readFileSync(path.join(times, `${n}.json`), 'utf8')));
  assert.equal(maxOverlap(spans), 2);
  // Two rounds of ~1 s each, with slack for process start-up on a busy machine.
  assert.ok(wall >= 2 && wall < 4, `took ${wall}s`);
});

test('with GPUs each trial gets its own CUDA_VISIBLE_DEVICES, in PCI bus order, and the result names its GPU', async () => {
  const executor = new LocalExecutor({ gpus: [{ index: 0, cudaId: '0' }, { index: 1, cudaId: '1' }] });
  assert.equal(executor.slots, 2);
  const specs = [11, 12].map((n) =>
    fixtureSpec(box, n, '--report=stdout --steps=1 --sleep=300 --dump={trial_dir}/dump.json', { env: { KEEP: 'me' } }),
  );
  const results = await Promise.all(specs.map((s) => executor.run(s)));
  const envs = specs.map((s) => JSON.parse(readFileSync(path.join(s.trialDir, 'dump.json'), 'utf8')).env);
  assert.deepEqual(envs.map((e) => e.CUDA_VISIBLE_DEVICES).sort(), ['0', '1']);
  assert.deepEqual(envs.map((e) => e.KEEP), ['me', 'me'], 'the spec env is kept');
  if (process.env.CUDA_DEVICE_ORDER === undefined) assert.deepEqual(envs.map((e) => e.CUDA_DEVICE_ORDER), ['PCI_BUS_ID', 'PCI_BUS_ID']);
  assert.deepEqual(results.map((r) => r.gpus![0]), envs.map((e) => Number(e.CUDA_VISIBLE_DEVICES)));
});

test('trials-per-gpu 3 puts three trials on one GPU at once, named as the user named it', async () => {
  const executor = new LocalExecutor({ gpus: [{ index: 7, cudaId: 'GPU-abc' }], trialsPerGpu: 3 });
  assert.equal(executor.slots, 3);
  const times = path.join(box.root, 'times-shared');
  mkdirSync(times);
  const specs = [21, 22, 23].map((n) => fixtureSpec(box, n, `--report=stdout --steps=1 --sleep=500 --times=${times} --dump={trial_dir}/dump.json`));
  const results = await Promise.all(specs.map((s) => executor.run(s)));
  for (const s of specs) {
    assert.equal(JSON.parse(readFileSync(path.join(s.trialDir, 'dump.json'), 'utf8')).env.CUDA_VISIBLE_DEVICES, 'GPU-abc');
  }
  assert.deepEqual(results.map((r) => r.gpus), [[7], [7], [7]]);
  assert.equal(maxOverlap([21, 22, 23].map((n) => JSON.parse(readFileSync(path.join(times, `${n}.json`), 'utf8')))), 3);
});

test('gpus-per-trial 2 on 4 GPUs: two trials at a time, on disjoint pairs; the monitor sees each trial start and end', async () => {
  const tracked: Array<[number, number[]]> = [];
  const finished: number[] = [];
  const executor = new LocalExecutor({
    gpus: [0, 1, 2, 3].map((i) => ({ index: i, cudaId: String(i) })),
    gpusPerTrial: 2,
    monitor: {
      track: (trial, gpus) => void tracked.push([trial, gpus]),
      finish: (trial) => {
        finished.push(trial);
        if (trial === 52) throw new Error('a broken monitor loses nothing');
        return { peak_mem_mib: 100 + trial };
      },
    },
  });
  assert.equal(executor.slots, 2);
  const specs = [51, 52].map((n) => fixtureSpec(box, n, '--report=stdout --steps=1 --sleep=300 --dump={trial_dir}/dump.json'));
  const results = await Promise.all(specs.map((s) => executor.run(s)));
  const seen = specs.map((s) => JSON.parse(readFileSync(path.join(s.trialDir, 'dump.json'), 'utf8')).env.CUDA_VISIBLE_DEVICES);
  assert.deepEqual(seen, ['0,1', '2,3']);
  assert.deepEqual(results.map((r) => r.state), ['complete', 'complete']);
  assert.deepEqual(results.map((r) => r.gpus), [[0, 1], [2, 3]]);
  assert.deepEqual(results[0].gpuUsage, { peak_mem_mib: 151 });
  assert.equal(results[1].gpuUsage, undefined);
  assert.deepEqual(tracked, [[51, [0, 1]], [52, [2, 3]]]);
  assert.deepEqual(finished.sort(), [51, 52]);
});

test('without GPU ids CUDA_VISIBLE_DEVICES is left as it was', async () => {
  const executor = new LocalExecutor({ slots: 1 });
  const spec = fixtureSpec(box, 31, '--report=stdout --dump={trial_dir}/dump.json');
  await executor.run(spec);
  const env = JSON.parse(readFileSync(path.join(spec.trialDir, 'dump.json'), 'utf8')).env;
  assert.equal(env.CUDA_VISIBLE_DEVICES, process.env.CUDA_VISIBLE_DEVICES);
});

test('a trial aborted while it waits for a slot leaves the queue without running', async () => {
  const executor = new LocalExecutor({ slots: 1 });
  const first = executor.run(fixtureSpec(box, 41, '--report=stdout --steps=1 --sleep=1000'));
  const controller = new AbortController();
  const queuedSpec = fixtureSpec(box, 42, '--report=stdout');
  const queued = executor.run(queuedSpec, controller.signal);
  setTimeout(() => controller.abort('pruned'), 100);
  const t0 = Date.now();
  const result = await queued;
  assert.equal(result.state, 'pruned');
  assert.ok(Date.now() - t0 < 700, 'it did not wait for the running trial');
  assert.equal(existsSync(path.join(queuedSpec.trialDir, 'stdout.log')), false);
  assert.equal((await first).state, 'complete');
  // The slot is free again for the next trial.
  assert.equal((await executor.run(fixtureSpec(box, 43, '--report=stdout'))).state, 'complete');
});

test('slots must be a positive integer', () => {
  assert.throws(() => new LocalExecutor({ slots: 0 }), /slots must be a positive integer/);
});
