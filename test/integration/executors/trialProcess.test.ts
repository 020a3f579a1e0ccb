import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { runTrial, type TrialResult } from '../../../src/executors/trialProcess';
import { processAlive } from '../../../src/executors/processGroup';
import type { MetricsReport } from '../../../src/executors/metrics';
import { fixtureSpec, sandbox, trialCommand } from './helpers';

const box = sandbox();
test.after(() => box.cleanup());

const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

test('a trial reporting through the metrics file completes with the last value', async () => {
  const reports: MetricsReport[] = [];
  const spec = fixtureSpec(box, 1, '--report=file --steps=3 --value=0.25', { onReport: (r) => reports.push(r) });
  const result = await runTrial(spec);
  assert.equal(result.state, 'complete', result.reason);
  assert.deepEqual(result.values, [0.25]);
  assert.equal(result.lastStep, 3);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(reports.map((r) => r.step), [1, 2, 3]);
  assert.deepEqual(readJson(path.join(spec.trialDir, 'result.json')), JSON.parse(JSON.stringify(result)));
  assert.deepEqual(readJson(path.join(spec.trialDir, 'params.json')), spec.params);
  assert.ok(statSync(path.join(spec.trialDir, 'checkpoints')).isDirectory());
});

test('the metrics file is followed while the trial runs, not only read at the end', async () => {
  const seen: number[] = [];
  const spec = fixtureSpec(box, 23, '--report=file --steps=3 --sleep=1500', { onReport: () => seen.push(Date.now()) });
  const result = await runTrial(spec);
  const ended = Date.now();
  assert.equal(result.state, 'complete', result.reason);
  assert.equal(seen.length, 3);
  assert.ok(ended - seen[0] > 700, `first report reached us ${ended - seen[0]} ms before the end`);
});

test('a trial reporting @tune lines on stdout completes, and stdout.log keeps them', async () => {
  const spec = fixtureSpec(box, 2, '--report=stdout --steps=2 --value=0.5');
  const result = await runTrial(spec);
  assert.equal(result.state, 'complete', result.reason);
  assert.deepEqual(result.values, [0.5]);
  assert.equal(result.lastStep, 2);
  assert.match(readFileSync(path.join(spec.trialDir, 'stdout.log'), 'utf8'), /@tune \{"step": 2, "val_loss": 0.5\}/);
});

test('a trial reporting through a @tune.metric regex on stderr completes', async () => {
  const spec = fixtureSpec(box, 3, '--report=regex --steps=4 --value=0.125', {
    metricPatterns: [{ name: 'val_loss', pattern: 'val_loss=(\\S+)', flags: '' }],
  });
  const result = await runTrial(spec);
  assert.equal(result.state, 'complete', result.reason);
  assert.deepEqual(result.values, [0.125]);
  assert.equal(result.lastStep, 4);
  assert.match(readFileSync(path.join(spec.trialDir, 'stderr.log'), 'utf8'), /epoch 4: val_loss=0.125/);
});

test('a trial sees every HYPERLENS_ variable, PYTHONPATH with the helper first, and extra env', async () => {
  const helper = path.join(box.root, 'python-helper');
  const spec = fixtureSpec(box, 7, '--report=stdout --dump={trial_dir}/dump.json', {
    restoreFrom: '/ckpt/trial-3/step-9',
    pythonHelperDir: helper,
    env: { EXTRA_FLAG: 'on' },
  });
  const result = await runTrial(spec);
  assert.equal(result.state, 'complete', result.reason);
  const { env, cwd } = readJson(path.join(spec.trialDir, 'dump.json'));
  assert.deepEqual(JSON.parse(env.HYPERLENS_PARAMS), spec.params);
  assert.equal(env.HYPERLENS_TRIAL, '7');
  assert.equal(env.HYPERLENS_TRIAL_DIR, spec.trialDir);
  assert.equal(env.HYPERLENS_METRICS_FILE, path.join(spec.trialDir, 'metrics.jsonl'));
  assert.equal(env.HYPERLENS_CHECKPOINT_DIR, path.join(spec.trialDir, 'checkpoints'));
  assert.equal(env.HYPERLENS_RESTORE_FROM, '/ckpt/trial-3/step-9');
  assert.equal(env.HYPERLENS_STOP_FILE, path.join(spec.trialDir, 'STOP'));
  const inherited = process.env.PYTHONPATH;
  assert.equal(env.PYTHONPATH, inherited ? helper + path.delimiter + inherited : helper);
  assert.equal(env.EXTRA_FLAG, 'on');
  assert.equal(env.PATH, process.env.PATH, 'the parent environment is passed on');
  assert.equal(cwd, box.root);
});

