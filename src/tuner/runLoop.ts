// The tuning loop over one run directory: ask the study, run the trial,
// tell the result, until the budget, the time or the space runs out. The CLI
// and the editor's tuner process both drive a run through this one function;
// everything it needs is on disk, so a killed run resumes from the same place.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, renderConfig, type Constraint } from '../annotations';
import { budgetOf, createPruner } from '../engine/pruners';
import { createSampler } from '../engine/samplers';
import type { Params } from '../engine/space';
import { bestTrial, Study } from '../engine/study';
import type { TrialRecord } from '../engine/trial';
import { GpuMonitor } from '../executors/gpuMonitor';
import { queryGpus } from '../executors/gpus';
import { createLocalExecutor } from '../executors/localExecutor';
import { PruneRequest, type TrialResult, type TrialSpec } from '../executors/trialProcess';
import { RunJournal } from '../store/runJournal';
import { trialDir, updateRunInfo } from '../store/runDir';
import { SamplerJobs, type Job, type JobSource } from './jobs';
import { killLeftoverTrials } from './leftovers';
import { startTrialWatchdog } from './watchdogClient';
import { PBT_CARRIED, PbtJobs } from './pbtJobs';
import { RUNG_CARRIED, RungJobs, rungOptions } from './rungJobs';
import { pythonHelperDir } from './paths';
import { applyTfTrial, entryArgv } from './tfTrials';
import { copyWarmStart, WARM_START_ATTR } from './warmStart';
import { readRun, snapshotPath, type HyperlensRun, type RunState } from './runFiles';
import { countsOf, INTERRUPTED, type TrialCounts } from './summary';

export interface TrialStartEvent {
  number: number;
  params: Params;
}
export interface TrialReportEvent {
  number: number;
  step?: number;
  metrics: Record<string, number>;
}
export interface TrialEndEvent {
  number: number;
  record: TrialRecord;
  result: TrialResult;
}
export interface Progress {
  /** Trials that count against the budget and have ended. */
  done: number;
  budget: number;
  running: number;
  counts: TrialCounts;
  best?: TrialRecord;
  elapsedSeconds: number;
  etaSeconds?: number;
}

export interface RunEvents {
  trialStarted?(e: TrialStartEvent): void;
  trialReported?(e: TrialReportEvent): void;
  trialEnded?(e: TrialEndEvent): void;
  progress?(p: Progress): void;
  /** A note for the person watching: why the run stopped early, what was retried. */
  notice?(message: string): void;
}

export interface RunOutcome {
  state: RunState;
  counts: TrialCounts;
  best?: TrialRecord;
}

export { INTERRUPTED };

