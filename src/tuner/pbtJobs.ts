// Population-based training as the run loop's job source: synchronous
// generations of segments (src/engine/pbt), each segment one trial that
// restores its parent's checkpoint and trains up to the segment's end step
// (the fidelity parameter is set to it; without one the trial is stopped
// there through its stop file). The plan of any generation is a pure
// function of the one before, so after a crash the missing segments are
// planned again exactly as they were.
import * as path from 'node:path';
import {
  bestMember,
  describeSchedule,
  firstGeneration,
  generationRng,
  nextGeneration,
  PBT_ATTRS,
  pbtAttrs,
  pbtGenerations,
  planFromAttrs,
  type PbtOptions,
  type SegmentPlan,
} from '../engine/pbt';
import { formatNumber } from '../engine/format';
import type { Direction, Params, SearchSpace } from '../engine/space';
import { isSearched } from '../engine/space';
import type { AskedTrial, Study } from '../engine/study';
import type { TrialRecord } from '../engine/trial';
import type { SearchedDistribution } from '../engine/transform';
import { trialFiles } from '../executors/trialProcess';
import { checkpointOf, type Job, type JobSource, type NextJob } from './jobs';
import { INTERRUPTED } from './summary';

export interface PbtJobsOptions {
  study: Study;
  pbt: PbtOptions;
  space: SearchSpace;
  direction: Direction;
  runDir: string;
  seed: number;
  /** The file's values: member 0 of the first generation. */
  fileValues: Params;
  notice?: (message: string) => void;
}

export class PbtJobs implements JobSource {
  private pending: SegmentPlan[] = [];
  private readonly fidelity: string | undefined;
  private readonly searched: Record<string, SearchedDistribution> = {};
  /** What explore may change: the named parameters, else the float ones. */
  private readonly explored: Record<string, SearchedDistribution> = {};
  private warnedNoCheckpoint = false;

  constructor(private readonly o: PbtJobsOptions) {
    this.fidelity = Object.entries(o.space).find(([, d]) => d.type === 'fidelity')?.[0];
    for (const [name, d] of Object.entries(o.space)) if (isSearched(d)) this.searched[name] = d;
    for (const [name, d] of Object.entries(this.searched)) if (o.pbt.explore ? o.pbt.explore.includes(name) : d.type === 'float') this.explored[name] = d;
  }

  next(): NextJob {
    const { study } = this.o;
    // A segment cut short by a crash or a stop is queued again with its plan.
    if (study.peekQueued()?.[PBT_ATTRS.member] !== undefined) return this.job(study.ask());
    if (this.pending.length === 0) {
      const planned = this.plan();
      if (planned === 'wait' || 'exhausted' in planned) return planned;
      this.pending = planned.plans;
    }
    const plan = this.pending.shift()!;
    study.enqueue(plan.params, pbtAttrs(plan));
    return this.job(study.ask(this.fidelity ? { [this.fidelity]: plan.endStep } : {}));
  }

  /** PBT's result is the best member's schedule. */
  summary(): string | undefined {
    const generations = pbtGenerations(this.o.study.trials(), ranToTheEnd);
    const last = Math.max(-1, ...generations.keys());
    const best = last >= 0 ? bestMember(generations.get(last)!, this.o.direction) : undefined;
    if (!best) return undefined;
    return `PBT best: member ${best.plan.member}, trial #${best.trialNumber} at step ${best.plan.endStep}: ${formatNumber(best.value!)}. Schedule: ${describeSchedule(best.plan.schedule)}`;
  }

  /** The segments still to start of the generation under way, or of the next one. */
  private plan(): { plans: SegmentPlan[] } | 'wait' | { exhausted: string } {
    const { study, pbt } = this.o;
    const trials = study.trials();
    const segments = trials.map((t) => ({ t, plan: planFromAttrs(t.userAttrs, t.params) })).filter((s) => s.plan !== undefined) as Array<{ t: TrialRecord; plan: SegmentPlan }>;
    if (segments.some((s) => s.t.state === 'running' || s.t.state === 'waiting')) return 'wait';
    // Plans carry searched values only: the fidelity changes every segment and is set apart.
    const finished = new Map(
      [...pbtGenerations(trials, ranToTheEnd)].map(([g, results]) => [g, results.map((r) => ({ ...r, plan: { ...r.plan, params: pick(r.plan.params, Object.keys(this.searched)) } }))]),
    );
    const current = Math.max(-1, ...segments.map((s) => s.plan.generation));
    const whole = current >= 0 && (finished.get(current)?.length ?? 0) === pbt.population;
    const target = current < 0 || whole ? current + 1 : current;
    let plans: SegmentPlan[];
    if (target === 0) {
      const initial = Array.from({ length: pbt.population }, (_, m) => (m === 0 ? pick(this.o.fileValues, Object.keys(this.searched)) : study.proposeSearched()));
      plans = firstGeneration(initial, pbt);
    } else {
      plans = nextGeneration(finished.get(target - 1)!, this.explored, this.o.direction, pbt, generationRng(this.o.seed, target - 1));
      if (plans.length === 0) return { exhausted: this.summary() ?? 'PBT reached its last step.' };
    }
    const started = new Set(segments.filter((s) => s.plan.generation === target).map((s) => s.plan.member));
    const left = plans.filter((p) => !started.has(p.member));
    return left.length ? { plans: left } : 'wait';
  }

  private job(asked: AskedTrial): Job {
    const record = this.o.study.trials().find((t) => t.number === asked.number)!;
    const plan = planFromAttrs(record.userAttrs, record.params)!;
    const job: Job = { asked };
    if (!this.fidelity) job.stopAtStep = plan.endStep;
    if (plan.parent !== undefined) {
      const restore = checkpointOf(trialFiles(path.join(this.o.runDir, 'trials', String(plan.parent))).checkpoints);
      if (restore) job.restoreFrom = restore;
      else if (!this.warnedNoCheckpoint) {
        this.warnedNoCheckpoint = true;
        this.o.notice?.(`PBT: trial #${plan.parent} saved no checkpoint in HYPERLENS_CHECKPOINT_DIR, so trial #${asked.number} starts from scratch. Save one at the end of each segment.`);
      }
    }
    return job;
  }
}

/** Segments that ran (complete or failed on their own); an interrupted one is re-run, not ranked. */
function ranToTheEnd(t: TrialRecord): boolean {
  if (t.state === 'complete' || t.state === 'pruned') return true;
  return t.state === 'failed' && t.userAttrs.fail_reason !== INTERRUPTED;
}

function pick(params: Params, names: string[]): Params {
  const out: Params = {};
  for (const n of names) if (n in params) out[n] = params[n];
  return out;
}

/** Attributes a retried segment keeps: its whole plan. */
export const PBT_CARRIED = Object.values(PBT_ATTRS) as string[];
