import test from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../src/annotations';
import type { TunerNotification } from '../../../src/tuner/protocol';
import { createRun, readRun } from '../../../src/tuner/runFiles';
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
