import test from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../src/engine/memoryStorage';
import { RandomSampler } from '../../../src/engine/samplers/random';
import { TpeSampler } from '../../../src/engine/samplers/tpe';
import { contains, type Params, type SearchSpace } from '../../../src/engine/space';
import { Study } from '../../../src/engine/study';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';
import { median, optimise, trial } from './helpers';

const mixedSpace: Record<string, SearchedDistribution> = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  batch: { type: 'int', low: 32, high: 256, log: false, step: 32 },
  big: { type: 'int', low: 0, high: 500, log: false, step: 5 },
  opt: { type: 'categorical', choices: ['sgd', 'adam', true, null, 3] },
  x: { type: 'float', low: -3, high: 3, log: false },
};

function mixedObjective(p: Params): number {
  const lr = Math.log10(p.lr as number) + 3;
  return lr * lr + ((p.layers as number) - 4) ** 2 / 4 + (p.opt === 'adam' ? 0 : 1) + (p.x as number) ** 2 + (p.dropout as number);
}

function assertValid(p: Params, space: Record<string, SearchedDistribution>) {
  for (const [k, d] of Object.entries(space)) assert.ok(contains(d, p[k]), `${k}=${String(p[k])} is outside ${JSON.stringify(d)}`);
  for (const k of Object.keys(p)) assert.ok(k in space, `unexpected name ${k}`);
}

test('every proposal lies in its distribution and has its type, through startup and the model', () => {
  const { trials } = optimise(new TpeSampler(3), mixedSpace, mixedObjective, 80);
  for (const t of trials) {
    assertValid(t.params, mixedSpace);
    for (const k of ['layers', 'width', 'batch', 'big']) assert.ok(Number.isInteger(t.params[k]), `${k} is not an integer`);
    assert.ok(((t.params.batch as number) - 32) % 32 === 0);
    assert.ok(((t.params.big as number) % 5) === 0);
  }
  // Independent mode too.
  for (const t of optimise(new TpeSampler(3, { multivariate: false }), mixedSpace, mixedObjective, 40).trials) assertValid(t.params, mixedSpace);
});

test('the same seed and trials give the same proposal; another seed another', () => {
  const a = optimise(new TpeSampler(7), mixedSpace, mixedObjective, 30).trials.map((t) => t.params);
  const b = optimise(new TpeSampler(7), mixedSpace, mixedObjective, 30).trials.map((t) => t.params);
  const c = optimise(new TpeSampler(8), mixedSpace, mixedObjective, 30).trials.map((t) => t.params);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.slice(20), c.slice(20));
});

test('a fresh sampler on a resumed study proposes what the original would have', () => {
  const { trials } = optimise(new TpeSampler(5), mixedSpace, mixedObjective, 25);
  const ctx = { space: mixedSpace, trials, directions: ['minimize' as const] };
  assert.deepEqual(new TpeSampler(5).sample(ctx), new TpeSampler(5).sample(ctx));
  // Asking again on the same trials (the study re-drawing a duplicate) gives a new point.
  const s = new TpeSampler(5);
  assert.notDeepEqual(s.sample(ctx), s.sample(ctx));
});

test('log parameters are searched on the log scale during startup', () => {
  const space = { lr: { type: 'float', low: 1e-6, high: 1, log: true } } as Record<string, SearchedDistribution>;
  const s = new TpeSampler(1, { nStartup: 1000 });
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 64; i++) trials.push(trial(i, s.sample({ space, trials, directions: ['minimize'] }), 'complete', [0]));
  const below = trials.filter((t) => (t.params.lr as number) < 1e-3).length;
  assert.ok(below >= 28 && below <= 36, `${below} of 64 below 1e-3`);
});

const quadratic: Record<string, SearchedDistribution> = {
  x: { type: 'float', low: -5, high: 5, log: false },
  y: { type: 'float', low: -5, high: 5, log: false },
};
const bowl = (p: Params) => ((p.x as number) - 1.3) ** 2 + ((p.y as number) + 2.1) ** 2;

test('TPE beats random search on a 2-D quadratic within 60 trials (median of 7 seeds)', () => {
  const tpe = [];
  const rnd = [];
  for (let s = 0; s < 7; s++) {
    tpe.push(optimise(new TpeSampler(s), quadratic, bowl, 60).best);
    rnd.push(optimise(new RandomSampler(s), quadratic, bowl, 60).best);
  }
  assert.ok(median(tpe) < median(rnd) / 3, `tpe ${median(tpe)} vs random ${median(rnd)}`);
});

