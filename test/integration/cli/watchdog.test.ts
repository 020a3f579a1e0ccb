// Trials never outlive their tuner: after a `kill -9` of the CLI or of the
// editor's forked tuner, the trial watchdog (src/tuner/watchdog.ts) stops
// every trial process and its grandchildren within moments; a normal end or a
// Ctrl-C leaves no watchdog behind; a resume's trials are never touched by the
// watchdog of the tuner it replaces.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../src/annotations';
import { processAlive } from '../../../src/executors/processGroup';
import { RunJournal } from '../../../src/store/runJournal';
import { createRun } from '../../../src/tuner/runFiles';
import { driveRun } from '../../../src/tuner/runLoop';
import { resolveSettings } from '../../../src/tuner/settings';
import { cli, cliAsync, lastJsonLine, REPO, tempDir, writeObjectiveConfig } from './cliHarness';

const TUNER = path.join(REPO, 'dist', 'tuner.js');
/** The watchdog's grace between SIGTERM and SIGKILL (src/tuner/watchdog.ts). */
const GRACE_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A trial that starts a grandchild in its own group (STUBBORN=1: one that
// ignores SIGTERM), records both pids once the grandchild is ready, reports
// once and sleeps for a minute (then exits: a failed test leaves nothing
// forever). QUICK_MS=n: report and exit after n ms.
const TRIAL_JS = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const dir = process.env.HYPERLENS_TRIAL_DIR;
if (process.env.QUICK_MS) {
  setTimeout(() => console.log('@tune ' + JSON.stringify({ step: 0, loss: Math.random() })), Number(process.env.QUICK_MS));
} else {
  const code = (process.env.STUBBORN === '1' ? "process.on('SIGTERM', () => {});" : '') + "console.log('ready'); setTimeout(() => {}, 60000);";
  const gc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  gc.stdout.once('data', () => {
    const tmp = path.join(dir, 'procs.json.tmp');
    fs.writeFileSync(tmp, JSON.stringify({ trial: process.pid, grandchild: gc.pid }));
    fs.renameSync(tmp, path.join(dir, 'procs.json'));
    console.log('@tune ' + JSON.stringify({ step: 0, loss: 1 }));
  });
  setTimeout(() => {}, 60000);
}
`;

function writeSleeperConfig(dir: string): string {
  const script = path.join(dir, 'trial.js');
  fs.writeFileSync(script, TRIAL_JS);
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    file,
    [
      `# @tune.command ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} {args}`,
      '# @tune.objective loss min',
      'x: 0.5   # @tune float(0, 1)',
      '',
    ].join('\n'),
  );
  return file;
}

interface Procs {
  trial: number;
  grandchild: number;
}

function procsOf(runDir: string): Procs[] {
  const trials = path.join(runDir, 'trials');
  if (!fs.existsSync(trials)) return [];
  return fs
    .readdirSync(trials)
    .map((n) => path.join(trials, n, 'procs.json'))
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Procs);
}

async function waitFor<T>(what: string, f: () => T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Live watchdog processes of a run: found by their argv, [node, .../watchdog.js, tunerPid, runDir, ...]. */
function watchdogsOf(runDir: string): { pid: number; tunerPid: number }[] {
  const found: { pid: number; tunerPid: number }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv[1]?.endsWith('watchdog.js') && argv[3] === path.resolve(runDir) && processAlive(Number(entry))) {
      found.push({ pid: Number(entry), tunerPid: Number(argv[2]) });
    }
  }
  return found;
}

