import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyVisibleDevices, discoverFrom, discoverGpus, formatIndices, parseGpuCsv, probeGpus, queryGpus, type GpuInfo } from '../../../src/executors/gpus';
import { createLocalExecutor } from '../../../src/executors/localExecutor';
import { pathWithoutNvidiaSmi, writeFakeNvidiaSmi } from '../../integration/executors/fakeNvidiaSmi';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-gpus-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function gpu(index: number, extra: Partial<GpuInfo> = {}): GpuInfo {
  return { index, uuid: `GPU-${index}aaa-bbbb`, name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, memoryUsedMiB: 0, utilizationPct: 0, powerW: 70, ...extra };
}

test("nvidia-smi's CSV: numbers, [N/A] and [Not Supported], warnings and a name with a comma", () => {
  const text = [
    '0, GPU-6f5a7c3e-1b2c-4d5e-8f90-123456789abc, NVIDIA H100 80GB HBM3, 81559, 70123, 97, 612.34',
    '1, GPU-11111111-2222-3333-4444-555555555555, Tesla T4, 15360, 0, 0, [N/A]',
    'WARNING: infoROM is corrupted at gpu 0000:00:04.0',
    '',
    '2, GPU-22222222-2222-3333-4444-555555555555, Weird, Name, 4096, [N/A], [Not Supported], [Not Supported]',
    '10, GPU-aa, NVIDIA A100-SXM4-40GB, 40960, 3, 12, 55.00 W',
  ].join('\r\n');
  assert.deepEqual(parseGpuCsv(text), [
    { index: 0, uuid: 'GPU-6f5a7c3e-1b2c-4d5e-8f90-123456789abc', name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, memoryUsedMiB: 70123, utilizationPct: 97, powerW: 612.34 },
    { index: 1, uuid: 'GPU-11111111-2222-3333-4444-555555555555', name: 'Tesla T4', memoryTotalMiB: 15360, memoryUsedMiB: 0, utilizationPct: 0, powerW: undefined },
    { index: 2, uuid: 'GPU-22222222-2222-3333-4444-555555555555', name: 'Weird, Name', memoryTotalMiB: 4096, memoryUsedMiB: NaN, utilizationPct: NaN, powerW: undefined },
    { index: 10, uuid: 'GPU-aa', name: 'NVIDIA A100-SXM4-40GB', memoryTotalMiB: 40960, memoryUsedMiB: 3, utilizationPct: 12, powerW: 55 },
  ]);
  assert.deepEqual(parseGpuCsv('No devices were found\n'), []);
});

test('CUDA_VISIBLE_DEVICES: unset keeps all; indices and UUIDs (or prefixes) keep those, as the user wrote them', () => {
  const all = [gpu(0), gpu(1), gpu(2), gpu(3)];
  assert.deepEqual(applyVisibleDevices(all, undefined).gpus.map((g) => [g.index, g.cudaId]), [[0, '0'], [1, '1'], [2, '2'], [3, '3']]);
  assert.deepEqual(applyVisibleDevices(all, '2,3').gpus.map((g) => [g.index, g.cudaId]), [[2, '2'], [3, '3']]);
  assert.deepEqual(applyVisibleDevices(all, ' 3 , 1 ').gpus.map((g) => [g.index, g.cudaId]), [[3, '3'], [1, '1']], 'in the order given');
  assert.deepEqual(applyVisibleDevices(all, 'GPU-2aaa-bbbb,GPU-0a').gpus.map((g) => [g.index, g.cudaId]), [[2, 'GPU-2aaa-bbbb'], [0, 'GPU-0a']]);
  assert.deepEqual(applyVisibleDevices(all, '1,1,2').gpus.map((g) => g.index), [1, 2], 'a repeat counts once');
});

test('CUDA_VISIBLE_DEVICES: empty or -1 hides every GPU; an entry CUDA cannot read ends the list there', () => {
  const all = [gpu(0), gpu(1), gpu(2)];
  const cases: Array<[string, number[], RegExp]> = [
    ['', [], /CUDA_VISIBLE_DEVICES is empty/],
    ['-1', [], /CUDA_VISIBLE_DEVICES=-1 hides every GPU/],
    ['0,-1,2', [0], /CUDA_VISIBLE_DEVICES=0,-1,2 has "-1".*ignores it and what follows/],
    ['1,7,2', [1], /names GPU 7, which nvidia-smi does not list; CUDA ignores it and what follows/],
    ['GPU-', [], /matches 3 GPUs, so CUDA sees no GPU/],
    ['GPU-9', [], /names GPU-9, which nvidia-smi does not list/],
    ['MIG-abc', [], /MIG instance MIG-abc; Hyperlens schedules whole GPUs only/],
    ['0,,1', [0], /has an empty entry/],
  ];
  for (const [value, indices, note] of cases) {
    const r = applyVisibleDevices(all, value);
    assert.deepEqual(r.gpus.map((g) => g.index), indices, value);
    assert.match(r.note ?? '', note, value);
  }
});

