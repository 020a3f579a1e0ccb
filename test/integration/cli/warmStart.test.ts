// `hyperlens tune --warm-start RUN`: a new run begins with the earlier run's
// completed trials that fit its (changed) space, and they do not use up its budget.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { RunJournal } from '../../../src/store/runJournal';
import { cli, lastJsonLine, tempDir, writeObjectiveConfig } from './cliHarness';

test('tune --warm-start copies the compatible trials of an earlier run and still runs the full budget', () => {
  const dir = tempDir('warm-start');
  const file = writeObjectiveConfig(dir);
  const first = cli(['tune', file, '--trials', '8', '--seed', '4', '--json'], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  const firstRun = lastJsonLine(first.stdout);
  const earlier = RunJournal.open(path.join(firstRun.dir, 'journal.jsonl')).snapshot().trials;

  // Narrow x: only the earlier trials with x <= 0.5 still fit.
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('float(0, 1)', 'float(0, 0.5)'));
  const fits = earlier.filter((t) => t.state === 'complete' && (t.params['model.x'] as number) <= 0.5);
  assert.ok(fits.length > 0 && fits.length < earlier.length, `the test needs some trials in and some out of range (x: ${earlier.map((t) => t.params['model.x'])})`);

  const second = cli(['tune', file, '--trials', '3', '--seed', '5', '--warm-start', firstRun.run, '--json'], { cwd: dir });
  assert.equal(second.code, 0, second.stderr);
  const trials = RunJournal.open(path.join(lastJsonLine(second.stdout).dir, 'journal.jsonl')).snapshot().trials;
  const copied = trials.filter((t) => t.userAttrs.warm_start_from !== undefined);
  assert.deepEqual(copied.map((t) => t.userAttrs.warm_start_from).sort(), fits.map((t) => `${firstRun.run}#${t.number}`).sort());
  assert.deepEqual(copied.map((t) => t.values), fits.map((t) => t.values));
  const fresh = trials.filter((t) => t.userAttrs.warm_start_from === undefined);
  assert.equal(fresh.length, 3, 'the budget counts only new trials');
  assert.ok(fresh.every((t) => (t.params['model.x'] as number) <= 0.5));
});

test('tune --warm-start with an unknown run is a usage error naming it', () => {
  const dir = tempDir('warm-start-bad');
  const file = writeObjectiveConfig(dir);
  const r = cli(['tune', file, '--warm-start', 'nope-123'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nope-123/);
});