test('TPE beats random search on a categorical + continuous toy within 60 trials', () => {
  const space: Record<string, SearchedDistribution> = {
    kind: { type: 'categorical', choices: ['a', 'b', 'c', 'd', 'e', 'f'] },
    x: { type: 'float', low: 0, high: 10, log: false },
  };
  const f = (p: Params) => (p.kind === 'd' ? 0 : 2) + ((p.x as number) - 7.7) ** 2 / 10;
  const tpe = [];
  const rnd = [];
  for (let s = 0; s < 7; s++) {
    tpe.push(optimise(new TpeSampler(s), space, f, 60).best);
    rnd.push(optimise(new RandomSampler(s), space, f, 60).best);
  }
  assert.ok(median(tpe) < median(rnd) / 2, `tpe ${median(tpe)} vs random ${median(rnd)}`);
});

test('maximising climbs instead of descending', () => {
  const up = optimise(new TpeSampler(2), quadratic, (p) => -bowl(p), 60, 'maximize').best;
  assert.ok(up > -0.5, `best of maximising was ${up}`);
});

test('constant liar: with four trials running at one point, the next proposal goes elsewhere', () => {
  const space = { x: quadratic.x, y: quadratic.y };
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 30; i++) {
    const x = -5 + ((i * 7) % 30) / 3;
    const y = -5 + ((i * 13) % 30) / 3;
    trials.push(trial(i, { x, y }, 'complete', [(x - 2) ** 2 + (y - 2) ** 2]));
  }
  const seeds = Array.from({ length: 30 }, (_, s) => s);
  // Median distance of 30 seeds' proposals from (2, 2).
  const spread = (trials: TrialRecord[], constantLiar = true) =>
    median(
      seeds.map((s) => {
        const p = new TpeSampler(s, { constantLiar }).sample({ space, trials, directions: ['minimize'] });
        return Math.hypot((p.x as number) - 2, (p.y as number) - 2);
      }),
    );
  const pending = [...trials];
  for (let i = 0; i < 4; i++) pending.push(trial(30 + i, { x: 2 + 0.01 * i, y: 2 - 0.01 * i }, 'running'));
  const free = spread(trials);
  const taken = spread(pending);
  assert.ok(taken > free + 0.4, `median distance from (2, 2): ${taken} with four pending there, ${free} without`);
  // Without the liar the pending trials are ignored.
  const ignoring = spread(pending, false);
  assert.ok(ignoring < taken - 0.4, `liar off: ${ignoring}, on: ${taken}`);
});

test('the file prior pulls early proposals towards it and fades with evidence', () => {
  const space = { x: quadratic.x, y: quadratic.y };
  const prior = { x: 3, y: 3 };
  // The optimum is at (-2, -2), far from the prior at (3, 3).
  const f = (x: number, y: number) => (x + 2) ** 2 + (y + 2) ** 2;
  const history = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const x = -5 + ((i * 37) % 101) / 10;
      const y = -5 + ((i * 61) % 101) / 10;
      return trial(i, { x, y }, 'complete', [f(x, y)]);
    });
  const distances = (n: number, withPrior: boolean) => {
    const trials = history(n);
    const toPrior = [];
    const toOptimum = [];
    for (let s = 0; s < 40; s++) {
      const p = new TpeSampler(s).sample({ space, trials, directions: ['minimize'], prior: withPrior ? prior : undefined });
      toPrior.push(Math.hypot((p.x as number) - 3, (p.y as number) - 3));
      toOptimum.push(Math.hypot((p.x as number) + 2, (p.y as number) + 2));
    }
    return { toPrior: median(toPrior), toOptimum: median(toOptimum) };
  };
  const earlyGain = distances(12, false).toPrior - distances(12, true).toPrior;
  assert.ok(earlyGain > 0.5, `with 12 trials the prior brought proposals only ${earlyGain} closer`);
  const late = [distances(200, false), distances(200, true)];
  assert.ok(Math.abs(late[0].toPrior - late[1].toPrior) < 0.3, `with 200 trials: ${JSON.stringify(late)}`);
  assert.ok(late[1].toOptimum < 1, `with 200 trials proposals sit ${late[1].toOptimum} from the optimum`);
});

