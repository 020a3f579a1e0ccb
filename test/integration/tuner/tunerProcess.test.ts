import test from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../src/annotations';
import type { TunerNotification } from '../../../src/tuner/protocol';
import { createRun, readRun } from '../../../src/tuner/runFiles';
import { driveRun } from '../../../src/tuner/runLoop';
import { RunJournal } from '../../../src/store/runJournal';
import { trialDir } from '../../../src/store/runDir';
import { resolveSettings } from '../../../src/tuner/settings';
import { REPO, tempDir, writeObjectiveConfig } from '../cli/cliHarness';

const TUNER = path.join(REPO, 'dist', 'tuner.js');

function newRun(dir: string, trials: number) {
  const file = writeObjectiveConfig(dir);
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  const settings = resolveSettings(parsed.directives, { trials, seed: 2 });
  return createRun(path.join(dir, 'runs'), parsed, parsed.directives.command!, parsed.directives.objectives, settings);
}

function forkTuner(runDir: string, env: NodeJS.ProcessEnv = {}) {
  const messages: TunerNotification[] = [];
  const child = fork(TUNER, [runDir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.on('message', (m) => messages.push(m as TunerNotification));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, messages, exited, stderr: () => stderr };
}

test('the forked tuner reports every trial over IPC and ends the run', async () => {
  const run = newRun(tempDir('tuner'), 4);
  const t = forkTuner(run.dir);
  assert.equal(await t.exited, 0, t.stderr());
  const types = t.messages.map((m) => m.type);
  assert.equal(types[0], 'started');
  assert.equal(types.filter((x) => x === 'trialStarted').length, 4);
  assert.equal(types.filter((x) => x === 'trialEnded').length, 4);
  assert.ok(types.includes('trialReported'), 'intermediate reports reach the editor');
  const ended = t.messages[t.messages.length - 1];
  assert.equal(ended.type, 'ended');
  if (ended.type === 'ended') {
    assert.equal(ended.state, 'finished');
    assert.equal(ended.counts.complete, 4);
  }
  assert.equal(readRun(run.dir).state, 'finished');
});

test('a stop message interrupts the run, which a later tuner resumes to the budget', async () => {
  const run = newRun(tempDir('tuner-stop'), 5);
  const slow = { SLEEP_MS: '300' };
  const t = forkTuner(run.dir, slow);
  await new Promise<void>((resolve) => {
    const check = () => (t.messages.some((m) => m.type === 'trialEnded') ? resolve() : setTimeout(check, 20));
    check();
  });
  t.child.send({ type: 'stop' });
  assert.equal(await t.exited, 1, 'an interrupted run exits 1');
  assert.equal(readRun(run.dir).state, 'interrupted');

  const again = forkTuner(run.dir, slow);
  assert.equal(await again.exited, 0, again.stderr());
  const ended = again.messages.find((m) => m.type === 'ended');
  assert.ok(ended && ended.type === 'ended' && ended.state === 'finished');
  assert.ok(again.messages.some((m) => m.type === 'notice' && /Re-running 1 interrupted trial/.test(m.message)), JSON.stringify(again.messages.filter((m) => m.type === 'notice')));
});

test('a trial that completed just before the tuner died is recovered from its result.json, not re-run', async () => {
  const run = newRun(tempDir('tuner-recover'), 2);
  const journal = RunJournal.open(path.join(run.dir, 'journal.jsonl'));
  journal.createStudy(run.id, run.directions);
  const params = { 'model.x': 0.3, 'model.n': 5, opt: 'adam' };
  const n0 = journal.createTrial(params, run.space);
  const n1 = journal.createTrial({ ...params, 'model.x': 0.9 }, run.space);
  // Trial 0 finished and wrote its result; trial 1 was cut off mid-run.
  const dir0 = trialDir(run.dir, n0);
  fs.writeFileSync(path.join(dir0, 'result.json'), JSON.stringify({ state: 'complete', values: [0.125], exitCode: 0, signal: null, stderrTail: '', durationSeconds: 1 }));
  trialDir(run.dir, n1);

  const notices: string[] = [];
  const outcome = await driveRun(run.dir, { notice: (m) => notices.push(m) });
  assert.equal(outcome.state, 'finished');
  const trials = RunJournal.open(path.join(run.dir, 'journal.jsonl')).snapshot().trials;
  assert.equal(trials[0].state, 'complete');
  assert.deepEqual(trials[0].values, [0.125]);
  assert.equal(trials[1].state, 'failed');
  assert.equal(trials[1].userAttrs.fail_reason, 'interrupted');
  const retries = trials.filter((t) => t.userAttrs.retry_of !== undefined);
  assert.deepEqual(retries.map((t) => t.userAttrs.retry_of), [1], 'only the cut-off trial is re-run');
  assert.deepEqual(retries[0].params, trials[1].params);
  assert.equal(trials.filter((t) => t.state === 'complete').length, 2, 'the budget of 2 counts the recovered trial');
  assert.ok(notices.some((m) => /Recovered trial #0/.test(m)), notices.join('\n'));
});

test('the tuner finishes its run when the editor that forked it goes away (IPC and pipes closed)', async () => {
  const run = newRun(tempDir('tuner-orphan'), 4);
  // As the editor forks it: stdout and stderr piped, detached, IPC.
  const child = fork(TUNER, [run.dir], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true, env: { ...process.env, SLEEP_MS: '200' } });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  // The window closes: the channel and the read ends of the pipes vanish.
  child.disconnect();
  child.stdout!.destroy();
  child.stderr!.destroy();
  child.unref();
  let state = readRun(run.dir).state;
  for (let i = 0; i < 300 && state === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    state = readRun(run.dir).state;
  }
  assert.equal(state, 'finished', 'the run went on without its editor');
  const trials = RunJournal.open(path.join(run.dir, 'journal.jsonl')).snapshot().trials;
  assert.equal(trials.filter((t) => t.state === 'complete').length, 4);
});
