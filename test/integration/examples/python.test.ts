// The zero-dependency Python helper (python/hyperlens) and the example that
// uses it (examples/python), run with the python3 on PATH.

import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { reportFromJson } from '../../../src/executors/metrics';
import { cleanEnv, describe, metricLines, repoRoot, run, scratch, start } from './support';

const root = repoRoot();
const helperPath = path.join(root, 'python');
const exampleDir = path.join(root, 'examples', 'python');

/** Runs a Python snippet with the helper importable. */
function python(code: string, env: Record<string, string>, cwd: string) {
  return start('python3', ['-c', code], { cwd, env: cleanEnv({ PYTHONPATH: helperPath, PYTHONUNBUFFERED: '1', ...env }) });
}

test('report appends one JSON line per call, NaN and infinities as bare tokens', async () => {
  const box = scratch();
  try {
    const metricsFile = box.file('metrics.jsonl');
    const code = [
      'from hyperlens import report',
      'report(step=1, val_loss=0.5, val_acc=0.75)',
      "report(step=2, val_loss=float('nan'), grad_norm=float('inf'), margin=float('-inf'))",
      'report(val_loss=0.25)',
    ].join('\n');
    const result = await python(code, { HYPERLENS_METRICS_FILE: metricsFile }, box.dir).done;
    assert.equal(result.code, 0, describe(result));
    assert.equal(result.stdout, '', 'with a metrics file nothing goes to stdout');
    const lines = metricLines(metricsFile);
    assert.deepEqual(lines, [
      '{"step": 1, "val_loss": 0.5, "val_acc": 0.75}',
      '{"step": 2, "val_loss": NaN, "grad_norm": Infinity, "margin": -Infinity}',
      '{"val_loss": 0.25}',
    ]);
    // The tuner's parser reads them, NaN included.
    const second = reportFromJson(lines[1]);
    assert.ok(second, lines[1]);
    assert.equal(second.step, 2);
    assert.ok(Number.isNaN(second.metrics.val_loss));
    assert.equal(second.metrics.grad_norm, Infinity);
    assert.equal(second.metrics.margin, -Infinity);
  } finally {
    box.cleanup();
  }
});

test('without HYPERLENS_METRICS_FILE report prints @tune lines to stdout', async () => {
  const box = scratch();
  try {
    const code = "from hyperlens import report\nreport(step=3, val_loss=0.41)\nreport(step=4, val_loss=float('nan'))";
    const result = await python(code, {}, box.dir).done;
    assert.equal(result.code, 0, describe(result));
    assert.equal(result.stdout, '@tune {"step": 3, "val_loss": 0.41}\n@tune {"step": 4, "val_loss": NaN}\n');
  } finally {
    box.cleanup();
  }
});

test('should_stop turns true once the stop file is created', async () => {
  const box = scratch();
  try {
    const stopFile = box.file('STOP');
    const code = [
      'import time',
      'from hyperlens import should_stop',
      "print('before', should_stop(), flush=True)",
      'deadline = time.time() + 20',
      'while not should_stop() and time.time() < deadline:',
      '    time.sleep(0.01)',
      "print('after', should_stop(), flush=True)",
    ].join('\n');
    const proc = python(code, { HYPERLENS_STOP_FILE: stopFile }, box.dir);
    await proc.waitForStdout(/before False/);
    writeFileSync(stopFile, '');
    const result = await proc.done;
    assert.equal(result.code, 0, describe(result));
    assert.equal(result.stdout, 'before False\nafter True\n');
  } finally {
    box.cleanup();
  }
});

