// The run header's pure parts: which GPUs the running trials hold, which
// buttons the run's state allows, and the count typed into "Add trials".
import type { RunViewState } from '../views';

export interface GpuTrial {
  state: string;
  attrs: { gpus?: readonly number[] };
}

/** The GPUs held by running trials, ascending, each once. */
export function gpusInUse(trials: readonly GpuTrial[]): number[] {
  const held = new Set<number>();
  for (const t of trials) if (t.state === 'running') for (const g of t.attrs.gpus ?? []) held.add(g);
  return [...held].sort((a, b) => a - b);
}

export interface RunActions {
  stop: boolean;
  resume: boolean;
  addTrials: boolean;
}

/** Stop while it runs; resume once it stopped for any reason; more trials either way. */
export function runActions(state: RunViewState): RunActions {
  return {
    stop: state === 'running',
    resume: state === 'interrupted' || state === 'failed' || state === 'finished',
    addTrials: state !== 'unknown',
  };
}

export type TrialCount = { ok: true; count: number } | { ok: false; error: string };

/** The "Add trials" field: a whole number from 1 to `max`. */
export function parseTrialCount(text: string, max: number): TrialCount {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Enter how many trials to add.' };
  if (!/^\d+$/.test(t)) return { ok: false, error: `Enter a whole number from 1 to ${max}.` };
  const count = Number(t);
  if (count < 1 || count > max) return { ok: false, error: `Enter a whole number from 1 to ${max}.` };
  return { ok: true, count };
}
