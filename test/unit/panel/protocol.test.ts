// The panel's protocol: every message survives JSON and validation, every
// malformed one is refused naming its field, the views are JSON-safe, the
// batcher keeps to 10 messages a second and resends a snapshot when asked.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import {
  MAX_ADD_TRIALS,
  UpdateBatcher,
  splitSnapshot,
  type UpdateBatcherOptions,
  WEBVIEW_MESSAGE_TYPES,
  followsInSequence,
  parseHostMessage,
  parseWebviewMessage,
  runViewOf,
  trialViewOf,
  type BatchTimer,
  type HostMessage,
  type RunView,
  type SnapshotMessage,
  type TrialView,
  type UpdateMessage,
  type WebviewMessage,
} from '../../../src/panel/protocol';
import { bestTrial } from '../../../src/engine/study';
import type { TrialRecord, TrialState } from '../../../src/engine/trial';
import { runId } from '../../../src/store/runDir';
import type { HyperlensRun } from '../../../src/tuner/runFiles';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const RUN_ID = runId(new Date(Date.UTC(2026, 10, 23, 19, 15, 0)), 'quickstart-config');

function record(number: number, state: TrialState, extra: Partial<TrialRecord> = {}): TrialRecord {
  return { number, state, params: { 'optimizer.lr': 0.01, layers: 3 }, distributions: {}, intermediate: {}, userAttrs: {}, systemAttrs: {}, ...extra };
}

function run(extra: Partial<HyperlensRun> = {}): HyperlensRun {
  return {
    id: RUN_ID,
    dir: `/w/.hyperlens/runs/${RUN_ID}`,
    createdAt: '2026-11-23T19:15:00.000Z',
    source: '/w/examples/quickstart/config.yaml',
    sourceHash: 'abc',
    language: 'yaml',
    snapshot: 'source.yaml',
    command: 'python train.py',
    settings: { trials: 10, parallel: 2, sampler: 'tpe', seed: 7 },
    space: {
      'optimizer.lr': { type: 'float', low: 1e-5, high: 1, log: true },
      layers: { type: 'int', low: 1, high: 8, log: false, step: 1 },
      act: { type: 'categorical', choices: ['relu', 'gelu'] },
      epochs: { type: 'fidelity', low: 1, high: 20 },
    },
    directions: ['minimize'],
    objectives: [{ metric: 'val_loss', direction: 'minimize' }],
    metricPatterns: [],
    state: 'running',
    ...extra,
  };
}

function sampleTrials(): TrialRecord[] {
  return [
    record(0, 'complete', { values: [0.5], intermediate: { 2: 0.7, 1: 0.9 }, start: '2026-11-23T19:15:01.000Z', complete: '2026-11-23T19:15:11.000Z', userAttrs: { duration_s: 10, gpus: [0], gpu_energy_wh: 1.5, gpu_hours: 0.01 } }),
    record(1, 'complete', { values: [0.25], userAttrs: { duration_s: 20, gpus: [1], gpu_energy_wh: 2.5, gpu_hours: 0.02 } }),
    record(2, 'pruned', { intermediate: { 1: 1.2 }, userAttrs: { prune_reason: 'worse than the median at step 1', duration_s: 3 } }),
    record(3, 'failed', { userAttrs: { fail_reason: 'exit code 1', duration_s: 1 } }),
    record(4, 'failed', { userAttrs: { fail_reason: 'interrupted' } }),
    record(5, 'running', { start: '2026-11-23T19:16:00.000Z' }),
  ];
}

function snapshotMessage(): SnapshotMessage {
  const trials = sampleTrials();
  const r = run();
  return {
    type: 'snapshot',
    seq: 0,
    run: runViewOf(r, trials, { best: bestTrial(trials, r.directions), settings: '10 trials, 2 at a time, sampler tpe, seed 7',
      now: Date.parse('2026-11-23T19:16:30.000Z'),
      importance: [{ name: 'lr', importance: 0.7 }, { name: 'bad', importance: NaN }],
      fileValues: { lr: 0.01, optimizer: 'sgd', weird: NaN },
    }),
    trials: trials.map(trialViewOf),
  };
}

