import test from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../../src/engine/memoryStorage';
import {
  PBT_ATTRS,
  describeSchedule,
  extendSchedule,
  firstGeneration,
  generationRng,
  nextGeneration,
  paramsAtStep,
  pbtAttrs,
  pbtGenerations,
  planFromAttrs,
  type PbtOptions,
  type SegmentPlan,
} from '../../../../src/engine/pbt';
import type { SearchSpace } from '../../../../src/engine/space';
import type { SearchedDistribution } from '../../../../src/engine/transform';

const searched: Record<string, SearchedDistribution> = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  opt: { type: 'categorical', choices: ['sgd', 'momentum', 'adam'] },
};
const space: SearchSpace = { ...searched };
const options: PbtOptions = { population: 4, interval: 3, maxStep: 12, fraction: 0.25, resampleProbability: 0.25 };
const initial = [0.1, 0.01, 0.3, 0.001].map((lr, i) => ({ lr, opt: searched.opt.type === 'categorical' ? searched.opt.choices[i % 3] : null }));

test('a plan survives the journal: attributes are plain JSON and read back to the same plan', () => {
  const g0 = firstGeneration(initial, options);
  const g1 = nextGeneration(g0.map((plan, i) => ({ trialNumber: i, plan, value: i })), searched, 'minimize', options, generationRng(3, 1));
  for (const plan of [...g0, ...g1]) {
    const attrs = JSON.parse(JSON.stringify(pbtAttrs(plan))) as Record<string, unknown>;
    assert.deepEqual(planFromAttrs(attrs, plan.params), plan);
  }
  const exploited = g1.find((p) => p.exploitedFrom !== undefined)!;
  const attrs = pbtAttrs(exploited);
  assert.deepEqual(Object.keys(attrs).sort(), Object.values(PBT_ATTRS).sort());
  assert.equal(attrs.pbt_exploited_from, exploited.exploitedFrom);
  assert.ok(!('pbt_parent' in pbtAttrs(g0[0])), 'generation 0 restores nothing');
});

test('a trial without PBT attributes, or with damaged ones, has no plan', () => {
  const plan = firstGeneration(initial, options)[0];
  assert.equal(planFromAttrs({}, plan.params), undefined);
  for (const [key, bad] of [
    [PBT_ATTRS.member, -1],
    [PBT_ATTRS.generation, '0'],
    [PBT_ATTRS.schedule, [{ from_step: 0, to_step: 3 }]],
    [PBT_ATTRS.lineage, [1.5]],
    [PBT_ATTRS.parent, null],
  ] as const) {
    assert.equal(planFromAttrs({ ...pbtAttrs(plan), [key]: bad }, plan.params), undefined, key);
  }
});

/** Runs a toy PBT against a journal; `crashAfter` trials in, it forgets everything but the journal. */
function runOnJournal(seed: number, crashAfter?: number): SegmentPlan[] {
  const storage = new MemoryStorage('pbt', ['minimize']);
  const planned: SegmentPlan[] = [];
  const runGeneration = (plans: SegmentPlan[], skip: Set<number>) => {
    for (const plan of plans) {
      if (skip.has(plan.member)) continue;
      if (crashAfter !== undefined && storage.snapshot().trials.length === crashAfter) return false;
      planned.push(plan);
      const n = storage.createTrial(plan.params, space, pbtAttrs(plan));
      const lr = plan.params.lr as number;
      // Member 2's first segment fails; the others score by distance from lr 0.02.
      if (plan.generation === 0 && plan.member === 2) storage.finishTrial(n, 'failed');
      else storage.finishTrial(n, 'complete', [Math.abs(Math.log(lr / 0.02)) + (plan.params.opt === 'adam' ? 0 : 0.1)]);
    }
    return true;
  };
  let plans = firstGeneration(initial, options);
  let skip = new Set<number>();
  for (let guard = 0; ; guard++) {
    assert.ok(guard < 20, 'PBT never reached maxStep');
    if (!runGeneration(plans, skip)) {
      // The crash: rebuild from the journal, as a resumed run does.
      crashAfter = undefined;
      const gens = pbtGenerations(storage.snapshot().trials);
      const last = Math.max(...gens.keys());
      const whole = gens.get(last)!.length === options.population ? last : last - 1;
      // Generation 0 unfinished: its plans come from the initial configurations again.
      plans = whole < 0 ? firstGeneration(initial, options) : nextGeneration(gens.get(whole)!, searched, 'minimize', options, generationRng(seed, whole + 1));
      skip = new Set((gens.get(whole + 1) ?? []).map((r) => r.plan.member));
      continue;
    }
    const gens = pbtGenerations(storage.snapshot().trials);
    const prev = gens.get(plans[0].generation)!;
    plans = nextGeneration(prev, searched, 'minimize', options, generationRng(seed, plans[0].generation + 1));
    skip = new Set();
    if (plans.length === 0) return planned;
  }
}

test('a run rebuilt from its journal after a crash plans exactly what an uninterrupted run plans', () => {
  const straight = runOnJournal(9);
  assert.equal(straight.length, 16);
  for (const crashAfter of [2, 4, 7, 13, 15]) assert.deepEqual(runOnJournal(9, crashAfter), straight, `crash after ${crashAfter} trials`);
});

test('pbtGenerations keeps the latest trial per member and reads failures as no value', () => {
  const storage = new MemoryStorage('pbt', ['minimize']);
  const g0 = firstGeneration(initial, options);
  const first = storage.createTrial(g0[0].params, space, pbtAttrs(g0[0]));
  storage.finishTrial(first, 'failed');
  const rerun = storage.createTrial(g0[0].params, space, pbtAttrs(g0[0]));
  storage.finishTrial(rerun, 'complete', [0.5]);
  const failed = storage.createTrial(g0[1].params, space, pbtAttrs(g0[1]));
  storage.finishTrial(failed, 'failed');
  storage.createTrial(g0[2].params, space, pbtAttrs(g0[2])); // still running: not a result
  storage.finishTrial(storage.createTrial({ lr: 0.1, opt: 'sgd' }, space), 'complete', [0.1]); // not PBT
  const gens = pbtGenerations(storage.snapshot().trials);
  assert.deepEqual([...gens.keys()], [0]);
  assert.deepEqual(
    gens.get(0)!.map((r) => [r.plan.member, r.trialNumber, r.value]),
    [
      [0, rerun, 0.5],
      [1, failed, undefined],
    ],
  );
});

test('a schedule reads as spans of steps, later spans naming only what changed', () => {
  let s = extendSchedule([], 0, 5, { lr: 0.1, opt: 'sgd' });
  s = extendSchedule(s, 5, 10, { lr: 0.1, opt: 'sgd' });
  s = extendSchedule(s, 10, 15, { lr: 0.08, opt: 'sgd' });
  s = extendSchedule(s, 15, 20, { lr: 0.000123456, opt: 'adam' });
  assert.equal(s.length, 3, 'equal values lengthen the span instead of adding one');
  assert.equal(describeSchedule(s), 'steps 0-10: lr=0.1, opt=sgd; steps 10-15: lr=0.08; steps 15-20: lr=1.235e-4, opt=adam');
  assert.equal(describeSchedule([]), '(empty schedule)');
  assert.deepEqual(paramsAtStep(s, 12), { lr: 0.08, opt: 'sgd' });
  assert.throws(() => extendSchedule(s, 25, 30, { lr: 1 }), /ends at step 20 but the next segment starts at 25/);
});
