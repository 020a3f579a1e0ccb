import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SearchSpace } from '../../../src/engine/space';
import { JournalFile } from '../../../src/store/journalFile';
import { distributionToJson, JournalOp } from '../../../src/store/optunaFormat';
import { replayJournal, RunJournal } from '../../../src/store/runJournal';
import { storageConformance } from './conformance';
import { runNode } from './processes';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-runjournal-'));
}

storageConformance('file journal', {
  create() {
    const dir = tempDir();
    const file = path.join(dir, 'journal.jsonl');
    return { open: () => RunJournal.open(file), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  },
});

const w = 'w1';
const floatJson = distributionToJson({ type: 'float', low: 0, high: 1, log: false });
const catJson = distributionToJson({ type: 'categorical', choices: ['a', 'b', 7] });

test('replay applies every op type as Optuna does', () => {
  const ops: JournalOp[] = [
    { op_code: 0, worker_id: w, study_name: 'gone', directions: [1] },
    { op_code: 0, worker_id: w, study_name: 'kept', directions: [2, 1] },
    { op_code: 1, worker_id: w, study_id: 0 },
    { op_code: 2, worker_id: w, study_id: 1, user_attr: { owner: 'me' } },
    { op_code: 3, worker_id: w, study_id: 1, system_attr: { sys: [1] } },
    { op_code: 4, worker_id: w, study_id: 1, datetime_start: '2026-01-02T03:04:05.000006' },
    { op_code: 5, worker_id: w, trial_id: 0, param_name: 'x', param_value_internal: 0.25, distribution: floatJson },
    { op_code: 5, worker_id: w, trial_id: 0, param_name: 'c', param_value_internal: 2, distribution: catJson },
    { op_code: 7, worker_id: w, trial_id: 0, step: 3, intermediate_value: 0.5 },
    { op_code: 8, worker_id: w, trial_id: 0, user_attr: { u: 1 } },
    { op_code: 9, worker_id: w, trial_id: 0, system_attr: { s: 2 } },
    { op_code: 6, worker_id: w, trial_id: 0, state: 1, values: [1.5, 2.5], datetime_complete: '2026-01-02T03:04:06.000000' },
    // Ignored like Optuna ignores them: a finished trial, a missing trial, a deleted study.
    { op_code: 7, worker_id: w, trial_id: 0, step: 4, intermediate_value: 9 },
    { op_code: 6, worker_id: w, trial_id: 0, state: 3, values: null, datetime_complete: '2026-01-02T03:04:07.000000' },
    { op_code: 8, worker_id: w, trial_id: 42, user_attr: { no: 1 } },
    { op_code: 4, worker_id: w, study_id: 0, datetime_start: null },
    // A template trial (enqueued: waiting, params given up front).
    {
      op_code: 4, worker_id: w, study_id: 1, datetime_start: null, state: 4, value: null, values: null,
      distributions: { x: floatJson }, params: { x: 0.75 }, user_attrs: {}, system_attrs: { fixed_params: { x: 0.75 } },
      intermediate_values: { '2': 0.1 },
    },
    { op_code: 6, worker_id: w, trial_id: 1, state: 0, values: null, datetime_start: '2026-01-02T03:05:00.000000' },
  ];
  const s = replayJournal(ops);
  assert.equal(s.name, 'kept');
  assert.deepEqual(s.directions, ['maximize', 'minimize']);
  assert.deepEqual(s.userAttrs, { owner: 'me' });
  assert.deepEqual(s.systemAttrs, { sys: [1] });
  assert.equal(s.trials.length, 2);
  const [t0, t1] = s.trials;
  assert.equal(t0.number, 0);
  assert.equal(t0.state, 'complete');
  assert.deepEqual(t0.params, { x: 0.25, c: 7 });
  assert.deepEqual(t0.values, [1.5, 2.5]);
  assert.deepEqual(t0.intermediate, { 3: 0.5 });
  assert.deepEqual(t0.userAttrs, { u: 1 });
  assert.deepEqual(t0.systemAttrs, { s: 2 });
  assert.equal(t0.start, '2026-01-02T03:04:05.000006');
  assert.equal(t0.complete, '2026-01-02T03:04:06.000000');
  assert.equal(t1.number, 1);
  assert.equal(t1.state, 'running');
  assert.equal(t1.start, '2026-01-02T03:05:00.000000');
  assert.deepEqual(t1.params, { x: 0.75 });
  assert.deepEqual(t1.intermediate, { 2: 0.1 });
  assert.deepEqual(replayJournal(ops, 'gone').trials, [], 'a deleted study is not found');
});

test('replay of an empty journal is an empty study', () => {
  assert.deepEqual(replayJournal([]), { name: '', directions: [], userAttrs: {}, systemAttrs: {}, trials: [] });
});

test('fidelity and fixed params come back as themselves', () => {
  const dir = tempDir();
  try {
    const space: SearchSpace = {
      epochs: { type: 'fidelity', low: 1, high: 27 },
      seed: { type: 'fixed', value: 'abc' },
      opt: { type: 'categorical', choices: ['sgd'] },
    };
    const j = RunJournal.open(path.join(dir, 'journal.jsonl'));
    j.createStudy('s', ['minimize']);
    j.createTrial({ epochs: 27, seed: 'abc', opt: 'sgd' }, space);
    const t = RunJournal.open(path.join(dir, 'journal.jsonl')).snapshot().trials[0];
    assert.deepEqual(t.distributions, space);
    assert.deepEqual(t.params, { epochs: 27, seed: 'abc', opt: 'sgd' });
    assert.deepEqual(t.systemAttrs, {}, 'our bookkeeping attr is not shown');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('trial numbers continue across reopen and after failed trials', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'journal.jsonl');
    const space: SearchSpace = { x: { type: 'float', low: 0, high: 1, log: false } };
    for (let session = 0; session < 3; session++) {
      const j = RunJournal.open(file);
      j.createStudy('s', ['minimize']);
      const a = j.createTrial({ x: 0.1 }, space);
      j.finishTrial(a, 'failed');
      const b = j.createTrial({ x: 0.2 }, space);
      j.finishTrial(b, 'complete', [session]);
      assert.deepEqual([a, b], [session * 2, session * 2 + 1]);
    }
    const numbers = RunJournal.open(file).snapshot().trials.map((t) => t.number);
    assert.deepEqual(numbers, [0, 1, 2, 3, 4, 5]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot sees what another writer appended', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'journal.jsonl');
    const space: SearchSpace = { x: { type: 'float', low: 0, high: 1, log: false } };
    const a = RunJournal.open(file);
    a.createStudy('s', ['minimize']);
    const b = RunJournal.open(file);
    assert.equal(b.createTrial({ x: 0.5 }, space), 0, 'the second writer picks the only study');
    assert.equal(a.createTrial({ x: 0.6 }, space), 1, 'the first writer counts the other writer\'s trial');
    b.finishTrial(0, 'complete', [3]);
    assert.deepEqual(a.snapshot().trials.map((t) => t.state), ['complete', 'running']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a journal replaced by a shorter one is replayed from the start', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'journal.jsonl');
    const space: SearchSpace = { x: { type: 'float', low: 0, high: 1, log: false } };
    const j = RunJournal.open(file);
    j.createStudy('s', ['minimize']);
    j.createTrial({ x: 0.5 }, space);
    j.createTrial({ x: 0.6 }, space);
    const other = path.join(dir, 'other.jsonl');
    const k = RunJournal.open(other);
    k.createStudy('s', ['minimize']);
    k.createTrial({ x: 0.9 }, space);
    fs.renameSync(other, file);
    const s = j.snapshot();
    assert.deepEqual(s.trials.map((t) => t.params), [{ x: 0.9 }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writers in separate processes get distinct trial numbers', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'journal.jsonl');
    RunJournal.open(file).createStudy('s', ['minimize']);
    const modulePath = path.resolve(__dirname, '..', '..', '..', 'src', 'store', 'runJournal.js');
    const script = `
      const { RunJournal } = require(process.argv[1]);
      const j = RunJournal.open(process.argv[2]);
      j.createStudy('s', ['minimize']);
      const space = { x: { type: 'float', low: 0, high: 1, log: false } };
      const got = [];
      for (let i = 0; i < Number(process.argv[3]); i++) {
        const n = j.createTrial({ x: i / 100 }, space);
        j.reportIntermediate(n, 0, i);
        j.finishTrial(n, 'complete', [n]);
        got.push(n);
      }
      process.stdout.write(JSON.stringify(got));`;
    const workers = 4;
    const each = 15;
    const outputs = await Promise.all(
      Array.from({ length: workers }, () => runNode(['-e', script, modulePath, file, String(each)])),
    );
    const numbers = outputs.flatMap((o) => JSON.parse(o) as number[]).sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: workers * each }, (_, i) => i));
    const trials = RunJournal.open(file).snapshot().trials;
    assert.equal(trials.length, workers * each);
    for (const t of trials) assert.deepEqual(t.values, [t.number], `trial ${t.number} got its own value`);
    assert.equal(new JournalFile(file).read().length, 1 + workers * each * 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
