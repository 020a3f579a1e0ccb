// The views of a run and its trials that the panel's messages carry:
// compact, JSON-safe, built from the journal's records by pure functions.
// No vscode, DOM or Node API: both bundles import it (see protocol.ts).
import { isFeasible } from '../engine/constraints';
import type { Direction, Distribution, ParamValue, Params, SearchSpace } from '../engine/space';
import type { TrialRecord, TrialState } from '../engine/trial';

// ---------------------------------------------------------------- the views

export interface ObjectiveView {
  metric: string;
  direction: Direction;
}

/** A column of the trials table: a parameter by its full name (`optimizer.lr`), in file order. */
export interface ParamColumn {
  name: string;
  kind: Distribution['type'];
  /** float, int and fidelity ranges (a chart's axis). */
  low?: number;
  high?: number;
  log?: boolean;
  /** categorical: the choices in the file's order (a categorical axis). */
  choices?: ParamValue[];
}

/** running, finished, interrupted (stopped, or its tuner died), failed; `unknown` for a run.json without one. */
export type RunViewState = 'running' | 'finished' | 'interrupted' | 'failed' | 'unknown';

export interface RunView {
  id: string;
  /** The annotated file's absolute path, and its base name for headers. */
  source: string;
  fileName: string;
  state: RunViewState;
  /** One line: "20 trials, 2 at a time, sampler tpe, ..." (describeSettings). */
  settings: string;
  objectives: ObjectiveView[];
  params: ParamColumn[];
  /** Trials the run may spend, trials spent (a rung trial counts its share), trials running now. */
  budget: number;
  done: number;
  running: number;
  bestTrial?: number;
  /** ISO 8601. */
  startedAt: string;
  endedAt?: string;
  elapsedS: number;
  etaS?: number;
  /** Over the trials that recorded GPU use; absent when none did. */
  gpu?: { wh: number; gpuHours: number };
  pbt: boolean;
  /** Parameter importance for the first objective, most important first (the host computes it; absent below enough trials). */
  importance?: ImportanceView[];
  /** The annotated file's current values by full name, for the suggestion card and diffs; absent when the file cannot be read. */
  fileValues?: Params;
}

export interface ImportanceView {
  name: string;
  /** 0..1, the list summing to about 1. */
  importance: number;
}

/** The user attributes the panel reads, under their journal names. */
export interface TrialAttrsView {
  gpus?: number[];
  gpu_energy_wh?: number;
  gpu_hours?: number;
  pbt_member?: number;
  pbt_generation?: number;
  pbt_parent?: number;
  pbt_exploited_from?: number;
  pbt_schedule?: Array<{ from_step: number; to_step: number; params: Params }>;
  promoted_from?: number;
  fidelity_budget?: number;
  /** The earlier run a warm-started trial was learnt in. */
  warm_start_from?: string;
}

export interface TrialView {
  number: number;
  state: TrialState;
  params: Params;
  /** One per objective; null for a missing or non-finite value; empty before the trial ends. */
  values: Array<number | null>;
  /** The first objective's reports as two parallel arrays, steps ascending (10,000 x 100 points stay cheap). */
  intermediate: { steps: number[]; values: number[] };
  /** ISO 8601; a running trial's clock runs from here. */
  start?: string;
  durationS?: number;
  /** Why it was pruned or failed. */
  reason?: string;
  /** Present, false, only for a trial that broke a constraint. */
  feasible?: boolean;
  attrs: TrialAttrsView;
}

/** What runViewOf reads of a run: HyperlensRun (run.json) has all of it. */
export interface RunViewSource {
  id: string;
  source: string;
  createdAt: string;
  endedAt?: string;
  state?: string;
  settings: { trials: number; pbt?: unknown };
  space: SearchSpace;
  directions?: Direction[];
  objectives?: ObjectiveView[];
}

/** The tuner's latest `progress` notification, where the host has one: it knows the clock and the budget better. */
export interface RunProgress {
  done: number;
  budget: number;
  running: number;
  elapsedSeconds: number;
  etaSeconds?: number;
}

export interface RunViewOptions {
  /**
   * The engine's best: bestTrial(trials, directions) from engine/study, which
   * the host already has (RunIndex's entry, the tuner's progress). Passed in
   * because study.ts cannot be type-checked for the browser.
   */
  best: TrialRecord | undefined;
  /** What the run shows as its state: effectiveRunState(run) on the host; run.state otherwise. */
  state?: string;
  /** describeSettings(run.settings). */
  settings?: string;
  progress?: RunProgress;
  /** Milliseconds since the epoch; Date.now() by default. */
  now?: number;
  importance?: ImportanceView[];
  fileValues?: Params;
}