test('grouped fitting: trials without a new parameter still guide the old ones', () => {
  const space: Record<string, SearchedDistribution> = { ...quadratic, z: { type: 'float', low: 0, high: 1, log: false } };
  // An old study without z, whose best lies at x = 1.3, y = -2.1; then a few trials with z.
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 60; i++) {
    const x = -5 + ((i * 7) % 60) / 6;
    const y = -5 + ((i * 23) % 60) / 6;
    trials.push(trial(i, { x, y }, 'complete', [bowl({ x, y })]));
  }
  for (let i = 0; i < 3; i++) trials.push(trial(60 + i, { x: 0, y: 0, z: 0.9 }, 'complete', [bowl({ x: 0, y: 0 })]));
  let close = 0;
  for (let s = 0; s < 20; s++) {
    const p = new TpeSampler(s).sample({ space, trials, directions: ['minimize'] });
    assertValid(p, space);
    if (Math.hypot((p.x as number) - 1.3, (p.y as number) + 2.1) < 2) close++;
  }
  assert.ok(close >= 12, `${close} of 20 proposals near the old optimum`);
  // A name no trial has is still filled in.
  const p = new TpeSampler(1).sample({ space: { ...space, w: { type: 'categorical', choices: [1, 2] } }, trials, directions: ['minimize'] });
  assert.ok(p.w === 1 || p.w === 2);
});

test('infeasible trials steer proposals away even when their values look best', () => {
  const space = { x: quadratic.x, y: quadratic.y };
  const history = (constrained: boolean) => {
    const trials: TrialRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const x = -5 + ((i * 7) % 40) / 4;
      const y = -5 + ((i * 17) % 40) / 4;
      // The best values lie at x > 2, which the constraint forbids.
      const systemAttrs = constrained ? { constraints: [x - 2] } : {};
      trials.push(trial(i, { x, y }, 'complete', [-x], { systemAttrs }));
    }
    return trials;
  };
  const feasible = (constrained: boolean) => {
    let k = 0;
    for (let s = 0; s < 20; s++) if ((new TpeSampler(s).sample({ space, trials: history(constrained), directions: ['minimize'] }).x as number) <= 2) k++;
    return k;
  };
  const without = feasible(false);
  const within = feasible(true);
  assert.ok(without <= 6, `${without} of 20 proposals at x <= 2 without constraints`);
  assert.ok(within >= 12, `${within} of 20 proposals feasible with constraints`);
});

test('multi-objective: proposals move towards the Pareto front', () => {
  const space = { x: { type: 'float', low: 0, high: 1, log: false }, y: { type: 'float', low: 0, high: 1, log: false } } as Record<string, SearchedDistribution>;
  // Both objectives want small y; x trades them off.
  const f = (p: Params) => [(p.x as number) + (p.y as number), 1 - (p.x as number) + (p.y as number)];
  const s = new TpeSampler(4);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 60; i++) {
    const p = s.sample({ space, trials, directions: ['minimize', 'minimize'] });
    trials.push(trial(i, p, 'complete', f(p)));
  }
  const lateY = median(trials.slice(40).map((t) => t.params.y as number));
  assert.ok(lateY < 0.15, `median y of the last 20 proposals was ${lateY}`);
});

test(`asks at 1000 complete trials with 10 parameters stay in bounds (speed: npm run bench:samplers)`, () => {
  const space: Record<string, SearchedDistribution> = {};
  for (let j = 0; j < 10; j++) space[`x${j}`] = { type: 'float', low: -5, high: 5, log: false };
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 1000; i++) {
    const params: Params = {};
    let y = 0;
    for (let j = 0; j < 10; j++) {
      const v = -5 + 10 * (((i * (j + 3) * 7919) % 1000) / 1000);
      params[`x${j}`] = v;
      y += v * v;
    }
    trials.push({ ...trial(i, params, 'complete', [y]), distributions: space as SearchSpace });
  }
  const s = new TpeSampler(1);
  const ctx = { space, trials, directions: ['minimize' as const] };
  for (let i = 0; i < 30; i++) s.sample(ctx);
  for (let i = 0; i < 20; i++) {
    const p = s.sample(ctx);
    for (const [k, v] of Object.entries(p)) assert.ok(typeof v === 'number' && v >= -5 && v <= 5, `${k} out of [-5, 5]: ${v}`);
  }
});

test('a small discrete space is covered without repeats through the study', () => {
  const space: SearchSpace = {
    a: { type: 'int', low: 1, high: 3, log: false, step: 1 },
    b: { type: 'categorical', choices: ['x', 'y'] },
  };
  const study = new Study({ space, directions: ['minimize'], sampler: new TpeSampler(1, { nStartup: 2 }), storage: new MemoryStorage('t', ['minimize']) });
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const { number, params } = study.ask();
    seen.add(JSON.stringify(params));
    study.tell(number, 'complete', [(params.a as number) + (params.b === 'x' ? 0 : 1)]);
  }
  assert.equal(seen.size, 6);
});
