import test from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, parseDuration } from '../../../src/annotations';

test('every directive is read into the directives object', () => {
  const text = [
    'a: 1',
    '# @tune.command python train.py --config {config} --seed {trial}',
    '# @tune.objective val_loss min',
    '# @tune.metric val_loss /val_loss[=:] *([-\\d.e]+)/i',
    '# @tune.constraint gpu_mem_gb <= 8',
    '# @tune.trials 60',
    '# @tune.parallel 4',
    '# @tune.timeout 2h',
    '# @tune.trial_timeout 10m',
    '# @tune.sampler tpe',
    '# @tune.pruner asha',
    '# @tune.executor slurm',
    '# @tune.seed 0',
    '',
  ].join('\n');
  const parsed = parseConfig(text, 'c.yaml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.directives, {
    command: 'python train.py --config {config} --seed {trial}',
    commandLine: 2,
    objectives: [{ metric: 'val_loss', direction: 'minimize' }],
    metrics: [{ name: 'val_loss', pattern: 'val_loss[=:] *([-\\d.e]+)', flags: 'i' }],
    constraints: [{ metric: 'gpu_mem_gb', op: '<=', value: 8 }],
    trials: 60,
    parallel: 4,
    timeoutSeconds: 7200,
    trialTimeoutSeconds: 600,
    sampler: 'tpe',
    pruner: 'asha',
    executor: 'slurm',
    seed: 0,
  });
});

test('several directives share one line, with the command last', () => {
  const parsed = parseConfig('# @tune.trials 60   @tune.parallel 4   @tune.timeout 30m\n# @tune.sampler auto @tune.pruner median @tune.command bash run.sh {params}  # keep\n', 'run.sh');
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.directives.trials, 60);
  assert.equal(parsed.directives.parallel, 4);
  assert.equal(parsed.directives.timeoutSeconds, 1800);
  assert.equal(parsed.directives.sampler, 'auto');
  assert.equal(parsed.directives.pruner, 'median');
  assert.equal(parsed.directives.command, 'bash run.sh {params}  # keep');
  assert.equal(parsed.directives.commandLine, 2);
});

test('several objective lines make a multi-objective study, in file order', () => {
  const parsed = parseConfig('// @tune.objective accuracy max\n{"a": 1}\n// @tune.objective latency_ms minimize\n/* @tune.objective params maximize */\n', 'c.json');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.directives.objectives, [
    { metric: 'accuracy', direction: 'maximize' },
    { metric: 'latency_ms', direction: 'minimize' },
    { metric: 'params', direction: 'maximize' },
  ]);
});

test('a metric regex may hold spaces, slashes and @tune, and other directives may follow it', () => {
  const parsed = parseConfig('# @tune.metric loss /@tune step \\/ loss: (\\d+\\.\\d+) [a/b]/g @tune.trials 3\n', 'c.py');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.directives.metrics, [{ name: 'loss', pattern: '@tune step \\/ loss: (\\d+\\.\\d+) [a/b]', flags: 'g' }]);
  assert.equal(parsed.directives.trials, 3);
  assert.match('@tune step / loss: 0.25 a', new RegExp(parsed.directives.metrics[0].pattern));
});

test('constraints take <= or >= and any number', () => {
  const parsed = parseConfig('# @tune.constraint mem<=8.5\n# @tune.constraint accuracy >= -1e-3\n', 'c.toml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.directives.constraints, [
    { metric: 'mem', op: '<=', value: 8.5 },
    { metric: 'accuracy', op: '>=', value: -0.001 },
  ]);
});

test('directives are found in every language, and not inside strings', () => {
  const cases: [string, string][] = [
    ['# @tune.trials 7\nx: "# @tune.parallel 3"\n', 'c.yaml'],
    ['# @tune.trials 7\nx = "# @tune.parallel 3"\n', 'c.toml'],
    ['/*\n * @tune.trials 7\n */\n{"x": "// @tune.parallel 3"}\n', 'c.json'],
    ['# @tune.trials 7\nx = """\n# @tune.parallel 3\n"""\n', 'c.py'],
    ['# @tune.trials 7\nX="# @tune.parallel 3"\n', '.env'],
    ['; @tune.trials 7\n[s]\nx = 1\n', 'c.ini'],
  ];
  for (const [text, file] of cases) {
    const parsed = parseConfig(text, file);
    assert.deepEqual(parsed.errors, [], file);
    assert.equal(parsed.directives.trials, 7, file);
    assert.equal(parsed.directives.parallel, undefined, file);
  }
});

test('durations take s, m, h and d suffixes; a bare number is seconds', () => {
  assert.equal(parseDuration('90'), 90);
  assert.equal(parseDuration('45s'), 45);
  assert.equal(parseDuration('30m'), 1800);
  assert.equal(parseDuration('1.5h'), 5400);
  assert.equal(parseDuration('2d'), 172800);
  assert.equal(parseDuration('1h30m'), 5400);
  for (const bad of ['', '0', '-5', '5x', 'm', '1h 30q', 'soon']) assert.equal(parseDuration(bad), undefined, bad);
  assert.equal(parseConfig('# @tune.trial_timeout 1h30m\n', 'c.yaml').directives.trialTimeoutSeconds, 5400);
});

test('a file without directives has empty lists and no settings', () => {
  const parsed = parseConfig('lr: 0.1  # @tune float(0, 1)\n', 'c.yaml');
  assert.deepEqual(parsed.directives, { objectives: [], metrics: [], constraints: [] });
});
