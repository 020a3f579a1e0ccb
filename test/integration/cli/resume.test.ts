import test from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunJournal } from '../../../src/store/runJournal';
import type { TrialRecord } from '../../../src/engine/trial';
import { cli, cliAsync, lastJsonLine, tempDir, writeObjectiveConfig } from './cliHarness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function trialsOf(runDir: string): TrialRecord[] {
  return RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
}

/** Kills a child with SIGKILL and waits for it, even if it already ended. */
async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('kill -9 of the CLI at any moment, then resume, keeps every completed trial and finishes the budget', async () => {
  const dir = tempDir('resume');
  const file = writeObjectiveConfig(dir);
  const runsDir = path.join(dir, 'runs');
  const budget = 10;
  const env = { SLEEP_MS: '150' };
  const child = cliAsync(['tune', file, '--trials', String(budget), '--parallel', '2', '--seed', '9', '--runs-dir', runsDir], { cwd: dir, env });
  child.stderr.resume();
  child.stdout.resume();

  // Kill once a few trials are complete and others are mid-flight.
  let runDir = '';
  for (let i = 0; i < 200 && !runDir; i++) {
    await sleep(50);
    const ids = fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : [];
    if (ids.length && fs.existsSync(path.join(runsDir, ids[0], 'journal.jsonl'))) runDir = path.join(runsDir, ids[0]);
  }
  assert.ok(runDir, 'the run directory never appeared');
  for (let i = 0; i < 200 && trialsOf(runDir).filter((t) => t.state === 'complete').length < 3; i++) await sleep(30);
  assert.equal(child.exitCode, null, 'the run ended before it could be killed');
  await killHard(child);

  const before = trialsOf(runDir);
  const completeBefore = before.filter((t) => t.state === 'complete');
  const orphans = before.filter((t) => t.state === 'running');
  assert.ok(completeBefore.length >= 3);
  // A kill between recording a trial and starting its process leaves no pid file: nothing to outlive the kill.
  const pidFiles = orphans.map((t) => path.join(runDir, 'trials', String(t.number), 'pid')).filter((f) => fs.existsSync(f));
  const orphanPids = pidFiles.map((f) => Number(fs.readFileSync(f, 'utf8')));

  // A second kill, this time while the resumed run is just starting.
  const early = cliAsync(['resume', path.basename(runDir), '--runs-dir', runsDir], { cwd: dir, env });
  early.stdout.resume();
  early.stderr.resume();
  await sleep(120 + Math.floor(Math.random() * 200));
  await killHard(early);

  const r = cli(['resume', runDir, '--json'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  assert.equal(summary.state, 'finished');

  const after = trialsOf(runDir);
  for (const t of completeBefore) {
    const same = after.find((a) => a.number === t.number)!;
    assert.equal(same.state, 'complete', `completed trial ${t.number} was lost`);
    assert.deepEqual(same.values, t.values);
    assert.deepEqual(same.params, t.params);
  }
  const numbers = after.map((t) => t.number);
  assert.equal(new Set(numbers).size, numbers.length, 'a trial number was reused');
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
  assert.ok(after.every((t) => t.state !== 'running'), 'no trial is left running');
  const interrupted = after.filter((t) => t.state === 'failed' && t.userAttrs.fail_reason === 'interrupted');
  for (const t of orphans) {
    // A trial that finished as the CLI was killed left result.json: it is recovered as complete, not re-run.
    const now = after.find((a) => a.number === t.number)!;
    if (now.state === 'complete') {
      const saved = JSON.parse(fs.readFileSync(path.join(runDir, 'trials', String(t.number), 'result.json'), 'utf8'));
      assert.deepEqual(now.values, saved.values, `orphan ${t.number} was recovered with values other than its result.json's`);
    } else {
      assert.ok(interrupted.some((i) => i.number === t.number), `orphan ${t.number} is ${now.state}, neither recovered nor failed as interrupted`);
    }
  }
  for (const t of interrupted) {
    assert.ok(after.some((a) => a.userAttrs.retry_of === t.number), `interrupted trial ${t.number} was not re-run`);
  }
  const counted = after.filter((t) => t.state === 'complete' || t.state === 'pruned' || (t.state === 'failed' && t.userAttrs.fail_reason !== 'interrupted'));
  assert.equal(counted.length, budget, 'the requested budget is finished');
  assert.equal(summary.trials.complete, after.filter((t) => t.state === 'complete').length);
  for (const pid of orphanPids) assert.ok(!isAlive(pid), `the orphaned trial process ${pid} is still running`);
});
