import test from 'node:test';
import assert from 'node:assert/strict';
import { GpSampler, type GpOptions } from '../../../src/engine/samplers/gp';
import { RandomSampler } from '../../../src/engine/samplers/random';
import type { Sampler } from '../../../src/engine/samplers/sampler';
import { contains, type Direction, type Params, type SearchSpace } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';

// Cheaper acquisition search keeps these tests fast; the defaults are benchmarked by `npm run bench:samplers`.
const FAST: GpOptions = { acquisition: { candidates: 256, localSearches: 2, localIterations: 20, perturbations: 10 } };

const mixed: Record<string, SearchedDistribution> = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  opt: { type: 'categorical', choices: ['sgd', 'adam', true, null] },
};

function trial(number: number, params: Params, space: Record<string, SearchedDistribution>, value?: number, state?: TrialRecord['state']): TrialRecord {
  return {
    number,
    state: state ?? (value === undefined ? 'running' : 'complete'),
    params,
    distributions: space as SearchSpace,
    values: value === undefined ? undefined : [value],
    intermediate: {},
    userAttrs: {},
    systemAttrs: {},
  };
}

/** Runs a sequential study and returns every proposal and the best value. */
function optimize(sampler: Sampler, space: Record<string, SearchedDistribution>, f: (p: Params) => number, budget: number, direction: Direction = 'minimize') {
  const trials: TrialRecord[] = [];
  let best = direction === 'minimize' ? Infinity : -Infinity;
  for (let i = 0; i < budget; i++) {
    const params = sampler.sample({ space, trials, directions: [direction] });
    const v = f(params);
    best = direction === 'minimize' ? Math.min(best, v) : Math.max(best, v);
    trials.push(trial(i, params, space, v));
  }
  return { trials, best };
}

const mixedObjective = (p: Params): number =>
  (Math.log10(p.lr as number) + 3) ** 2 + ((p.dropout as number) - 0.2) ** 2 + ((p.layers as number) - 5) ** 2 / 10 + (p.opt === 'adam' ? 0 : 1) + Math.abs(Math.log2((p.width as number) / 128)) / 5;

test('gp proposes valid, typed values in a mixed space, during startup and after', () => {
  const { trials } = optimize(new GpSampler(3, FAST), mixed, mixedObjective, 22);
  for (const t of trials) {
    for (const [k, d] of Object.entries(mixed)) assert.ok(contains(d, t.params[k]), `${k}=${String(t.params[k])} is outside ${JSON.stringify(d)}`);
    assert.ok(Number.isInteger(t.params.layers) && Number.isInteger(t.params.width));
  }
  const modelPhase = trials.slice(10);
  assert.ok(modelPhase.filter((t) => t.params.opt === 'adam').length >= modelPhase.length / 2, 'the model should learn that adam is best');
});

test('gp is reproducible by seed and differs across seeds', () => {
  const f = (p: Params): number => ((p.x as number) - 0.3) ** 2 + Math.sin(5 * (p.y as number));
  const space: Record<string, SearchedDistribution> = { x: { type: 'float', low: 0, high: 1, log: false }, y: { type: 'float', low: -1, high: 1, log: false } };
  const run = (seed: number) => optimize(new GpSampler(seed, FAST), space, f, 14).trials.map((t) => t.params);
  assert.deepEqual(run(5), run(5));
  assert.notDeepEqual(run(5), run(6));
});

test('gp refuses several objectives with a clear error', () => {
  assert.throws(() => new GpSampler(1).sample({ space: mixed, trials: [], directions: ['minimize', 'minimize'] }), /gp supports one objective/);
});

test('gp maximises when asked to', () => {
  const space: Record<string, SearchedDistribution> = { x: { type: 'float', low: 0, high: 1, log: false } };
  const { best } = optimize(new GpSampler(2, FAST), space, (p) => -(((p.x as number) - 0.37) ** 2), 15, 'maximize');
  assert.ok(best > -1e-4, `best ${best}`);
});

test('gp gives pending trials distinct proposals (kriging believer)', () => {
  const space: Record<string, SearchedDistribution> = { x: { type: 'float', low: -2, high: 2, log: false }, y: { type: 'float', low: -2, high: 2, log: false } };
  const f = (p: Params): number => (p.x as number) ** 2 + (p.y as number) ** 2;
  const { trials } = optimize(new GpSampler(4, FAST), space, f, 12);
  const sampler = new GpSampler(4, FAST);
  const first = sampler.sample({ space, trials, directions: ['minimize'] });
  const withPending = [...trials, trial(12, first, space)];
  const second = sampler.sample({ space, trials: withPending, directions: ['minimize'] });
  const third = sampler.sample({ space, trials: [...withPending, trial(13, second, space)], directions: ['minimize'] });
  const dist = (a: Params, b: Params): number => Math.hypot((a.x as number) - (b.x as number), (a.y as number) - (b.y as number));
  assert.ok(dist(first, second) > 1e-3 && dist(second, third) > 1e-3 && dist(first, third) > 1e-3, `${JSON.stringify([first, second, third])}`);
});

