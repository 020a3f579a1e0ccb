import test from 'node:test';
import assert from 'node:assert/strict';
import { parameterImportance, type ParamImportance } from '../../../src/engine/importance';
import { Rng } from '../../../src/engine/random';
import type { Params, SearchSpace } from '../../../src/engine/space';
import type { TrialRecord } from '../../../src/engine/trial';
import { mixedObjective, mixedSpace, randomStudy, spreadObjective, trial } from './studies';

const byName = (list: ParamImportance[]): Record<string, number> => Object.fromEntries(list.map((p) => [p.name, p.importance]));
const show = (list: ParamImportance[]): string => list.map((p) => `${p.name}=${p.importance.toFixed(3)}`).join(' ');

for (const method of ['ped-anova', 'fanova'] as const) {
  // Seeds 0-4 of 200 random trials. (PED-ANOVA keeps this order on 39 of 40
  // seeds; the miss puts the weak x2 just under the irrelevant x3.)
  test(`${method}: ranks strong x1 > categorical > weak x2 > irrelevant x3, x3 under 0.05`, () => {
    for (let seed = 0; seed < 5; seed++) {
      const objective = method === 'fanova' ? spreadObjective : mixedObjective;
      const list = parameterImportance(randomStudy(200, seed, objective), mixedSpace, ['minimize'], { method, seed });
      assert.deepEqual(list.map((p) => p.name), ['x1', 'cat', 'x2', 'x3'], `seed ${seed}: ${show(list)}`);
      assert.ok(byName(list).x3 < 0.05, `seed ${seed}: ${show(list)}`);
    }
  });

  test(`${method}: importances sum to 1 and are sorted from most important`, () => {
    const list = parameterImportance(randomStudy(100, 3), mixedSpace, ['minimize'], { method });
    assert.ok(Math.abs(list.reduce((a, p) => a + p.importance, 0) - 1) < 1e-12);
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].importance >= list[i].importance);
  });

  test(`${method}: maximising a mirrored objective gives the same importances as minimising`, () => {
    const study = randomStudy(200, 11);
    const mirrored = study.map((t) => ({ ...t, values: [-t.values![0]] }));
    assert.deepEqual(
      parameterImportance(mirrored, mixedSpace, ['maximize'], { method }),
      parameterImportance(study, mixedSpace, ['minimize'], { method }),
    );
  });

  test(`${method}: the same trials give the same answer`, () => {
    const study = randomStudy(150, 5);
    assert.deepEqual(
      parameterImportance(study, mixedSpace, ['minimize'], { method, seed: 3 }),
      parameterImportance(study, mixedSpace, ['minimize'], { method, seed: 3 }),
    );
  });

  test(`${method}: fewer than 5 complete trials, or a constant objective, give all zeros`, () => {
    const few = randomStudy(4, 1);
    const zeros = [
      { name: 'x1', importance: 0 },
      { name: 'x2', importance: 0 },
      { name: 'x3', importance: 0 },
      { name: 'cat', importance: 0 },
    ];
    assert.deepEqual(parameterImportance(few, mixedSpace, ['minimize'], { method }), zeros);
    assert.deepEqual(parameterImportance([], mixedSpace, ['minimize'], { method }), zeros);
    const flat = randomStudy(50, 1, () => 1);
    assert.deepEqual(parameterImportance(flat, mixedSpace, ['minimize'], { method }), zeros);
  });

  test(`${method}: failed, pruned, running, infeasible and NaN trials are ignored`, () => {
    const base = randomStudy(200, 2);
    // Misleading trials: x3 near 0 always "wins" in them.
    const rng = new Rng(9);
    const mixed: TrialRecord[] = [];
    let n = 0;
    for (const t of base) {
      mixed.push({ ...t, number: n++ });
      const p: Params = { x1: rng.next(), x2: rng.next(), x3: rng.next() * 0.01, cat: 'sgd', epochs: 10, seed: 42 };
      const junk: Partial<TrialRecord>[] = [
        { state: 'failed' },
        { state: 'pruned' },
        { state: 'running', values: undefined },
        { systemAttrs: { constraints: [0.5] } },
      ];
      const j = junk[n % junk.length];
      mixed.push(trial(n++, p, mixedSpace, [-100], j));
      if (n % 7 === 0) mixed.push(trial(n++, p, mixedSpace, [NaN]));
    }
    assert.deepEqual(
      parameterImportance(mixed, mixedSpace, ['minimize'], { method }),
      parameterImportance(base, mixedSpace, ['minimize'], { method }),
    );
  });

  test(`${method}: a log-scale parameter is judged on its log axis`, () => {
    // The same trials, with lr as a log-scale float and as log10(lr) on a
    // linear one: the answers must agree.
    const logSpace: SearchSpace = { lr: { type: 'float', low: 1e-5, high: 1e-1, log: true }, x: { type: 'float', low: 0, high: 1, log: false } };
    const linSpace: SearchSpace = { lr: { type: 'float', low: -5, high: -1, log: false }, x: logSpace.x };
    const rng = new Rng(4);
    const logTrials: TrialRecord[] = [];
    const linTrials: TrialRecord[] = [];
    for (let i = 0; i < 200; i++) {
      const e = -5 + 4 * rng.next();
      const x = rng.next();
      const y = (e + 3) ** 2 + 0.1 * x;
      logTrials.push(trial(i, { lr: 10 ** e, x }, logSpace, [y]));
      linTrials.push(trial(i, { lr: e, x }, linSpace, [y]));
    }
    const a = parameterImportance(logTrials, logSpace, ['minimize'], { method });
    const b = parameterImportance(linTrials, linSpace, ['minimize'], { method });
    assert.deepEqual(a.map((p) => p.name), ['lr', 'x']);
    assert.ok(byName(a).lr > 0.8, show(a));
    assert.ok(Math.abs(byName(a).lr - byName(b).lr) < 1e-6, `${show(a)} vs ${show(b)}`);
  });
}

