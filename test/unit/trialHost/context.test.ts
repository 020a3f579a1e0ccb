// The ctx a TensorFlow.js train function gets: report() writes the Python
// helper's JSON lines, shouldStop() sees the stop file and the end step.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportFromJson } from '../../../src/executors/metrics';
import { createContext, metricLine, readParams } from '../../../src/trialHost/context';
import type { BackendInfo } from '../../../src/trialHost/record';

const backend: BackendInfo = { kind: 'wasm', backend: 'wasm', device: 'cpu', package: '@tensorflow/tfjs-backend-wasm', from: 'hyperlens' };

function scratch(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-ctx-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('metric lines are the Python helper\'s, NaN and infinities bare, and the tuner reads them', () => {
  assert.equal(metricLine(1, { val_loss: 0.5, val_acc: 0.75 }), '{"step": 1, "val_loss": 0.5, "val_acc": 0.75}');
  const line = metricLine(2, { val_loss: NaN, grad: Infinity, margin: -Infinity, ok: true });
  assert.equal(line, '{"step": 2, "val_loss": NaN, "grad": Infinity, "margin": -Infinity, "ok": 1}');
  const r = reportFromJson(line)!;
  assert.equal(r.step, 2);
  assert.ok(Number.isNaN(r.metrics.val_loss));
  assert.equal(r.metrics.margin, -Infinity);
  assert.equal(metricLine(undefined, { loss: 1e-7 }), '{"loss": 1e-7}');
  // A one-value tensor is read; anything else is refused by name.
  assert.equal(metricLine(3, { val_loss: { dataSync: () => new Float32Array([0.25]) } }), '{"step": 3, "val_loss": 0.25}');
  assert.throws(() => metricLine(3, { val_loss: { dataSync: () => new Float32Array([1, 2]) } }), /metric val_loss is a tensor of 2 values/);
  assert.throws(() => metricLine(3, { name: 'adam' }), /metric name is a string, not a number/);
});

test('report appends to HYPERLENS_METRICS_FILE; without it, @tune lines are printed', (t) => {
  const dir = scratch(t);
  const metrics = path.join(dir, 'metrics.jsonl');
  const env = { HYPERLENS_METRICS_FILE: metrics, HYPERLENS_CHECKPOINT_DIR: path.join(dir, 'ckpt') };
  const ctx = createContext({ tf: {}, backend, env });
  ctx.report(1, { val_loss: 0.5 });
  ctx.report({ step: 2, val_loss: 0.25 });
  ctx.report({ val_loss: 0.125 });
  assert.equal(fs.readFileSync(metrics, 'utf8'), '{"step": 1, "val_loss": 0.5}\n{"step": 2, "val_loss": 0.25}\n{"val_loss": 0.125}\n');
  assert.ok(fs.existsSync(path.join(dir, 'ckpt')), 'the checkpoint folder is created');
  assert.throws(() => ctx.report(4, {}), /give at least one metric/);
  assert.throws(() => ctx.report('4' as unknown as number, { val_loss: 1 }), /the step must be a number/);

  const printed: string[] = [];
  const byHand = createContext({ tf: {}, backend, env: {}, cwd: dir, print: (l) => printed.push(l) });
  byHand.report(3, { val_loss: 0.41 });
  assert.deepEqual(printed, ['@tune {"step": 3, "val_loss": 0.41}']);
  assert.equal(byHand.checkpointDir, path.join(dir, 'checkpoints'));
  assert.deepEqual([byHand.params, byHand.trial, byHand.trialDir, byHand.restoreFrom], [{}, undefined, undefined, undefined]);
});

test('shouldStop: the stop file, and the end step of a PBT segment', (t) => {
  const dir = scratch(t);
  const before = process.listeners('SIGTERM');
  t.after(() => {
    for (const l of process.listeners('SIGTERM')) if (!before.includes(l)) process.removeListener('SIGTERM', l);
  });
  const stopFile = path.join(dir, 'STOP');
  const ctx = createContext({ tf: {}, backend, env: { HYPERLENS_STOP_FILE: stopFile, HYPERLENS_METRICS_FILE: path.join(dir, 'm'), HYPERLENS_CHECKPOINT_DIR: dir } });
  assert.equal(ctx.shouldStop(), false);
  fs.writeFileSync(stopFile, 'pruned\n');
  assert.equal(ctx.shouldStop(), true);

  const segment = createContext({ tf: {}, backend, env: { HYPERLENS_END_STEP: '5', HYPERLENS_METRICS_FILE: path.join(dir, 'm2'), HYPERLENS_CHECKPOINT_DIR: dir } });
  segment.report(4, { val_loss: 1 });
  assert.equal(segment.shouldStop(), false);
  segment.report(5, { val_loss: 1 });
  assert.equal(segment.shouldStop(), true);
});

test('params, trial, trial folder and restore path come from the environment', (t) => {
  const dir = scratch(t);
  const paramsFile = path.join(dir, 'params.json');
  fs.writeFileSync(paramsFile, '{"lr": 0.1}');
  assert.deepEqual(readParams({ HYPERLENS_PARAMS: '{"optimizer.lr": 0.003, "act": "gelu"}' }), { 'optimizer.lr': 0.003, act: 'gelu' });
  assert.deepEqual(readParams({ HYPERLENS_PARAMS: paramsFile }), { lr: 0.1 });
  assert.deepEqual(readParams({}), {});
  assert.throws(() => readParams({ HYPERLENS_PARAMS: '{"lr": ' }), /HYPERLENS_PARAMS is not valid JSON/);
  assert.throws(() => readParams({ HYPERLENS_PARAMS: '[1]' }), /must hold a JSON object/);
  const ctx = createContext({
    tf: { marker: 1 },
    backend,
    env: { HYPERLENS_PARAMS: '{"x": 2}', HYPERLENS_TRIAL: '17', HYPERLENS_TRIAL_DIR: dir, HYPERLENS_RESTORE_FROM: path.join(dir, 'parent'), HYPERLENS_CHECKPOINT_DIR: path.join(dir, 'c') },
  });
  assert.deepEqual([ctx.params, ctx.trial, ctx.trialDir, ctx.restoreFrom, ctx.checkpointDir, ctx.backend, ctx.tf], [{ x: 2 }, 17, dir, path.join(dir, 'parent'), path.join(dir, 'c'), backend, { marker: 1 }]);
});
