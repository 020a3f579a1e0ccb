// A synthetic run for the panel benchmark, shaped like a real one: 6
// parameters (log float, float, int, log int, two categoricals), decaying
// noisy learning curves of up to 100 points, ~70% complete, ~25% pruned at a
// rung, a few failed, 8 running. The views are made by the protocol's own
// builders (trialViewOf, runViewOf) from TrialRecords, so the panel gets what
// the host would send. Seeded: the same options give the same messages.
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';
import { Rng } from '../../../src/engine/random';
import type { TrialRecord } from '../../../src/engine/trial';
import { runViewOf, trialViewOf, UpdateBatcher, type BatchTimer, type RunView, type RunViewSource, type SnapshotMessage, type UpdateMessage } from '../../../src/panel/protocol';

export interface SyntheticRunOptions {
  trials: number;
  /** 1 (validation loss) or 2 (loss and latency). */
  objectives: 1 | 2;
  /** Intermediate values of a trial that runs to the end. */
  steps: number;
  running: number;
  seed: number;
}

export const DEFAULT_RUN: SyntheticRunOptions = { trials: 10_000, objectives: 1, steps: 100, running: 8, seed: 1 };

const SPACE: SearchSpace = {
  'optimizer.lr': { type: 'float', low: 1e-5, high: 1e-1, log: true },
  'optimizer.weight_decay': { type: 'float', low: 0, high: 0.1, log: false },
  'model.layers': { type: 'int', low: 1, high: 12, log: false, step: 1 },
  'data.batch_size': { type: 'int', low: 16, high: 1024, log: true, step: 1 },
  'optimizer.name': { type: 'categorical', choices: ['adam', 'adamw', 'sgd', 'rmsprop'] },
  'model.activation': { type: 'categorical', choices: ['relu', 'gelu', 'silu'] },
};

const FILE_VALUES: Params = {
  'optimizer.lr': 1e-3,
  'optimizer.weight_decay': 0.01,
  'model.layers': 4,
  'data.batch_size': 128,
  'optimizer.name': 'adam',
  'model.activation': 'relu',
};

/** Where a pruner stops a trial (ASHA-like rungs over 100 steps). */
const RUNGS = [3, 9, 27, 81];
const START = Date.parse('2026-11-30T08:00:00Z');
/** Seconds one step of a trial takes, and so the spacing of the trials' clocks. */
const STEP_S = 6;

const round = (x: number, digits: number): number => Number(x.toPrecision(digits));

/** A run as it goes on: its snapshot now, then one numbered update after another (running trials advance a step each). */
export class SyntheticRun {
  private readonly rng: Rng;
  private readonly records: TrialRecord[] = [];
  /** Per trial: the full curve it would report, the step it stops at and how it ends. */
  private readonly plans: Array<{ curve: number[]; stopAt: number; end: 'complete' | 'pruned' | 'failed'; latencyMs: number }> = [];
  private seq = 0;
  private clockS = 0;

  constructor(private readonly o: SyntheticRunOptions = DEFAULT_RUN) {
    this.rng = new Rng(o.seed);
    this.clockS = o.trials * STEP_S * 2;
    const finished = Math.max(0, o.trials - o.running);
    for (let n = 0; n < o.trials; n++) this.startTrial(n);
    for (let n = 0; n < finished; n++) this.advance(n, this.plans[n].stopAt);
    // The running trials are the newest, staggered so that one ends every few updates.
    for (let n = finished; n < o.trials; n++) {
      const stagger = 1 + Math.floor(((n - finished + 0.5) * (o.steps - 1)) / o.running);
      this.advance(n, Math.min(stagger, this.plans[n].stopAt - 1));
    }
  }

  /** The snapshot the host sends on `ready` (seq 0). */
  snapshot(): SnapshotMessage {
    this.seq = 0;
    return { type: 'snapshot', seq: 0, run: this.runView(), trials: this.records.map(trialViewOf) };
  }

  /**
   * What the host's batcher sends on `ready`, by the real UpdateBatcher on a
   * simulated clock: the snapshot (a big run's without most curves), then the
   * updates that bring the curves it left out. nextUpdate numbers on from them.
   */
  hostSnapshot(): { snapshot: SnapshotMessage; curves: UpdateMessage[] } {
    const sent: Array<SnapshotMessage | UpdateMessage> = [];
    const clock = new SimulatedClock();
    const batcher = new UpdateBatcher((m) => sent.push(m), () => ({ run: this.runView(), trials: this.records.map(trialViewOf) }), { timer: clock });
    batcher.handle({ type: 'ready' });
    clock.runAll();
    batcher.dispose();
    const [snapshot, ...curves] = sent;
    if (snapshot?.type !== 'snapshot') throw new Error('the batcher sent no snapshot first');
    this.seq = curves.length;
    return { snapshot, curves: curves as UpdateMessage[] };
  }

  /**
   * The next update: every running trial reports one more point; one that
   * reaches its end completes (or is pruned) and a new trial starts in its
   * place. The run view rides along when the counts or the best changed,
   * and once a second (every 10th update) for the clock.
   */
  nextUpdate(): UpdateMessage {
    this.clockS += 0.1;
    const changed: TrialRecord[] = [];
    let ended = false;
    for (const t of this.records.filter((r) => r.state === 'running')) {
      this.advance(t.number, Object.keys(t.intermediate).length + 1);
      changed.push(t);
      if (t.state !== 'running') {
        ended = true;
        changed.push(this.startTrial(this.records.length));
      }
    }
    this.seq++;
    const update: UpdateMessage = { type: 'update', seq: this.seq, trials: changed.map(trialViewOf) };
    if (ended || this.seq % 10 === 0) update.run = this.runView();
    return update;
  }

