// TensorFlow.js trials (`@tune.entry`): the mnist-tfjs example tuned by the
// real CLI on the backend CI has (the wasm one: tfjs-node-gpu and tfjs-node
// fail to install there and are dropped), a TypeScript entry, and the
// failure reasons a person sees when the entry is wrong.

import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { reportFromJson } from '../../../src/executors/metrics';
import { cleanEnv, describe, metricLines, repoRoot, run, scratch } from './support';

const root = repoRoot();
const cli = path.join(root, 'bin', 'hyperlens.js');
const trialHost = path.join(root, 'dist', 'trialHost.js');
const example = path.join(root, 'examples', 'mnist-tfjs');

/** True when a native TensorFlow (tfjs-node-gpu / tfjs-node) is installed where a trial would find it; CI has none. */
function nativeTensorflowFrom(dir: string): boolean {
  return ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].some((p) => {
    try {
      require.resolve(p, { paths: [dir] });
      return true;
    } catch {
      return false;
    }
  });
}

interface ShownTrial {
  number: number;
  state: string;
  values?: number[];
  intermediate: Record<string, number>;
  userAttrs: Record<string, unknown>;
}

/** `hyperlens tune <file> ... --json`, then `hyperlens show --json`: the run's summary and its trials. */
async function tune(file: string, runsDir: string, args: string[], env: Record<string, string> = {}) {
  const tuned = await run(process.execPath, [cli, 'tune', file, '--runs-dir', runsDir, '--json', ...args], {
    cwd: path.dirname(file),
    env: cleanEnv(env),
    timeoutMs: 240_000,
  });
  assert.equal(tuned.code, 0, describe(tuned));
  const summary = JSON.parse(tuned.stdout.trim().split('\n').at(-1)!) as { dir: string; trials: { complete: number; pruned: number; failed: number } };
  const shown = await run(process.execPath, [cli, 'show', summary.dir, '--json'], { cwd: runsDir, env: cleanEnv() });
  assert.equal(shown.code, 0, describe(shown));
  const trials = (JSON.parse(shown.stdout.trim().split('\n').at(-1)!) as { trialList: ShownTrial[] }).trialList;
  return { summary, trials, seconds: tuned.seconds, stderr: tuned.stderr };
}