test('HYPERLENS_RESTORE_FROM is absent unless the caller gives one', async () => {
  const spec = fixtureSpec(box, 8, '--report=stdout --dump={trial_dir}/dump.json');
  const result = await runTrial(spec);
  assert.equal(result.state, 'complete', result.reason);
  const { env } = readJson(path.join(spec.trialDir, 'dump.json'));
  assert.equal('HYPERLENS_RESTORE_FROM' in env, false);
});

test('every placeholder reaches the child as the argument it stands for', async () => {
  const spec = fixtureSpec(box, 9, '', {
    command: trialCommand(
      `--report=stdout --dump={trial_dir}/dump.json {config} {params} {args} {overrides} {trial} {trial_dir} --lr={optimizer.lr} "{act} x" {{lit}}`,
    ),
    configPath: path.join(box.root, 'config.yaml'),
  });
  const result = await runTrial(spec);
  assert.equal(result.state, 'complete', result.reason);
  const { argv } = readJson(path.join(spec.trialDir, 'dump.json'));
  assert.deepEqual(argv, [
    '--report=stdout',
    `--dump=${spec.trialDir}/dump.json`,
    path.join(box.root, 'config.yaml'),
    path.join(spec.trialDir, 'params.json'),
    '--optimizer.lr=0.001',
    '--layers=4',
    '--act=gelu',
    'optimizer.lr=0.001',
    'layers=4',
    'act=gelu',
    '9',
    spec.trialDir,
    '--lr=0.001',
    'gelu x',
    '{lit}',
  ]);
});

test('a non-zero exit fails with the exit code and the stderr tail', async () => {
  const stderr = 'x'.repeat(10000) + 'Traceback: boom';
  const result = await runTrial(fixtureSpec(box, 10, `--report=stdout --exit=3 '--stderr=${stderr}'`));
  assert.equal(result.state, 'failed');
  assert.equal(result.reason, 'exit code 3');
  assert.equal(result.exitCode, 3);
  assert.equal(result.values, undefined);
  assert.ok(result.stderrTail.endsWith('Traceback: boom'));
  assert.ok(result.stderrTail.length <= 4096 && result.stderrTail.length > 4000, `tail is ${result.stderrTail.length} chars`);
});

test('a trial killed by a signal fails naming the signal', async () => {
  const result = await runTrial(fixtureSpec(box, 11, '--report=stdout --self-signal=SIGSEGV'));
  assert.equal(result.state, 'failed');
  assert.equal(result.reason, 'killed by SIGSEGV');
  assert.equal(result.signal, 'SIGSEGV');
  assert.equal(result.exitCode, null);
});

test('a NaN objective fails the trial', async () => {
  const result = await runTrial(fixtureSpec(box, 12, '--report=file --value=NaN'));
  assert.equal(result.state, 'failed');
  assert.equal(result.reason, 'objective val_loss is NaN');
  assert.equal(result.values, undefined);
});

test('an objective that was never reported fails the trial', async () => {
  const result = await runTrial(fixtureSpec(box, 13, '--report=stdout --metric=accuracy'));
  assert.equal(result.state, 'failed');
  assert.equal(result.reason, 'objective val_loss was never reported');
});

test('a command that does not exist fails with "command not found"', async () => {
  const result = await runTrial({ ...fixtureSpec(box, 14, ''), command: 'hyperlens-no-such-command --x {trial}' });
  assert.equal(result.state, 'failed');
  assert.equal(result.reason, 'command not found: hyperlens-no-such-command');
  assert.ok(existsSync(path.join(box.root, 'trials/14/result.json')));
});