test('after should_stop is called, SIGTERM is recorded instead of killing the script', async () => {
  const box = scratch();
  try {
    const code = [
      'import time',
      'from hyperlens import should_stop',
      "print('ready', should_stop(), flush=True)",
      'deadline = time.time() + 20',
      'while not should_stop() and time.time() < deadline:',
      '    time.sleep(0.01)',
      "print('stopping gracefully', should_stop(), flush=True)",
    ].join('\n');
    const proc = python(code, {}, box.dir);
    await proc.waitForStdout(/ready False/);
    proc.child.kill('SIGTERM');
    const result = await proc.done;
    assert.equal(result.code, 0, describe(result));
    assert.match(result.stdout, /stopping gracefully True/);
  } finally {
    box.cleanup();
  }
});

test("should_stop leaves the script's own SIGTERM handler in place", async () => {
  const box = scratch();
  try {
    const code = [
      'import signal, sys, time',
      'from hyperlens import should_stop',
      "signal.signal(signal.SIGTERM, lambda s, f: (print('own handler', flush=True), sys.exit(3)))",
      "print('ready', should_stop(), flush=True)",
      'time.sleep(20)',
    ].join('\n');
    const proc = python(code, {}, box.dir);
    await proc.waitForStdout(/ready False/);
    proc.child.kill('SIGTERM');
    const result = await proc.done;
    assert.equal(result.code, 3, describe(result));
    assert.match(result.stdout, /own handler/);
  } finally {
    box.cleanup();
  }
});

test('params, trial, restore_path and checkpoint_dir read the environment', async () => {
  const box = scratch();
  try {
    const code = [
      'import json',
      'from hyperlens import params, trial, trial_dir, restore_path, checkpoint_dir',
      'print(json.dumps({"params": params(), "trial": trial(), "trial_dir": trial_dir(), "restore": restore_path(), "ckpt": checkpoint_dir()}))',
    ].join('\n');
    const ckpt = box.file('trial/checkpoints');
    const set = await python(
      code,
      {
        HYPERLENS_PARAMS: '{"optimizer.lr": 0.003, "batch_size": 64, "act": "gelu"}',
        HYPERLENS_TRIAL: '17',
        HYPERLENS_TRIAL_DIR: box.file('trial'),
        HYPERLENS_RESTORE_FROM: box.file('parent/checkpoints'),
        HYPERLENS_CHECKPOINT_DIR: ckpt,
      },
      box.dir,
    ).done;
    assert.equal(set.code, 0, describe(set));
    assert.deepEqual(JSON.parse(set.stdout), {
      params: { 'optimizer.lr': 0.003, batch_size: 64, act: 'gelu' },
      trial: 17,
      trial_dir: box.file('trial'),
      restore: box.file('parent/checkpoints'),
      ckpt,
    });
    assert.ok(existsSync(ckpt), 'checkpoint_dir() creates the folder');

    // HYPERLENS_PARAMS may also name a JSON file.
    const paramsFile = box.file('params.json');
    writeFileSync(paramsFile, '{"lr": 0.1}');
    const fromFile = await python(code, { HYPERLENS_PARAMS: paramsFile }, box.dir).done;
    assert.equal(fromFile.code, 0, describe(fromFile));
    assert.deepEqual(JSON.parse(fromFile.stdout).params, { lr: 0.1 });

    // Run by hand: nothing set.
    const handDir = box.file('by-hand');
    mkdirSync(handDir);
    const unset = await python(code, {}, handDir).done;
    assert.equal(unset.code, 0, describe(unset));
    assert.deepEqual(JSON.parse(unset.stdout), {
      params: {},
      trial: null,
      trial_dir: null,
      restore: null,
      ckpt: path.join(handDir, 'checkpoints'),
    });
    assert.ok(existsSync(path.join(handDir, 'checkpoints')));
  } finally {
    box.cleanup();
  }
});

test('malformed HYPERLENS_PARAMS raises instead of training with defaults', async () => {
  const box = scratch();
  try {
    const result = await python('from hyperlens import params\nparams()', { HYPERLENS_PARAMS: '{"lr": ' }, box.dir).done;
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /ValueError: hyperlens\.params: HYPERLENS_PARAMS is not valid JSON/);
  } finally {
    box.cleanup();
  }
});