function webviewSamples(): WebviewMessage[] {
  return [
    { type: 'ready' },
    { type: 'requestSnapshot' },
    { type: 'stopRun', runId: RUN_ID },
    { type: 'resumeRun', runId: RUN_ID },
    { type: 'addTrials', runId: RUN_ID, count: MAX_ADD_TRIALS },
    { type: 'selectTrial', runId: RUN_ID, trial: 0 },
    { type: 'acceptTrial', runId: RUN_ID, trial: 3 },
    { type: 'acceptAll', runId: RUN_ID, trial: 3 },
    { type: 'showDiff', runId: RUN_ID, trial: 12 },
    { type: 'rerunTrial', runId: RUN_ID, trial: 9999 },
    { type: 'openLog', runId: RUN_ID, trial: 4, stream: 'stderr' },
  ];
}

const roundTrip = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

test('every webview message type survives JSON and validates to itself', () => {
  const samples = webviewSamples();
  assert.deepEqual(new Set(samples.map((m) => m.type)), new Set(WEBVIEW_MESSAGE_TYPES), 'a sample for every message type');
  for (const m of samples) {
    const parsed = parseWebviewMessage(roundTrip(m));
    assert.ok(parsed.ok, `${m.type}: ${parsed.ok ? '' : parsed.error}`);
    assert.deepEqual(parsed.message, m);
  }
});

test('every host message type survives JSON and validates to itself', () => {
  const snapshot = snapshotMessage();
  const messages: HostMessage[] = [
    snapshot,
    { type: 'snapshot', seq: 0, run: null, trials: [] },
    { type: 'update', seq: 1, trials: snapshot.trials.slice(0, 2) },
    { type: 'update', seq: 2, run: snapshot.run!, trials: [] },
    {
      type: 'trialDetail',
      runId: RUN_ID,
      trial: snapshot.trials[0],
      logTail: { stdout: 'epoch 1 val_loss 0.9\n', stderr: '' },
      configText: 'optimizer:\n  lr: 0.01\n',
      diff: [{ name: 'optimizer.lr', from: 0.1, to: 0.01 }, { name: 'act', from: 'relu', to: null }],
    },
    { type: 'trialDetail', runId: RUN_ID, trial: snapshot.trials[5], logTail: { stdout: '', stderr: '' } },
    { type: 'error', message: 'the run directory is gone' },
  ];
  for (const m of messages) {
    const parsed = parseHostMessage(roundTrip(m));
    assert.ok(parsed.ok, `${m.type}: ${parsed.ok ? '' : parsed.error}`);
    assert.deepEqual(parsed.message, roundTrip(m));
  }
  assert.deepEqual(new Set(messages.map((m) => m.type)), new Set(['snapshot', 'update', 'trialDetail', 'error']));
  assert.deepEqual(snapshot.run!.importance, [{ name: 'lr', importance: 0.7 }], 'a non-finite importance is dropped');
  assert.deepEqual(snapshot.run!.fileValues, { lr: 0.01, optimizer: 'sgd', weird: null }, 'file values are JSON-safe');
});