test('gp never re-proposes a tried configuration of a small discrete space', () => {
  const space: Record<string, SearchedDistribution> = {
    a: { type: 'int', low: 0, high: 2, log: false, step: 1 },
    b: { type: 'categorical', choices: ['u', 'v', 'w'] },
  };
  const all: Params[] = [];
  for (let a = 0; a <= 2; a++) for (const b of ['u', 'v', 'w']) all.push({ a, b });
  const missing = all.splice(4, 1)[0];
  const trials = all.map((p, i) => trial(i, p, space, (p.a as number) + (p.b === 'w' ? 0 : 1)));
  const p = new GpSampler(1, { ...FAST, nStartup: 3 }).sample({ space, trials, directions: ['minimize'] });
  assert.deepEqual(p, missing);
});

test('gp ignores failed and pruned trials, copes with infeasible ones and foreign params', () => {
  const space: Record<string, SearchedDistribution> = { x: { type: 'float', low: 0, high: 1, log: false } };
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 12; i++) {
    const x = (i + 0.5) / 12;
    const t = trial(i, { x }, space, x, i % 4 === 0 ? 'failed' : i % 4 === 1 ? 'pruned' : 'complete');
    if (x < 0.3 && t.state === 'complete') t.systemAttrs.constraints = [1]; // the low x are infeasible
    trials.push(t);
  }
  trials.push(trial(12, { other: 3 }, space, 0)); // a trial from another space
  trials.push(trial(13, { x: 'bad' }, space, -5));
  const p = new GpSampler(1, { ...FAST, nStartup: 3 }).sample({ space, trials, directions: ['minimize'] });
  assert.ok(typeof p.x === 'number' && p.x >= 0.3 && p.x <= 1, `proposed ${p.x}`);
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('gp beats random search clearly on Branin', () => {
  const space: Record<string, SearchedDistribution> = { x: { type: 'float', low: -5, high: 10, log: false }, y: { type: 'float', low: 0, high: 15, log: false } };
  const branin = (p: Params): number => {
    const x = p.x as number;
    const y = p.y as number;
    return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10 - 0.397887357729738;
  };
  const gp = [0, 1, 2].map((s) => optimize(new GpSampler(s, FAST), space, branin, 30).best);
  const random = [0, 1, 2].map((s) => optimize(new RandomSampler(s), space, branin, 30).best);
  assert.ok(median(gp) < 0.1 * median(random) && median(gp) < 0.05, `median regret gp ${median(gp)}, random ${median(random)}`);
});

test('gp beats random search clearly on Hartmann-6', () => {
  const A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
  const P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991], [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]];
  const alpha = [1, 1.2, 3, 3.2];
  const space: Record<string, SearchedDistribution> = {};
  for (let j = 0; j < 6; j++) space[`x${j}`] = { type: 'float', low: 0, high: 1, log: false };
  const hartmann = (p: Params): number => {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += A[i][j] * ((p[`x${j}`] as number) - P[i][j]) ** 2;
      s += alpha[i] * Math.exp(-inner);
    }
    return 3.32236801141551 - s;
  };
  const gp = [0, 1, 2].map((s) => optimize(new GpSampler(s, FAST), space, hartmann, 45).best);
  const random = [0, 1, 2].map((s) => optimize(new RandomSampler(s), space, hartmann, 45).best);
  assert.ok(median(gp) < 0.5 * median(random), `median regret gp ${median(gp)}, random ${median(random)}`);
});

test('gp proposes a full configuration at 100 trials, d = 10 (its speed is in npm run bench:samplers)', () => {
  const space: Record<string, SearchedDistribution> = {};
  for (let j = 0; j < 10; j++) space[`x${j}`] = { type: 'float', low: 0, high: 1, log: false };
  const random = new RandomSampler(1);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 100; i++) {
    const p = random.sample({ space, trials, directions: ['minimize'] });
    trials.push(trial(i, p, space, Object.values(p).reduce<number>((a, v, j) => a + ((v as number) - 0.3) ** 2 * (j + 1), 0)));
  }
  const sampler = new GpSampler(1);
  const p = sampler.sample({ space, trials, directions: ['minimize'] });
  assert.equal(Object.keys(p).length, 10);
  for (const v of Object.values(p)) assert.ok(typeof v === 'number' && v >= 0 && v <= 1, `x out of [0, 1]: ${v}`);
});
