import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cli, lastJsonLine, REPO, tempDir, writeObjectiveConfig } from './cliHarness';

const PYTHON = '/usr/bin/python3';
const LOADER = path.join(REPO, 'test', 'fixtures', 'optuna', 'load_journal.py');
const OPTUNA_STATE: Record<string, string> = { complete: 'COMPLETE', failed: 'FAIL', pruned: 'PRUNED', running: 'RUNNING' };

test("Optuna 3.1 opens a finished CLI run's journal and sees the same trials, values, states and best", () => {
  const dir = tempDir('optuna-run');
  const file = writeObjectiveConfig(dir);
  const r = cli(['tune', file, '-n', '8', '--parallel', '2', '--seed', '11', '--json'], { cwd: dir, env: { FAIL_IF_OPT: 'sgd' } });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  const ours = lastJsonLine(cli(['show', summary.run, '--json'], { cwd: dir }).stdout).trialList as Array<Record<string, any>>;

  const loaded = spawnSync(PYTHON, [LOADER, path.join(summary.dir, 'journal.jsonl')], { encoding: 'utf8' });
  assert.equal(loaded.status, 0, `Optuna could not load the journal (apt-get install python3-optuna): ${loaded.stderr}`);
  const studies = JSON.parse(loaded.stdout.replace(/\bNaN\b/g, 'null')).studies;
  assert.equal(studies.length, 1);
  const [study] = studies;
  assert.equal(study.name, summary.run);
  assert.deepEqual(study.directions, ['MINIMIZE']);
  assert.equal(study.trials.length, ours.length);
  for (const t of ours) {
    const theirs = study.trials.find((o: { number: number }) => o.number === t.number);
    assert.ok(theirs, `Optuna lacks trial ${t.number}`);
    assert.equal(theirs.state, OPTUNA_STATE[t.state], `trial ${t.number}`);
    assert.deepEqual(theirs.params, t.params, `trial ${t.number} params`);
    assert.deepEqual(theirs.values ?? undefined, t.values, `trial ${t.number} values`);
    assert.equal(Object.keys(theirs.intermediate_values).length, t.state === 'complete' ? 3 : 0, 'three reported steps');
    if (t.state === 'failed') assert.match(String(theirs.user_attrs.fail_reason), /exit code 1/);
  }
  assert.deepEqual(study.best, [summary.best.number]);
});

test('Optuna 3.1 reads a pruned run: PRUNED states with the intermediate values that got them pruned', () => {
  const dir = tempDir('optuna-pruned');
  const file = writeObjectiveConfig(dir);
  // The fixture reports three steps; after the first trial ASHA's rungs sit at steps 1 and 2 (below the last, 3).
  const r = cli(['tune', file, '-n', '12', '--seed', '4', '--pruner', 'asha', '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  assert.ok(summary.trials.pruned >= 2, `${summary.trials.pruned} pruned`);
  const ours = lastJsonLine(cli(['show', summary.run, '--json'], { cwd: dir }).stdout).trialList as Array<Record<string, any>>;
  const loaded = spawnSync(PYTHON, [LOADER, path.join(summary.dir, 'journal.jsonl')], { encoding: 'utf8' });
  assert.equal(loaded.status, 0, loaded.stderr);
  const [study] = JSON.parse(loaded.stdout.replace(/\bNaN\b/g, 'null')).studies;
  for (const t of ours.filter((o) => o.state === 'pruned')) {
    const theirs = study.trials.find((o: { number: number }) => o.number === t.number);
    assert.equal(theirs.state, 'PRUNED');
    assert.deepEqual(Object.fromEntries(Object.entries(theirs.intermediate_values).map(([k, v]) => [k, v])), Object.fromEntries(Object.entries(t.intermediate)));
    assert.equal(theirs.user_attrs.pruned_at_step, t.userAttrs.pruned_at_step);
    assert.match(String(theirs.user_attrs.prune_reason), /best 1\/3 at rung/);
  }
});