test('discovery sentences: what was found, what CUDA_VISIBLE_DEVICES left, which busy GPUs were skipped', () => {
  const four = [gpu(0), gpu(1, { memoryUsedMiB: 70000 }), gpu(2), gpu(3, { name: 'Tesla T4' })];
  const d = discoverFrom({ gpus: four }, undefined, 1000);
  assert.deepEqual(d.gpus.map((g) => g.index), [0, 2, 3]);
  assert.deepEqual(d.skipped, ['GPU 1 skipped: 70000 MiB in use']);
  assert.equal(d.summary, '4 GPUs: 0-2 NVIDIA H100 80GB HBM3, 3 Tesla T4; GPU 1 skipped: 70000 MiB in use');
  assert.equal(discoverFrom({ gpus: four }, undefined).gpus.length, 4, 'no threshold, nothing skipped');
  assert.equal(discoverFrom({ gpus: [gpu(0, { memoryUsedMiB: NaN })] }, undefined, 0).gpus.length, 1, 'an unknown figure is not busy');

  const narrowed = discoverFrom({ gpus: four }, '2,3');
  assert.equal(narrowed.summary, '4 GPUs: 0-2 NVIDIA H100 80GB HBM3, 3 Tesla T4; CUDA_VISIBLE_DEVICES=2,3 leaves 2 of 4');

  const allBusy = discoverFrom({ gpus: [gpu(0, { memoryUsedMiB: 5000 })] }, undefined, 100);
  assert.equal(allBusy.gpus.length, 0);
  assert.match(allBusy.summary, /GPU 0 skipped: 5000 MiB in use; no GPU left under 100 MiB in use/);

  const none = discoverFrom({ gpus: [], note: 'nvidia-smi not on PATH' }, undefined);
  assert.equal(none.summary, 'no GPU found (nvidia-smi not on PATH)');
  assert.equal(none.source, 'none');

  // No nvidia-smi, but CUDA_VISIBLE_DEVICES names devices: taken at its word.
  const named = discoverFrom({ gpus: [], note: 'nvidia-smi not on PATH' }, '0,3');
  assert.equal(named.source, 'CUDA_VISIBLE_DEVICES');
  assert.deepEqual(named.gpus, [{ index: 0, cudaId: '0' }, { index: 3, cudaId: '3' }]);
  assert.match(named.summary, /^2 GPUs from CUDA_VISIBLE_DEVICES=0,3 \(nvidia-smi not on PATH; no memory figures\)/);
  assert.equal(discoverFrom({ gpus: [], note: 'x' }, '-1').gpus.length, 0);

  assert.equal(formatIndices([3, 1, 2, 0]), '0-3');
  assert.equal(formatIndices([0, 2]), '0,2');
  assert.equal(formatIndices([4, 5]), '4,5');
});