test('a malformed webview message is refused with an error that names the field at fault', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /^message: expected an object, got null/],
    ['ready', /^message: expected an object, got string/],
    [[{ type: 'ready' }], /^message: expected an object, got an array/],
    [42, /^message: /],
    [{}, /^type: missing/],
    [{ type: 7 }, /^type: expected a string, got number/],
    [{ type: 'deleteEverything' }, /^type: unknown message type "deleteEverything"/],
    [{ type: 'toString' }, /^type: unknown message type/],
    [{ type: '__proto__' }, /^type: unknown message type/],
    [{ type: 'x'.repeat(100_000) }, /^type: unknown message type/],
    [{ type: 'ready', extra: 1 }, /^ready\.extra: not a field of this message/],
    [{ type: 'stopRun' }, /^stopRun\.runId: missing/],
    [{ type: 'stopRun', runId: 12 }, /^stopRun\.runId: expected a string, got number/],
    [{ type: 'resumeRun', runId: '../../../etc' }, /^resumeRun\.runId: not a run id/],
    [{ type: 'resumeRun', runId: 'x'.repeat(1_000_000) }, /^resumeRun\.runId: longer than 64 characters/],
    [{ type: 'addTrials', runId: RUN_ID }, /^addTrials\.count: missing/],
    [{ type: 'addTrials', runId: RUN_ID, count: '5' }, /^addTrials\.count: expected an integer, got string/],
    [{ type: 'addTrials', runId: RUN_ID, count: 2.5 }, /^addTrials\.count: expected an integer, got 2\.5/],
    [{ type: 'addTrials', runId: RUN_ID, count: 0 }, /^addTrials\.count: must be 1 or more/],
    [{ type: 'addTrials', runId: RUN_ID, count: -3 }, /^addTrials\.count: must be 1 or more/],
    [{ type: 'addTrials', runId: RUN_ID, count: MAX_ADD_TRIALS + 1 }, /^addTrials\.count: must be 10000 or less/],
    [{ type: 'addTrials', runId: RUN_ID, count: NaN }, /^addTrials\.count: expected an integer, got NaN/],
    [{ type: 'addTrials', runId: RUN_ID, count: Infinity }, /^addTrials\.count: expected an integer, got Infinity/],
    [{ type: 'selectTrial', runId: RUN_ID }, /^selectTrial\.trial: missing/],
    [{ type: 'selectTrial', runId: RUN_ID, trial: 1.5 }, /^selectTrial\.trial: expected an integer, got 1\.5/],
    [{ type: 'acceptTrial', runId: RUN_ID, trial: -1 }, /^acceptTrial\.trial: must be 0 or more/],
    [{ type: 'acceptAll', runId: RUN_ID, trial: '3' }, /^acceptAll\.trial: expected an integer, got string/],
    [{ type: 'showDiff', runId: RUN_ID, trial: 2 ** 60 }, /^showDiff\.trial: too large/],
    [{ type: 'rerunTrial', trial: 1 }, /^rerunTrial\.runId: missing/],
    [{ type: 'openLog', runId: RUN_ID, trial: 1 }, /^openLog\.stream: missing/],
    [{ type: 'openLog', runId: RUN_ID, trial: 1, stream: 'both' }, /^openLog\.stream: expected "stdout" or "stderr", got "both"/],
  ];
  for (const [raw, expected] of cases) {
    const parsed = parseWebviewMessage(raw);
    const shown = JSON.stringify(raw)?.slice(0, 80);
    assert.equal(parsed.ok, false, `${shown} was accepted`);
    if (!parsed.ok) {
      assert.match(parsed.error, expected, `${shown}`);
      assert.ok(parsed.error.length < 300, `the error for ${shown} stays short (${parsed.error.length} characters)`);
    }
  }
});

test('run ids are accepted exactly in the shape store/runDir makes them', () => {
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  for (const stem of ['quickstart', 'Config v2 (copy)', '', '---', 'ÜNÏCÖDE', 'a'.repeat(100), 'a-'.repeat(30), 'x9']) {
    const id = runId(at, stem);
    const parsed = parseWebviewMessage({ type: 'stopRun', runId: id });
    assert.ok(parsed.ok, `runId() made ${id}, which the protocol refuses${parsed.ok ? '' : `: ${parsed.error}`}`);
  }
  for (const bad of ['20261123-191500-quickstart', '20261123-191500--a1b2', '20261123-191500-Quick-a1b2', '20261123-191500-quick-A1B2', '2026112-191500-quick-a1b2', '20261123-191500-quick-a1b2/..', ' 20261123-191500-quick-a1b2', '']) {
    assert.equal(parseWebviewMessage({ type: 'stopRun', runId: bad }).ok, false, `${JSON.stringify(bad)} is not a run id`);
  }
});

