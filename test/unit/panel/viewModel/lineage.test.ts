import test from 'node:test';
import assert from 'node:assert/strict';
import { lineage, memberSchedules, scheduledParams, type PbtTrial } from '../../../../src/panel/viewModel/lineage';

const seg = (number: number, member: number, generation: number, value: number | null, attrs: Partial<PbtTrial['attrs']> = {}, state = 'complete'): PbtTrial => ({
  number,
  state,
  values: value === null ? [] : [value],
  attrs: { pbt_member: member, pbt_generation: generation, ...attrs },
});
const sched = (...lrs: number[]) => lrs.map((lr, k) => ({ from_step: k * 10, to_step: (k + 1) * 10, params: { lr, batch: 32 } }));

const trials: PbtTrial[] = [
  seg(0, 0, 0, 0.5, { pbt_schedule: sched(0.1) }),
  seg(1, 1, 0, 0.9, { pbt_schedule: sched(0.01) }),
  seg(2, 0, 1, 0.4, { pbt_parent: 0, pbt_schedule: sched(0.1, 0.1) }),
  // Member 1 exploited member 0: it restored trial 0's checkpoint.
  seg(3, 1, 1, null, { pbt_parent: 0, pbt_exploited_from: 0, pbt_schedule: sched(0.01, 0.12) }, 'running'),
  { number: 4, state: 'complete', values: [1], attrs: {} },
];

test('a node per segment at its generation and member, edges from the restored checkpoint', () => {
  const l = lineage(trials);
  assert.deepEqual(
    l.nodes.map((n) => [n.number, n.generation, n.member, n.value]),
    [
      [0, 0, 0, 0.5],
      [1, 0, 1, 0.9],
      [2, 1, 0, 0.4],
      [3, 1, 1, null],
    ],
  );
  assert.deepEqual(l.edges, [
    { from: 0, to: 2, exploited: false },
    { from: 0, to: 3, exploited: true },
  ]);
  assert.deepEqual([l.members, l.lastGeneration], [[0, 1], 1]);
});

test('a rerun of a segment replaces it; a parent no longer shown draws no edge', () => {
  const rerun = seg(9, 0, 1, 0.3, { pbt_parent: 7 });
  const l = lineage([...trials, rerun]);
  assert.equal(l.nodes.find((n) => n.generation === 1 && n.member === 0)?.number, 9);
  assert.ok(!l.edges.some((e) => e.to === 9));
  assert.deepEqual(lineage([]), { nodes: [], edges: [], members: [], lastGeneration: -1 });
});

test('schedules come from each member furthest segment, equal neighbours merged; only changing params are offered', () => {
  assert.deepEqual(scheduledParams(trials), ['lr']);
  assert.deepEqual(memberSchedules(trials, 'lr'), [
    { member: 0, segments: [{ from: 0, to: 20, value: 0.1 }] },
    {
      member: 1,
      segments: [
        { from: 0, to: 10, value: 0.01 },
        { from: 10, to: 20, value: 0.12 },
      ],
    },
  ]);
  assert.deepEqual(memberSchedules(trials, 'nothing'), []);
});
