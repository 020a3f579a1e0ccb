import test from 'node:test';
import assert from 'node:assert/strict';
import { hypervolume } from '../../../src/engine/multiobjective';
import { Nsga2Sampler } from '../../../src/engine/samplers/nsga2';
import { RandomSampler } from '../../../src/engine/samplers/random';
import type { Sampler } from '../../../src/engine/samplers/sampler';
import { SobolSequence } from '../../../src/engine/samplers/sobolSequence';
import { contains, type Direction, type Params, type SearchSpace } from '../../../src/engine/space';
import { fromUnit, type SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';

const MIN2: Direction[] = ['minimize', 'minimize'];

function box(d: number): Record<string, SearchedDistribution> {
  return Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1, log: false }]));
}
const vec = (p: Params, d: number): number[] => Array.from({ length: d }, (_, i) => p[`x${i}`] as number);

function zdt1(x: number[]): number[] {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += x[i];
  const g = 1 + (9 * s) / (x.length - 1);
  return [x[0], g * (1 - Math.sqrt(x[0] / g))];
}

function trial(number: number, params: Params, space: Record<string, SearchedDistribution>, values?: number[], constraints?: number[]): TrialRecord {
  const t: TrialRecord = {
    number, state: values ? 'complete' : 'running', params, distributions: space as SearchSpace,
    intermediate: {}, userAttrs: {}, systemAttrs: constraints ? { constraints } : {},
  };
  if (values) t.values = values;
  return t;
}

function drive(
  sampler: Sampler,
  space: Record<string, SearchedDistribution>,
  f: (p: Params) => number[],
  n: number,
  constraint?: (p: Params) => number[],
): TrialRecord[] {
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const p = sampler.sample({ space, trials, directions: MIN2 });
    trials.push(trial(i, p, space, f(p), constraint?.(p)));
  }
  return trials;
}

test('nsga2 on ZDT1 (d=10, 300 trials) reaches a hypervolume clearly above random', () => {
  const space = box(10);
  const f = (p: Params): number[] => zdt1(vec(p, 10));
  const hv = (s: Sampler): number => hypervolume(drive(s, space, f, 300).map((t) => t.values!), [1.1, 11], MIN2);
  for (const seed of [1, 2, 3]) {
    const nsga = hv(new Nsga2Sampler(seed));
    const random = hv(new RandomSampler(seed));
    // The true front's volume is 1.1 * 11 - 1/3 = 11.77; random ends near 9.3-9.6.
    assert.ok(nsga > random + 0.8, `seed ${seed}: nsga2 ${nsga} vs random ${random}`);
  }
});

test('nsga2 generation 0 is the scrambled Sobol design', () => {
  const space = box(3);
  const trials = drive(new Nsga2Sampler(4, { populationSize: 8 }), space, (p) => zdt1(vec(p, 3)), 8);
  const sobol = new SobolSequence(3, 4);
  trials.forEach((t, i) => assert.deepEqual(vec(t.params, 3), sobol.point(i).map((u, k) => fromUnit(space[`x${k}`], u))));
});

const mixed: Record<string, SearchedDistribution> = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  opt: { type: 'categorical', choices: ['sgd', 'adam', true, null, 3] },
};
const mixedObjectives = (p: Params): number[] => [
  (Math.log10(p.lr as number) + 3) ** 2 + (p.opt === 'adam' ? 0 : 1),
  (p.width as number) / 1024 + (p.layers as number) / 8 + (p.dropout as number),
];

test('nsga2 values on a mixed space lie in their distributions and have their types; seeded', () => {
  const a = drive(new Nsga2Sampler(5, { populationSize: 10 }), mixed, mixedObjectives, 120);
  const b = drive(new Nsga2Sampler(5, { populationSize: 10 }), mixed, mixedObjectives, 120);
  const c = drive(new Nsga2Sampler(6, { populationSize: 10 }), mixed, mixedObjectives, 120);
  assert.deepEqual(a.map((t) => t.params), b.map((t) => t.params));
  assert.notDeepEqual(a.map((t) => t.params), c.map((t) => t.params));
  for (const t of a) {
    for (const [k, d] of Object.entries(mixed)) assert.ok(contains(d, t.params[k]), `${k}=${String(t.params[k])}`);
    assert.ok(Number.isInteger(t.params.layers) && Number.isInteger(t.params.width));
  }
  const adam = a.slice(60).filter((t) => t.params.opt === 'adam').length;
  assert.ok(adam > 20, `'adam' should spread through later generations (${adam} of 60)`);
});

test('a fresh nsga2 sampler given the same history proposes the same next point (resume)', () => {
  const space = box(4);
  const f = (p: Params): number[] => zdt1(vec(p, 4));
  const live = new Nsga2Sampler(7, { populationSize: 10 });
  const trials = drive(live, space, f, 53);
  // Pending trials of the current generation.
  for (let i = 0; i < 3; i++) trials.push(trial(trials.length, live.sample({ space, trials, directions: MIN2 }), space));
  const next = live.sample({ space, trials, directions: MIN2 });
  assert.deepEqual(new Nsga2Sampler(7, { populationSize: 10 }).sample({ space, trials, directions: MIN2 }), next);
});

test('nsga2 parallel proposals for pending trials differ', () => {
  const space = box(4);
  const sampler = new Nsga2Sampler(8, { populationSize: 10 });
  const trials = drive(sampler, space, (p) => zdt1(vec(p, 4)), 30);
  for (let i = 0; i < 6; i++) trials.push(trial(trials.length, sampler.sample({ space, trials, directions: MIN2 }), space));
  assert.equal(new Set(trials.slice(30).map((t) => JSON.stringify(t.params))).size, 6);
});

test('nsga2 steers away from infeasible trials (constrained domination)', () => {
  const space = box(4);
  const f = (p: Params): number[] => zdt1(vec(p, 4));
  // Feasible only when x0 >= 0.6: the unconstrained front reaches x0 = 0.
  const constraint = (p: Params): number[] => [0.6 - (p.x0 as number)];
  const trials = drive(new Nsga2Sampler(9, { populationSize: 10 }), space, f, 150, constraint);
  const feasibleShare = (ts: TrialRecord[]): number => ts.filter((t) => (t.params.x0 as number) >= 0.6).length / ts.length;
  const early = feasibleShare(trials.slice(0, 10));
  const late = feasibleShare(trials.slice(100));
  assert.ok(late > 0.8 && late > early, `feasible share: first generation ${early}, last 50 trials ${late}`);
});

test('nsga2 maximises objectives marked maximize', () => {
  const space = box(3);
  const directions: Direction[] = ['maximize', 'maximize'];
  const sampler = new Nsga2Sampler(10, { populationSize: 10 });
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 150; i++) {
    const p = sampler.sample({ space, trials, directions });
    trials.push(trial(i, p, space, zdt1(vec(p, 3)).map((v) => -v)));
  }
  const hv = (ts: TrialRecord[]): number => hypervolume(ts.map((t) => t.values!), [-1.1, -11], directions);
  assert.ok(hv(trials.slice(100)) > hv(trials.slice(0, 50)), 'later generations should dominate more');
});