test('a malformed host message is refused naming the field, and the parser never throws', () => {
  const good = snapshotMessage();
  const broken = (edit: (m: Record<string, any>) => void): unknown => {
    const m = roundTrip(good) as Record<string, any>;
    edit(m);
    return m;
  };
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /^message: missing/],
    [[], /^message: expected an object, got an array/],
    [{ type: 'explode' }, /^type: unknown message type "explode"/],
    [{ seq: 0 }, /^type: missing/],
    [broken((m) => delete m.trials), /^snapshot\.trials: missing/],
    [broken((m) => (m.run.importance[0].importance = 'high')), /^snapshot\.run\.importance\[0\]\.importance: expected a finite number, got "high"/],
    [broken((m) => (m.run.fileValues.lr = [1])), /^snapshot\.run\.fileValues\.lr: expected a number, string, boolean or null, got an array/],
    [broken((m) => (m.seq = -1)), /^snapshot\.seq: expected a non-negative integer/],
    [broken((m) => (m.trials[2].number = 1.5)), /^snapshot\.trials\[2\]\.number: expected a non-negative integer, got 1\.5/],
    [broken((m) => (m.trials[0].state = 'exploded')), /^snapshot\.trials\[0\]\.state: expected one of/],
    [broken((m) => (m.trials[0].values = ['0.5'])), /^snapshot\.trials\[0\]\.values\[0\]: expected a finite number, got "0\.5"/],
    [broken((m) => m.trials[0].intermediate.values.pop()), /^snapshot\.trials\[0\]\.intermediate: 2 steps but 1 values/],
    [broken((m) => (m.trials[0].params.layers = { deep: true })), /^snapshot\.trials\[0\]\.params\.layers: expected a number, string, boolean or null/],
    [broken((m) => (m.trials[0].attrs.gpus = ['0'])), /^snapshot\.trials\[0\]\.attrs\.gpus\[0\]/],
    [broken((m) => delete m.trials[1].attrs), /^snapshot\.trials\[1\]\.attrs: missing/],
    [broken((m) => (m.run.state = 'done')), /^snapshot\.run\.state: expected one of/],
    [broken((m) => (m.run.params[0].kind = 'complex')), /^snapshot\.run\.params\[0\]\.kind/],
    [broken((m) => (m.run.objectives = {})), /^snapshot\.run\.objectives: expected an array, got an object/],
    [broken((m) => (m.run.pbt = 'no')), /^snapshot\.run\.pbt: expected a boolean/],
    [{ type: 'update', seq: 3 }, /^update\.trials: missing/],
    [{ type: 'update', seq: 1.5, trials: [] }, /^update\.seq/],
    [{ type: 'trialDetail', runId: RUN_ID, trial: good.trials[0], logTail: { stdout: '' } }, /^trialDetail\.logTail\.stderr: missing/],
    [{ type: 'trialDetail', runId: RUN_ID, trial: good.trials[0], logTail: { stdout: '', stderr: '' }, diff: [{ name: 'x', from: {}, to: 1 }] }, /^trialDetail\.diff\[0\]\.from/],
    [{ type: 'error' }, /^error\.message: missing/],
  ];
  for (const [raw, expected] of cases) {
    const parsed = parseHostMessage(raw);
    assert.equal(parsed.ok, false, `${JSON.stringify(raw)?.slice(0, 80)} was accepted`);
    if (!parsed.ok) assert.match(parsed.error, expected);
  }

  // Replace any one field anywhere with junk: a result, never an exception.
  const junk: unknown[] = [null, undefined, 0, -1, 1.5, NaN, '', 'x', true, [], {}, [null], { type: 'update' }];
  const paths: string[][] = [];
  const walk = (x: unknown, at: string[]): void => {
    if (x === null || typeof x !== 'object' || at.length > 5) return;
    for (const [k, v] of Object.entries(x)) {
      paths.push([...at, k]);
      walk(v, [...at, k]);
    }
  };
  walk(roundTrip(good), []);
  for (const p of paths) {
    for (const j of junk) {
      const m = roundTrip(good) as Record<string, any>;
      let parent = m;
      for (const k of p.slice(0, -1)) parent = parent[k];
      parent[p[p.length - 1]] = j;
      assert.doesNotThrow(() => parseHostMessage(m), `${p.join('.')} = ${String(j)}`);
    }
  }
});

test('trialViewOf is JSON-safe: NaN and missing values become null or nothing, reports are sorted parallel arrays', () => {
  const nan = trialViewOf(record(7, 'complete', { values: [NaN, 0.3, Infinity], params: { lr: NaN, act: 'relu', flag: true, none: null }, intermediate: { 10: 0.5, 2: 0.9, 5: NaN, 1: 1.0 } }));
  assert.deepEqual(nan.values, [null, 0.3, null]);
  assert.deepEqual(nan.params, { lr: null, act: 'relu', flag: true, none: null });
  assert.deepEqual(nan.intermediate, { steps: [1, 2, 10], values: [1.0, 0.9, 0.5] }, 'steps ascending, the NaN report dropped');
  assert.deepEqual(roundTrip(nan), nan, 'nothing changes through JSON');

  const bare = trialViewOf({ number: 8, state: 'running', params: {}, distributions: {}, intermediate: {}, userAttrs: {}, systemAttrs: {} });
  assert.deepEqual(bare, { number: 8, state: 'running', params: {}, values: [], intermediate: { steps: [], values: [] }, attrs: {} });

  // A record read from an old or damaged journal may lack the maps altogether.
  const partial = trialViewOf({ number: 9, state: 'failed' } as unknown as TrialRecord);
  assert.equal(partial.number, 9);
  assert.deepEqual(partial.values, []);
  assert.ok(parseHostMessage({ type: 'update', seq: 1, trials: [partial] }).ok);
});

