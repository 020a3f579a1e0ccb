import test from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/annotations';
import type { SearchSpace } from '../../../src/engine/space';
import { describeDistribution, hoverMarkdown, importanceOf } from '../../../src/editor/hoverModel';
import { bestOf, entry, trial } from './fakes';

const TEXT = `# @tune.command python t.py
# @tune.objective val_loss min
lr: 0.001      # @tune float(1e-5, 1e-1, log)
optimizer: sgd # @tune choice(sgd, momentum, adam)
width: 8       # @tune int(4, 64, step=2)
layers: 4      # @tune int(2, 8)
epochs: 27     # @tune fidelity(1, 27)
seed: 7        # @tune fixed
`;
const parsed = parseConfig(TEXT, 'c.yaml');
const value = (name: string) => parsed.values.find((v) => v.name === name)!;

test('each distribution is said in words', () => {
  assert.deepEqual(parsed.errors, []);
  assert.equal(describeDistribution(value('lr').distribution), 'float between 1e-5 and 0.1, log scale');
  assert.equal(describeDistribution(value('optimizer').distribution), 'one of sgd, momentum, adam');
  assert.equal(describeDistribution(value('width').distribution), 'int from 4 to 64 in steps of 2');
  assert.equal(describeDistribution(value('layers').distribution), 'int from 2 to 8');
  assert.match(describeDistribution(value('epochs').distribution), /^fidelity .* from 1 to 27$/);
  assert.match(describeDistribution(value('seed').distribution), /^fixed at 7/);
  assert.equal(describeDistribution({ type: 'float', low: 0, high: 0.5, log: false, step: 0.05 }), 'float between 0 and 0.5, in steps of 0.05');
});

test('without runs the hover gives the distribution and current value and says there are no runs', () => {
  const md = hoverMarkdown({ value: value('lr'), best: undefined, runs: [] });
  assert.match(md, /^\*\*lr\*\*: float between 1e-5 and 0\.1, log scale/);
  assert.match(md, /current `0\.001`/);
  assert.match(md, /no runs yet/);
  assert.doesNotMatch(md, /importance|!\[/);
});

const SPACE: SearchSpace = { lr: value('lr').distribution, optimizer: value('optimizer').distribution };

function run(n: number) {
  const trials = Array.from({ length: n }, (_, i) => trial(i, { lr: 10 ** -(1 + (i % 4)), optimizer: ['sgd', 'adam'][i % 2] }, 1 + (i % 4) + 0.01 * i));
  return entry('20250101-000000-c-abcd', SPACE, trials);
}

test('with a best trial the hover names its value, trial and run, and the importance', () => {
  const e = run(12);
  const md = hoverMarkdown({ value: value('lr'), best: bestOf(e), runs: [e], importance: importanceOf('lr', e), plot: '![plot](data:x)' });
  assert.match(md, /best `0\.1` in trial 0 of run `20250101-000000-c-abcd`, val\\_loss 1\b/);
  assert.match(md, /importance \d\.\d\d \(1st of 2 parameters, over 12 trials\)/);
  assert.ok(md.endsWith('![plot](data:x)'));
});

test('the best equal to the current value says so', () => {
  const e = entry('r1', SPACE, [trial(0, { lr: 0.001, optimizer: 'sgd' }, 1)]);
  assert.match(hoverMarkdown({ value: value('lr'), best: bestOf(e), runs: [e] }), /best `0\.001` \(the current value\)/);
});

test('too few trials for importance says how many it needs', () => {
  const e = run(3);
  const fact = importanceOf('lr', e);
  assert.deepEqual(fact, { kind: 'needs', need: 5, have: 3, runId: e.run.id });
  assert.match(hoverMarkdown({ value: value('lr'), best: bestOf(e), runs: [e], importance: fact }), /importance needs 5 complete trials \(3 so far/);
});

test('a parameter the run did not search has no importance and no best value', () => {
  const e = run(12);
  assert.equal(importanceOf('layers', e), undefined);
  assert.match(hoverMarkdown({ value: value('layers'), best: bestOf(e), runs: [e] }), /not tuned in the best run/);
});

test('runs without a complete trial are counted', () => {
  const e = entry('r1', SPACE, [trial(0, { lr: 0.01 }, undefined, 'running')]);
  assert.match(hoverMarkdown({ value: value('lr'), best: undefined, runs: [e] }), /no complete trial yet \(1 run\)/);
});
