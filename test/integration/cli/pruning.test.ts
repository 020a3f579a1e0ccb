// Pruning real command trials: the tuner asks a trial to stop (the stop file
// the Python helper's should_stop() sees), then signals its process group,
// and records it as pruned at the step it reached.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { groupAlive } from '../../../src/executors/processGroup';
import { cli, journalOps, lastJsonLine, runThenKill, tempDir } from './cliHarness';

const TRAIN = `
import math, os, sys, time
from hyperlens import params, report, should_stop
p = params()
stubborn = os.environ.get("STUBBORN") == "1"
if not stubborn:
    should_stop()  # installs the SIGTERM handler before training starts
for epoch in range(1, 10):
    time.sleep(float(os.environ.get("EPOCH_S", "0.06")))
    report(step=epoch, val_loss=(p["x"] - 0.3) ** 2 + math.exp(-epoch / 3))
    if not stubborn and should_stop():
        open(os.path.join(os.environ["HYPERLENS_TRIAL_DIR"], "saw_stop"), "w").write(str(epoch))
        sys.exit(0)
`;

function writeStudy(dir: string): string {
  fs.writeFileSync(path.join(dir, 'train.py'), TRAIN);
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    file,
    ['# @tune.command python3 train.py', '# @tune.objective val_loss min', '# @tune.pruner asha', 'x: 0.9        # @tune float(0, 1)', ''].join('\n'),
  );
  return file;
}

function checkPruned(runDir: string, stubborn: boolean) {
  const show = lastJsonLine(cli(['show', runDir, '--json'], { cwd: path.dirname(runDir) }).stdout);
  const pruned = show.trialList.filter((t: any) => t.state === 'pruned');
  const complete = show.trialList.filter((t: any) => t.state === 'complete');
  assert.ok(pruned.length >= 3, `only ${pruned.length} of ${show.trialList.length} trials were pruned`);
  for (const t of complete) assert.deepEqual(Object.keys(t.intermediate).map(Number).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9], `complete trial #${t.number} ran every epoch`);
  for (const t of pruned) {
    const dir = path.join(runDir, 'trials', String(t.number));
    const step = t.userAttrs.pruned_at_step;
    assert.ok(step === 1 || step === 3, `trial #${t.number} was pruned at step ${step}, not at a rung (1, 3)`);
    assert.match(t.userAttrs.prune_reason, /not in the best 1\/3 at rung/);
    assert.ok(Math.max(...Object.keys(t.intermediate).map(Number)) < 9, `pruned trial #${t.number} ran to the end`);
    assert.ok(fs.existsSync(path.join(dir, 'STOP')), 'the stop file was written');
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'result.json'), 'utf8'));
    if (stubborn) {
      assert.equal(result.signal, 'SIGTERM', `trial #${t.number} ignored the stop file and was terminated`);
    } else {
      assert.equal(result.exitCode, 0, `trial #${t.number} saw the stop file and ended on its own`);
      assert.ok(Number(fs.readFileSync(path.join(dir, 'saw_stop'), 'utf8')) >= step);
    }
    assert.equal(groupAlive(Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'))), false, 'nothing of the trial is left running');
  }
  // The journal says so in Optuna's terms: state 2 is PRUNED.
  const finished = journalOps(runDir).filter((op) => op.op_code === 6 && op.state === 2);
  assert.equal(finished.length, pruned.length);
  return show;
}