test('trialViewOf keeps duration, reason, feasibility and only the attributes the panel reads', () => {
  const timed = trialViewOf(record(1, 'complete', { values: [1], start: '2026-11-23T19:00:00.000Z', complete: '2026-11-23T19:00:42.500Z' }));
  assert.equal(timed.durationS, 42.5, 'from start and complete when duration_s is absent');
  assert.equal(timed.start, '2026-11-23T19:00:00.000Z');
  assert.equal(trialViewOf(record(1, 'complete', { userAttrs: { duration_s: 7.25 } })).durationS, 7.25);

  assert.equal(trialViewOf(record(2, 'pruned', { userAttrs: { prune_reason: 'below the median' } })).reason, 'below the median');
  assert.equal(trialViewOf(record(2, 'pruned', { userAttrs: { pruned_at_step: 4 } })).reason, 'pruned at step 4');
  assert.equal(trialViewOf(record(3, 'failed', { userAttrs: { fail_reason: 'exit code 137' } })).reason, 'exit code 137');
  assert.equal(trialViewOf(record(3, 'complete', { userAttrs: { fail_reason: 'stale' } })).reason, undefined);

  assert.equal(trialViewOf(record(4, 'complete', { values: [1], systemAttrs: { constraints: [0.5, -1] } })).feasible, false);
  assert.equal(trialViewOf(record(4, 'complete', { values: [1], systemAttrs: { constraints: [-0.5] } })).feasible, undefined);

  const attrs = trialViewOf(
    record(5, 'complete', {
      userAttrs: {
        gpus: [0, 2],
        gpu_energy_wh: 3.5,
        gpu_hours: 0.25,
        pbt_member: 1,
        pbt_generation: 2,
        pbt_parent: '3',
        pbt_exploited_from: 0,
        pbt_schedule: [{ from_step: 0, to_step: 4, params: { lr: 0.1 } }, { from_step: 4, to_step: 8, params: { lr: NaN } }],
        promoted_from: 2,
        fidelity_budget: 9,
        warm_start_from: '20261122-101010-old-beef',
        stderr_tail: 'x'.repeat(2000),
        exit_code: 0,
      },
    }),
  ).attrs;
  assert.deepEqual(attrs, {
    gpus: [0, 2],
    gpu_energy_wh: 3.5,
    gpu_hours: 0.25,
    fidelity_budget: 9,
    pbt_member: 1,
    pbt_generation: 2,
    pbt_exploited_from: 0,
    promoted_from: 2,
    pbt_schedule: [{ from_step: 0, to_step: 4, params: { lr: 0.1 } }, { from_step: 4, to_step: 8, params: { lr: null } }],
    warm_start_from: '20261122-101010-old-beef',
  }, 'a string pbt_parent is dropped, as are attributes the panel does not read');
  assert.equal(trialViewOf(record(6, 'complete', { userAttrs: { pbt_schedule: [{ from_step: 0 }] } })).attrs.pbt_schedule, undefined, 'a damaged schedule is left out');
});

