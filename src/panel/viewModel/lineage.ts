// Population-based training as the panel draws it: the lineage (one node per
// segment at its generation and member, an edge from the trial whose
// checkpoint it restored, marked when it exploited another member) and each
// member's hyperparameter schedule (the values it ran with, step range by
// step range).
import type { ParamValue } from '../../engine/space';

/** What the lineage needs of a trial (the protocol's TrialView fits). */
export interface PbtTrial {
  number: number;
  state: string;
  values: readonly (number | null)[];
  attrs: {
    pbt_member?: number;
    pbt_generation?: number;
    pbt_parent?: number;
    pbt_exploited_from?: number;
    pbt_schedule?: ReadonlyArray<{ from_step: number; to_step: number; params: Readonly<Record<string, ParamValue>> }>;
  };
}

export interface LineageNode {
  number: number;
  member: number;
  generation: number;
  state: string;
  /** The first objective; null while running, or for a failed segment. */
  value: number | null;
}

export interface LineageEdge {
  /** Trial numbers: the segment whose checkpoint was restored, and the segment that restored it. */
  from: number;
  to: number;
  /** The child copied another member's weights and hyperparameters (exploit) rather than continuing its own. */
  exploited: boolean;
}

export interface Lineage {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** The members, ascending (the chart's rows). */
  members: number[];
  /** The highest generation, or -1 when there are no segments. */
  lastGeneration: number;
}

export interface ScheduleSegment {
  from: number;
  to: number;
  value: ParamValue;
}

export interface MemberSchedule {
  member: number;
  segments: ScheduleSegment[];
}

/** The segments by (generation, member), the latest trial winning (a rerun after a crash is newer). */
export function lineage(trials: readonly PbtTrial[]): Lineage {
  const latest = new Map<string, PbtTrial>();
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    const { pbt_member: member, pbt_generation: generation } = t.attrs;
    if (member === undefined || generation === undefined) continue;
    latest.set(`${generation}:${member}`, t);
  }
  const nodes: LineageNode[] = [];
  const members = new Set<number>();
  let lastGeneration = -1;
  for (const t of latest.values()) {
    const member = t.attrs.pbt_member!;
    const generation = t.attrs.pbt_generation!;
    const v = t.values[0];
    nodes.push({ number: t.number, member, generation, state: t.state, value: typeof v === 'number' && Number.isFinite(v) ? v : null });
    members.add(member);
    lastGeneration = Math.max(lastGeneration, generation);
  }
  nodes.sort((a, b) => a.generation - b.generation || a.member - b.member);
  const shown = new Set(nodes.map((n) => n.number));
  const edges: LineageEdge[] = [];
  for (const t of latest.values()) {
    const parent = t.attrs.pbt_parent;
    if (parent !== undefined && shown.has(parent)) edges.push({ from: parent, to: t.number, exploited: t.attrs.pbt_exploited_from !== undefined });
  }
  edges.sort((a, b) => a.to - b.to);
  return { nodes, edges, members: [...members].sort((a, b) => a - b), lastGeneration };
}

/** Parameters any schedule changes over its steps, in the order first seen: the ones worth a chart. */
export function scheduledParams(trials: readonly PbtTrial[]): string[] {
  const seen = new Map<string, Set<string>>();
  for (const t of trials) {
    for (const e of t.attrs.pbt_schedule ?? []) {
      for (const [name, v] of Object.entries(e.params)) {
        const values = seen.get(name) ?? new Set<string>();
        values.add(JSON.stringify(v));
        seen.set(name, values);
      }
    }
  }
  return [...seen].filter(([, values]) => values.size > 1).map(([name]) => name);
}

/**
 * Each member's schedule of one parameter, from its furthest segment (whose
 * schedule holds the whole history from step 0); neighbouring step ranges
 * with the same value are merged.
 */
export function memberSchedules(trials: readonly PbtTrial[], param: string): MemberSchedule[] {
  const furthest = new Map<number, PbtTrial>();
  for (const t of trials) {
    const { pbt_member: member, pbt_generation: generation, pbt_schedule: schedule } = t.attrs;
    if (member === undefined || generation === undefined || !schedule?.length) continue;
    const other = furthest.get(member);
    if (!other || generation > other.attrs.pbt_generation! || (generation === other.attrs.pbt_generation && t.number > other.number)) furthest.set(member, t);
  }
  const out: MemberSchedule[] = [];
  for (const [member, t] of [...furthest].sort((a, b) => a[0] - b[0])) {
    const segments: ScheduleSegment[] = [];
    for (const e of t.attrs.pbt_schedule!) {
      if (!Object.prototype.hasOwnProperty.call(e.params, param)) continue;
      const value = e.params[param];
      const last = segments[segments.length - 1];
      if (last && last.value === value && last.to === e.from_step) last.to = e.to_step;
      else segments.push({ from: e.from_step, to: e.to_step, value });
    }
    if (segments.length > 0) out.push({ member, segments });
  }
  return out;
}