/** Runs examples/python/train.py as a trial would be run. */
function trainPy(env: Record<string, string>) {
  return run('python3', ['train.py'], { cwd: exampleDir, env: cleanEnv(env) });
}

test('examples/python/train.py trains with HYPERLENS_PARAMS and reports val_loss every epoch', async () => {
  const box = scratch();
  try {
    const metricsFile = box.file('metrics.jsonl');
    const ckpt = box.file('checkpoints');
    const result = await trainPy({
      HYPERLENS_PARAMS: JSON.stringify({ lr: 0.1, momentum: 0.9, hidden: 12, weight_decay: 1e-4, batch_size: 32, epochs: 12 }),
      HYPERLENS_METRICS_FILE: metricsFile,
      HYPERLENS_CHECKPOINT_DIR: ckpt,
    });
    assert.equal(result.code, 0, describe(result));
    assert.match(result.stdout, /MLP 2-12-1, lr 0\.1,/);
    const reports = metricLines(metricsFile).map((l) => reportFromJson(l));
    assert.deepEqual(reports.map((r) => r?.step), Array.from({ length: 12 }, (_, i) => i + 1));
    for (const r of reports) assert.ok(r && Number.isFinite(r.metrics.val_loss), JSON.stringify(r));
    assert.ok(reports.at(-1)!.metrics.val_loss < reports[0]!.metrics.val_loss, 'val_loss improves');
    const checkpoint = JSON.parse(readFileSync(path.join(ckpt, 'model.json'), 'utf8')) as { epoch: number };
    assert.equal(checkpoint.epoch, 12);
  } finally {
    box.cleanup();
  }
});

test('examples/python/train.py resumed from a checkpoint ends exactly as an uninterrupted run', async () => {
  const box = scratch();
  try {
    const params = (epochs: number) => JSON.stringify({ epochs, hidden: 6 });
    const full = await trainPy({
      HYPERLENS_PARAMS: params(6),
      HYPERLENS_METRICS_FILE: box.file('full.jsonl'),
      HYPERLENS_CHECKPOINT_DIR: box.file('full'),
    });
    const half = await trainPy({
      HYPERLENS_PARAMS: params(3),
      HYPERLENS_METRICS_FILE: box.file('half.jsonl'),
      HYPERLENS_CHECKPOINT_DIR: box.file('half'),
    });
    const resumed = await trainPy({
      HYPERLENS_PARAMS: params(6),
      HYPERLENS_METRICS_FILE: box.file('resumed.jsonl'),
      HYPERLENS_CHECKPOINT_DIR: box.file('resumed'),
      HYPERLENS_RESTORE_FROM: box.file('half'),
    });
    for (const r of [full, half, resumed]) assert.equal(r.code, 0, describe(r));
    assert.match(resumed.stdout, /resumed from .* after epoch 3/);
    const resumedLines = metricLines(box.file('resumed.jsonl'));
    assert.deepEqual(resumedLines.map((l) => reportFromJson(l)?.step), [4, 5, 6]);
    assert.equal(resumedLines.at(-1), metricLines(box.file('full.jsonl')).at(-1));
  } finally {
    box.cleanup();
  }
});

test('examples/python/train.py stops after the current epoch when asked', async () => {
  const box = scratch();
  try {
    const stopFile = box.file('STOP');
    writeFileSync(stopFile, '');
    const result = await trainPy({
      HYPERLENS_PARAMS: JSON.stringify({ epochs: 10 }),
      HYPERLENS_METRICS_FILE: box.file('metrics.jsonl'),
      HYPERLENS_CHECKPOINT_DIR: box.file('checkpoints'),
      HYPERLENS_STOP_FILE: stopFile,
    });
    assert.equal(result.code, 0, describe(result));
    assert.equal(metricLines(box.file('metrics.jsonl')).length, 1);
    assert.match(result.stdout, /stop requested after epoch 1/);
  } finally {
    box.cleanup();
  }
});