/** Runs (or resumes) the run in `runDir` until it ends or `signal` aborts it. */
export async function driveRun(runDir: string, events: RunEvents = {}, signal?: AbortSignal): Promise<RunOutcome> {
  const run = readRun(runDir);
  const { settings } = run;
  const text = fs.readFileSync(snapshotPath(run), 'utf8');
  const parsed = parseConfig(text, run.source, run.language);
  const journal = RunJournal.open(path.join(runDir, 'journal.jsonl'));
  journal.createStudy(run.id, run.directions);

  updateRunInfo(runDir, { state: 'running', pid: process.pid, resumedAt: new Date().toISOString() });
  const fileValues = Object.fromEntries(parsed.values.map((v) => [v.name, v.current]));
  // With a fidelity parameter, successive halving sets it per rung instead of stopping trials.
  const rungs = settings.pbt ? undefined : rungOptions(run.space, settings.pruner ?? 'none');
  const study = new Study({
    space: run.space,
    directions: run.directions,
    sampler: createSampler(settings.sampler, settings.seed),
    storage: journal,
    seed: settings.seed,
    prior: fileValues,
    pruner: rungs || settings.pbt ? undefined : createPruner(settings.pruner ?? 'none', { ...budgetOf(run.space), seed: settings.seed }),
  });

  const retries = recoverInterrupted(study, runDir, events);
  if (study.trials().length === 0) {
    if (run.warmStartFrom?.length) {
      const copied = copyWarmStart(journal, run.space, run.directions.length, run.warmStartFrom);
      events.notice?.(`warm start: ${copied} compatible trial(s) from ${run.warmStartFrom.map((d) => path.basename(d)).join(', ')}`);
    }
    // The values written in the file are the first configuration tried (PBT's member 0).
    if (!settings.pbt) study.enqueue(fileValues);
  }
  const direction = run.directions[0] ?? 'minimize';
  const jobs: JobSource = settings.pbt
    ? new PbtJobs({ study, pbt: settings.pbt, space: run.space, direction, runDir, seed: settings.seed, fileValues, notice: (m) => events.notice?.(m) })
    : rungs
      ? new RungJobs(study, rungs, direction, runDir)
      : new SamplerJobs(study);

  // GPUs (nvidia-smi, CUDA_VISIBLE_DEVICES) or CPU slots; executor.slots is how many trials run at once.
  // Samples the GPUs of running trials (one nvidia-smi call every 2 s) for their energy and use.
  const monitor = new GpuMonitor(() => queryGpus(), 2000);
  const { executor, notice: slotsNotice } = await createLocalExecutor(settings, { monitor });
  monitor.start();
  events.notice?.(slotsNotice);
  const started = Date.now();
  const deadline = settings.timeoutSeconds ? started + settings.timeoutSeconds * 1000 : Infinity;
  const stopTrials = new AbortController();
  const onAbort = (): void => stopTrials.abort(INTERRUPTED);
  signal?.addEventListener('abort', onAbort);

  // Budget in full trials; a rung trial costs the share of the full fidelity it ran.
  const costOf = (t: TrialRecord): number => jobs.trialCost?.(t) ?? 1;
  let done = study.trials().filter(countsAgainstBudget).reduce((sum, t) => sum + costOf(t), 0);
  let launched = 0;
  const durations: number[] = [];
  let exhausted = false;
  // Running trials and their cost.
  const inFlight = new Map<Promise<void>, number>();
  const runningCost = (): number => [...inFlight.values()].reduce((a, b) => a + b, 0);

  const progress = (): void => {
    const trials = study.trials();
    const mean = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : undefined;
    const left = Math.max(0, settings.trials - done);
    events.progress?.({
      done: Math.round(done * 10) / 10,
      budget: settings.trials,
      running: inFlight.size,
      counts: countsOf(trials),
      best: bestTrial(trials, run.directions),
      elapsedSeconds: (Date.now() - started) / 1000,
      etaSeconds: mean === undefined ? undefined : (mean * left) / Math.max(1, Math.min(executor.slots, left)),
    });
  };

  // Said once per run: tfjs-node-gpu fell back to the CPU.
  let tfWarned: string | undefined;
  const runTrial = async (job: Job): Promise<void> => {
    const { asked } = job;
    const dir = trialDir(runDir, asked.number);
    const configPath = path.join(dir, path.basename(run.source));
    fs.writeFileSync(configPath, renderConfig(parsed, asked.params));
    events.trialStarted?.(asked);
    let reports = 0;
    // The last value of every metric, for `@tune.constraint`.
    const lastMetrics: Record<string, number> = {};
    // The pruner stops this trial alone; a stop of the run stops them all.
    const pruneTrial = new AbortController();
    let pruned: { step: number; why: string } | undefined;
    const spec: TrialSpec = {
      number: asked.number,
      params: asked.params,
      trialDir: dir,
      command: run.command,
      cwd: path.dirname(run.source),
      configPath,
      objectives: run.objectives,
      metricPatterns: run.metricPatterns,
      pythonHelperDir: pythonHelperDir(),
      // The trial watchdog (started below) stops this group if the tuner dies.
      onSpawn: (pid) => watchdog.trialSpawned(pid),
      onGroupGone: (pid) => watchdog.trialGone(pid),
      onReport: (r) => {
        // The journal keeps the first objective's curve, as Optuna does.
        const value = r.metrics[run.objectives[0].metric];
        const step = r.step ?? reports;
        reports++;
        if (value !== undefined && !pruned && Number.isInteger(step) && step >= 0) {
          const decision = study.report(asked.number, step, value);
          if (decision.prune) {
            pruned = { step, why: decision.reason ?? 'pruned' };
            pruneTrial.abort(new PruneRequest(pruned.why));
          }
        }
        Object.assign(lastMetrics, r.metrics);
        events.trialReported?.({ number: asked.number, ...r });
      },
    };
    if (settings.trialTimeoutSeconds !== undefined) spec.timeoutSeconds = settings.trialTimeoutSeconds;
    if (job.restoreFrom !== undefined) spec.restoreFrom = job.restoreFrom;
    if (job.stopAtStep !== undefined) spec.stopAtStep = job.stopAtStep;
    // `@tune.entry`: the TensorFlow.js trial host runs the user's train function (src/tuner/tfTrials.ts).
    const hostArgv = entryArgv(run);
    if (hostArgv) spec.argv = hostArgv;
    let result = await executor.run(spec, AbortSignal.any([stopTrials.signal, pruneTrial.signal]));
    if (hostArgv) {
      const tf = applyTfTrial(dir, result, (k, v) => study.setTrialAttr(asked.number, k, v));
      result = tf.result;
      if (tf.warning && !tfWarned) events.notice?.(`trial #${asked.number}: ${(tfWarned = tf.warning)}`);
    }
    if (jobs.finish && !stopTrials.signal.aborted) result = jobs.finish(study.trials().find((t) => t.number === asked.number)!, result, job);
    const interrupted = stopTrials.signal.aborted && result.state !== 'complete' && !pruned;
    if (pruned && result.state === 'pruned') {
      study.setTrialAttr(asked.number, 'pruned_at_step', pruned.step);
      study.setTrialAttr(asked.number, 'prune_reason', pruned.why);
    }
    if (result.state === 'complete' && run.constraints?.length) {
      study.setConstraints(asked.number, constraintValues(run.constraints, lastMetrics));
    }
    recordResult(study, asked.number, result, interrupted);
    if (!interrupted) {
      done += costOf(study.trials().find((t) => t.number === asked.number)!);
      durations.push(result.durationSeconds);
    }
    const record = study.trials().find((t) => t.number === asked.number)!;
    events.trialEnded?.({ number: asked.number, record, result });
  };

  const aborted = new Promise<void>((resolve) => stopTrials.signal.addEventListener('abort', () => resolve(), { once: true }));
  const deadlineReached = new Promise<void>((resolve) => {
    if (Number.isFinite(deadline)) setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
  });

  // --- Trial watchdog (issue 5; src/tuner/watchdog.ts). Trials run detached,
  // in their own process groups; if this process dies, even by SIGKILL, one
  // small watchdog process per run stops the groups still running, so trials
  // never outlive their tuner. Closed in the finally below: a normal end leaves
  // nothing registered and it just exits. ---
  const watchdog = startTrialWatchdog(runDir, { notice: (m) => events.notice?.(m) });
  try {
    progress();
    let announcedDeadline = false;
    while (!stopTrials.signal.aborted) {
      const pastDeadline = Date.now() >= deadline;
      if (pastDeadline && !announcedDeadline && done + runningCost() < settings.trials) {
        announcedDeadline = true;
        events.notice?.("The run's time budget is spent: no new trials start.");
      }
      const wantMore = done + runningCost() < settings.trials - 1e-9 && !exhausted && !pastDeadline;
      if (wantMore && inFlight.size < executor.slots) {
        const next = jobs.next();
        if (next === 'wait') {
          // PBT: the generation's last segments must end before the next is planned.
          if (inFlight.size === 0) throw new Error('PBT is waiting for segments that are not running; the journal may be damaged');
          await Promise.race([...inFlight.keys(), aborted]);
          continue;
        }
        if ('exhausted' in next) {
          exhausted = true;
          events.notice?.(next.exhausted);
          continue;
        }
        launched++;
        const tracked: Promise<void> = runTrial(next).finally(() => {
          inFlight.delete(tracked);
          progress();
        });
        inFlight.set(tracked, jobs.jobCost?.(next) ?? 1);
        progress();
        continue;
      }
      if (inFlight.size === 0) break;
      // Wake for a finished trial, an abort, or (once) the deadline.
      await Promise.race([...inFlight.keys(), aborted, ...(pastDeadline ? [] : [deadlineReached])]);
    }
    await Promise.all([...inFlight.keys()]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    watchdog.close(); // trial watchdog: see above
    monitor.stop();
  }

  const trials = study.trials();
  const state: RunState = stopTrials.signal.aborted ? 'interrupted' : 'finished';
  updateRunInfo(runDir, { state, endedAt: new Date().toISOString(), pid: undefined });
  if (retries > 0 && launched === 0) events.notice?.('Nothing left to run.');
  const summary = state === 'finished' ? jobs.summary?.() : undefined;
  if (summary) events.notice?.(summary);
  return { state, counts: countsOf(trials), best: bestTrial(trials, run.directions) };
}

/**
 * One number per `@tune.constraint`, feasible when <= 0 (Optuna's convention):
 * `mem <= 8` gives mem - 8. A metric never reported is infinitely infeasible.
 */
export function constraintValues(constraints: Constraint[], metrics: Record<string, number>): number[] {
  return constraints.map((c) => {
    const v = metrics[c.metric];
    if (v === undefined || Number.isNaN(v)) return Infinity;
    return c.op === '<=' ? v - c.value : c.value - v;
  });
}

/** Trials that ended on their own; interrupted ones are re-run instead. */
function countsAgainstBudget(t: TrialRecord): boolean {
  if (t.userAttrs[WARM_START_ATTR] !== undefined) return false; // learnt in an earlier run
  if (t.state === 'complete' || t.state === 'pruned') return true;
  return t.state === 'failed' && t.userAttrs.fail_reason !== INTERRUPTED;
}

function recordResult(study: Study, n: number, result: TrialResult, interrupted: boolean): void {
  // One journal line for what the process did, then one for how it ended.
  const attrs: Record<string, unknown> = { duration_s: Math.round(result.durationSeconds * 1000) / 1000 };
  if (result.exitCode !== null) attrs.exit_code = result.exitCode;
  if (result.signal) attrs.signal = result.signal;
  if (result.gpus?.length) attrs.gpus = result.gpus;
  // Energy (Wh), GPU-hours, peak memory and utilisation sampled while it ran.
  if (result.gpuUsage) Object.assign(attrs, result.gpuUsage);
  study.setTrialAttrs(n, attrs);
  if (interrupted) {
    study.setTrialAttr(n, 'fail_reason', INTERRUPTED);
    study.tell(n, 'failed');
    return;
  }
  if (result.state === 'complete') {
    study.tell(n, 'complete', result.values);
    return;
  }
  if (result.state === 'pruned') {
    study.tell(n, 'pruned');
    return;
  }
  if (result.reason) study.setTrialAttr(n, 'fail_reason', result.reason);
  if (result.stderrTail) study.setTrialAttr(n, 'stderr_tail', result.stderrTail.slice(-2000));
  study.tell(n, result.state);
}

/**
 * After a crash: trials left running are failed as interrupted, their
 * processes killed if still alive, and their configurations run again under
 * new numbers (a number is never reused).
 */
function recoverInterrupted(study: Study, runDir: string, events: RunEvents): number {
  const trials = study.trials();
  const orphans = trials.filter((t) => t.state === 'running' || t.state === 'waiting');
  killLeftoverTrials(orphans.map((t) => path.join(runDir, 'trials', String(t.number))));
  for (const t of orphans) {
    // A trial that completed just before the tuner died left its result on disk: keep it.
    const saved = savedResult(path.join(runDir, 'trials', String(t.number)), study.directions.length);
    if (saved) {
      recordResult(study, t.number, saved, false);
      events.notice?.(`Recovered trial #${t.number}, which completed as the tuner stopped.`);
      continue;
    }
    study.setTrialAttr(t.number, 'fail_reason', INTERRUPTED);
    study.tell(t.number, 'failed');
  }
  const retried = new Set(trials.map((t) => t.userAttrs.retry_of).filter((n) => typeof n === 'number'));
  const toRetry = study.trials().filter((t) => t.state === 'failed' && t.userAttrs.fail_reason === INTERRUPTED && !retried.has(t.number));
  // A retry keeps its place in a rung schedule or a PBT generation (and its budget, in its params).
  const carried = (t: TrialRecord) => Object.fromEntries(Object.entries(t.userAttrs).filter(([k]) => RUNG_CARRIED.includes(k) || PBT_CARRIED.includes(k)));
  for (const t of toRetry) study.enqueue(t.params, { ...carried(t), retry_of: t.number });
  if (toRetry.length > 0) {
    events.notice?.(`Re-running ${toRetry.length} interrupted trial(s): ${toRetry.map((t) => `#${t.number}`).join(', ')}.`);
  }
  return toRetry.length;
}

/** The complete result a trial wrote to result.json, if it got that far. */
function savedResult(dir: string, objectives: number): TrialResult | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(path.join(dir, 'result.json'), 'utf8')) as TrialResult;
    const ok = r.state === 'complete' && Array.isArray(r.values) && r.values.length === objectives && r.values.every(Number.isFinite);
    return ok ? r : undefined;
  } catch {
    return undefined; // absent or torn by the kill: the trial is re-run
  }
}

export type { HyperlensRun };