test('only searched parameters are reported; fidelity and fixed ones are not', () => {
  const names = parameterImportance(randomStudy(50, 1), mixedSpace, ['minimize']).map((p) => p.name).sort();
  assert.deepEqual(names, ['cat', 'x1', 'x2', 'x3']);
});

test('options.objective picks the objective of a multi-objective study', () => {
  const study = randomStudy(200, 6).map((t) => ({ ...t, values: [mixedObjective(t.params), ((t.params.x3 as number) - 0.7) ** 2] }));
  assert.equal(parameterImportance(study, mixedSpace, ['minimize', 'minimize'])[0].name, 'x1');
  const second = parameterImportance(study, mixedSpace, ['minimize', 'minimize'], { objective: 1 });
  assert.equal(second[0].name, 'x3');
  assert.ok(second[0].importance > 0.8, show(second));
  assert.throws(() => parameterImportance(study, mixedSpace, ['minimize', 'minimize'], { objective: 2 }), RangeError);
});

test('a parameter no trial has, or whose values the space no longer holds, gets 0', () => {
  const space: SearchSpace = { ...mixedSpace, extra: { type: 'int', low: 1, high: 4, log: false, step: 1 } };
  const study = randomStudy(200, 8).map((t, i) => ({ ...t, params: { ...t.params, extra: i % 2 === 0 ? 99 : undefined } as Params }));
  const list = parameterImportance(study, space, ['minimize']);
  assert.equal(byName(list).extra, 0);
  assert.equal(list[0].name, 'x1');
});

test('PED-ANOVA handles int, stepped and log-int parameters over 1000 trials x 10 parameters', () => {
  const space: SearchSpace = {};
  const kinds: SearchSpace[string][] = [
    { type: 'float', low: 1e-5, high: 1, log: true },
    { type: 'int', low: 1, high: 20, log: false, step: 1 },
    { type: 'categorical', choices: ['a', 'b', 'c', 'd'] },
    { type: 'int', low: 16, high: 1024, log: true, step: 1 },
    { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  ];
  for (let j = 0; j < 10; j++) space[`p${j}`] = kinds[j % kinds.length];
  const rng = new Rng(1);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 1000; i++) {
    const p: Params = {};
    for (let j = 0; j < 10; j++) {
      const u = rng.next();
      const d = space[`p${j}`];
      if (d.type === 'float' && d.log) p[`p${j}`] = 1e-5 * 1e5 ** u;
      else if (d.type === 'float') p[`p${j}`] = Number((0.05 * Math.floor(u * 11)).toFixed(2));
      else if (d.type === 'int' && d.log) p[`p${j}`] = Math.round(16 * 64 ** u);
      else if (d.type === 'int') p[`p${j}`] = 1 + Math.floor(u * 20);
      else p[`p${j}`] = 'abcd'[Math.floor(u * 4)];
    }
    // Only p3 (log int) and p4 (stepped float) matter.
    const y = Math.abs(Math.log2(p.p3 as number) - 8) + 4 * Math.abs((p.p4 as number) - 0.25);
    trials.push(trial(i, p, space, [y]));
  }
  const list = parameterImportance(trials, space, ['minimize']);
  assert.deepEqual(list.slice(0, 2).map((p) => p.name).sort(), ['p3', 'p4'], show(list));
  assert.ok(list[0].importance + list[1].importance > 0.9, show(list));
});
