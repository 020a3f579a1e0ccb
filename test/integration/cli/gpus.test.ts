// `hyperlens tune` on a machine with GPUs, without one: a fake nvidia-smi
// first on PATH presents the GPUs, and each trial records the
// CUDA_VISIBLE_DEVICES it saw and when its code started and ended.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunJournal } from '../../../src/store/runJournal';
import { pathWithoutNvidiaSmi, writeFakeNvidiaSmi, type FakeGpu } from '../executors/fakeNvidiaSmi';
import { cli, lastJsonLine, tempDir } from './cliHarness';
import { maxOverlap } from '../executors/overlap';

interface TrialLog {
  trial: number;
  cvd: string | null;
  order: string | null;
  start: number;
  end: number;
}

/** An annotated file whose trial sleeps, then records what it saw. */
function writeStudy(dir: string, directives = ''): { file: string; logs: string } {
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs);
  const script = path.join(dir, 'gpuTrial.js');
  fs.writeFileSync(
    script,
    [
      'const start = Date.now();',
      "const fs = require('fs');",
      "const x = Number((process.argv.find((a) => a.startsWith('--x=')) || '--x=0.5').slice(4));",
      'setTimeout(() => {',
      '  const record = { trial: Number(process.env.HYPERLENS_TRIAL), cvd: process.env.CUDA_VISIBLE_DEVICES ?? null, order: process.env.CUDA_DEVICE_ORDER ?? null, start, end: Date.now() };',
      `  fs.writeFileSync(${JSON.stringify(logs)} + '/' + record.trial + '.json', JSON.stringify(record));`,
      "  console.log('@tune ' + JSON.stringify({ loss: (x - 0.3) ** 2 }));",
      '}, 300 + Math.round(x * 300));',
      '',
    ].join('\n'),
  );
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    file,
    [`# @tune.command ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} {args}`, '# @tune.objective loss min', directives, 'x: 0.5  # @tune float(0, 1)', ''].join('\n'),
  );
  return { file, logs };
}

function readLogs(logs: string): TrialLog[] {
  return fs.readdirSync(logs).map((f) => JSON.parse(fs.readFileSync(path.join(logs, f), 'utf8')) as TrialLog);
}


/** Per GPU (by the CUDA_VISIBLE_DEVICES entry), the most trials on it at once. */
function perGpuOverlap(logs: TrialLog[]): Map<string, number> {
  const byGpu = new Map<string, TrialLog[]>();
  for (const l of logs) for (const id of (l.cvd ?? '').split(',').filter(Boolean)) byGpu.set(id, [...(byGpu.get(id) ?? []), l]);
  return new Map([...byGpu].map(([id, ls]) => [id, maxOverlap(ls)]));
}

function gpusAttr(runDir: string): Map<number, unknown> {
  const trials = RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
  return new Map(trials.map((t) => [t.number, t.userAttrs.gpus]));
}

const FOUR: FakeGpu[] = [{}, { memoryUsedMiB: 70000, utilizationPct: 99 }, {}, {}];