test('the mnist-tfjs example runs two trials on the wasm backend, and its trial records say so', async () => {
  const box = scratch();
  try {
    const { summary, trials, seconds } = await tune(path.join(example, 'config.yaml'), box.file('runs'), ['--trials', '2', '--seed', '3']);
    assert.deepEqual(summary.trials, { complete: 2, pruned: 0, failed: 0 });
    assert.equal(trials.length, 2);
    const native = nativeTensorflowFrom(example);
    for (const t of trials) {
      assert.equal(t.state, 'complete', JSON.stringify(t));
      // epochs is the fidelity parameter: both trials run the full 9.
      assert.deepEqual(Object.keys(t.intermediate).map(Number).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.ok(t.values && Number.isFinite(t.values[0]) && t.values[0] < 2.3, `val_loss ${t.values} beats chance (ln 10)`);
      if (native) {
        assert.equal(t.userAttrs.tf_backend, 'tensorflow', 'a native TensorFlow is installed here, so the trial uses it');
      } else {
        assert.equal(t.userAttrs.tf_backend, 'wasm');
        assert.equal(t.userAttrs.tf_device, 'cpu');
        assert.match(String(t.userAttrs.tf_package), /^@tensorflow\/tfjs-backend-wasm@4\.22\.0 \((workspace|hyperlens)\)$/);
        assert.equal(t.userAttrs.tf_warning, undefined);
      }
      const dir = path.join(summary.dir, 'trials', String(t.number));
      const reports = metricLines(path.join(dir, 'metrics.jsonl')).map((l) => reportFromJson(l));
      assert.equal(reports.length, 9);
      for (const r of reports) assert.ok(r && Number.isFinite(r.metrics.val_loss) && r.metrics.val_acc >= 0 && r.metrics.val_acc <= 1, JSON.stringify(r));
      const record = JSON.parse(readFileSync(path.join(dir, 'trial_host.json'), 'utf8'));
      assert.equal(record.backend.backend, t.userAttrs.tf_backend);
      assert.ok(existsSync(path.join(dir, 'checkpoints', 'model.json')), 'the final checkpoint is saved');
    }
    assert.ok(!existsSync(path.join(example, 'checkpoints')), 'the example writes nothing next to itself');
    console.log(`mnist-tfjs: 2 trials x 9 epochs in ${seconds.toFixed(1)} s`);
  } finally {
    box.cleanup();
  }
});

/** Runs examples/mnist-tfjs/train.js in the trial host as a trial would be run. */
function trainJs(env: Record<string, string>) {
  return run(process.execPath, [trialHost, path.join(example, 'train.js'), 'train'], { cwd: example, env: cleanEnv(env), timeoutMs: 120_000 });
}

test('examples/mnist-tfjs/train.js stops when asked, and a resumed trial goes on from its checkpoint', async () => {
  const box = scratch();
  try {
    const stopFile = box.file('STOP');
    writeFileSync(stopFile, '');
    const stopped = await trainJs({
      HYPERLENS_PARAMS: JSON.stringify({ epochs: 5, dropout: 0 }),
      HYPERLENS_METRICS_FILE: box.file('stopped.jsonl'),
      HYPERLENS_CHECKPOINT_DIR: box.file('stopped'),
      HYPERLENS_STOP_FILE: stopFile,
      HYPERLENS_TF_BACKEND: 'wasm,cpu',
    });
    assert.equal(stopped.code, 0, describe(stopped));
    assert.match(stopped.stdout, /stop requested after epoch 1/);
    assert.equal(metricLines(box.file('stopped.jsonl')).length, 1);
    assert.equal(JSON.parse(readFileSync(box.file('stopped/model.json'), 'utf8')).epoch, 1);

    // Without dropout the example is deterministic: 1 epoch + 1 resumed = 2 epochs in one go.
    const params = (epochs: number) => JSON.stringify({ epochs, dropout: 0, width: 32 });
    const full = await trainJs({ HYPERLENS_PARAMS: params(2), HYPERLENS_METRICS_FILE: box.file('full.jsonl'), HYPERLENS_CHECKPOINT_DIR: box.file('full'), HYPERLENS_TF_BACKEND: 'wasm,cpu' });
    const half = await trainJs({ HYPERLENS_PARAMS: params(1), HYPERLENS_METRICS_FILE: box.file('half.jsonl'), HYPERLENS_CHECKPOINT_DIR: box.file('half'), HYPERLENS_TF_BACKEND: 'wasm,cpu' });
    const resumed = await trainJs({
      HYPERLENS_PARAMS: params(2),
      HYPERLENS_METRICS_FILE: box.file('resumed.jsonl'),
      HYPERLENS_CHECKPOINT_DIR: box.file('resumed'),
      HYPERLENS_RESTORE_FROM: box.file('half'),
      HYPERLENS_TF_BACKEND: 'wasm,cpu',
    });
    for (const r of [full, half, resumed]) assert.equal(r.code, 0, describe(r));
    assert.match(resumed.stdout, /resumed from .* after epoch 1/);
    const last = (file: string) => reportFromJson(metricLines(box.file(file)).at(-1)!)!;
    const a = last('full.jsonl');
    const b = last('resumed.jsonl');
    assert.deepEqual([a.step, b.step], [2, 2]);
    assert.equal(metricLines(box.file('resumed.jsonl')).length, 1, 'only epoch 2 is trained again');
    assert.ok(Math.abs(a.metrics.val_loss - b.metrics.val_loss) < 1e-4 * a.metrics.val_loss, `resumed ${b.metrics.val_loss} vs uninterrupted ${a.metrics.val_loss}`);
  } finally {
    box.cleanup();
  }
});

/** A study in a fresh folder outside the repository: no TensorFlow.js of its own, so Hyperlens's is used. */
function study(dir: string, entry: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, [`# @tune.entry ${entry}`, '# @tune.objective val_loss min', 'x: 0.5   # @tune float(0, 1)', ''].join('\n'));
  return config;
}

