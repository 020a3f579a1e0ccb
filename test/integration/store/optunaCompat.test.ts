// Our journal and the real Optuna (3.1, Debian's python3-optuna) read each
// other's writing: trials, params, values, states, curves and attributes.

import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import type { Distribution, SearchSpace } from '../../../src/engine/space';
import { JournalFile } from '../../../src/store/journalFile';
import { fromOptunaDistribution, OptunaDistribution, parseJournalLine, toOptunaDistribution } from '../../../src/store/optunaFormat';
import { replayJournal, RunJournal, TrialRecord } from '../../../src/store/runJournal';

// Debian's interpreter, where python3-optuna lands (the first python3 on PATH may lack it).
const PYTHON = process.env.HYPERLENS_OPTUNA_PYTHON ?? '/usr/bin/python3';

interface OptunaTrial {
  number: number;
  state: string;
  params: Record<string, unknown>;
  values: number[] | null;
  intermediate_values: Record<string, number>;
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  distributions: Record<string, OptunaDistribution>;
  datetime_start: string | null;
  datetime_complete: string | null;
}
interface OptunaStudy {
  name: string;
  best: number[];
  directions: string[];
  user_attrs: Record<string, unknown>;
  trials: OptunaTrial[];
}

let optunaChecked: string | undefined;
/** CI installs Optuna; a machine without it fails loudly rather than skipping. */
function requireOptuna(): void {
  if (optunaChecked === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import optuna, sys; sys.stdout.write(optuna.__version__)'], { encoding: 'utf8' });
    optunaChecked = r.status === 0 ? '' : `${PYTHON} cannot import optuna (${(r.stderr || String(r.error)).trim().split('\n').pop()}); run: apt-get install python3-optuna`;
  }
  assert.equal(optunaChecked, '', optunaChecked);
}

