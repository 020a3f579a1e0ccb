// What any storage behind the run recorder must do, as one suite that each
// storage path runs with its own factory (the file journal today).

import test from 'node:test';
import assert from 'node:assert/strict';
import type { Params, SearchSpace } from '../../../src/engine/space';
import type { StudySnapshot } from '../../../src/store/runJournal';

/** The recorder surface the suite drives (RunJournal's). */
export interface Recorder {
  createStudy(name: string, directions: ('minimize' | 'maximize')[]): void;
  setStudyUserAttr(key: string, value: unknown): void;
  createTrial(params: Params, space: SearchSpace, userAttrs?: Record<string, unknown>): number;
  reportIntermediate(trial: number, step: number, value: number): void;
  setTrialUserAttr(trial: number, key: string, value: unknown): void;
  finishTrial(trial: number, state: 'complete' | 'pruned' | 'failed', values?: number[]): void;
  snapshot(): StudySnapshot;
}

export interface StoreFactory {
  /** A new, empty store; `reopen` opens the same store again as a later process would. */
  create(): { open(): Recorder; cleanup(): void };
}

const space: SearchSpace = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  act: { type: 'categorical', choices: ['relu', 'gelu'] },
};

export function storageConformance(label: string, factory: StoreFactory): void {
  const withStore = (fn: (open: () => Recorder) => void) => () => {
    const store = factory.create();
    try {
      fn(() => store.open());
    } finally {
      store.cleanup();
    }
  };

  test(`${label}: a new trial is running with its params and the next number`, withStore((open) => {
    const r = open();
    r.createStudy('s', ['minimize']);
    assert.equal(r.createTrial({ lr: 0.01, layers: 3, act: 'gelu' }, space), 0);
    assert.equal(r.createTrial({ lr: 0.02, layers: 4, act: 'relu' }, space), 1);
    const t = r.snapshot().trials[1];
    assert.equal(t.state, 'running');
    assert.deepEqual(t.params, { lr: 0.02, layers: 4, act: 'relu' });
    assert.deepEqual(t.distributions, space);
  }));

  test(`${label}: finished trials keep state, values and intermediate values`, withStore((open) => {
    const r = open();
    r.createStudy('s', ['minimize']);
    const a = r.createTrial({ lr: 0.01, layers: 3, act: 'gelu' }, space);
    r.reportIntermediate(a, 0, 0.9);
    r.reportIntermediate(a, 1, 0.5);
    r.finishTrial(a, 'complete', [0.4]);
    const b = r.createTrial({ lr: 0.01, layers: 3, act: 'relu' }, space);
    r.reportIntermediate(b, 0, 2.5);
    r.finishTrial(b, 'pruned');
    const c = r.createTrial({ lr: 0.01, layers: 5, act: 'relu' }, space);
    r.finishTrial(c, 'failed');
    const trials = r.snapshot().trials;
    assert.deepEqual(trials.map((t) => t.state), ['complete', 'pruned', 'failed']);
    assert.deepEqual(trials[0].values, [0.4]);
    assert.deepEqual(trials[0].intermediate, { 0: 0.9, 1: 0.5 });
    assert.deepEqual(trials[1].intermediate, { 0: 2.5 });
    assert.equal(trials[2].values, undefined);
    assert.ok(trials[0].start && trials[0].complete, 'complete trial has start and complete times');
  }));

  test(`${label}: user attributes of study and trial are kept`, withStore((open) => {
    const r = open();
    r.createStudy('s', ['maximize']);
    r.setStudyUserAttr('source', 'config.yaml');
    const n = r.createTrial({ lr: 0.01 }, space, { origin: 'defaults' });
    r.setTrialUserAttr(n, 'reason', { exit: 1, tail: ['a', 'b'] });
    const s = r.snapshot();
    assert.deepEqual(s.userAttrs, { source: 'config.yaml' });
    assert.deepEqual(s.directions, ['maximize']);
    assert.deepEqual(s.trials[0].userAttrs, { origin: 'defaults', reason: { exit: 1, tail: ['a', 'b'] } });
  }));

  test(`${label}: reopening keeps every trial and never reuses a number`, withStore((open) => {
    const first = open();
    first.createStudy('s', ['minimize']);
    const a = first.createTrial({ lr: 0.01 }, space);
    first.finishTrial(a, 'failed');
    first.createTrial({ lr: 0.02 }, space); // left running, as a killed run leaves it
    const second = open();
    second.createStudy('s', ['minimize']);
    assert.equal(second.snapshot().trials.length, 2);
    assert.equal(second.createTrial({ lr: 0.03 }, space), 2);
    assert.deepEqual(second.snapshot().trials.map((t) => t.state), ['failed', 'running', 'running']);
  }));

  test(`${label}: a finished trial refuses further changes`, withStore((open) => {
    const r = open();
    r.createStudy('s', ['minimize']);
    const n = r.createTrial({ lr: 0.01 }, space);
    r.finishTrial(n, 'complete', [1]);
    assert.throws(() => r.reportIntermediate(n, 3, 0.1), /already complete/);
    assert.throws(() => r.finishTrial(n, 'failed'), /already complete/);
    assert.throws(() => r.setTrialUserAttr(99, 'k', 1), /trial 99 does not exist/);
  }));

  test(`${label}: a complete trial needs one value per objective`, withStore((open) => {
    const r = open();
    r.createStudy('s', ['minimize', 'maximize']);
    const n = r.createTrial({ lr: 0.01 }, space);
    assert.throws(() => r.finishTrial(n, 'complete', [1]), /needs 2 finite value/);
    assert.throws(() => r.finishTrial(n, 'complete', [1, NaN]), /needs 2 finite value/);
    r.finishTrial(n, 'complete', [1, 2]);
    assert.deepEqual(r.snapshot().trials[0].values, [1, 2]);
  }));

  test(`${label}: creating an existing study with other directions fails`, withStore((open) => {
    const r = open();
    r.createStudy('s', ['minimize']);
    r.createStudy('s', ['minimize']);
    assert.throws(() => r.createStudy('s', ['maximize']), /already exists .* directions/);
  }));

  test(`${label}: a value outside its distribution is refused`, withStore((open) => {
    const r = open();
    r.createStudy('s', ['minimize']);
    assert.throws(() => r.createTrial({ lr: 5 }, space), /"lr"/);
    assert.throws(() => r.createTrial({ act: 'tanh' }, space), /"act"/);
    assert.throws(() => r.createTrial({ momentum: 0.9 }, space), /not in the search space/);
    assert.equal(r.snapshot().trials.length, 0);
  }));
}
