import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../src/annotations';
import { cli, lastJsonLine, REPO, tempDir, writeObjectiveConfig } from './cliHarness';

test('tune runs the budget, stores the run, and --json ends with the promised summary', () => {
  const dir = tempDir('tune');
  const file = writeObjectiveConfig(dir, '# @tune.trials 50');
  const r = cli(['tune', file, '--trials', '6', '--seed', '1', '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  assert.deepEqual(Object.keys(summary).sort(), ['best', 'dir', 'run', 'state', 'trials']);
  assert.equal(summary.state, 'finished');
  assert.deepEqual(summary.trials, { complete: 6, pruned: 0, failed: 0 }, 'the --trials flag overrides @tune.trials');
  assert.equal(summary.dir, path.join(dir, '.hyperlens', 'runs', summary.run), 'runs go under ./.hyperlens/runs by default');
  for (const name of ['run.json', 'journal.jsonl', 'trials/0/config.yaml', 'trials/5/stdout.log']) {
    assert.ok(fs.existsSync(path.join(summary.dir, name)), `${name} is missing from the run directory`);
  }

  const show = cli(['show', summary.run, '--json'], { cwd: dir });
  assert.equal(show.code, 0, show.stderr);
  const shown = lastJsonLine(show.stdout);
  const trials = shown.trialList as Array<{ number: number; params: Record<string, unknown>; values: number[] }>;
  assert.deepEqual(trials.map((t) => t.number), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(trials[0].params, { 'model.x': 0.5, 'model.n': 3, opt: 'sgd' }, "trial 0 is the file's own values");
  const min = Math.min(...trials.map((t) => t.values[0]));
  assert.equal(summary.best.values[0], min);
  assert.deepEqual(summary.best.params, trials.find((t) => t.values[0] === min)!.params);
  // The rendered copy differs from the file only in the values.
  const rendered = fs.readFileSync(path.join(summary.dir, 'trials', '3', 'config.yaml'), 'utf8');
  const values = parseConfig(rendered, 'config.yaml').values;
  assert.deepEqual(Object.fromEntries(values.map((v) => [v.name, v.current])), trials[3].params);
  assert.match(rendered, /untouched: keep me/);
});

test('runs, show and apply accept a run id, an id prefix or a run directory', () => {
  const dir = tempDir('apply');
  const file = writeObjectiveConfig(dir);
  const before = fs.readFileSync(file, 'utf8');
  const summary = lastJsonLine(cli(['tune', file, '-n', '5', '--seed', '3', '--json', '--runs-dir', 'store'], { cwd: dir }).stdout);
  assert.equal(summary.dir, path.join(dir, 'store', summary.run));

  const runs = cli(['runs', '--runs-dir', 'store', '--json'], { cwd: dir });
  assert.equal(runs.code, 0, runs.stderr);
  assert.deepEqual(lastJsonLine(runs.stdout).map((r: { run: string }) => r.run), [summary.run]);
  const table = cli(['runs', '--runs-dir', 'store'], { cwd: dir });
  assert.match(table.stdout, new RegExp(`${summary.run}\\s+finished`));

  for (const ref of [summary.run, summary.run.slice(0, 18), summary.dir]) {
    const show = cli(['show', ref, '--runs-dir', 'store'], { cwd: dir });
    assert.equal(show.code, 0, `show ${ref}: ${show.stderr}`);
    assert.match(show.stdout, /Best \(\*\): trial #\d+, loss /);
    assert.match(show.stdout, /Parameter importance for loss \(PED-ANOVA\):\n {2}\S+ +[█▏▎▍▌▋▊▉ ]+ +\d\.\d\d/);
  }

  const apply = cli(['apply', summary.dir], { cwd: dir });
  assert.equal(apply.code, 0, apply.stderr);
  const after = fs.readFileSync(file, 'utf8');
  const applied = parseConfig(after, file).values;
  assert.deepEqual(Object.fromEntries(applied.map((v) => [v.name, v.current])), summary.best.params);
  // Only the value spans changed: the lines without annotations are identical.
  const plain = (t: string) => t.split('\n').filter((l) => !l.includes('@tune '));
  assert.deepEqual(plain(after), plain(before));

  const again = cli(['apply', summary.run, '--runs-dir', 'store', '--trial', '0'], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(fs.readFileSync(file, 'utf8'), before, 'applying trial 0 restores the original values byte for byte');
});

test('bad input exits 2 with file:line:col on stderr and stores nothing', () => {
  const dir = tempDir('bad');
  const file = path.join(dir, 'bad.yaml');
  fs.writeFileSync(file, '# @tune.command node x.js\n# @tune.objective loss min\nlr: 0.1  # @tune float(1, 0.5)\n');
  const r = cli(['tune', file], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: .*low`));
  assert.ok(!fs.existsSync(path.join(dir, '.hyperlens')), 'a refused run leaves no run directory');

  const noCommand = path.join(dir, 'nocmd.yaml');
  fs.writeFileSync(noCommand, 'lr: 0.1  # @tune float(0.01, 0.5)\n');
  const r2 = cli(['tune', noCommand], { cwd: dir });
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /nocmd\.yaml:1:1: command: no @tune\.command/);
  assert.match(r2.stderr, /objective: no @tune\.objective/);

  assert.equal(cli(['tune', path.join(dir, 'missing.yaml')], { cwd: dir }).code, 2);
  assert.equal(cli(['tune', file, '--trials', 'many'], { cwd: dir }).code, 2);
  assert.equal(cli(['show', 'no-such-run'], { cwd: dir }).code, 2);
  assert.equal(cli(['frobnicate'], { cwd: dir }).code, 2);
});

test('failing trials are recorded with their reason and stderr, and the run still ends', () => {
  const dir = tempDir('fail');
  const file = writeObjectiveConfig(dir);
  const r = cli(['tune', file, '-n', '6', '--seed', '5', '--json'], { cwd: dir, env: { FAIL_IF_OPT: 'sgd' } });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  assert.ok(summary.trials.failed >= 1, 'trial 0 uses sgd and must fail');
  assert.equal(summary.trials.failed + summary.trials.complete, 6);
  assert.equal(summary.best.params.opt, 'adam');
  const shown = lastJsonLine(cli(['show', summary.run, '--json'], { cwd: dir }).stdout);
  const failed = shown.trialList.find((t: { state: string }) => t.state === 'failed');
  assert.match(String(failed.userAttrs.fail_reason), /exit code 1/);
  assert.match(String(failed.userAttrs.stderr_tail), /refusing optimizer sgd/);
});

test('the quickstart example tunes with the README command', () => {
  const dir = tempDir('quickstart');
  const r = cli(['tune', path.join(REPO, 'examples', 'quickstart', 'config.yaml'), '--trials', '3', '--json', '--runs-dir', dir], { cwd: REPO });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  assert.equal(summary.trials.complete, 3, r.stderr);
  assert.ok(Number.isFinite(summary.best.values[0]));
  assert.ok('optimizer.lr' in summary.best.params, JSON.stringify(summary.best.params));
});
