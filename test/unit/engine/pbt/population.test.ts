import test from 'node:test';
import assert from 'node:assert/strict';
import {
  PbtStalledError,
  bestMember,
  firstGeneration,
  generationCount,
  generationRng,
  nextGeneration,
  truncationCount,
  type MemberResult,
  type PbtOptions,
  type SegmentPlan,
} from '../../../../src/engine/pbt';
import { Rng } from '../../../../src/engine/random';
import type { Params } from '../../../../src/engine/space';
import type { SearchedDistribution } from '../../../../src/engine/transform';

const space: Record<string, SearchedDistribution> = { lr: { type: 'float', low: 1e-4, high: 10, log: true } };
const options = (o: Partial<PbtOptions> = {}): PbtOptions => ({ population: 8, interval: 5, maxStep: 20, fraction: 0.25, resampleProbability: 0, ...o });
const initial = (n: number): Params[] => Array.from({ length: n }, (_, i) => ({ lr: 0.01 * (i + 1), epochs: 20 }));

/** Results for a generation, trial numbers continuing from `firstTrial`, values by member. */
function results(plans: SegmentPlan[], values: Array<number | undefined>, firstTrial: number): MemberResult[] {
  return plans.map((plan, i) => ({ trialNumber: firstTrial + i, plan, value: values[plan.member] }));
}

test('truncation replaces ceil(population * fraction) members, at least one and at most half', () => {
  assert.equal(truncationCount(8, 0.25), 2);
  assert.equal(truncationCount(10, 0.25), 3);
  assert.equal(truncationCount(10, 0.2), 2);
  assert.equal(truncationCount(2, 0.25), 1);
  assert.equal(truncationCount(4, 0.5), 2);
  assert.equal(truncationCount(5, 0.5), 2);
});

test('the first generation trains every initial configuration from scratch for one interval', () => {
  const plans = firstGeneration(initial(8), options());
  assert.equal(plans.length, 8);
  for (const [i, p] of plans.entries()) {
    assert.equal(p.member, i);
    assert.equal(p.generation, 0);
    assert.equal(p.startStep, 0);
    assert.equal(p.endStep, 5);
    assert.equal(p.parent, undefined);
    assert.deepEqual(p.lineage, []);
    assert.deepEqual(p.schedule, [{ fromStep: 0, toStep: 5, params: p.params }]);
  }
  assert.equal(firstGeneration(initial(8), options({ interval: 50, maxStep: 20 }))[0].endStep, 20);
  assert.throws(() => firstGeneration(initial(3), options()), /3 initial configuration\(s\) for a population of 8/);
});

for (const direction of ['minimize', 'maximize'] as const) {
  test(`truncation (${direction}): exactly the bottom fraction copies a top member, the rest continue`, () => {
    const plans = firstGeneration(initial(8), options());
    // A shuffled order, so member numbers do not line up with ranks.
    const order = [5, 2, 7, 0, 3, 6, 1, 4];
    const values = order.map((rank) => (direction === 'minimize' ? rank : -rank));
    const prev = results(plans, values, 100);
    const best = [order.indexOf(0), order.indexOf(1)];
    const worst = [order.indexOf(6), order.indexOf(7)];
    for (let seed = 0; seed < 20; seed++) {
      const next = nextGeneration(prev, space, direction, options(), new Rng(seed));
      assert.equal(next.length, 8);
      for (const p of next) {
        const own = prev[p.member];
        assert.equal(p.generation, 1);
        assert.equal(p.startStep, 5);
        assert.equal(p.endStep, 10);
        if (worst.includes(p.member)) {
          assert.ok(p.exploitedFrom !== undefined && best.includes(p.exploitedFrom), `member ${p.member} copied ${p.exploitedFrom}, not a top member`);
          const donor = prev[p.exploitedFrom];
          assert.equal(p.parent, donor.trialNumber);
          const ratio = (p.params.lr as number) / (donor.plan.params.lr as number);
          assert.ok(Math.abs(ratio - 0.8) < 1e-12 || Math.abs(ratio - 1.2) < 1e-12, `lr ratio ${ratio}`);
          assert.equal(p.params.epochs, 20, 'the unsearched value is copied as is');
        } else {
          assert.equal(p.exploitedFrom, undefined);
          assert.equal(p.parent, own.trialNumber, 'a kept member restores its own checkpoint');
          assert.deepEqual(p.params, own.plan.params);
        }
      }
    }
  });
}

test('failed members rank worst and are all replaced, from members that succeeded', () => {
  const plans = firstGeneration(initial(8), options());
  // Member 0 failed (it would otherwise look best); 3 and 5 reported NaN / nothing.
  const values = [undefined, 1, 2, NaN, 4, undefined, 6, 7];
  const prev = results(plans, values, 0);
  for (let seed = 0; seed < 20; seed++) {
    const next = nextGeneration(prev, space, 'minimize', options(), new Rng(seed));
    const exploited = next.filter((p) => p.exploitedFrom !== undefined).map((p) => p.member);
    assert.deepEqual(exploited, [0, 3, 5], 'three failures exceed the fraction (2) and are all replaced');
    for (const p of next) if (p.exploitedFrom !== undefined) assert.ok([1, 2].includes(p.exploitedFrom), `copied ${p.exploitedFrom}`);
  }
  assert.equal(bestMember(prev, 'minimize')?.plan.member, 1);
  // One failure within the fraction: the failed member and the worst success are replaced.
  const one = results(plans, [undefined, 1, 2, 3, 4, 5, 6, 7], 0);
  const next = nextGeneration(one, space, 'minimize', options(), new Rng(1));
  assert.deepEqual(next.filter((p) => p.exploitedFrom !== undefined).map((p) => p.member), [0, 7]);
});

