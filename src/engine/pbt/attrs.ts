// How a PBT segment is written into its trial's user attributes, so that the
// panel can draw lineages and schedules, and a run that crashed can rebuild
// its last generation from the journal alone. Values are plain JSON (snake
// case, as Optuna's Python side would write them).
import type { Params, ParamValue } from '../space';
import type { TrialRecord } from '../trial';
import type { MemberResult, SegmentPlan } from './population';
import type { ScheduleEntry } from './schedule';

export const PBT_ATTRS = {
  member: 'pbt_member',
  generation: 'pbt_generation',
  startStep: 'pbt_start_step',
  endStep: 'pbt_end_step',
  /** Trial number whose checkpoint was restored; absent in generation 0. */
  parent: 'pbt_parent',
  /** Member copied; present only when this segment exploited. */
  exploitedFrom: 'pbt_exploited_from',
  /** Trial numbers, oldest first. */
  lineage: 'pbt_lineage',
  /** [{ from_step, to_step, params }], from step 0 to pbt_end_step. */
  schedule: 'pbt_schedule',
} as const;

/** The user attributes recording a segment (params live in the trial's own params). */
export function pbtAttrs(plan: SegmentPlan): Record<string, unknown> {
  const attrs: Record<string, unknown> = {
    [PBT_ATTRS.member]: plan.member,
    [PBT_ATTRS.generation]: plan.generation,
    [PBT_ATTRS.startStep]: plan.startStep,
    [PBT_ATTRS.endStep]: plan.endStep,
    [PBT_ATTRS.lineage]: [...plan.lineage],
    [PBT_ATTRS.schedule]: plan.schedule.map((e) => ({ from_step: e.fromStep, to_step: e.toStep, params: { ...e.params } })),
  };
  if (plan.parent !== undefined) attrs[PBT_ATTRS.parent] = plan.parent;
  if (plan.exploitedFrom !== undefined) attrs[PBT_ATTRS.exploitedFrom] = plan.exploitedFrom;
  return attrs;
}

/**
 * The plan a trial ran, from its user attributes and params; undefined for a
 * trial that is not a PBT segment or whose attributes are damaged (a panel
 * should show such a trial plainly rather than fail).
 */
export function planFromAttrs(attrs: Record<string, unknown>, params: Params): SegmentPlan | undefined {
  const member = attrs[PBT_ATTRS.member];
  const generation = attrs[PBT_ATTRS.generation];
  const startStep = attrs[PBT_ATTRS.startStep];
  const endStep = attrs[PBT_ATTRS.endStep];
  if (!isCount(member) || !isCount(generation) || !isCount(startStep) || !isCount(endStep)) return undefined;
  const lineage = attrs[PBT_ATTRS.lineage];
  if (!Array.isArray(lineage) || !lineage.every(isCount)) return undefined;
  const schedule = scheduleFromJson(attrs[PBT_ATTRS.schedule]);
  if (!schedule) return undefined;
  const plan: SegmentPlan = { member, generation, params: { ...params }, startStep, endStep, lineage: [...lineage], schedule };
  const parent = attrs[PBT_ATTRS.parent];
  if (parent !== undefined) {
    if (!isCount(parent)) return undefined;
    plan.parent = parent;
  }
  const exploitedFrom = attrs[PBT_ATTRS.exploitedFrom];
  if (exploitedFrom !== undefined) {
    if (!isCount(exploitedFrom)) return undefined;
    plan.exploitedFrom = exploitedFrom;
  }
  return plan;
}

function scheduleFromJson(raw: unknown): ScheduleEntry[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: ScheduleEntry[] = [];
  for (const e of raw) {
    if (e === null || typeof e !== 'object') return undefined;
    const { from_step: fromStep, to_step: toStep, params } = e as Record<string, unknown>;
    if (!isCount(fromStep) || !isCount(toStep) || params === null || typeof params !== 'object' || Array.isArray(params)) return undefined;
    out.push({ fromStep, toStep, params: { ...(params as Record<string, ParamValue>) } });
  }
  return out;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** A finished PBT trial as nextGeneration takes it; undefined for a trial that is not a segment. */
export function memberResult(t: TrialRecord): MemberResult | undefined {
  const plan = planFromAttrs(t.userAttrs, t.params);
  if (!plan) return undefined;
  return { trialNumber: t.number, plan, value: t.state === 'complete' ? t.values?.[0] : undefined };
}

/**
 * The finished segments of a journal by generation: generation -> results,
 * one per member (the latest trial wins, as a rerun after a crash is newer).
 * `finished` says which trials count as run; by default complete, pruned and
 * failed ones. The loop should leave out trials cut short by a stop, which
 * must be run again rather than be ranked as failed.
 */
export function pbtGenerations(
  trials: readonly TrialRecord[],
  finished: (t: TrialRecord) => boolean = (t) => t.state === 'complete' || t.state === 'pruned' || t.state === 'failed',
): Map<number, MemberResult[]> {
  const latest = new Map<string, MemberResult>();
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    if (!finished(t)) continue;
    const r = memberResult(t);
    if (r) latest.set(`${r.plan.generation}:${r.plan.member}`, r);
  }
  const out = new Map<number, MemberResult[]>();
  for (const r of latest.values()) {
    const list = out.get(r.plan.generation) ?? [];
    list.push(r);
    out.set(r.plan.generation, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.plan.member - b.plan.member);
  return out;
}
