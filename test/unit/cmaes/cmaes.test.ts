import test from 'node:test';
import assert from 'node:assert/strict';
import { CmaEsSampler } from '../../../src/engine/samplers/cmaes';
import { RandomSampler } from '../../../src/engine/samplers/random';
import { contains, type Params } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';
import { boxSpace, drive, trialOf, vector } from './drive';

const sphere = (x: number[]): number => x.reduce((s, v) => s + (v - 1) ** 2, 0);

function rotation(d: number): number[][] {
  // A fixed orthogonal matrix: Gram-Schmidt on a deterministic dense matrix.
  const rows: number[][] = [];
  for (let i = 0; i < d; i++) {
    let v = Array.from({ length: d }, (_, j) => Math.sin(1 + i * 7.3 + j * 3.1));
    for (const r of rows) {
      const dot = r.reduce((s, x, k) => s + x * v[k], 0);
      v = v.map((x, k) => x - dot * r[k]);
    }
    const len = Math.hypot(...v);
    rows.push(v.map((x) => x / len));
  }
  return rows;
}

const R10 = rotation(10);
const rotatedEllipsoid = (x: number[]): number => {
  const d = x.length;
  let s = 0;
  for (let i = 0; i < d; i++) {
    const y = R10[i].reduce((acc, r, k) => acc + r * (x[k] - 1), 0);
    s += 10 ** ((6 * i) / (d - 1)) * y * y;
  }
  return s;
};
const rosenbrock = (x: number[]): number => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
};
const rastrigin = (x: number[]): number => 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0);

test('cmaes solves the 10-D sphere to 1e-6 within 2000 trials', () => {
  const space = boxSpace(10, -5, 5);
  const { best } = drive(new CmaEsSampler(1), space, (p) => sphere(vector(p, 10)), 2000);
  assert.ok(best < 1e-6, `best ${best}`);
});

test('cmaes solves a rotated ellipsoid (condition 1e6) in 10-D to 1e-6 within 6000 trials', () => {
  const space = boxSpace(10, -5, 5);
  const sampler = new CmaEsSampler(2, { restart: 'none' });
  const { best } = drive(sampler, space, (p) => rotatedEllipsoid(vector(p, 10)), 6000);
  assert.ok(best < 1e-6, `best ${best}`);
});

test('cmaes beats random clearly on Rosenbrock-10 within 300 trials (median of 5 seeds)', () => {
  const space = boxSpace(10, -5, 10);
  const f = (p: Params): number => rosenbrock(vector(p, 10));
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[2];
  const cma = median([1, 2, 3, 4, 5].map((s) => drive(new CmaEsSampler(s), space, f, 300).best));
  const random = median([1, 2, 3, 4, 5].map((s) => drive(new RandomSampler(s), space, f, 300).best));
  assert.ok(cma < random / 10, `cmaes ${cma} vs random ${random}`);
});

test('cmaes restarts on Rastrigin with a doubled population (IPOP)', () => {
  const space = boxSpace(2, -5.12, 5.12);
  const sampler = new CmaEsSampler(3);
  drive(sampler, space, (p) => rastrigin(vector(p, 2)), 1500);
  const s = sampler.status!;
  assert.ok(s.restarts >= 1, `no restart in 1500 trials: ${JSON.stringify(s)}`);
  assert.equal(s.popsize, 6 * 2 ** s.restarts, 'population doubles on each restart (4 + floor(3 ln 2) = 6 first)');
});

test('cmaes without restarts keeps its population on Rastrigin', () => {
  const space = boxSpace(2, -5.12, 5.12);
  const sampler = new CmaEsSampler(3, { restart: 'none' });
  drive(sampler, space, (p) => rastrigin(vector(p, 2)), 600);
  assert.equal(sampler.status!.restarts, 0);
  assert.equal(sampler.status!.popsize, 6);
});

