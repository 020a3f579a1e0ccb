// Population-based training with real command trials: generations of
// segments that restore their parent's checkpoint, truncation selection,
// explore, lineage and the schedule as the result.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, lastJsonLine, runThenKill, tempDir } from './cliHarness';

// Noisy SGD on a quadratic in expectation: a large lr is best early, a small one late.
const TRAIN = `
import json, os
from hyperlens import checkpoint_dir, params, report, restore_path, should_stop
p = params()
loss, step = 10.0, 0
restore = restore_path()
if restore:
    state = json.load(open(os.path.join(restore, "state.json")))
    loss, step = state["loss"], state["step"]
    open(os.path.join(os.environ["HYPERLENS_TRIAL_DIR"], "restored"), "w").write(json.dumps(state))
end = int(p["epochs"]) if "epochs" in p else 1000
while step < end:
    step += 1
    loss = (1 - p["lr"]) ** 2 * loss + 0.5 * p["lr"] ** 2
    report(step=step, val_loss=loss)
    if should_stop():
        break
json.dump({"loss": loss, "step": step}, open(os.path.join(checkpoint_dir(), "state.json"), "w"))
`;

function study(dir: string, withFidelity: boolean): string {
  fs.writeFileSync(path.join(dir, 'train.py'), TRAIN);
  const file = path.join(dir, 'config.yaml');
  const lines = ['# @tune.command python3 train.py', '# @tune.objective val_loss min', `# @tune.pbt interval=3 population=4${withFidelity ? '' : ' max_step=9'}`, 'lr: 0.05      # @tune float(0.01, 0.9, log)'];
  if (withFidelity) lines.push('epochs: 9     # @tune fidelity(1, 9)');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function checkPbt(dir: string, r: { code: number | null; stdout: string; stderr: string }, withFidelity: boolean) {
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /PBT population 4 every 3 steps to 9/);
  const summary = lastJsonLine(r.stdout);
  const trials = lastJsonLine(cli(['show', summary.dir, '--json'], { cwd: dir }).stdout).trialList as any[];
  assert.equal(trials.length, 12, 'four members, three generations');
  const byNumber = new Map(trials.map((t) => [t.number, t]));
  for (const t of trials) {
    assert.equal(t.state, 'complete', `segment #${t.number}: ${t.userAttrs.fail_reason ?? ''}`);
    const gen = t.userAttrs.pbt_generation;
    assert.equal(t.userAttrs.pbt_start_step, 3 * gen);
    assert.equal(t.userAttrs.pbt_end_step, 3 * gen + 3);
    // The segment trained exactly its steps: from its parent's checkpoint to its end step.
    assert.deepEqual(Object.keys(t.intermediate).map(Number).sort((a, b) => a - b), [3 * gen + 1, 3 * gen + 2, 3 * gen + 3], `segment #${t.number}'s steps`);
    if (withFidelity) assert.equal(t.params.epochs, 3 * gen + 3);
    if (gen === 0) {
      assert.equal(t.userAttrs.pbt_parent, undefined);
      continue;
    }
    const parent = byNumber.get(t.userAttrs.pbt_parent);
    assert.equal(parent.userAttrs.pbt_generation, gen - 1);
    const restored = JSON.parse(fs.readFileSync(path.join(summary.dir, 'trials', String(t.number), 'restored'), 'utf8'));
    assert.equal(restored.step, 3 * gen, 'it restored its parent\'s checkpoint');
    assert.ok(Math.abs(restored.loss - parent.values[0]) < 1e-9);
    assert.deepEqual(t.userAttrs.pbt_lineage, [...parent.userAttrs.pbt_lineage, parent.number]);
    if (t.userAttrs.pbt_exploited_from === undefined) {
      assert.equal(parent.userAttrs.pbt_member, t.userAttrs.pbt_member, 'a member that was not replaced continues itself');
      assert.equal(t.params.lr, parent.params.lr);
    } else {
      // Truncation: the copied member was among the best of the generation before.
      const before = trials.filter((o) => o.userAttrs.pbt_generation === gen - 1).sort((a, b) => a.values[0] - b.values[0]);
      assert.equal(before[0].number, parent.number, 'with four members, the bottom one copies the top one');
      const ratio = t.params.lr / parent.params.lr;
      const perturbed = Math.abs(ratio - 0.8) < 1e-9 || Math.abs(ratio - 1.2) < 1e-9 || t.params.lr === 0.01 || t.params.lr === 0.9;
      assert.ok(perturbed || (t.params.lr >= 0.01 && t.params.lr <= 0.9), `explored lr ${t.params.lr} from ${parent.params.lr}`);
    }
  }
  assert.ok(trials.some((t) => t.userAttrs.pbt_exploited_from !== undefined), 'someone exploited');
  assert.ok(Array.isArray(summary.best.schedule) && summary.best.schedule.length >= 1, '--json gives the best schedule');
  assert.equal(summary.best.schedule.at(-1).to_step, byNumber.get(summary.best.number).userAttrs.pbt_end_step);
  for (const entry of summary.best.schedule) assert.deepEqual(Object.keys(entry.params), ['lr'], 'a schedule holds the searched values only, not the fidelity');
  assert.match(r.stdout + r.stderr, /a schedule \(PBT member \d, to step \d\): steps 0-\d+: lr=/);
  assert.match(r.stderr, /PBT best: member \d, trial #\d+ at step 9/);
}

test('PBT with a fidelity parameter: segments run to their end step, restore their parent, and the best is a schedule', () => {
  const dir = tempDir('pbt');
  const r = cli(['tune', study(dir, true), '--seed', '2', '--runs-dir', path.join(dir, 'runs'), '--json'], { cwd: dir });
  checkPbt(dir, r, true);
});

test('PBT without a fidelity parameter: the trial is told its end step and should_stop() ends the segment there', () => {
  const dir = tempDir('pbt-nofid');
  const r = cli(['tune', study(dir, false), '--seed', '2', '--runs-dir', path.join(dir, 'runs'), '--json'], { cwd: dir });
  checkPbt(dir, r, false);
});

test('bad @tune.pbt settings are refused with the file and the field', () => {
  const dir = tempDir('pbt-bad');
  const file = study(dir, true);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('population=4', 'population=four'));
  const r = cli(['tune', file, '--runs-dir', path.join(dir, 'runs')], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config\.yaml:3:\d+: .*pbt: population must be a number, got "four"/);
  const unknown = cli(['tune', study(dir, true), '--pbt', 'interval=3 population=4 explore=lr+momentum', '--runs-dir', path.join(dir, 'runs')], { cwd: dir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /pbt: explore names momentum, not a tuned parameter \(lr\)/);
  const withPruner = cli(['tune', study(dir, true), '--pruner', 'asha', '--runs-dir', path.join(dir, 'runs')], { cwd: dir });
  assert.equal(withPruner.code, 2);
  assert.match(withPruner.stderr, /config\.yaml: pbt: PBT decides itself which members go on; drop the asha pruner/);
});

test('kill -9 in the middle of a PBT run, then resume: every generation ends whole, interrupted segments re-run with their plan', async () => {
  const dir = tempDir('pbt-kill');
  const file = study(dir, true);
  const runsDir = path.join(dir, 'runs');
  // Slow segments, so the kill lands while some run.
  fs.writeFileSync(path.join(dir, 'train.py'), TRAIN.replace('    step += 1', '    import time; time.sleep(0.15)\n    step += 1'));
  const { runDir, killedWhileRunning, trialsOf } = await runThenKill(['tune', file, '--parallel', '2', '--seed', '6', '--runs-dir', runsDir], { cwd: dir, runsDir }, (trials) =>
    trials.filter((t) => t.state === 'complete').length >= 5 && trials.some((t) => t.state === 'running'),
  );
  assert.ok(killedWhileRunning, 'the run ended before the kill');
  const completeBefore = trialsOf().filter((t) => t.state === 'complete').map((t) => t.number);

  const r = cli(['resume', path.basename(runDir), '--runs-dir', runsDir, '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const trials = trialsOf();
  for (const n of completeBefore) assert.equal(trials.find((t) => t.number === n)!.state, 'complete', `trial #${n} was kept`);
  const complete = trials.filter((t) => t.state === 'complete');
  for (let gen = 0; gen < 3; gen++) {
    const members = complete.filter((t) => t.userAttrs.pbt_generation === gen).map((t) => t.userAttrs.pbt_member).sort();
    assert.deepEqual(members, [0, 1, 2, 3], `generation ${gen} is whole`);
  }
  assert.equal(complete.length, 12);
  for (const t of trials.filter((o) => o.userAttrs.retry_of !== undefined)) {
    const original = trials.find((o) => o.number === t.userAttrs.retry_of)!;
    assert.equal(t.userAttrs.pbt_member, original.userAttrs.pbt_member);
    assert.equal(t.userAttrs.pbt_parent, original.userAttrs.pbt_parent, 'a re-run restores the same checkpoint');
    assert.deepEqual(t.params, original.params);
  }
});