test('a command with shell syntax or an unknown placeholder fails before anything runs', async () => {
  const piped = await runTrial({ ...fixtureSpec(box, 15, ''), command: 'python train.py | tee log' });
  assert.equal(piped.state, 'failed');
  assert.match(piped.reason ?? '', /"\|" is shell syntax/);
  const unknown = await runTrial({ ...fixtureSpec(box, 16, ''), command: 'python train.py --lr={lr}' });
  assert.match(unknown.reason ?? '', /unknown placeholder \{lr\}/);
});

async function assertNoSurvivor(pidFile: string): Promise<void> {
  const pids = readJson(pidFile) as { child: number; grandchild: number };
  assert.equal(processAlive(pids.child), false, `trial process ${pids.child} survived`);
  assert.equal(processAlive(pids.grandchild), false, `grandchild ${pids.grandchild} survived`);
}

test('a per-trial timeout kills the whole process group, a SIGTERM-ignoring grandchild included', async () => {
  const spec = fixtureSpec(box, 17, '--grandchild={trial_dir}/pids.json --ignore-term --steps=1 --sleep=60000', {
    timeoutSeconds: 1,
    killGraceSeconds: 0.5,
  });
  const result = await runTrial(spec);
  assert.equal(result.state, 'failed');
  assert.equal(result.reason, 'timed out after 1s');
  assert.equal(result.signal, 'SIGKILL', 'the trial ignored SIGTERM, so SIGKILL ended it');
  assert.ok(result.durationSeconds < 5, `took ${result.durationSeconds}s`);
  await assertNoSurvivor(path.join(spec.trialDir, 'pids.json'));
});

test('abort with reason "pruned" stops the group and marks the trial pruned', async () => {
  const spec = fixtureSpec(box, 18, '--grandchild={trial_dir}/pids.json --steps=1 --sleep=60000');
  const controller = new AbortController();
  const pidFile = path.join(spec.trialDir, 'pids.json');
  const running = runTrial(spec, controller.signal);
  while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 20));
  controller.abort('pruned');
  const result: TrialResult = await running;
  assert.equal(result.state, 'pruned');
  assert.equal(result.reason, 'pruned');
  assert.ok(result.durationSeconds < 5, `took ${result.durationSeconds}s`);
  await assertNoSurvivor(pidFile);
});

test('abort with another reason fails the trial with that reason', async () => {
  const controller = new AbortController();
  const running = runTrial(fixtureSpec(box, 19, '--steps=1 --sleep=60000'), controller.signal);
  setTimeout(() => controller.abort(new Error('run stopped by the user')), 200);
  const result = await running;
  assert.equal(result.state, 'failed');
  assert.equal(result.reason, 'run stopped by the user');
});

test('an already aborted trial starts nothing', async () => {
  const spec = fixtureSpec(box, 20, '--report=stdout');
  const result = await runTrial(spec, AbortSignal.abort('pruned'));
  assert.equal(result.state, 'pruned');
  assert.equal(existsSync(path.join(spec.trialDir, 'stdout.log')), false);
});

test('workers a completed trial leaves behind are stopped', async () => {
  const spec = fixtureSpec(box, 21, '--grandchild={trial_dir}/pids.json --report=stdout', { killGraceSeconds: 0.3 });
  const result = await runTrial(spec);
  assert.equal(result.state, 'complete', result.reason);
  await assertNoSurvivor(path.join(spec.trialDir, 'pids.json'));
});

test('a trial printing 200 MB (half of it one line) keeps our memory flat and its log whole', async () => {
  const mb = 200;
  const spec = fixtureSpec(box, 22, `--flood=${mb}`, { objectives: [{ metric: 'flood_done', direction: 'maximize' }] });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const result = await runTrial(spec);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.equal(result.state, 'complete', result.reason);
  assert.deepEqual(result.values, [1], 'the report after the flood was still read');
  const growthMb = (peak - baseline) / 2 ** 20;
  assert.ok(growthMb < 100, `RSS grew by ${growthMb.toFixed(0)} MB`);
  const expected = mb * 2 ** 20 + Buffer.byteLength('\n@tune {"flood_done": 1}\n');
  assert.equal(statSync(path.join(spec.trialDir, 'stdout.log')).size, expected);
});