test('when every member failed, PBT stops with a clear error', () => {
  const plans = firstGeneration(initial(4), options({ population: 4 }));
  const prev = results(plans, [undefined, undefined, NaN, undefined], 0);
  assert.throws(() => nextGeneration(prev, space, 'minimize', options({ population: 4 }), new Rng(1)), PbtStalledError);
  assert.equal(bestMember(prev, 'minimize'), undefined);
});

/** Runs a whole PBT with a toy objective (distance of lr from 0.05); returns every generation's results. */
function simulate(opts: PbtOptions, seed: number): MemberResult[][] {
  const gens: MemberResult[][] = [];
  let plans = firstGeneration(initial(opts.population), opts);
  let trial = 0;
  while (plans.length > 0) {
    // A regression that never reaches maxStep must fail here, not hang the suite.
    assert.ok(gens.length <= generationCount(opts), 'more generations than ceil(maxStep / interval)');
    const done = plans.map((plan) => ({ trialNumber: trial++, plan, value: Math.abs(Math.log((plan.params.lr as number) / 0.05)) }));
    gens.push(done);
    plans = nextGeneration(done, space, 'minimize', opts, generationRng(seed, done[0].plan.generation + 1));
  }
  return gens;
}

test('generations stop at maxStep, the last segment cut short', () => {
  const opts = options({ interval: 3, maxStep: 10 });
  const gens = simulate(opts, 1);
  assert.equal(gens.length, generationCount(opts));
  assert.deepEqual(gens.map((g) => [g[0].plan.startStep, g[0].plan.endStep]), [[0, 3], [3, 6], [6, 9], [9, 10]]);
  assert.deepEqual(nextGeneration(gens[3], space, 'minimize', opts, new Rng(1)), []);
});

test('schedules and lineages extend along the lineage, exploited members inheriting the donor\'s', () => {
  const opts = options({ interval: 2, maxStep: 20, resampleProbability: 0.25 });
  const gens = simulate(opts, 5);
  const byTrial = new Map(gens.flat().map((r) => [r.trialNumber, r]));
  let exploits = 0;
  for (const r of gens.flat()) {
    const p = r.plan;
    // Contiguous from step 0 to endStep, ending with the segment's own values, no two equal spans in a row.
    assert.equal(p.schedule[0].fromStep, 0);
    assert.equal(p.schedule[p.schedule.length - 1].toStep, p.endStep);
    for (let i = 1; i < p.schedule.length; i++) {
      assert.equal(p.schedule[i].fromStep, p.schedule[i - 1].toStep);
      assert.notDeepEqual(p.schedule[i].params, p.schedule[i - 1].params);
    }
    assert.deepEqual(p.schedule[p.schedule.length - 1].params, p.params);
    assert.equal(p.lineage.length, p.generation);
    if (p.parent === undefined) continue;
    const parent = byTrial.get(p.parent)!;
    assert.deepEqual(p.lineage, [...parent.plan.lineage, p.parent]);
    // Up to startStep the schedule is the parent's, whose segment ended where this one starts.
    assert.equal(parent.plan.endStep, p.startStep);
    const cut = p.schedule.filter((e) => e.fromStep < p.startStep).map((e) => ({ ...e, toStep: Math.min(e.toStep, p.startStep) }));
    assert.deepEqual(cut, parent.plan.schedule);
    if (p.exploitedFrom !== undefined) {
      exploits++;
      assert.equal(parent.plan.member, p.exploitedFrom);
    } else {
      assert.equal(parent.plan.member, p.member);
      assert.equal(p.schedule.length, parent.plan.schedule.length, 'unchanged values lengthen the last span');
    }
  }
  assert.ok(exploits >= 9 * 2, `only ${exploits} exploits`);
});

test('the same seed plans the same generations; another seed does not', () => {
  const opts = options({ resampleProbability: 0.25 });
  assert.deepEqual(simulate(opts, 11), simulate(opts, 11));
  assert.notDeepEqual(simulate(opts, 11), simulate(opts, 12));
});

test('a generation must be whole and of one piece', () => {
  const opts = options({ population: 4 });
  const g0 = results(firstGeneration(initial(4), opts), [1, 2, 3, 4], 0);
  const rng = new Rng(1);
  assert.throws(() => nextGeneration(g0.slice(0, 3), space, 'minimize', opts, rng), /3 result\(s\) for a population of 4/);
  assert.throws(() => nextGeneration([g0[0], g0[0], g0[2], g0[3]], space, 'minimize', opts, rng), /member 0 has two results/);
  const g1 = nextGeneration(g0, space, 'minimize', opts, rng);
  const mixed = [g0[0], g0[1], g0[2], { trialNumber: 9, plan: g1[3], value: 1 }];
  assert.throws(() => nextGeneration(mixed, space, 'minimize', opts, rng), /mix generations/);
});