test('a fresh cmaes sampler given the same history proposes the same next point (resume)', () => {
  const space = boxSpace(2, -5.12, 5.12);
  const f = (p: Params): number => rastrigin(vector(p, 2));
  const live = new CmaEsSampler(9);
  const { trials } = drive(live, space, f, 1200); // spans a restart
  assert.ok(live.status!.restarts >= 1, 'the history should include a restart');
  // Two trials still running at the end.
  for (let i = 0; i < 2; i++) trials.push(trialOf(trials.length, live.sample({ space, trials, directions: ['minimize'] }), space));
  const next = live.sample({ space, trials, directions: ['minimize'] });
  const fresh = new CmaEsSampler(9).sample({ space, trials, directions: ['minimize'] });
  assert.deepEqual(fresh, next);
});

const mixed: Record<string, SearchedDistribution> = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  opt: { type: 'categorical', choices: ['sgd', 'adam', true, null, 3] },
};
const mixedObjective = (p: Params): number =>
  (Math.log10(p.lr as number) + 3) ** 2 + ((p.dropout as number) - 0.2) ** 2 + ((p.layers as number) - 5) ** 2 / 10 + (p.opt === 'adam' ? 0 : 1);

test('cmaes values on a mixed space lie in their distributions and have their types; same seed same trials', () => {
  const a = drive(new CmaEsSampler(4), mixed, mixedObjective, 200).trials;
  const b = drive(new CmaEsSampler(4), mixed, mixedObjective, 200).trials;
  const c = drive(new CmaEsSampler(5), mixed, mixedObjective, 200).trials;
  assert.deepEqual(a.map((t) => t.params), b.map((t) => t.params));
  assert.notDeepEqual(a.map((t) => t.params), c.map((t) => t.params));
  for (const t of a) {
    for (const [k, d] of Object.entries(mixed)) assert.ok(contains(d, t.params[k]), `${k}=${String(t.params[k])}`);
    assert.ok(Number.isInteger(t.params.layers) && Number.isInteger(t.params.width));
  }
  // Categorical choices follow the best trials: 'adam' dominates the late trials.
  const late = a.slice(100).filter((t) => t.params.opt === 'adam').length / 100;
  assert.ok(late > 0.4, `share of adam in late trials ${late}`);
});

test('cmaes maximises when asked to', () => {
  const space = boxSpace(3, -5, 5);
  const { trials } = drive(new CmaEsSampler(6), space, (p) => -sphere(vector(p, 3)), 400, ['maximize']);
  const best = Math.max(...trials.map((t) => t.values![0]));
  assert.ok(best > -1e-3, `best ${best}`);
});

test('cmaes starts from the prior (the file values)', () => {
  const space = boxSpace(3, 0, 10);
  const sampler = new CmaEsSampler(7, { sigma0: 0.05 });
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 6; i++) {
    const p = sampler.sample({ space, trials, directions: ['minimize'], prior: { x0: 9, x1: 9, x2: 9 } });
    trials.push(trialOf(i, p, space));
  }
  for (const t of trials) for (const v of vector(t.params, 3)) assert.ok(v > 6.5, `trial value ${v} is far from the prior 9`);
});

test('cmaes pending trials join the current generation and differ; failed ones still end it', () => {
  const space = boxSpace(4, -1, 1);
  const sampler = new CmaEsSampler(8, { popsize: 6 });
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 6; i++) trials.push(trialOf(i, sampler.sample({ space, trials, directions: ['minimize'] }), space));
  assert.equal(new Set(trials.map((t) => JSON.stringify(t.params))).size, 6, 'parallel proposals must differ');
  assert.equal(sampler.status!.generation, 0);
  trials.forEach((t, i) => {
    if (i % 2 === 0) trials[i] = { ...t, state: 'failed' };
    else trials[i] = { ...t, state: 'complete', values: [sphere(vector(t.params, 4))] };
  });
  sampler.sample({ space, trials, directions: ['minimize'] });
  assert.equal(sampler.status!.generation, 1, 'a generation with failed members still completes');
});

test('cmaes refuses several objectives with a clear error', () => {
  assert.throws(() => new CmaEsSampler(1).sample({ space: boxSpace(2, 0, 1), trials: [], directions: ['minimize', 'minimize'] }), /one objective/);
});