test('trials-per-gpu 2 with the busy GPU skipped: at most 2 trials per GPU, never GPU 1, 6 at a time, each trial told its GPU', () => {
  const dir = tempDir('gpus-share');
  const fake = writeFakeNvidiaSmi(dir, { gpus: FOUR });
  const { file, logs } = writeStudy(dir, '# @tune.trials-per-gpu 2');
  const r = cli(['tune', file, '--trials', '12', '--seed', '1', '--skip-busy-gpus', '1000', '--json'], { cwd: dir, env: { PATH: fake.path(), CUDA_VISIBLE_DEVICES: undefined, CUDA_DEVICE_ORDER: undefined } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /4 GPUs: 0-3 NVIDIA H100 80GB HBM3; GPU 1 skipped: 70000 MiB in use; 6 trials at a time on GPUs 0,2,3 \(1 GPU per trial, 2 trials per GPU\)/);
  assert.ok(fake.calls().length >= 1, 'nvidia-smi was asked');
  const seen = readLogs(logs);
  assert.equal(seen.length, 12);
  for (const l of seen) {
    assert.match(l.cvd ?? '', /^[023]$/, `trial ${l.trial} saw CUDA_VISIBLE_DEVICES=${l.cvd}`);
    assert.equal(l.order, 'PCI_BUS_ID');
  }
  for (const [gpu, most] of perGpuOverlap(seen)) assert.ok(most <= 2, `GPU ${gpu} held ${most} trials at once`);
  const most = maxOverlap(seen);
  assert.ok(most <= 6, `${most} trials at once`);
  assert.ok(most >= 3, `only ${most} trials at once: the GPU slots were not used`);
  // The journal records where each trial ran, as the trial saw it.
  const attrs = gpusAttr(lastJsonLine(r.stdout).dir);
  for (const l of seen) assert.deepEqual(attrs.get(l.trial), [Number(l.cvd)]);
});

test('gpus-per-trial 2 on 4 GPUs: two distinct GPUs per trial, no GPU shared, two trials at a time', () => {
  const dir = tempDir('gpus-pairs');
  const fake = writeFakeNvidiaSmi(dir, { gpus: [{}, {}, {}, {}] });
  const { file, logs } = writeStudy(dir);
  const r = cli(['tune', file, '--trials', '6', '--seed', '2', '--gpus-per-trial', '2', '--json'], { cwd: dir, env: { PATH: fake.path(), CUDA_VISIBLE_DEVICES: undefined } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /2 trials at a time on GPUs 0-3 \(2 GPUs per trial, 1 trial per GPU\)/);
  const seen = readLogs(logs);
  assert.equal(seen.length, 6);
  for (const l of seen) {
    const ids = (l.cvd ?? '').split(',');
    assert.equal(ids.length, 2, `trial ${l.trial} saw ${l.cvd}`);
    assert.equal(new Set(ids).size, 2);
    assert.ok(ids.every((id) => /^[0-3]$/.test(id)));
  }
  for (const [gpu, most] of perGpuOverlap(seen)) assert.equal(most, 1, `GPU ${gpu} held ${most} trials at once`);
  assert.ok(maxOverlap(seen) <= 2);
  const attrs = gpusAttr(lastJsonLine(r.stdout).dir);
  for (const l of seen) assert.deepEqual(attrs.get(l.trial), l.cvd!.split(',').map(Number));
});

test("the user's CUDA_VISIBLE_DEVICES is respected: only those GPUs, named as the user named them", () => {
  const dir = tempDir('gpus-cvd');
  const fake = writeFakeNvidiaSmi(dir, { gpus: [{}, {}, {}, {}] });
  const { file, logs } = writeStudy(dir);
  const r = cli(['tune', file, '--trials', '6', '--seed', '3', '--json'], { cwd: dir, env: { PATH: fake.path(), CUDA_VISIBLE_DEVICES: '3,1' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /CUDA_VISIBLE_DEVICES=3,1 leaves 2 of 4; 2 trials at a time on GPUs 1,3/);
  const seen = readLogs(logs);
  assert.ok(seen.every((l) => l.cvd === '3' || l.cvd === '1'), seen.map((l) => l.cvd).join(' '));
  for (const [gpu, most] of perGpuOverlap(seen)) assert.equal(most, 1, `GPU ${gpu} held ${most} trials at once`);

  // By UUID prefix: the trial gets the user's own entry back.
  const dir2 = tempDir('gpus-uuid');
  const fake2 = writeFakeNvidiaSmi(dir2, { gpus: [{}, {}, {}] });
  const study2 = writeStudy(dir2);
  const r2 = cli(['tune', study2.file, '--trials', '2', '--seed', '3', '--json'], { cwd: dir2, env: { PATH: fake2.path(), CUDA_VISIBLE_DEVICES: 'GPU-00000002' } });
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(readLogs(study2.logs).map((l) => l.cvd), ['GPU-00000002', 'GPU-00000002']);
  assert.deepEqual([...gpusAttr(lastJsonLine(r2.stdout).dir).values()], [[2], [2]]);
});

test('no GPU: CPU slots, said plainly, and trials see the environment as it was', () => {
  const dir = tempDir('gpus-none');
  const { file, logs } = writeStudy(dir, '# @tune.gpus-per-trial 2');
  const r = cli(['tune', file, '--trials', '4', '--parallel', '2', '--seed', '4', '--json'], { cwd: dir, env: { PATH: pathWithoutNvidiaSmi(dir), CUDA_VISIBLE_DEVICES: undefined } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /no GPU found \(nvidia-smi not on PATH\): 2 CPU slots \(gpus-per-trial 2 unused\)/);
  const seen = readLogs(logs);
  assert.equal(seen.length, 4);
  assert.ok(seen.every((l) => l.cvd === null && l.order === null));
  assert.equal(maxOverlap(seen), 2);
  assert.ok([...gpusAttr(lastJsonLine(r.stdout).dir).values()].every((g) => g === undefined));
});

test('every GPU busy, or more GPUs per trial than there are: the run stops and says why', () => {
  const dir = tempDir('gpus-refused');
  const fake = writeFakeNvidiaSmi(dir, { gpus: [{ memoryUsedMiB: 9000 }, { memoryUsedMiB: 9000 }] });
  const { file, logs } = writeStudy(dir);
  const busy = cli(['tune', file, '--trials', '2', '--skip-busy-gpus', '100'], { cwd: dir, env: { PATH: fake.path(), CUDA_VISIBLE_DEVICES: undefined } });
  assert.equal(busy.code, 1);
  assert.match(busy.stderr, /GPU 0 skipped: 9000 MiB in use; GPU 1 skipped: 9000 MiB in use; no GPU left under 100 MiB in use\. Free a GPU, raise --skip-busy-gpus/);
  assert.doesNotMatch(busy.stderr, /\n\s+at /, 'a message, not a stack trace');
  const tooMany = cli(['tune', file, '--trials', '2', '--gpus-per-trial', '3'], { cwd: dir, env: { PATH: fake.path(), CUDA_VISIBLE_DEVICES: undefined } });
  assert.equal(tooMany.code, 1);
  assert.match(tooMany.stderr, /a trial needs 3 GPUs \(gpus-per-trial 3\) but only 2 are usable/);
  assert.equal(fs.readdirSync(logs).length, 0, 'no trial ran');
  const bad = cli(['tune', file, '--trials-per-gpu', '0'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--trials-per-gpu must be an integer >= 1/);
});

test('each trial records its GPU energy and GPU-hours (sampled from nvidia-smi), and show adds them up', () => {
  const dir = tempDir('gpus-energy');
  // GPU 0 draws 250 W, GPU 1 reports no power.
  const fake = writeFakeNvidiaSmi(dir, { gpus: [{ power: 250, utilizationPct: 80, memoryUsedMiB: 2048 }, { power: '[N/A]' }] });
  const { file } = writeStudy(dir);
  const r = cli(['tune', file, '--trials', '4', '--seed', '3', '--json'], { cwd: dir, env: { PATH: fake.path(), CUDA_VISIBLE_DEVICES: undefined } });
  assert.equal(r.code, 0, r.stderr);
  const runDir = lastJsonLine(r.stdout).dir;
  const trials = RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
  for (const t of trials) {
    const a = t.userAttrs;
    const hours = Number(a.duration_s) / 3600;
    assert.ok(typeof a.gpu_hours === 'number' && a.gpu_hours > 0 && a.gpu_hours <= hours * 1.05, `trial ${t.number}: ${a.gpu_hours} GPU-hours in ${a.duration_s} s`);
    if ((a.gpus as number[])[0] === 0) {
      // 250 W for the time the trial held the GPU (sampled; the first reading may come a little after the start).
      assert.ok(Math.abs(Number(a.gpu_energy_wh) - 250 * Number(a.gpu_hours)) < 1e-3, `trial ${t.number}: ${a.gpu_energy_wh} Wh`);
      assert.equal(a.gpu_mem_peak_mib, 2048);
      assert.equal(a.gpu_util_mean_pct, 80);
    } else {
      assert.equal(a.gpu_energy_wh, 0, 'no power reading, no energy');
    }
  }
  const show = cli(['show', runDir], { cwd: dir }).stdout;
  assert.match(show, /GPUs +\d[\d.e-]* Wh, \d[\d.e-]* GPU-hours over 4 trials/);
  assert.match(show, /ENERGY/);
});