test('a TypeScript entry runs (its .ts imports too), with Hyperlens\'s own TensorFlow.js', async () => {
  const box = scratch();
  try {
    const config = study(box.dir, 'src/train.ts#train', {
      'src/loss.ts': [
        'type Tf = { scalar(v: number): { sub(v: number): { square(): { add(v: number): { data(): Promise<Float32Array> } } } } };',
        'export const quadratic = (tf: Tf, x: number, step: number) => tf.scalar(x).sub(0.3).square().add(1 / step);',
        '',
      ].join('\n'),
      'src/train.ts': [
        "import { quadratic } from './loss';",
        'interface Ctx { tf: any; report(step: number, metrics: Record<string, number>): void; shouldStop(): boolean }',
        'export async function train(params: { x: number }, ctx: Ctx): Promise<void> {',
        '  for (let step = 1; step <= 3; step++) {',
        '    const value: number = (await quadratic(ctx.tf, params.x, step).data())[0];',
        '    ctx.report(step, { val_loss: value });',
        '    if (ctx.shouldStop()) break;',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const { summary, trials } = await tune(config, box.file('runs'), ['--trials', '2']);
    assert.deepEqual(summary.trials, { complete: 2, pruned: 0, failed: 0 }, JSON.stringify(trials));
    for (const t of trials) {
      const x = (JSON.parse(readFileSync(path.join(summary.dir, 'trials', String(t.number), 'params.json'), 'utf8')) as { x: number }).x;
      assert.ok(Math.abs(t.values![0] - ((x - 0.3) ** 2 + 1 / 3)) < 1e-5, `trial ${t.number}: ${t.values} for x=${x}`);
      assert.match(String(t.userAttrs.tf_package), /\(hyperlens\)$/);
      assert.equal(t.userAttrs.tf_device, 'cpu');
    }
  } finally {
    box.cleanup();
  }
});

test('a wrong entry fails its trial with a reason that says what is wrong', async () => {
  const box = scratch();
  try {
    const cases: Array<{ entry: string; files: Record<string, string>; env?: Record<string, string>; reason: RegExp }> = [
      {
        entry: 'train.js#trian',
        files: { 'train.js': 'exports.train = async () => {};\nexports.load = () => {};\n' },
        reason: /^cannot load train\.js#trian: train\.js has no export "trian" \(its functions: train, load\); write @tune\.entry train\.js#<function>$/,
      },
      {
        entry: 'train.js',
        files: { 'train.js': "exports.train = async (p) => { throw new RangeError('x out of range: ' + p.x); };\n" },
        reason: /^train\(\) threw: RangeError: x out of range: 0\.5$/,
      },
      { entry: 'gone.mjs', files: {}, reason: /^cannot load gone\.mjs#train: entry module not found: .*gone\.mjs$/ },
    ];
    if (!nativeTensorflowFrom(box.dir)) {
      cases.push({
        entry: 'train.js',
        files: { 'train.js': 'exports.train = async () => {};\n' },
        env: { HYPERLENS_TF_BACKEND: 'tfjs-node-gpu,tfjs-node' },
        reason: /^no TensorFlow\.js backend could be loaded \(none of @tensorflow\/tfjs-node-gpu, @tensorflow\/tfjs-node is installed in .* or in Hyperlens\)/,
      });
    }
    for (const [i, c] of cases.entries()) {
      const dir = box.file(`case${i}`);
      mkdirSync(dir);
      const { summary, trials } = await tune(study(dir, c.entry, c.files), box.file(`runs${i}`), ['--trials', '1'], c.env);
      assert.deepEqual(summary.trials, { complete: 0, pruned: 0, failed: 1 }, c.entry);
      assert.match(String(trials[0].userAttrs.fail_reason), c.reason);
    }
  } finally {
    box.cleanup();
  }
});

test("tfjs-node-gpu that finds no CUDA is used, recorded on the CPU, and warned about once", async () => {
  const box = scratch();
  try {
    // A stand-in for tfjs-node-gpu on a CUDA 12 machine: libtensorflow says it
    // cannot load the CUDA 11 libraries, then runs on the CPU without an error.
    const fake = [
      "process.stderr.write(\"2026-11-22 10:00:00.000001: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory\\n\");",
      "process.stderr.write('2026-11-22 10:00:00.000002: W tensorflow/core/common_runtime/gpu/gpu_device.cc:1850] Cannot dlopen some GPU libraries.\\nSkipping registering GPU devices...\\n');",
      "module.exports = { setBackend: async () => true, ready: async () => {}, getBackend: () => 'tensorflow', backend: () => ({ isUsingGpuDevice: false }) };",
      '',
    ].join('\n');
    const config = study(box.dir, 'train.js', {
      'node_modules/@tensorflow/tfjs-node-gpu/package.json': JSON.stringify({ name: '@tensorflow/tfjs-node-gpu', version: '4.22.0', main: 'index.js' }),
      'node_modules/@tensorflow/tfjs-node-gpu/index.js': fake,
      'train.js': "exports.train = async (p, ctx) => { ctx.report(1, { val_loss: p.x, on_gpu: ctx.backend.device === 'gpu' }); };\n",
    });
    const { summary, trials, stderr } = await tune(config, box.file('runs'), ['--trials', '2']);
    assert.deepEqual(summary.trials, { complete: 2, pruned: 0, failed: 0 });
    for (const t of trials) {
      assert.equal(t.userAttrs.tf_backend, 'tensorflow');
      assert.equal(t.userAttrs.tf_device, 'cpu');
      assert.equal(t.userAttrs.tf_package, '@tensorflow/tfjs-node-gpu@4.22.0 (workspace)');
      assert.match(String(t.userAttrs.tf_warning), /^@tensorflow\/tfjs-node-gpu runs on the CPU: it could not load libcudart\.so\.11\.0\. .*needs CUDA 11\.2 and cuDNN 8\.1/);
    }
    assert.equal(stderr.match(/tfjs-node-gpu runs on the CPU/g)?.length, 1, `one notice for the run:\n${stderr}`);
  } finally {
    box.cleanup();
  }
});