test('asha prunes command trials: a trial that checks should_stop() ends itself, and the journal says pruned at the rung it reached', () => {
  const dir = tempDir('prune');
  const file = writeStudy(dir);
  const r = cli(['tune', file, '-n', '12', '--seed', '3', '--runs-dir', path.join(dir, 'runs'), '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /pruner asha/);
  const summary = lastJsonLine(r.stdout);
  assert.equal(summary.trials.complete + summary.trials.pruned, 12);
  const show = checkPruned(summary.dir ?? path.join(dir, 'runs', summary.run), false);
  const text = cli(['show', summary.run, '--runs-dir', path.join(dir, 'runs')], { cwd: dir }).stdout;
  assert.match(text, /pruned +at step [13], val_loss /);
  assert.equal(show.trialList.filter((t: any) => t.state === 'pruned').length, summary.trials.pruned);
});

test('a trial that ignores the stop file is terminated with its process group, and still recorded as pruned', () => {
  const dir = tempDir('prune-stubborn');
  const file = writeStudy(dir);
  // Slower than the 2 s the stop file is given, so only the signal can end a pruned trial.
  const r = cli(['tune', file, '-n', '8', '--seed', '3', '--runs-dir', path.join(dir, 'runs'), '--json'], { cwd: dir, env: { STUBBORN: '1', EPOCH_S: '0.35' } });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  checkPruned(summary.dir ?? path.join(dir, 'runs', summary.run), true);
});

const TRAIN_TO_BUDGET = `
import json, math, os
from hyperlens import checkpoint_dir, params, report, restore_path
p = params()
start = 0
restore = restore_path()
if restore:
    start = json.load(open(os.path.join(restore, "state.json")))["epoch"]
    open(os.path.join(os.environ["HYPERLENS_TRIAL_DIR"], "resumed_at"), "w").write(str(start))
for epoch in range(start + 1, int(p["epochs"]) + 1):
    report(step=epoch, val_loss=(p["x"] - 0.3) ** 2 + math.exp(-epoch / 3))
json.dump({"epoch": int(p["epochs"])}, open(os.path.join(checkpoint_dir(), "state.json"), "w"))
`;

test('with a fidelity parameter, asha runs trials to a rung\'s budget and promotes the best, which resume from their checkpoint', () => {
  const dir = tempDir('rungs');
  fs.writeFileSync(path.join(dir, 'train.py'), TRAIN_TO_BUDGET);
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, ['# @tune.command python3 train.py', '# @tune.objective val_loss min', '# @tune.pruner asha', 'x: 0.9        # @tune float(0, 1)', 'epochs: 9     # @tune fidelity(1, 9)', ''].join('\n'));
  // The budget is 5 full trials, 45 epochs, spent in rung-sized pieces.
  const r = cli(['tune', file, '-n', '5', '--seed', '5', '--runs-dir', path.join(dir, 'runs'), '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJsonLine(r.stdout);
  const trials = lastJsonLine(cli(['show', summary.dir, '--json'], { cwd: dir }).stdout).trialList as any[];
  assert.ok(trials.length > 10, `${trials.length} rung trials in a budget of 5 full ones`);
  const byNumber = new Map(trials.map((t) => [t.number, t]));
  for (const t of trials) {
    const budget = t.params.epochs;
    assert.ok([1, 3, 9].includes(budget), `trial #${t.number} ran with epochs=${budget}, not a rung budget`);
    assert.equal(t.userAttrs.fidelity_budget, budget);
    assert.equal(t.state, budget === 9 ? 'complete' : 'pruned', `trial #${t.number} at epochs=${budget}`);
    if (budget < 9) assert.ok(Number.isFinite(t.intermediate[budget]), 'a rung trial keeps its value at its budget');
    const from = t.userAttrs.promoted_from;
    if (from === undefined) {
      assert.equal(budget, 1, 'new configurations start at the bottom rung');
      assert.equal(t.userAttrs.fidelity_cost, 1);
      continue;
    }
    const parent = byNumber.get(from);
    assert.ok(parent.number < t.number);
    assert.equal(parent.params.x, t.params.x, 'a promotion runs the same configuration');
    assert.equal(t.userAttrs.rung, parent.userAttrs.rung + 1);
    // It restored the parent's checkpoint, so it only paid for the epochs it added.
    assert.equal(Number(fs.readFileSync(path.join(summary.dir, 'trials', String(t.number), 'resumed_at'), 'utf8')), parent.params.epochs);
    assert.equal(t.userAttrs.fidelity_cost, budget - parent.params.epochs);
  }
  const promoted = trials.filter((t) => t.userAttrs.promoted_from !== undefined);
  assert.ok(promoted.length >= 3, `${promoted.length} promotions`);
  // Only the best third of a rung, as it stood when the promotion was made (one trial at a time here), moves up.
  for (const t of promoted.filter((p) => p.userAttrs.rung === 1)) {
    const rung0 = trials.filter((o) => o.userAttrs.rung === 0 && o.number < t.number).map((o) => o.intermediate[1]).sort((a, b) => a - b);
    const keep = Math.floor(rung0.length / 3);
    assert.ok(keep >= 1 && byNumber.get(t.userAttrs.promoted_from).intermediate[1] <= rung0[keep - 1], `trial #${t.number}'s configuration was among the best ${keep} of ${rung0.length} at rung 0`);
  }
  // Trials start while less than the budget is spent; the last may run past it by its own cost.
  const cost = trials.reduce((a, t) => a + t.userAttrs.fidelity_cost, 0);
  const last = trials[trials.length - 1].userAttrs.fidelity_cost;
  assert.ok(cost >= 45 && cost - last < 45, `spent ${cost} epochs (the last trial ${last}) of a budget of 45`);
  assert.ok(summary.best, 'a configuration reached the full budget');
});

test('kill -9 in the middle of a rung run, then resume: interrupted rung trials re-run at the same rung and budget', async () => {
  const dir = tempDir('rungs-kill');
  fs.writeFileSync(path.join(dir, 'train.py'), TRAIN_TO_BUDGET.replace('    report(step=epoch', '    __import__("time").sleep(0.1)\n    report(step=epoch'));
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, ['# @tune.command python3 train.py', '# @tune.objective val_loss min', '# @tune.pruner asha', 'x: 0.9        # @tune float(0, 1)', 'epochs: 9     # @tune fidelity(1, 9)', ''].join('\n'));
  const runsDir = path.join(dir, 'runs');
  const { runDir, killedWhileRunning, trialsOf } = await runThenKill(['tune', file, '-n', '4', '--parallel', '2', '--seed', '8', '--runs-dir', runsDir], { cwd: dir, runsDir }, (trials) =>
    trials.some((t) => t.userAttrs.promoted_from !== undefined && t.state === 'running'),
  );
  assert.ok(killedWhileRunning, 'the run ended before the kill');
  const before = trialsOf();
  const r = cli(['resume', path.basename(runDir), '--runs-dir', runsDir, '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const trials = trialsOf();
  for (const t of before.filter((o) => o.state !== 'running')) assert.equal(trials[t.number].state, t.state, `trial #${t.number} kept`);
  const retries = trials.filter((t) => t.userAttrs.retry_of !== undefined);
  assert.ok(retries.length >= 1, 'an interrupted rung trial was re-run');
  for (const t of retries) {
    const original = trials[t.userAttrs.retry_of as number];
    for (const key of ['rung', 'fidelity_budget', 'bracket', 'promoted_from']) assert.equal(t.userAttrs[key], original.userAttrs[key], `${key} of #${t.number}`);
    assert.deepEqual(t.params, original.params);
    assert.ok(t.state === 'complete' || t.state === 'pruned', `re-run #${t.number} ended ${t.state}`);
  }
});