/** After a failed test: ends the trial groups of a run that are still alive. */
function cleanUp(runDir: string | undefined): void {
  if (!runDir) return;
  for (const p of procsOf(runDir)) {
    try {
      if (processAlive(p.grandchild)) process.kill(-p.trial, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

function anyAlive(procs: Procs[]): number[] {
  return procs.flatMap((p) => [p.trial, p.grandchild]).filter(processAlive);
}

/** Kills with SIGKILL; returns the time of the kill, once the process is reaped. */
async function kill9(child: ChildProcess): Promise<number> {
  assert.equal(child.exitCode, null, 'the tuner ended before it could be killed');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  const at = Date.now();
  await exited;
  return at;
}

/** Waits until none of the processes is alive; returns how long after `since` that was. */
async function goneWithin(procs: Procs[], since: number, ms: number): Promise<number> {
  const deadline = since + ms;
  while (anyAlive(procs).length > 0 && Date.now() < deadline) await sleep(10);
  const left = anyAlive(procs);
  assert.deepEqual(left, [], `trial processes still alive ${Date.now() - since} ms after the kill: ${left.join(', ')}`);
  return Date.now() - since;
}

function runDirIn(runsDir: string): string | undefined {
  const ids = fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : [];
  return ids.length ? path.join(runsDir, ids[0]) : undefined;
}

test('after kill -9 of the CLI no trial process (nor a grandchild) is left, and the watchdog exits', async (t) => {
  const dir = tempDir('watchdog-cli');
  const file = writeSleeperConfig(dir);
  const runsDir = path.join(dir, 'runs');
  const child = cliAsync(['tune', file, '--trials', '4', '--parallel', '2', '--seed', '1', '--runs-dir', runsDir], { cwd: dir });
  child.stdout.resume();
  child.stderr.resume();
  try {
    const runDir = await waitFor('the run directory', () => runDirIn(runsDir));
    const procs = await waitFor('two running trials', () => procsOf(runDir).length >= 2 && procsOf(runDir));
    assert.equal(anyAlive(procs).length, 4, 'two trials and their grandchildren run');
    const dogs = watchdogsOf(runDir);
    assert.deepEqual(dogs.map((d) => d.tunerPid), [child.pid], 'one watchdog, for this tuner');

    const killedAt = await kill9(child);
    const ms = await goneWithin(procs, killedAt, 3000);
    t.diagnostic(`CLI kill -9 -> 2 trials and 2 grandchildren gone in ${ms} ms`);
    await waitFor('the watchdog to exit', () => watchdogsOf(runDir).length === 0, 3000);
    assert.match(fs.readFileSync(path.join(runDir, 'watchdog.log'), 'utf8'), /stopped process group\(s\) \d+, \d+/);
  } finally {
    child.kill('SIGKILL');
    cleanUp(runDirIn(runsDir));
  }
});

test("after kill -9 of the editor's forked tuner no trial is left, even a grandchild that ignores SIGTERM", async (t) => {
  const dir = tempDir('watchdog-editor');
  const file = writeSleeperConfig(dir);
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  const settings = resolveSettings(parsed.directives, { trials: 3, parallel: 2, seed: 3 });
  const run = createRun(path.join(dir, 'runs'), parsed, parsed.directives.command!, parsed.directives.objectives, settings);
  // As src/editor/runController.ts forks it: detached, stdout and stderr piped, IPC.
  const child = fork(TUNER, [run.dir], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
    env: { ...process.env, HYPERLENS_EDITOR: '1', STUBBORN: '1' },
  });
  child.stdout!.resume();
  child.stderr!.resume();
  child.on('message', () => undefined);
  try {
    const procs = await waitFor('two running trials', () => procsOf(run.dir).length >= 2 && procsOf(run.dir));
    assert.equal(watchdogsOf(run.dir).length, 1);
    const killedAt = await kill9(child);
    // The trials die on SIGTERM at once; their grandchildren only on the SIGKILL after the grace.
    const trialsMs = await goneWithin(procs.map((p) => ({ ...p, grandchild: p.trial })), killedAt, 3000);
    const ms = await goneWithin(procs, killedAt, GRACE_MS + 3000);
    t.diagnostic(`editor tuner kill -9 -> trials gone in ${trialsMs} ms, SIGTERM-proof grandchildren in ${ms} ms (grace ${GRACE_MS} ms)`);
    await waitFor('the watchdog to exit', () => watchdogsOf(run.dir).length === 0, 3000);
  } finally {
    child.kill('SIGKILL');
    cleanUp(run.dir);
  }
});

test('a resume after kill -9 runs its trials untouched while the old watchdog is still stopping the old ones', async (t) => {
  const dir = tempDir('watchdog-resume');
  const file = writeSleeperConfig(dir);
  const runsDir = path.join(dir, 'runs');
  const child = cliAsync(['tune', file, '--trials', '4', '--parallel', '2', '--seed', '2', '--runs-dir', runsDir], { cwd: dir, env: { STUBBORN: '1' } });
  child.stdout.resume();
  child.stderr.resume();
  let runDir = '';
  t.after(() => cleanUp(runDir));
  try {
    runDir = await waitFor('the run directory', () => runDirIn(runsDir));
    await waitFor('two running trials', () => procsOf(runDir).length >= 2);
    await kill9(child);
  } finally {
    child.kill('SIGKILL');
  }
  // The old watchdog waits out its grace on the SIGTERM-proof grandchildren while the resume runs.
  const old = watchdogsOf(runDir);
  assert.equal(old.length, 1, 'the old watchdog is still at work');
  const r = cli(['resume', runDir, '--json'], { cwd: dir, env: { QUICK_MS: '400' } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(processAlive(old[0].pid), 'the old watchdog outlived the resume: the overlap this test is about');
  assert.equal(lastJsonLine(r.stdout).state, 'finished');
  const trials = RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
  const interrupted = trials.filter((x) => x.state === 'failed' && x.userAttrs.fail_reason === 'interrupted');
  assert.equal(interrupted.length, 2, 'the two trials the kill cut off');
  for (const t of trials.filter((x) => !interrupted.includes(x))) {
    assert.equal(t.state, 'complete', `trial ${t.number} of the resume was ${t.state}: ${String(t.userAttrs.fail_reason ?? '')}`);
  }
  assert.equal(trials.filter((x) => x.state === 'complete').length, 4, 'the budget is finished');
  await waitFor('every watchdog to exit', () => watchdogsOf(runDir).length === 0, GRACE_MS + 3000);
});

test('a normal run, and a run stopped by Ctrl-C, leave no watchdog process behind', async () => {
  const dir = tempDir('watchdog-normal');
  const file = writeObjectiveConfig(dir);
  const runsDir = path.join(dir, 'runs');
  const r = cli(['tune', file, '--trials', '3', '--parallel', '2', '--seed', '4', '--runs-dir', runsDir, '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const runDir = lastJsonLine(r.stdout).dir as string;
  await waitFor('the watchdog to exit', () => watchdogsOf(runDir).length === 0, 2000);
  assert.ok(!fs.existsSync(path.join(runDir, 'watchdog.log')), 'the watchdog had nothing to stop');

  // In a process that lives on after the run (here, this test's), the watchdog must still exit.
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  const run = createRun(runsDir, parsed, parsed.directives.command!, parsed.directives.objectives, resolveSettings(parsed.directives, { trials: 2, seed: 5 }));
  let during: ReturnType<typeof watchdogsOf> = [];
  const outcome = await driveRun(run.dir, { trialStarted: () => (during = watchdogsOf(run.dir)) });
  assert.equal(outcome.state, 'finished');
  assert.deepEqual(during.map((d) => d.tunerPid), [process.pid], 'one watchdog ran, for this process');
  await waitFor('the watchdog to exit while its tuner lives on', () => watchdogsOf(run.dir).length === 0, 1000);

  const dir2 = tempDir('watchdog-sigint');
  const file2 = writeSleeperConfig(dir2);
  const runsDir2 = path.join(dir2, 'runs');
  const child = cliAsync(['tune', file2, '--trials', '4', '--parallel', '2', '--runs-dir', runsDir2], { cwd: dir2 });
  child.stdout.resume();
  child.stderr.resume();
  try {
    const runDir2 = await waitFor('the run directory', () => runDirIn(runsDir2));
    const procs = await waitFor('two running trials', () => procsOf(runDir2).length >= 2 && procsOf(runDir2));
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 1, 'an interrupted run exits 1');
    assert.deepEqual(anyAlive(procs), [], 'the CLI stopped its own trials');
    await waitFor('the watchdog to exit', () => watchdogsOf(runDir2).length === 0, 2000);
    assert.ok(!fs.existsSync(path.join(runDir2, 'watchdog.log')), 'the tuner stopped its trials itself');
  } finally {
    child.kill('SIGKILL');
    cleanUp(runDirIn(runsDir2));
  }
});

test('the run goes on if its watchdog is killed', async () => {
  const dir = tempDir('watchdog-killed');
  const file = writeObjectiveConfig(dir);
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  const run = createRun(path.join(dir, 'runs'), parsed, parsed.directives.command!, parsed.directives.objectives, resolveSettings(parsed.directives, { trials: 4, parallel: 2, seed: 6 }));
  const prev = process.env.SLEEP_MS;
  process.env.SLEEP_MS = '100';
  try {
    let killed = 0;
    const outcome = await driveRun(run.dir, {
      trialStarted: () => {
        for (const d of watchdogsOf(run.dir)) {
          process.kill(d.pid, 'SIGKILL');
          killed++;
        }
      },
    });
    assert.equal(killed, 1);
    assert.equal(outcome.state, 'finished');
    assert.equal(outcome.counts.complete, 4);
  } finally {
    if (prev === undefined) delete process.env.SLEEP_MS;
    else process.env.SLEEP_MS = prev;
  }
});
