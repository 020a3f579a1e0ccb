// Figures of one scheduler benchmark run, from what each trial recorded (the
// CUDA_VISIBLE_DEVICES it saw, when its process began and when its first and
// last lines of code ran) and, when traced, when the tuner spawned it and saw
// it exit.
import { maxOverlap } from '../../integration/executors/overlap';

export { maxOverlap };

export interface TrialTrace {
  trial: number;
  /** GPU ids from CUDA_VISIBLE_DEVICES. */
  gpus: string[];
  /** Its process began (Node's performance.timeOrigin), ms since the epoch. */
  origin: number;
  /** Its first line of code. */
  start: number;
  /** Its last line of code. */
  end: number;
  /** The tuner called spawn for it. */
  spawn?: number;
  /** The tuner saw it exit. */
  exit?: number;
}

export interface Plan {
  gpuCount: number;
  gpusPerTrial: number;
  trialsPerGpu: number;
  /** Trials at once the plan allows. */
  capacity: number;
}

/** Medians over the trials after the first fill, of the steps from one trial's last line to the next one's first on the same slot. */
export interface OverheadParts {
  /** Its last line to the tuner seeing its process exit. */
  exitMs: number;
  /** That exit to the tuner spawning the next trial: teardown, journal, ask, files. */
  tunerMs: number;
  /** The spawn call to the new process existing (fork and exec). */
  spawnMs: number;
  /** The new process to its first line: the trial's runtime starting (Node here). */
  runtimeMs: number;
}

export interface RunFigures {
  trials: number;
  capacity: number;
  /** From the first trial's first line to the last trial's last. */
  makespanS: number;
  /** From the first start to the last start: some trial was waiting for a slot all along. */
  waitingWindowS: number;
  /** GPU-share-seconds held by a trial process (spawn to exit) / available, over the waiting window (traced runs). */
  occupancyHeld?: number;
  /** GPU-share-seconds running trial code (first line to last) / available, over the waiting window. */
  occupancyCode: number;
  /** The first fill: first start to the capacity-th start. */
  rampS: number;
  /** Per trial after the first fill: its slot coming free (the last line of the trial before it there) to its own first line. */
  overheadMs: number[];
  parts?: OverheadParts;
  /** Per GPU, the most trials on it at once; never above trials-per-gpu. */
  maxPerGpu: Record<string, number>;
  /** Trials whose CUDA_VISIBLE_DEVICES did not hold gpus-per-trial distinct GPUs. */
  badAssignments: number;
}

export function runFigures(traces: TrialTrace[], plan: Plan): RunFigures {
  const byStart = [...traces].sort((a, b) => a.start - b.start || a.trial - b.trial);
  const first = byStart[0]?.start ?? 0;
  const lastStart = byStart[byStart.length - 1]?.start ?? 0;
  const lastEnd = Math.max(...traces.map((t) => t.end));
  const shares = plan.gpuCount * plan.trialsPerGpu;
  const occupancy = (from: (t: TrialTrace) => number, to: (t: TrialTrace) => number): number => {
    const w0 = Math.min(...traces.map(from));
    const w1 = Math.max(...traces.map(from));
    if (!(w1 > w0)) return 1;
    let busy = 0;
    for (const t of traces) busy += plan.gpusPerTrial * Math.max(0, Math.min(to(t), w1) - Math.max(from(t), w0));
    return busy / ((w1 - w0) * shares);
  };
  const traced = traces.every((t) => t.spawn !== undefined && t.exit !== undefined);

  const byGpu = new Map<string, TrialTrace[]>();
  for (const t of traces) for (const g of t.gpus) byGpu.set(g, [...(byGpu.get(g) ?? []), t]);
  const maxPerGpu: Record<string, number> = {};
  for (const [g, ts] of byGpu) maxPerGpu[g] = maxOverlap(ts);
  const badAssignments = traces.filter((t) => t.gpus.length !== plan.gpusPerTrial || new Set(t.gpus).size !== t.gpus.length).length;

  // A GPU frees a share when its count of running trials drops from trials-per-gpu;
  // a trial's slot came free when the last of its GPUs did, by the trial ending there.
  const frees = new Map<string, { t: number; by: TrialTrace }[]>();
  for (const [g, ts] of byGpu) {
    const events = ts.flatMap((t) => [
      { t: t.start, d: 1, trace: t },
      { t: t.end, d: -1, trace: t },
    ]);
    events.sort((a, b) => a.t - b.t || a.d - b.d);
    let now = 0;
    const list: { t: number; by: TrialTrace }[] = [];
    for (const e of events) {
      if (e.d < 0 && now === plan.trialsPerGpu) list.push({ t: e.t, by: e.trace });
      now += e.d;
    }
    frees.set(g, list);
  }
  const overheadMs: number[] = [];
  const parts: Record<keyof OverheadParts, number[]> = { exitMs: [], tunerMs: [], spawnMs: [], runtimeMs: [] };
  for (const t of byStart.slice(plan.capacity)) {
    let freed: { t: number; by: TrialTrace } | undefined;
    for (const g of t.gpus) {
      const last = [...(frees.get(g) ?? [])].reverse().find((f) => f.t <= t.start);
      if (last && (!freed || last.t > freed.t)) freed = last;
    }
    if (!freed) continue;
    overheadMs.push(t.start - freed.t);
    const p = freed.by;
    if (traced) {
      parts.exitMs.push(p.exit! - p.end);
      parts.tunerMs.push(t.spawn! - p.exit!);
      parts.spawnMs.push(t.origin - t.spawn!);
      parts.runtimeMs.push(t.start - t.origin);
    }
  }
  return {
    trials: traces.length,
    capacity: plan.capacity,
    makespanS: (lastEnd - first) / 1000,
    waitingWindowS: (lastStart - first) / 1000,
    ...(traced ? { occupancyHeld: occupancy((t) => t.spawn!, (t) => t.exit!) } : {}),
    occupancyCode: occupancy((t) => t.start, (t) => t.end),
    rampS: ((byStart[Math.min(plan.capacity, byStart.length) - 1]?.start ?? first) - first) / 1000,
    overheadMs,
    ...(traced && overheadMs.length
      ? { parts: { exitMs: quantile(parts.exitMs, 0.5), tunerMs: quantile(parts.tunerMs, 0.5), spawnMs: quantile(parts.spawnMs, 0.5), runtimeMs: quantile(parts.runtimeMs, 0.5) } }
      : {}),
    maxPerGpu,
    badAssignments,
  };
}

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