function fixture(name: string): string {
  const rel = path.join('test', 'fixtures', 'optuna', name);
  const roots = [process.cwd()];
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) roots.push(dir);
  for (const root of roots) if (fs.existsSync(path.join(root, rel))) return path.join(root, rel);
  throw new Error(`cannot find ${rel} from ${process.cwd()} or ${__dirname}`);
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(args[0] ?? cmd)} exited ${code}:\n${err}`))));
  });
}

async function loadWithOptuna(journal: string): Promise<OptunaStudy[]> {
  const out = await run(PYTHON, [fixture('load_journal.py'), journal]);
  return (parseJournalLine(out.trim()) as { studies: OptunaStudy[] }).studies;
}

function withTemp(fn: (dir: string) => Promise<void>) {
  return async () => {
    requireOptuna();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-optuna-'));
    try {
      await fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

const OPTUNA_STATE: Record<string, string> = { running: 'RUNNING', complete: 'COMPLETE', pruned: 'PRUNED', failed: 'FAIL', waiting: 'WAITING' };

/** Optuna's view of a trial must say what ours says. */
function assertSameTrial(ours: TrialRecord, theirs: OptunaTrial, hidden: Record<string, 'fidelity' | 'fixed'> = {}): void {
  const at = `trial ${ours.number}`;
  assert.equal(theirs.number, ours.number, at);
  assert.equal(theirs.state, OPTUNA_STATE[ours.state], `${at} state`);
  assert.deepEqual(theirs.params, ours.params, `${at} params`);
  assert.deepEqual(theirs.values ?? undefined, ours.values, `${at} values`);
  const curve = Object.fromEntries(Object.entries(theirs.intermediate_values).map(([k, v]) => [Number(k), v]));
  assert.deepEqual(curve, ours.intermediate, `${at} intermediate values`);
  assert.deepEqual(theirs.user_attrs, ours.userAttrs, `${at} user attrs`);
  const theirDists: Record<string, Distribution> = {};
  for (const [k, d] of Object.entries(theirs.distributions)) theirDists[k] = fromOptunaDistribution(d, hidden[k]);
  assert.deepEqual(theirDists, ours.distributions, `${at} distributions`);
  assert.equal(theirs.datetime_start ?? undefined, ours.start, `${at} start`);
  assert.equal(theirs.datetime_complete ?? undefined, ours.complete, `${at} complete`);
}

const space: SearchSpace = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  width: { type: 'int', low: 16, high: 256, log: true, step: 1 },
  batch: { type: 'categorical', choices: [32, 64, 128] },
  act: { type: 'categorical', choices: ['relu', 'gelu', 2.5, true, false] },
  seed: { type: 'fixed', value: 'run-1' },
  epochs: { type: 'fidelity', low: 1, high: 27 },
};
const hidden = { seed: 'fixed', epochs: 'fidelity' } as const;

test('Optuna loads a finished study written by RunJournal', withTemp(async (dir) => {
  const file = path.join(dir, 'journal.jsonl');
  const j = RunJournal.open(file);
  j.createStudy('quickstart', ['minimize']);
  j.setStudyUserAttr('source', 'config.yaml');
  const base = { seed: 'run-1', epochs: 27 };
  const a = j.createTrial({ lr: 1e-3, dropout: 0.15, layers: 4, width: 64, batch: 64, act: 'gelu', ...base }, space, { origin: 'defaults' });
  j.reportIntermediate(a, 1, 0.8);
  j.reportIntermediate(a, 2, 0.5);
  j.setTrialUserAttr(a, 'gpu', [0]);
  j.finishTrial(a, 'complete', [0.231]);
  const b = j.createTrial({ lr: 0.05, dropout: 0.5, layers: 8, width: 256, batch: 32, act: true, ...base }, space);
  j.reportIntermediate(b, 1, 3.5);
  j.finishTrial(b, 'pruned');
  const c = j.createTrial({ lr: 1e-5, dropout: 0, layers: 2, width: 16, batch: 128, act: 2.5, ...base }, space);
  j.setTrialUserAttr(c, 'reason', 'exit code 1');
  j.finishTrial(c, 'failed');
  const d = j.createTrial({ lr: 3e-4, dropout: 0.05, layers: 3, width: 17, batch: 64, act: false, ...base }, space);
  j.reportIntermediate(d, 1, 0.9);
  const e = j.createTrial({ lr: 2e-3, dropout: 0.1, layers: 5, width: 100, batch: 32, act: 'relu', seed: 'run-1', epochs: 3 }, space);
  j.finishTrial(e, 'complete', [0.3]);

  const ours = j.snapshot();
  const [study, ...others] = await loadWithOptuna(file);
  assert.equal(others.length, 0);
  assert.equal(study.name, 'quickstart');
  assert.deepEqual(study.directions, ['MINIMIZE']);
  assert.deepEqual(study.user_attrs, { source: 'config.yaml' });
  assert.deepEqual(study.best, [a], 'Optuna finds the same best trial');
  assert.equal(study.trials.length, 5);
  assert.deepEqual(study.trials.map((t) => t.state), ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'COMPLETE']);
  for (const [i, t] of ours.trials.entries()) assertSameTrial(t, study.trials[i], hidden);
}));

test('Optuna loads a two-objective study written by RunJournal', withTemp(async (dir) => {
  const file = path.join(dir, 'pareto.jsonl');
  const j = RunJournal.open(file);
  j.createStudy('pareto', ['minimize', 'maximize']);
  const s: SearchSpace = { x: { type: 'float', low: 0, high: 1, log: false } };
  for (const [x, loss, acc] of [[0.1, 0.5, 0.9], [0.2, 0.4, 0.8], [0.3, 0.6, 0.7]]) {
    const n = j.createTrial({ x }, s);
    j.finishTrial(n, 'complete', [loss, acc]);
  }
  const [study] = await loadWithOptuna(file);
  assert.deepEqual(study.directions, ['MINIMIZE', 'MAXIMIZE']);
  assert.deepEqual(study.trials.map((t) => t.values), [[0.5, 0.9], [0.4, 0.8], [0.6, 0.7]]);
  assert.deepEqual(study.best, [0, 1], 'the Pareto front Optuna computes from our values');
  for (const [i, t] of j.snapshot().trials.entries()) assertSameTrial(t, study.trials[i]);
}));

test('a journal written by Optuna replays to the same study, and both keep appending', withTemp(async (dir) => {
  const file = path.join(dir, 'optuna.log');
  await run(PYTHON, [fixture('write_journal.py'), file, 'from-optuna']);

  const replayed = replayJournal(new JournalFile(file).read());
  const [study] = await loadWithOptuna(file);
  assert.equal(replayed.name, 'from-optuna');
  assert.deepEqual(replayed.directions, ['minimize']);
  assert.deepEqual(replayed.userAttrs, study.user_attrs);
  assert.deepEqual(replayed.trials.map((t) => t.state), ['complete', 'complete', 'complete', 'pruned', 'failed', 'running']);
  assert.equal(replayed.trials.length, study.trials.length);
  for (const [i, t] of replayed.trials.entries()) assertSameTrial(t, study.trials[i]);
  assert.deepEqual(replayed.trials[3].intermediate, { 0: 0.9, 1: 0.95 });

  // We finish Optuna's running trial and add our own, with Optuna's distributions.
  const j = RunJournal.open(file);
  j.createStudy('from-optuna', ['minimize']);
  const theirs = replayed.trials[0];
  j.finishTrial(5, 'failed');
  const mine = j.createTrial(theirs.params, theirs.distributions, { by: 'hyperlens' });
  j.reportIntermediate(mine, 0, 0.7);
  j.finishTrial(mine, 'complete', [0.5]);
  assert.equal(mine, 6);

  // Optuna appends after us, then both sides agree on all thirteen trials.
  await run(PYTHON, [fixture('write_journal.py'), file, 'from-optuna']);
  const [after] = await loadWithOptuna(file);
  const ours = j.snapshot();
  assert.equal(after.trials.length, 13);
  assert.equal(ours.trials.length, 13);
  assert.equal(after.trials[5].state, 'FAIL');
  assert.deepEqual(after.trials[6].user_attrs, { by: 'hyperlens' });
  assert.deepEqual(after.trials[6].params, theirs.params);
  for (const [i, t] of ours.trials.entries()) assertSameTrial(t, after.trials[i]);
}));

test('an Optuna writer and a Hyperlens writer racing on one journal lose nothing', withTemp(async (dir) => {
  const file = path.join(dir, 'race.jsonl');
  RunJournal.open(file).createStudy('race', ['minimize']);
  const modulePath = path.resolve(__dirname, '..', '..', '..', 'src', 'store', 'runJournal.js');
  const script = `
    const { RunJournal } = require(process.argv[1]);
    const j = RunJournal.open(process.argv[2]);
    const space = { x: { type: 'float', low: 0, high: 1, log: false } };
    for (let i = 0; i < Number(process.argv[3]); i++) {
      const n = j.createTrial({ x: 0.5 }, space);
      j.finishTrial(n, 'complete', [2000 + n]);
    }`;
  const count = 40;
  await Promise.all([
    run(process.execPath, ['-e', script, modulePath, file, String(count)]),
    run(PYTHON, [fixture('add_trials.py'), file, 'race', String(count)]),
    run(process.execPath, ['-e', script, modulePath, file, String(count)]),
  ]);
  const [study] = await loadWithOptuna(file);
  const ours = replayJournal(new JournalFile(file).read());
  assert.equal(study.trials.length, 3 * count);
  assert.deepEqual(study.trials.map((t) => t.number), Array.from({ length: 3 * count }, (_, i) => i));
  for (const t of study.trials) {
    assert.equal(t.state, 'COMPLETE', `trial ${t.number}`);
    // Each writer tags a value with the trial number it was given: no number went to two writers.
    assert.ok(t.values?.[0] === 1000 + t.number || t.values?.[0] === 2000 + t.number, `trial ${t.number} value ${t.values}`);
  }
  for (const [i, t] of ours.trials.entries()) assertSameTrial(t, study.trials[i]);
  assert.deepEqual(study.trials.filter((t) => t.values?.[0] === 1000 + t.number).length, count, 'all of Optuna\'s trials are there');
}));

test('our distributions are the ones Optuna itself would write', async () => {
  requireOptuna();
  const script = [
    'import optuna, sys, json',
    'from optuna.distributions import *',
    'print(json.dumps([json.loads(distribution_to_json(d)) for d in [',
    ' FloatDistribution(1e-5, 1e-1, log=True), FloatDistribution(0, 0.5, step=0.05),',
    ' IntDistribution(2, 8), IntDistribution(16, 256, log=True),',
    ' CategoricalDistribution([32, 64, 128]), CategoricalDistribution(["relu", "gelu", 2.5, True, False]),',
    ' CategoricalDistribution(["run-1"]), IntDistribution(1, 27)]]))',
  ].join('\n');
  const theirs = parseJournalLine((await run(PYTHON, ['-c', script])).trim());
  assert.deepEqual(Object.values(space).map(toOptunaDistribution), theirs);
});