test('runViewOf counts like the run loop, takes the engine\'s best and sums GPU use', () => {
  const trials = [...sampleTrials(), record(6, 'complete', { values: [0.01], userAttrs: { warm_start_from: '20261122-101010-old-beef' } })];
  const r = run();
  const best = bestTrial(trials, r.directions);
  const view = runViewOf(r, trials, { best, state: 'running', settings: 'ten trials', now: Date.parse('2026-11-23T19:16:30.000Z') });
  assert.equal(view.id, RUN_ID);
  assert.equal(view.fileName, 'config.yaml');
  assert.equal(view.state, 'running');
  assert.equal(view.settings, 'ten trials');
  assert.deepEqual(view.objectives, [{ metric: 'val_loss', direction: 'minimize' }]);
  assert.deepEqual(view.params.map((p) => p.name), ['optimizer.lr', 'layers', 'act', 'epochs'], 'file order, full names');
  assert.deepEqual(view.params[0], { name: 'optimizer.lr', kind: 'float', low: 1e-5, high: 1, log: true });
  assert.deepEqual(view.params[2], { name: 'act', kind: 'categorical', choices: ['relu', 'gelu'] });
  assert.deepEqual(view.params[3], { name: 'epochs', kind: 'fidelity', low: 1, high: 20 });
  assert.equal(view.bestTrial, 6, 'the engine\'s best (a warm-started trial counts as a result)');
  assert.equal(view.budget, 10);
  assert.equal(view.done, 4, 'complete, pruned and failed; not the interrupted or the warm-started one');
  assert.equal(view.running, 1);
  assert.equal(view.elapsedS, 90);
  // mean of 10, 20, 3, 1 = 8.5 s; 6 left, one running at a time
  assert.equal(view.etaS, 51);
  assert.deepEqual(view.gpu, { wh: 4, gpuHours: 0.03 });
  assert.equal(view.pbt, false);
  assert.deepEqual(roundTrip(view), view);

  const stopped = runViewOf(r, trials, { best, state: 'interrupted', now: Date.parse('2026-12-31T00:00:00.000Z') });
  assert.equal(stopped.elapsedS, 60, 'a dead tuner\'s run stopped at its last trial, not now');
  assert.equal(stopped.etaS, undefined);
  const ended = runViewOf({ ...r, state: 'finished', endedAt: '2026-11-23T19:25:00.000Z' }, trials, { best: undefined });
  assert.equal(ended.state, 'finished', 'run.json\'s state without an effective one');
  assert.equal(ended.elapsedS, 600);
  assert.equal(ended.endedAt, '2026-11-23T19:25:00.000Z');
  assert.equal(ended.bestTrial, undefined);

  const live = runViewOf(r, trials, { best, progress: { done: 4.5, budget: 12, running: 2, elapsedSeconds: 33, etaSeconds: 80 } });
  assert.deepEqual([live.done, live.budget, live.running, live.elapsedS, live.etaS], [4.5, 12, 2, 33, 80], 'the tuner\'s progress wins');

  assert.equal(runViewOf({ ...r, state: 'weird' }, [], { best: undefined }).state, 'unknown');
  assert.equal(runViewOf(r, [], { best: undefined, state: 'running', now: Date.parse(r.createdAt) }).etaS, undefined, 'no ETA before a trial ends');
  assert.equal(runViewOf(run({ settings: { trials: 8, parallel: 4, sampler: 'random', seed: 1, pbt: { population: 4, interval: 2, maxStep: 8 } as never } }), [], { best: undefined }).pbt, true);
});

test('runViewOf charges a rung trial its share of the full budget and names unnamed objectives', () => {
  const r = run({ objectives: [], directions: ['minimize', 'maximize'] });
  const trials = [record(0, 'complete', { values: [1, 2], userAttrs: { fidelity_cost: 5 } }), record(1, 'pruned', { userAttrs: { fidelity_cost: 10 } })];
  const view = runViewOf(r, trials, { best: bestTrial(trials, r.directions), state: 'finished' });
  assert.equal(view.done, 0.8, '5/20 + 10/20 of the fidelity\'s high, rounded to a tenth');
  assert.deepEqual(view.objectives, [{ metric: 'objective 1', direction: 'minimize' }, { metric: 'objective 2', direction: 'maximize' }]);
});

// ------------------------------------------------------------------ batcher