  private startTrial(n: number): TrialRecord {
    const rng = this.rng;
    const params: Params = {
      'optimizer.lr': round(10 ** (-5 + 4 * rng.next()), 6),
      'optimizer.weight_decay': round(0.1 * rng.next(), 6),
      'model.layers': 1 + rng.int(12),
      'data.batch_size': Math.round(2 ** (4 + 6 * rng.next())),
      'optimizer.name': ['adam', 'adamw', 'sgd', 'rmsprop'][rng.int(4)],
      'model.activation': ['relu', 'gelu', 'silu'][rng.int(3)],
    };
    // A learning rate near 3e-3 and a moderate depth learn best; a high one plateaus high.
    const lrMiss = Math.abs(Math.log10(params['optimizer.lr'] as number) + 2.5);
    const floor = 0.15 + 0.25 * lrMiss ** 2 + 0.02 * Math.abs((params['model.layers'] as number) - 6) + 0.05 * rng.next();
    const start = 2.3 + 0.3 * rng.next();
    const rate = 0.4 + 0.8 * rng.next() + 0.3 * Math.max(0, -lrMiss);
    const noise = 0.01 + 0.03 * rng.next();
    const curve: number[] = [];
    for (let s = 1; s <= this.o.steps; s++) curve.push(round(floor + (start - floor) * (1 + s) ** -rate + noise * rng.normal() * (1 + 1 / s), 6));

    const u = rng.next();
    const end = u < 0.04 ? 'failed' : u < 0.29 ? 'pruned' : 'complete';
    const stopAt = end === 'complete' ? this.o.steps : end === 'pruned' ? RUNGS[rng.int(RUNGS.length)] : 1 + rng.int(this.o.steps);
    // The second objective: deeper models and bigger batches answer slower.
    const latencyMs = round((1 + 1.5 * (params['model.layers'] as number)) * (0.7 + 0.1 * Math.log2(params['data.batch_size'] as number)) * (0.9 + 0.2 * rng.next()), 4);
    this.plans[n] = { curve, stopAt: Math.min(stopAt, this.o.steps), end, latencyMs };

    const record: TrialRecord = {
      number: n,
      state: 'running',
      params,
      distributions: SPACE,
      intermediate: {},
      userAttrs: { gpus: [n % 8] },
      systemAttrs: {},
      // Trials start one after another; those started during the updates start now.
      start: new Date(START + Math.min(n * STEP_S * 2, this.clockS) * 1000).toISOString(),
    };
    this.records[n] = record;
    return record;
  }

  /** Reports the trial's curve up to `step`; at its planned stop it ends. */
  private advance(n: number, step: number): void {
    const t = this.records[n];
    const plan = this.plans[n];
    const upTo = Math.min(step, plan.stopAt);
    for (let s = Object.keys(t.intermediate).length + 1; s <= upTo; s++) t.intermediate[s] = plan.curve[s - 1];
    if (upTo < plan.stopAt) return;
    const last = plan.curve[upTo - 1];
    const seconds = upTo * STEP_S;
    t.state = plan.end;
    t.complete = new Date(Date.parse(t.start ?? '') + seconds * 1000).toISOString();
    Object.assign(t.userAttrs, { duration_s: seconds, gpu_hours: round(seconds / 3600, 4), gpu_energy_wh: round((seconds / 3600) * 250, 4) });
    if (plan.end === 'complete') t.values = this.o.objectives === 2 ? [last, plan.latencyMs] : [last];
    else if (plan.end === 'pruned') Object.assign(t.userAttrs, { pruned_at_step: upTo });
    else t.userAttrs.fail_reason = 'exit code 1: CUDA out of memory';
  }

  private runView(): RunView {
    const directions: Direction[] = this.o.objectives === 2 ? ['minimize', 'minimize'] : ['minimize'];
    const source: RunViewSource = {
      id: '20261130-080000-bench-a1b2',
      source: '/home/user/project/config.yaml',
      createdAt: new Date(START).toISOString(),
      state: 'running',
      settings: { trials: this.o.trials + 1000 },
      space: SPACE,
      directions,
      objectives: this.o.objectives === 2 ? [{ metric: 'val_loss', direction: 'minimize' }, { metric: 'latency_ms', direction: 'minimize' }] : [{ metric: 'val_loss', direction: 'minimize' }],
    };
    let best: TrialRecord | undefined;
    for (const t of this.records) if (t.state === 'complete' && t.values && (!best || t.values[0] < (best.values?.[0] ?? Infinity))) best = t;
    return runViewOf(source, this.records, {
      best,
      settings: `${source.settings.trials} trials, ${this.o.running} at a time, sampler tpe, pruner asha`,
      now: START + this.clockS * 1000,
      importance: [
        { name: 'optimizer.lr', importance: 0.52 },
        { name: 'model.layers', importance: 0.21 },
        { name: 'optimizer.name', importance: 0.12 },
        { name: 'data.batch_size', importance: 0.08 },
        { name: 'optimizer.weight_decay', importance: 0.05 },
        { name: 'model.activation', importance: 0.02 },
      ],
      fileValues: FILE_VALUES,
    });
  }
}

/** A clock for the batcher that jumps from timer to timer. */
class SimulatedClock implements BatchTimer {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Fires timers in time order until none is left. */
  runAll(): void {
    for (let guard = 0; this.timers.size > 0 && guard < 100_000; guard++) {
      const [id, next] = [...this.timers.entries()].reduce((a, b) => (b[1].at < a[1].at ? b : a));
      this.timers.delete(id);
      this.time = next.at;
      next.fn();
    }
  }
}