export const TRIAL_STATES: readonly TrialState[] = ['running', 'waiting', 'complete', 'pruned', 'failed'];
export const RUN_STATES: readonly RunViewState[] = ['running', 'finished', 'interrupted', 'failed', 'unknown'];
export const PARAM_KINDS: readonly Distribution['type'][] = ['float', 'int', 'categorical', 'fidelity', 'fixed'];

/** A trial as the panel shows it: JSON-safe (no NaN, no Infinity, no undefined in arrays). */
export function trialViewOf(t: TrialRecord): TrialView {
  const steps: number[] = [];
  const values: number[] = [];
  const points = Object.entries(t.intermediate ?? {})
    .map(([k, v]) => [Number(k), v] as const)
    .filter(([k, v]) => Number.isFinite(k) && typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  for (const [k, v] of points) {
    steps.push(k);
    values.push(v);
  }
  const a = t.userAttrs ?? {};
  const view: TrialView = {
    number: t.number,
    state: t.state,
    params: jsonParams(t.params ?? {}),
    values: (t.values ?? []).map((v) => finite(v) ?? null),
    intermediate: { steps, values },
    attrs: attrsView(a),
  };
  if (t.start) view.start = t.start;
  const duration = finite(a.duration_s) ?? secondsBetween(t.start, t.complete);
  if (duration !== undefined) view.durationS = duration;
  const reason = reasonOf(t);
  if (reason) view.reason = reason;
  if (t.systemAttrs && !isFeasible(t)) view.feasible = false;
  return view;
}

/** The header's view of a run: its settings, counts, best trial, clock and GPU totals. */
export function runViewOf(run: RunViewSource, trials: readonly TrialRecord[], options: RunViewOptions): RunView {
  const now = options.now ?? Date.now();
  const state = asRunState(options.state ?? run.state);
  const directions = run.directions?.length ? run.directions : (run.objectives ?? []).map((o) => o.direction);
  const objectives = run.objectives?.length
    ? run.objectives.map((o) => ({ metric: o.metric, direction: o.direction }))
    : directions.map((direction, i) => ({ metric: directions.length > 1 ? `objective ${i + 1}` : 'objective', direction }));
  const fidelityHigh = Object.values(run.space ?? {}).find((d) => d.type === 'fidelity');
  const maxBudget = fidelityHigh?.type === 'fidelity' ? fidelityHigh.high : undefined;

  let done = 0;
  let running = 0;
  let latest = Date.parse(run.createdAt);
  const durations: number[] = [];
  let wh = 0;
  let gpuHours = 0;
  let gpuTrials = 0;
  for (const t of trials) {
    if (t.state === 'running') running++;
    if (countsAgainstBudget(t)) {
      const cost = finite(t.userAttrs?.fidelity_cost);
      done += cost !== undefined && maxBudget ? cost / maxBudget : 1;
      const d = finite(t.userAttrs?.duration_s);
      if (d !== undefined) durations.push(d);
    }
    for (const at of [t.start, t.complete]) {
      const ms = at ? Date.parse(at) : NaN;
      if (Number.isFinite(ms) && !(ms <= latest)) latest = ms;
    }
    const hours = finite(t.userAttrs?.gpu_hours);
    if (hours !== undefined) {
      gpuTrials++;
      gpuHours += hours;
      wh += finite(t.userAttrs?.gpu_energy_wh) ?? 0;
    }
  }
  done = Math.round(done * 10) / 10;

  const budget = options.progress?.budget ?? run.settings?.trials ?? 0;
  const view: RunView = {
    id: run.id,
    source: run.source,
    fileName: baseName(run.source),
    state,
    settings: options.settings ?? '',
    objectives,
    params: Object.entries(run.space ?? {}).map(([name, d]) => paramColumn(name, d)),
    budget,
    done: options.progress?.done ?? done,
    running: options.progress?.running ?? running,
    startedAt: run.createdAt,
    elapsedS: 0,
    pbt: run.settings?.pbt != null,
  };
  if (options.best) view.bestTrial = options.best.number;
  if (run.endedAt) view.endedAt = run.endedAt;

  // A run that is not running stopped at its end, or at its last trial when a dead tuner never wrote one.
  const started = Date.parse(run.createdAt);
  const ended = state === 'running' ? now : run.endedAt ? Date.parse(run.endedAt) : latest;
  const elapsed = options.progress?.elapsedSeconds ?? (Number.isFinite(started) && Number.isFinite(ended) ? Math.max(0, (ended - started) / 1000) : 0);
  view.elapsedS = finite(elapsed) ?? 0;
  const eta = options.progress ? options.progress.etaSeconds : state === 'running' ? etaOf(durations, budget - view.done, view.running) : undefined;
  if (finite(eta) !== undefined) view.etaS = eta;
  if (gpuTrials > 0) view.gpu = { wh, gpuHours };
  if (options.importance) view.importance = options.importance.filter((i) => Number.isFinite(i.importance)).map((i) => ({ name: i.name, importance: i.importance }));
  if (options.fileValues) view.fileValues = jsonParams(options.fileValues);
  return view;
}

function paramColumn(name: string, d: Distribution): ParamColumn {
  const column: ParamColumn = { name, kind: d.type };
  if (d.type === 'float' || d.type === 'int' || d.type === 'fidelity') {
    column.low = d.low;
    column.high = d.high;
    if (d.type !== 'fidelity') column.log = d.log;
  } else if (d.type === 'categorical') {
    column.choices = d.choices.map(jsonValue);
  }
  return column;
}

/** Trials that ended on their own in this run: warm-started and interrupted ones do not use the budget (as runLoop counts). */
function countsAgainstBudget(t: TrialRecord): boolean {
  if (t.userAttrs?.warm_start_from !== undefined) return false;
  if (t.state === 'complete' || t.state === 'pruned') return true;
  return t.state === 'failed' && t.userAttrs?.fail_reason !== 'interrupted';
}

function etaOf(durations: number[], left: number, running: number): number | undefined {
  if (left <= 0) return 0;
  if (durations.length === 0) return undefined;
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  return (mean * left) / Math.max(1, Math.min(running, left));
}

function reasonOf(t: TrialRecord): string | undefined {
  const a = t.userAttrs ?? {};
  if (t.state === 'pruned') {
    if (typeof a.prune_reason === 'string') return a.prune_reason;
    return typeof a.pruned_at_step === 'number' ? `pruned at step ${a.pruned_at_step}` : undefined;
  }
  if (t.state === 'failed' && typeof a.fail_reason === 'string') return a.fail_reason;
  return undefined;
}

function attrsView(a: Record<string, unknown>): TrialAttrsView {
  const out: TrialAttrsView = {};
  if (Array.isArray(a.gpus) && a.gpus.every(isCount)) out.gpus = [...a.gpus];
  for (const key of ['gpu_energy_wh', 'gpu_hours', 'fidelity_budget'] as const) {
    const v = finite(a[key]);
    if (v !== undefined) out[key] = v;
  }
  for (const key of ['pbt_member', 'pbt_generation', 'pbt_parent', 'pbt_exploited_from', 'promoted_from'] as const) {
    if (isCount(a[key])) out[key] = a[key];
  }
  const schedule = scheduleView(a.pbt_schedule);
  if (schedule) out.pbt_schedule = schedule;
  if (typeof a.warm_start_from === 'string') out.warm_start_from = a.warm_start_from;
  return out;
}

function scheduleView(raw: unknown): TrialAttrsView['pbt_schedule'] {
  if (!Array.isArray(raw)) return undefined;
  const out: NonNullable<TrialAttrsView['pbt_schedule']> = [];
  for (const e of raw) {
    if (!isPlainObject(e) || !isCount(e.from_step) || !isCount(e.to_step) || !isPlainObject(e.params)) return undefined;
    out.push({ from_step: e.from_step, to_step: e.to_step, params: jsonParams(e.params as Params) });
  }
  return out;
}

function jsonParams(params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) out[k] = jsonValue(v);
  return out;
}

/** NaN and Infinity have no JSON; anything not a parameter value is shown as null rather than break a message. */
function jsonValue(v: unknown): ParamValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return typeof v === 'string' || typeof v === 'boolean' ? v : null;
}

function secondsBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const s = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(s) && s >= 0 ? s : undefined;
}

function asRunState(s: string | undefined): RunViewState {
  return (RUN_STATES as readonly string[]).includes(s ?? '') ? (s as RunViewState) : 'unknown';
}

function baseName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}

function finite(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

export function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
