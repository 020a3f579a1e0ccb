// Counting trials and writing the one-object summary that `--json` promises.
import type { TrialRecord } from '../engine/trial';

export interface TrialCounts {
  complete: number;
  pruned: number;
  failed: number;
  running: number;
}

export function countsOf(trials: readonly TrialRecord[]): TrialCounts {
  const counts: TrialCounts = { complete: 0, pruned: 0, failed: 0, running: 0 };
  for (const t of trials) {
    if (t.state === 'complete') counts.complete++;
    else if (t.state === 'pruned') counts.pruned++;
    else if (t.state === 'failed') counts.failed++;
    else counts.running++;
  }
  return counts;
}

/** The `--json` result: `{"run", "dir", "state", "trials": {...}, "best": {...}}`. */
export interface RunSummaryJson {
  run: string;
  dir: string;
  state: string;
  trials: { complete: number; pruned: number; failed: number };
  best: { number: number; params: Record<string, unknown>; values: number[] } | null;
}

export function summaryJson(id: string, dir: string, state: string, trials: readonly TrialRecord[], best: TrialRecord | undefined): RunSummaryJson {
  const c = countsOf(trials);
  return {
    run: id,
    dir,
    state,
    trials: { complete: c.complete, pruned: c.pruned, failed: c.failed },
    best: best ? { number: best.number, params: best.params, values: best.values ?? [] } : null,
  };
}
