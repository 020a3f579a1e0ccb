import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from './cliHarness';

const SPACE = {
  lr: { type: 'float', low: 1e-5, high: 1, log: true },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  opt: { type: 'categorical', choices: ['sgd', 'adam'] },
};

function session(requests: unknown[], extra: string[] = []) {
  const dir = tempDir('asktell');
  const space = path.join(dir, 'space.json');
  fs.writeFileSync(space, JSON.stringify(SPACE));
  const input = requests.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
  const r = cli(['ask-tell', '--space', space, '--seed', '4', ...extra], { cwd: dir, input });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

test('ask-tell answers each request in order, bad requests included', () => {
  const answers = session([
    { op: 'ask' },
    { op: 'ask' },
    { op: 'tell', trial: 0, values: [0.5] },
    'this is not json',
    { op: 'tell', trial: 1, state: 'fail' },
    { op: 'tell', trial: 7, values: [1] },
    { op: 'frob' },
    { op: 'best' },
  ]);
  assert.equal(answers.length, 8, 'one answer per request');
  assert.equal(answers[0].trial, 0);
  assert.equal(answers[1].trial, 1);
  for (const a of answers.slice(0, 2)) {
    assert.ok(a.params.lr >= 1e-5 && a.params.lr <= 1);
    assert.ok(Number.isInteger(a.params.width) && a.params.width >= 16 && a.params.width <= 1024);
    assert.ok(['sgd', 'adam'].includes(a.params.opt));
  }
  assert.deepEqual(answers[2], { ok: true });
  assert.match(answers[3].error, /not JSON/);
  assert.deepEqual(answers[4], { ok: true });
  assert.match(answers[5].error, /no trial 7/);
  assert.match(answers[6].error, /unknown op/);
  assert.deepEqual(answers[7], { trial: 0, params: answers[0].params, values: [0.5] });
});

test('ask-tell is reproducible by seed and honours --directions', () => {
  const reqs = [{ op: 'ask' }, { op: 'ask' }, { op: 'tell', trial: 0, values: [1, 5] }, { op: 'tell', trial: 1, values: [2, 1] }, { op: 'best' }];
  const a = session(reqs, ['--directions', 'maximize,minimize', '--sampler', 'random']);
  const b = session(reqs, ['--directions', 'maximize,minimize', '--sampler', 'random']);
  assert.deepEqual(a, b);
  assert.equal(a[4].trial, 1, 'trial 1 dominates trial 0 under (maximize, minimize)');
});

test('ask-tell refuses a bad space file with exit 2 naming the parameter', () => {
  const dir = tempDir('asktell-bad');
  const space = path.join(dir, 'space.json');
  fs.writeFileSync(space, JSON.stringify({ lr: { type: 'float', low: 1, high: 0.1 } }));
  const r = cli(['ask-tell', '--space', space], { cwd: dir, input: '' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /parameter "lr".*low/);
});

test('ask-tell takes constraints with tell; an infeasible trial is never best', () => {
  const answers = session([
    { op: 'ask' },
    { op: 'ask' },
    { op: 'tell', trial: 0, values: [0.1], constraints: [2.5] },
    { op: 'tell', trial: 1, values: [0.9], constraints: [-1] },
    { op: 'best' },
    { op: 'tell', trial: 1, values: [0.9], constraints: 'no' },
  ]);
  assert.deepEqual(answers[2], { ok: true });
  assert.equal(answers[4].trial, 1, 'trial 0 is better but violates its constraint');
  assert.match(answers[5].error, /constraints/);
});

test('ask-tell --pruner: report answers prune true/false along a fidelity axis, and a pruned trial is told pruned', () => {
  const dir = tempDir('asktell-prune');
  const space = path.join(dir, 'space.json');
  fs.writeFileSync(space, JSON.stringify({ x: { type: 'float', low: 0, high: 1 }, epochs: { type: 'fidelity', low: 1, high: 27 } }));
  // Four trials reach rung 0 (step 1): each of the first three is the best so far and goes on; the 4th is the worst and is cut.
  const requests: unknown[] = [];
  const values = [0.3, 0.2, 0.1, 0.9];
  values.forEach(() => requests.push({ op: 'ask' }));
  values.forEach((v, n) => requests.push({ op: 'report', trial: n, step: 1, value: v }));
  requests.push({ op: 'tell', trial: 3, state: 'pruned' });
  requests.push({ op: 'report', trial: 0, step: 2, value: null });
  requests.push({ op: 'report', trial: 3, step: 2, value: 0.1 });
  requests.push({ op: 'report', trial: 1, step: 'two', value: 0.1 });
  const input = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const r = cli(['ask-tell', '--space', space, '--seed', '1', '--pruner', 'asha'], { cwd: dir, input });
  assert.equal(r.code, 0, r.stderr);
  const answers = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(answers.length, requests.length);
  for (const a of answers.slice(0, 4)) assert.equal(a.params.epochs, 27, 'the caller is given the full budget and told when to stop');
  assert.deepEqual(answers.slice(4, 7), [{ prune: false }, { prune: false }, { prune: false }]);
  assert.equal(answers[7].prune, true);
  assert.match(answers[7].reason, /best 1\/3 at rung 0 \(step 1\): 3 of 3 trials did better/);
  assert.deepEqual(answers[8], { ok: true });
  assert.equal(answers[9].prune, true, 'null stands for NaN, which always prunes');
  assert.match(answers[10].error, /trial 3 is already pruned/);
  assert.match(answers[11].error, /"step": a whole number/);
  const unknown = cli(['ask-tell', '--space', space, '--pruner', 'medain'], { cwd: dir, input: '' });
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /unknown pruner "medain"/);
});
