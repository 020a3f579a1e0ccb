// The editor's run index on real run directories written by the real tuner
// loop: runs per file, the best trial across runs, live tailing of a journal
// another process appends to, and the lens wording built from it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { parseConfig, valueEdits } from '../../../src/annotations';
import { fileLenses, progressText, valueLenses } from '../../../src/editor/lensModel';
import { RunIndex } from '../../../src/editor/runIndex';
import { JournalReader } from '../../../src/store/journalReader';
import { RunJournal } from '../../../src/store/runJournal';
import { createRun } from '../../../src/tuner/runFiles';
import { driveRun } from '../../../src/tuner/runLoop';
import { resolveSettings } from '../../../src/tuner/settings';
import { tempDir, writeObjectiveConfig } from '../cli/cliHarness';

async function tunedFile(trials: number, seed: number, dir = tempDir('editor-index')) {
  const file = fs.existsSync(path.join(dir, 'config.yaml')) ? path.join(dir, 'config.yaml') : writeObjectiveConfig(dir);
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  const run = createRun(path.join(dir, 'runs'), parsed, parsed.directives.command!, parsed.directives.objectives, resolveSettings(parsed.directives, { trials, seed }));
  await driveRun(run.dir);
  return { dir, file, parsed, run };
}

test('run index: runs of a file, newest first, and the best trial over all of them', async () => {
  const first = await tunedFile(4, 1);
  // Run ids carry the second they were made in; keep the two runs apart.
  await new Promise((r) => setTimeout(r, 1100));
  const second = await tunedFile(3, 2, first.dir);
  const index = new RunIndex(path.join(first.dir, 'runs'));
  const runs = index.runsOf(first.file);
  assert.deepEqual(runs.map((r) => r.run.id), [second.run.id, first.run.id]);
  assert.deepEqual(runs.map((r) => r.counts.complete), [3, 4]);
  assert.deepEqual(runs.map((r) => r.state), ['finished', 'finished']);

  const best = index.bestOf(first.file, { metric: 'loss', direction: 'minimize' });
  assert.ok(best, 'a best trial over the two runs');
  const all = runs.flatMap((r) => r.trials).filter((t) => t.state === 'complete').map((t) => t.values![0]);
  assert.equal(best.trial.values![0], Math.min(...all));
  // A different objective than the runs used: no best to offer.
  assert.equal(index.bestOf(first.file, { metric: 'accuracy', direction: 'maximize' }), undefined);
  assert.deepEqual(index.runsOf(path.join(first.dir, 'other.yaml')), []);
});

test('run index: lenses say how many params and runs, the best value, and offer Accept only where it differs', async () => {
  const { dir, file, parsed } = await tunedFile(5, 3);
  const index = new RunIndex(path.join(dir, 'runs'));
  const best = index.bestOf(file, parsed.directives.objectives[0]);
  assert.ok(best);
  const top = fileLenses('file:///c.yaml', parsed, index.runsOf(file), best, undefined);
  assert.match(top[0].title, /^▶ Tune 3 params · 1 run · best \d/);
  assert.equal(top[0].command, 'hyperlens.startRun');
  const live = fileLenses('file:///c.yaml', parsed, [], undefined, { runId: 'r', done: 3, budget: 8, best: 0.25 });
  assert.deepEqual(live.map((l) => l.title), ['trial 3/8 · best 0.25', 'Stop']);

  const lines = valueLenses('file:///c.yaml', parsed, best);
  for (const v of parsed.values) {
    const mine = lines.filter((l) => l.line === v.line - 1);
    const same = best.trial.params[v.name] === v.current;
    if (same) assert.match(mine[0].title, /^= best \(trial \d+, loss /);
    else {
      assert.match(mine[0].title, new RegExp(`^best .+ \\(trial ${best.trial.number}, loss `));
      assert.deepEqual(mine[1], { line: v.line - 1, title: 'Accept', tooltip: mine[1].tooltip, command: 'hyperlens.acceptValue', args: ['file:///c.yaml', v.name] });
    }
  }
  // After accepting every value, the file holds the best trial and every line says so.
  const edits = valueEdits(parsed, best.trial.params);
  let text = parsed.text;
  for (const e of [...edits].reverse()) text = text.slice(0, e.span.start) + e.text + text.slice(e.span.end);
  const accepted = parseConfig(text, file);
  const after = valueLenses('file:///c.yaml', accepted, best, Object.fromEntries(accepted.values.map((v) => [v.name, { runId: 'r9', trial: best.trial.number, value: v.current }])));
  assert.ok(after.every((l) => l.title === `from run r9 · trial ${best.trial.number}`), JSON.stringify(after));
});

test('journal reader: follows appends from another writer without taking the lock', () => {
  const dir = tempDir('journal-reader');
  const file = path.join(dir, 'journal.jsonl');
  const reader = new JournalReader(file);
  assert.equal(reader.snapshot('s').trials.length, 0, 'a missing journal reads as empty');
  assert.equal(fs.existsSync(file), false, 'reading never creates the file');
  const writer = RunJournal.open(file);
  writer.createStudy('s', ['minimize']);
  const space = { x: { type: 'float' as const, low: 0, high: 1, log: false } };
  const n = writer.createTrial({ x: 0.5 }, space);
  assert.deepEqual(reader.snapshot('s').trials.map((t) => t.state), ['running']);
  writer.finishTrial(n, 'complete', [0.25]);
  const t = reader.snapshot('s').trials[0];
  assert.equal(t.state, 'complete');
  assert.deepEqual(t.values, [0.25]);
  assert.equal(fs.existsSync(file + '.lock'), false);
});

test('lens model: a file with a broken annotation says how many problems it has', () => {
  const text = ['# @tune.command node t.js {config}', '# @tune.objective loss min', 'a: 1  # @tune int(9, 2)', 'b: 0.5  # @tune float(0, 1)', ''].join('\n');
  const parsed = parseConfig(text, '/tmp/x.yaml');
  const [top] = fileLenses('file:///x.yaml', parsed, [], undefined, undefined);
  assert.equal(top.title, '▶ Tune 1 param · 1 problem · 0 runs');
});

test('lens model: the live lens counts pruned trials once there are some', () => {
  assert.equal(progressText({ runId: 'r', done: 3, budget: 20, best: 0.125 }), 'trial 3/20 · best 0.125');
  assert.equal(progressText({ runId: 'r', done: 7, budget: 20, pruned: 4, best: 0.125 }), 'trial 7/20 · 4 pruned · best 0.125');
});