class FakeTimer implements BatchTimer {
  time = 0;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.queue.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  /** Moves the clock on, firing every timer due on the way in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.queue[0];
      if (!next || next.at > end) break;
      this.queue.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }
}

function tv(number: number, state: TrialState = 'running', value?: number): TrialView {
  return trialViewOf(record(number, state, value === undefined ? {} : { values: [value] }));
}

function batcher(snapshotTrials: TrialView[] = [], options: UpdateBatcherOptions = {}) {
  const timer = new FakeTimer();
  const sent: Array<{ at: number; message: SnapshotMessage | UpdateMessage }> = [];
  let snapshots = 0;
  const b = new UpdateBatcher(
    (message) => sent.push({ at: timer.now(), message: roundTrip(message) as SnapshotMessage | UpdateMessage }),
    () => {
      snapshots++;
      return { run: null, trials: snapshotTrials };
    },
    { timer, ...options },
  );
  return { b, timer, sent, snapshots: () => snapshots };
}

test('the batcher coalesces updates of one trial (the last wins) and sends them in one numbered update', () => {
  const { b, timer, sent } = batcher();
  b.upsertTrial(tv(1));
  b.upsertTrial(tv(2));
  b.upsertTrial(tv(1, 'complete', 0.5));
  b.setRun({ id: RUN_ID } as RunView);
  assert.equal(sent.length, 0, 'nothing goes out within the tick');
  timer.advance(0);
  assert.equal(sent.length, 1);
  const m = sent[0].message as UpdateMessage;
  assert.equal(m.type, 'update');
  assert.equal(m.seq, 1);
  assert.deepEqual(m.trials.map((t) => [t.number, t.state, t.values[0]]), [[1, 'complete', 0.5], [2, 'running', undefined]]);
  assert.equal(m.run?.id, RUN_ID);
  timer.advance(1000);
  assert.equal(sent.length, 1, 'nothing more to send');
});

test('the batcher sends at most one message per 100 ms and numbers updates one by one', () => {
  const { b, timer, sent } = batcher();
  for (let i = 0; i < 200; i++) {
    b.upsertTrial(tv(i % 7, 'running', i));
    timer.advance(5);
  }
  timer.advance(1000);
  assert.ok(sent.length <= 11 && sent.length >= 9, `${sent.length} messages in a second of updates`);
  for (let i = 1; i < sent.length; i++) assert.ok(sent[i].at - sent[i - 1].at >= 100, `messages ${i - 1} and ${i} were ${sent[i].at - sent[i - 1].at} ms apart`);
  assert.deepEqual(sent.map((s) => s.message.seq), sent.map((_, i) => i + 1));
  const last = new Map<number, number | null>();
  for (const s of sent) for (const t of s.message.trials) last.set(t.number, t.values[0]);
  for (let n = 0; n < 7; n++) {
    const expected = Math.max(...Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 7 === n));
    assert.equal(last.get(n), expected, `trial ${n} ends at its last value`);
  }
});

/** A trial view with `points` reports. */
function curved(number: number, points: number, state: TrialState = 'complete'): TrialView {
  const steps = Array.from({ length: points }, (_, i) => i + 1);
  return { ...tv(number, state, state === 'complete' ? 1 / (number + 1) : undefined), intermediate: { steps, values: steps.map((x) => 1 / x) } };
}

test('a big snapshot carries every row but past its point budget the curves only of running and newest trials', () => {
  const trials = [curved(0, 10), curved(1, 10), curved(2, 10), curved(3, 0, 'failed'), curved(4, 10), curved(5, 10, 'running')];
  assert.deepEqual(splitSnapshot(trials, 50).curves, [], 'within the budget: everything inline');
  const { first, curves } = splitSnapshot(trials, 30);
  assert.deepEqual(first.map((t) => t.number), [0, 1, 2, 3, 4, 5], 'every trial has its row');
  assert.deepEqual(first.map((t) => t.intermediate.steps.length), [0, 0, 10, 0, 10, 10], 'the running trial and the newest ones within 30 points keep their curves');
  assert.deepEqual(curves.map((t) => [t.number, t.intermediate.steps.length]), [[1, 10], [0, 10]], 'the others follow, newest first, in full');
  assert.deepEqual(first[0].params, trials[0].params, 'a row without its curve keeps everything else');
});

test('after a split snapshot the batcher streams the curves a chunk per interval, and a newer view of a trial wins', () => {
  const trials = Array.from({ length: 10 }, (_, i) => curved(i, 5));
  const { b, timer, sent } = batcher(trials, { inlinePoints: 10, curveChunk: 3 });
  b.handle({ type: 'ready' });
  timer.advance(0);
  const snapshot = sent[0].message as SnapshotMessage;
  assert.equal(snapshot.type, 'snapshot');
  assert.equal(snapshot.curvesPending, 8, 'two trials (10 points) inline, eight to follow');
  b.upsertTrial(curved(3, 6));
  timer.advance(1000);
  const updates = sent.slice(1).map((s) => s.message as UpdateMessage);
  assert.deepEqual(updates.map((u) => u.seq), updates.map((_, i) => i + 1), 'numbered on from the snapshot');
  assert.deepEqual(updates.map((u) => u.curvesPending), [4, 1, 0], 'each update says how many curves are left');
  assert.ok(updates[0].trials.length <= 4 && updates[1].trials.length <= 3, `a chunk of 3 curves (plus the upsert): ${updates.map((u) => u.trials.length)}`);
  for (let i = 1; i < sent.length; i++) assert.ok(sent[i].at - sent[i - 1].at >= 100, 'still at most 10 messages a second');
  const got = new Map<number, number>();
  for (const t of snapshot.trials) got.set(t.number, t.intermediate.steps.length);
  for (const u of updates) for (const t of u.trials) got.set(t.number, t.intermediate.steps.length);
  assert.deepEqual([...got.entries()].sort((x, y) => x[0] - y[0]), trials.map((t) => [t.number, t.number === 3 ? 6 : 5]), 'every curve arrives, trial 3 as its newer view');
  b.handle({ type: 'requestSnapshot' });
  timer.advance(1000);
  assert.equal(sent.filter((s) => s.message.type === 'snapshot').length, 2);
  assert.equal((sent.at(-1)!.message as UpdateMessage).curvesPending, 0, 'a new snapshot starts the stream over and finishes it');
});

test('ready and requestSnapshot get a fresh snapshot at seq 0 that replaces what was waiting', () => {
  const { b, timer, sent, snapshots } = batcher([tv(1), tv(2)]);
  b.upsertTrial(tv(1));
  timer.advance(0);
  b.upsertTrial(tv(2));
  timer.advance(150);
  assert.deepEqual(sent.map((s) => s.message.seq), [1, 2]);

  b.upsertTrial(tv(3));
  assert.equal(b.handle({ type: 'ready' }), true);
  assert.equal(b.handle({ type: 'stopRun', runId: RUN_ID }), false, 'commands are the caller\'s');
  timer.advance(200);
  assert.equal(sent.length, 3);
  assert.equal(sent[2].message.type, 'snapshot');
  assert.equal(sent[2].message.seq, 0);
  assert.equal(snapshots(), 1);
  assert.equal(b.lastSeq, 0);

  b.upsertTrial(tv(4));
  timer.advance(200);
  assert.equal(sent[3].message.type, 'update');
  assert.equal(sent[3].message.seq, 1, 'updates count again from the snapshot');

  b.handle({ type: 'requestSnapshot' });
  b.handle({ type: 'requestSnapshot' });
  timer.advance(200);
  assert.equal(snapshots(), 2, 'two requests in one interval make one snapshot');
});

test('a hidden panel is sent nothing and gets a snapshot when it is visible again', () => {
  const { b, timer, sent, snapshots } = batcher();
  b.upsertTrial(tv(1));
  b.setVisible(false);
  b.upsertTrial(tv(2));
  b.setRun({ id: RUN_ID } as RunView);
  timer.advance(1000);
  assert.equal(sent.length, 0);
  b.setVisible(true);
  timer.advance(0);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].message.type, 'snapshot');
  assert.equal(snapshots(), 1);
  b.dispose();
  b.upsertTrial(tv(3));
  timer.advance(1000);
  assert.equal(sent.length, 1, 'nothing after dispose');
});

