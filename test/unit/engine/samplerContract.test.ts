// The contract every sampler the CLI names must keep, run against each of
// them through the real ask/tell study: seeded reproducibility, values inside
// their distributions with their types, pending trials not proposed twice,
// and (for those that take several objectives) a front that improves.
import assert from 'node:assert/strict';
import test from 'node:test';
import { MemoryStorage } from '../../../src/engine/memoryStorage';
import { dominates } from '../../../src/engine/multiobjective';
import { createSampler, SAMPLER_NAMES } from '../../../src/engine/samplers';
import { contains, type Direction, type Params, type SearchSpace } from '../../../src/engine/space';
import { paretoFront, Study } from '../../../src/engine/study';

/** The names issue 3 lists; `sobol` is an alias of `qmc`. */
const NAMED = ['random', 'qmc', 'grid', 'tpe', 'gp', 'cmaes', 'nsga2', 'motpe', 'auto'];
const MULTI = ['random', 'qmc', 'nsga2', 'motpe', 'auto', 'tpe'];

const MIXED: SearchSpace = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  layers: { type: 'int', low: 2, high: 8, log: false, step: 1 },
  width: { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  opt: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
};

function loss(p: Params): number {
  const opt = { sgd: 0.3, adam: 0, rmsprop: 0.1 }[p.opt as string] ?? 1;
  return (Math.log10(p.lr as number) + 3) ** 2 + ((p.dropout as number) - 0.2) ** 2 + ((p.layers as number) - 4) ** 2 / 10 + (Math.log2(p.width as number) - 7) ** 2 / 10 + opt;
}

function run(name: string, seed: number, n: number, space: SearchSpace = MIXED, directions: Direction[] = ['minimize'], f = (p: Params) => [loss(p)]): Study {
  const study = new Study({ space, directions, sampler: createSampler(name, seed), storage: new MemoryStorage('c', directions), seed });
  for (let i = 0; i < n; i++) {
    const { number, params } = study.ask();
    study.tell(number, 'complete', f(params));
  }
  return study;
}

test('every sampler the issue names is registered', () => {
  for (const name of NAMED) assert.ok((SAMPLER_NAMES as readonly string[]).includes(name), `${name} is not a sampler name`);
});

for (const name of NAMED) {
  test(`${name}: the same seed gives the same study; values lie in their distributions with their types`, () => {
    const a = run(name, 5, 24).trials();
    const b = run(name, 5, 24).trials();
    assert.deepEqual(a.map((t) => t.params), b.map((t) => t.params), 'same seed, same proposals');
    for (const t of a) {
      for (const [k, d] of Object.entries(MIXED)) assert.ok(contains(d, t.params[k]), `${name}: ${k}=${String(t.params[k])} is outside ${JSON.stringify(d)}`);
      assert.ok(Number.isInteger(t.params.layers) && Number.isInteger(t.params.width), `${name}: ints must be integers`);
    }
    const c = run(name, 6, 24).trials();
    assert.notDeepEqual(a.map((t) => t.params), c.map((t) => t.params), 'another seed, other proposals');
  });

  test(`${name}: trials still running are not proposed again (parallel slots get different configurations)`, () => {
    const study = run(name, 3, 12);
    const pending = [study.ask(), study.ask(), study.ask()];
    const keys = new Set(pending.map((p) => JSON.stringify(p.params)));
    assert.equal(keys.size, 3, `${name} proposed the same configuration to parallel slots: ${[...keys].join(' | ')}`);
  });
}

for (const name of MULTI) {
  test(`${name}: two objectives give a Pareto front of mutually non-dominated trials`, () => {
    const directions: Direction[] = ['minimize', 'minimize'];
    const space: SearchSpace = { x: { type: 'float', low: 0, high: 1, log: false }, y: { type: 'float', low: 0, high: 1, log: false } };
    // ZDT1-like: f1 = x, f2 = g (1 - sqrt(x / g)) with g from y.
    const f = (p: Params): number[] => {
      const x = p.x as number;
      const g = 1 + 9 * (p.y as number);
      return [x, g * (1 - Math.sqrt(x / g))];
    };
    const study = run(name, 2, 40, space, directions, f);
    const front = paretoFront(study.trials(), directions);
    assert.ok(front.length >= 2, `${name}: a front of ${front.length}`);
    for (const a of front) for (const b of front) assert.ok(!dominates(a.values!, b.values!, directions), `${name}: front trial ${a.number} dominates ${b.number}`);
  });
}

test('gp refuses several objectives with a clear error; auto routes them elsewhere', () => {
  const directions: Direction[] = ['minimize', 'maximize'];
  const space: SearchSpace = { x: { type: 'float', low: 0, high: 1, log: false } };
  assert.throws(() => run('gp', 1, 12, space, directions, (p) => [p.x as number, p.x as number]), /one objective/);
  assert.doesNotThrow(() => run('auto', 1, 12, space, directions, (p) => [p.x as number, p.x as number]));
});
