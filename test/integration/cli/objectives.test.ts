import test from 'node:test';
import assert from 'node:assert/strict';
import { cli, lastJsonLine, tempDir, writeObjectiveConfig } from './cliHarness';

type Trial = { number: number; state: string; params: Record<string, number | string>; values?: number[]; systemAttrs: Record<string, unknown> };

test('several @tune.objective lines make a multi-objective run whose --json lists the Pareto front', () => {
  const dir = tempDir('moo');
  const file = writeObjectiveConfig(dir, '# @tune.objective size max');
  const r = cli(['tune', file, '-n', '10', '--seed', '4', '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Pareto front, \d+ trial\(s\):/);
  const s = lastJsonLine(r.stdout);
  const trials = lastJsonLine(cli(['show', s.run, '--json'], { cwd: dir }).stdout).trialList as Trial[];
  const complete = trials.filter((t) => t.state === 'complete');
  assert.ok(complete.every((t) => t.values!.length === 2));
  const dominated = (a: number[]) => complete.some((o) => o.values![0] <= a[0] && o.values![1] >= a[1] && (o.values![0] < a[0] || o.values![1] > a[1]));
  const expected = complete.filter((t) => !dominated(t.values!)).map((t) => t.number).sort((a, b) => a - b);
  assert.deepEqual(s.pareto.map((p: { number: number }) => p.number).sort((a: number, b: number) => a - b), expected);
  assert.ok(expected.includes(s.best.number));
});

test('@tune.constraint: infeasible trials are recorded as such and never reported best', () => {
  const dir = tempDir('constraint');
  const file = writeObjectiveConfig(dir, '# @tune.constraint size <= 3');
  const r = cli(['tune', file, '-n', '12', '--seed', '8', '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const s = lastJsonLine(r.stdout);
  const trials = lastJsonLine(cli(['show', s.run, '--json'], { cwd: dir }).stdout).trialList as Trial[];
  for (const t of trials.filter((x) => x.state === 'complete')) {
    assert.deepEqual(t.systemAttrs.constraints, [Number(t.params['model.n']) - 3], `trial ${t.number}`);
  }
  const feasible = trials.filter((t) => t.state === 'complete' && Number(t.params['model.n']) <= 3);
  const unconstrainedBest = Math.min(...trials.filter((t) => t.state === 'complete').map((t) => t.values![0]));
  if (feasible.length === 0) {
    assert.equal(s.best, null);
  } else {
    assert.ok(Number(s.best.params['model.n']) <= 3, 'the best trial is feasible');
    assert.equal(s.best.values[0], Math.min(...feasible.map((t) => t.values![0])));
  }
  assert.ok(feasible.length < trials.length, 'the test needs some infeasible trials');
  assert.ok(unconstrainedBest <= s.best.values[0]);
});
