// The host's work on real run directories written by the real tuner loop:
// Add Trials raises the budget a resumed run then spends, Re-run makes a run
// whose one trial is exactly the chosen trial, and a trial's detail reads its
// logs, its rendered config and its difference from the file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { parseConfig, renderConfig } from '../../../../src/annotations';
import { raiseBudget } from '../../../../src/panel/host/budget';
import { createRerun, RERUN_OF } from '../../../../src/panel/host/rerun';
import { readTail } from '../../../../src/store/fileText';
import { LOG_TAIL_BYTES, trialDetail, trialLogPath } from '../../../../src/panel/host/trialDetail';
import { JournalReader } from '../../../../src/store/journalReader';
import { JOURNAL_FILE, listRuns } from '../../../../src/store/runDir';
import { createRun, readRun, snapshotPath } from '../../../../src/tuner/runFiles';
import { driveRun } from '../../../../src/tuner/runLoop';
import { resolveSettings } from '../../../../src/tuner/settings';
import { tempDir, writeObjectiveConfig } from '../../../integration/cli/cliHarness';

async function tunedRun(trials: number, seed: number) {
  const dir = tempDir('panel-host');
  const file = writeObjectiveConfig(dir);
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  const created = createRun(path.join(dir, 'runs'), parsed, parsed.directives.command!, parsed.directives.objectives, resolveSettings(parsed.directives, { trials, seed }));
  await driveRun(created.dir);
  return { dir, file, parsed, run: readRun(created.dir) };
}

function trialsOf(runDir: string) {
  return new JournalReader(path.join(runDir, JOURNAL_FILE)).snapshot(readRun(runDir).id).trials;
}

test('add trials: the budget in run.json goes up, nothing else changes, and a resumed run spends it', async () => {
  const { run } = await tunedRun(3, 11);
  assert.equal(trialsOf(run.dir).filter((t) => t.state === 'complete').length, 3);
  const before = JSON.parse(fs.readFileSync(path.join(run.dir, 'run.json'), 'utf8'));
  assert.deepEqual(raiseBudget(run.dir, 2), { before: 3, after: 5 });
  const after = JSON.parse(fs.readFileSync(path.join(run.dir, 'run.json'), 'utf8'));
  assert.deepEqual(after, { ...before, settings: { ...before.settings, trials: 5 } }, 'only settings.trials should change');
  assert.throws(() => raiseBudget(run.dir, 0), /at least one whole trial/);

  const outcome = await driveRun(run.dir);
  assert.equal(outcome.state, 'finished');
  const trials = trialsOf(run.dir);
  assert.equal(trials.filter((t) => t.state === 'complete').length, 5, `the resumed run should end with 5 complete trials: ${trials.map((t) => t.state)}`);
  assert.deepEqual(trials.map((t) => t.number), [0, 1, 2, 3, 4], 'the first three trials are kept, two are added');
});

test('re-run: a new run of the same file whose one trial has exactly the chosen params and gets the same value', async () => {
  const { run, parsed, file } = await tunedRun(4, 5);
  const original = trialsOf(run.dir);
  // A trial the sampler proposed (trial 0 is the file's own values).
  const chosen = original.find((t) => t.number === 3)!;
  assert.notDeepEqual(chosen.params, original[0].params);

  const rerun = createRerun(run, chosen);
  assert.equal(path.dirname(rerun.dir), path.dirname(run.dir), 'in the same runs directory');
  assert.notEqual(rerun.id, run.id);
  assert.equal(rerun.source, file);
  assert.equal((rerun as unknown as Record<string, unknown>)[RERUN_OF], `${run.id}#3`);
  assert.equal(rerun.settings.trials, 1);
  assert.equal(rerun.settings.parallel, 1);
  assert.equal(rerun.settings.pruner, 'none');
  assert.equal(rerun.settings.seed, run.settings.seed);
  assert.deepEqual(rerun.space, run.space);
  assert.equal(rerun.command, run.command);
  // The annotated file itself is untouched; the new run's snapshot holds the trial's values.
  assert.equal(fs.readFileSync(file, 'utf8'), parsed.text);
  assert.equal(fs.readFileSync(snapshotPath(rerun), 'utf8'), renderConfig(parsed, chosen.params));

  await driveRun(rerun.dir);
  const trials = trialsOf(rerun.dir);
  assert.equal(trials.length, 1, `the re-run should run one trial: ${JSON.stringify(trials.map((t) => t.params))}`);
  assert.deepEqual(trials[0].params, chosen.params);
  assert.equal(trials[0].state, 'complete');
  assert.deepEqual(trials[0].values, chosen.values, 'the deterministic objective gives the same value');
  assert.equal(listRuns(path.dirname(run.dir)).length, 2);
});

test('trial detail: the log tail, the rendered config, and the params that differ from the file', async () => {
  const { run, parsed } = await tunedRun(3, 7);
  const trials = trialsOf(run.dir);
  const fileValues = Object.fromEntries(parsed.values.map((v) => [v.name, v.current]));
  for (const t of trials) {
    const detail = trialDetail(run, t, fileValues);
    assert.equal(detail.type, 'trialDetail');
    assert.equal(detail.runId, run.id);
    assert.equal(detail.trial.number, t.number);
    assert.match(detail.logTail.stdout, /@tune \{"step":2,"loss":/, `trial ${t.number}'s stdout tail should hold its last report`);
    assert.equal(detail.logTail.stderr, '');
    assert.equal(detail.configText, renderConfig(parsed, t.params));
    const differing = Object.keys(t.params).filter((k) => t.params[k] !== fileValues[k]);
    assert.deepEqual(detail.diff?.map((c) => c.name), differing);
    for (const c of detail.diff ?? []) assert.deepEqual([c.from, c.to], [fileValues[c.name], t.params[c.name]]);
  }
  assert.deepEqual(trialDetail(run, trials[0], fileValues).diff, [], "trial 0 runs the file's own values");
  assert.equal(trialDetail(run, trials[0], undefined).diff, undefined, 'no diff without the file');
  // A trial whose folder is gone: empty tails, no config, never a throw.
  fs.rmSync(path.dirname(trialLogPath(run.dir, 1, 'stdout')), { recursive: true });
  const gone = trialDetail(run, trials[1], fileValues);
  assert.deepEqual(gone.logTail, { stdout: '', stderr: '' });
  assert.equal(gone.configText, undefined);
});

test('log tail: the last 8 KB from a whole line, multi-byte text intact; short logs whole', () => {
  const dir = tempDir('panel-tail');
  const file = path.join(dir, 'stdout.log');
  const lines = Array.from({ length: 600 }, (_, i) => `step ${i} · loss ${(1 / (i + 1)).toFixed(6)} ✓`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const tail = readTail(file, LOG_TAIL_BYTES);
  assert.ok(Buffer.byteLength(tail) <= LOG_TAIL_BYTES);
  assert.ok(Buffer.byteLength(tail) > LOG_TAIL_BYTES - 200, 'about 8 KB');
  assert.ok(tail.endsWith(`${lines[599]}\n`));
  const first = tail.split('\n')[0];
  assert.ok(lines.includes(first), `the tail should start on a whole line, got ${JSON.stringify(first)}`);
  assert.doesNotMatch(tail, /\uFFFD/);
  fs.writeFileSync(file, 'short\n');
  assert.equal(readTail(file, LOG_TAIL_BYTES), 'short\n');
  assert.equal(readTail(path.join(dir, 'missing.log'), LOG_TAIL_BYTES), '');
});