test('queryGpus runs nvidia-smi from PATH with the exact query; missing, failing or hung nvidia-smi gives no GPU and says why', async () => {
  const fake = writeFakeNvidiaSmi(path.join(tmp, 'ok'), { gpus: [{ memoryUsedMiB: 5 }, { power: '[N/A]', name: 'Tesla T4' }] });
  const gpus = await queryGpus({ env: { ...process.env, PATH: fake.path() } });
  assert.deepEqual(gpus.map((g) => [g.index, g.name, g.memoryUsedMiB, g.powerW]), [[0, 'NVIDIA H100 80GB HBM3', 5, 69.5], [1, 'Tesla T4', 1, undefined]]);
  assert.deepEqual(fake.calls(), [['--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu,power.draw', '--format=csv,noheader,nounits']]);

  assert.deepEqual(await probeGpus({ env: { PATH: pathWithoutNvidiaSmi(tmp) } }), { gpus: [], note: 'nvidia-smi not on PATH' });
  assert.deepEqual(await probeGpus({ nvidiaSmi: path.join(tmp, 'nowhere', 'nvidia-smi') }), { gpus: [], note: `${path.join(tmp, 'nowhere', 'nvidia-smi')} not found` });

  const broken = writeFakeNvidiaSmi(path.join(tmp, 'broken'), { exitCode: 9, message: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." });
  const failed = await probeGpus({ nvidiaSmi: broken.program });
  assert.equal(failed.gpus.length, 0);
  assert.equal(failed.note, `${broken.program} failed (exit code 9): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.`);

  const hung = writeFakeNvidiaSmi(path.join(tmp, 'hung'), { hang: true });
  const t0 = Date.now();
  const timedOut = await probeGpus({ nvidiaSmi: hung.program, timeoutMs: 500 });
  assert.equal(timedOut.note, `${hung.program} did not answer within 0.5 s`);
  assert.ok(Date.now() - t0 < 5000);

  const empty = writeFakeNvidiaSmi(path.join(tmp, 'empty'), { gpus: [] });
  assert.deepEqual(await probeGpus({ nvidiaSmi: empty.program }), { gpus: [], note: `${empty.program} lists no GPU` });
});

test('discoverGpus reads CUDA_VISIBLE_DEVICES from the environment it is given', async () => {
  const fake = writeFakeNvidiaSmi(path.join(tmp, 'cvd'), { gpus: [{}, {}, {}, {}] });
  const d = await discoverGpus({ env: { PATH: fake.path(''), CUDA_VISIBLE_DEVICES: '1,3' } });
  assert.deepEqual(d.gpus.map((g) => g.index), [1, 3]);
});

test('createLocalExecutor: GPU slots, a parallel cap only when parallel was chosen, CPU slots without GPUs, and refusals', async () => {
  const fake = writeFakeNvidiaSmi(path.join(tmp, 'exec'), { gpus: [{}, { memoryUsedMiB: 70000 }, {}, {}] });
  const env = { PATH: fake.path('') };
  let r = await createLocalExecutor({ parallel: 1, parallelAuto: true }, { env });
  assert.equal(r.executor.slots, 4);
  assert.equal(r.notice, '4 GPUs: 0-3 NVIDIA H100 80GB HBM3; 4 trials at a time on GPUs 0-3 (1 GPU per trial, 1 trial per GPU)');

  r = await createLocalExecutor({ parallel: 1, parallelAuto: true, skipBusyGpusMiB: 1000, trialsPerGpu: 2 }, { env });
  assert.equal(r.executor.slots, 6);
  assert.equal(r.notice, '4 GPUs: 0-3 NVIDIA H100 80GB HBM3; GPU 1 skipped: 70000 MiB in use; 6 trials at a time on GPUs 0,2,3 (1 GPU per trial, 2 trials per GPU)');

  r = await createLocalExecutor({ parallel: 2, gpusPerTrial: 1 }, { env });
  assert.equal(r.executor.slots, 2);
  assert.match(r.notice, /2 trials at a time on GPUs 0-3 \(1 GPU per trial, 1 trial per GPU, parallel 2 caps the 4 GPU slots\)$/);

  r = await createLocalExecutor({ parallel: 1, parallelAuto: true, gpusPerTrial: 2 }, { env: { ...env, CUDA_VISIBLE_DEVICES: '3,2,0' } });
  assert.equal(r.executor.slots, 1);
  assert.match(r.notice, /CUDA_VISIBLE_DEVICES=3,2,0 leaves 3 of 4; 1 trial at a time on GPUs 0,2,3 \(2 GPUs per trial/);

  await assert.rejects(createLocalExecutor({ parallel: 1, gpusPerTrial: 4, skipBusyGpusMiB: 1000 }, { env }), /a trial needs 4 GPUs \(gpus-per-trial 4\) but only 3 are usable/);
  await assert.rejects(
    createLocalExecutor({ parallel: 1, skipBusyGpusMiB: 1000 }, { env: { ...env, CUDA_VISIBLE_DEVICES: '1' } }),
    /GPU 1 skipped: 70000 MiB in use; no GPU left under 1000 MiB in use\. Free a GPU, raise --skip-busy-gpus/,
  );

  const cpu = await createLocalExecutor({ parallel: 3, gpusPerTrial: 2 }, { env: { PATH: pathWithoutNvidiaSmi(tmp) } });
  assert.equal(cpu.executor.slots, 3);
  assert.equal(cpu.executor.gpus.length, 0);
  assert.equal(cpu.notice, 'no GPU found (nvidia-smi not on PATH): 3 CPU slots (gpus-per-trial 2 unused)');

  const hidden = await createLocalExecutor({ parallel: 2 }, { env: { ...env, CUDA_VISIBLE_DEVICES: '' } });
  assert.equal(hidden.notice, '4 GPUs: 0-3 NVIDIA H100 80GB HBM3; CUDA_VISIBLE_DEVICES is empty; 2 CPU slots');
});