test('the webview applies an update only when it is the next one', () => {
  const update = (seq: number): UpdateMessage => ({ type: 'update', seq, trials: [] });
  assert.equal(followsInSequence(undefined, update(1)), false, 'no update before a snapshot');
  assert.equal(followsInSequence(0, update(1)), true);
  assert.equal(followsInSequence(1, update(3)), false, 'a gap');
  assert.equal(followsInSequence(5, { type: 'snapshot', seq: 0, run: null, trials: [] }), true);
});

// ------------------------------------------------------------ the webview

test('the module bundles for the browser without Node built-ins and works with no process or require', async () => {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'panel', 'protocol.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'protocol',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.deepEqual(inputs.filter((i) => i.startsWith('node:') || !i.startsWith('src/')), [], 'only the repository\'s own pure modules');
  const sandbox: Record<string, unknown> = {};
  vm.runInNewContext(`${result.outputFiles[0].text}\nglobalThis.result = protocol.parseWebviewMessage({ type: 'addTrials', runId: '${RUN_ID}', count: 3 });`, sandbox);
  assert.deepEqual(roundTrip(sandbox.result), { ok: true, message: { type: 'addTrials', runId: RUN_ID, count: 3 } });
});

test('the module type-checks as the webview compiles it: DOM lib, no Node types', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-protocol-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, 'tsconfig.json');
  fs.writeFileSync(config, JSON.stringify({ extends: path.join(ROOT, 'webview', 'tsconfig.json'), compilerOptions: { rootDir: ROOT }, files: [path.join(ROOT, 'src', 'panel', 'protocol.ts')], include: [] }));
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    assert.fail(`src/panel/protocol.ts does not type-check for the webview:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
});

// The view model takes the protocol's trials as they come: drift between the two fails to compile.
import type { ObjectiveTrial, TableTrial } from '../../../src/panel/viewModel/types';
export const trialViewFitsTheTable = (t: TrialView): TableTrial & ObjectiveTrial => t;
