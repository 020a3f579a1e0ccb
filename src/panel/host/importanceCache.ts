// Parameter importance for the panel's run view. The engine's estimate reads
// every complete trial, too slow to redo on each journal write of a large
// run, so it is recomputed only when complete trials were added and at most
// once per interval; in between the panel shows the last one.
import { MIN_TRIALS, parameterImportance } from '../../engine/importance';
import type { Direction, SearchSpace } from '../../engine/space';
import type { TrialRecord } from '../../engine/trial';
import type { ImportanceView } from '../protocol';

export const IMPORTANCE_INTERVAL_MS = 5000;

export interface ImportanceRun {
  id: string;
  space: SearchSpace;
  directions: Direction[];
}

export class ImportanceCache {
  private last: { runId: string; complete: number; at: number; value: ImportanceView[] | undefined } | undefined;

  constructor(
    private readonly intervalMs = IMPORTANCE_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Importance for the first objective, most important first; undefined until enough trials say anything. */
  get(run: ImportanceRun, trials: readonly TrialRecord[]): ImportanceView[] | undefined {
    let complete = 0;
    for (const t of trials) if (t.state === 'complete') complete++;
    const last = this.last;
    if (last && last.runId === run.id && (last.complete === complete || this.now() - last.at < this.intervalMs)) return last.value;
    const value = complete < MIN_TRIALS ? undefined : nonZero(parameterImportance(trials, run.space, run.directions));
    this.last = { runId: run.id, complete, at: this.now(), value };
    return value;
  }
}

/** All zeros means nothing can be said yet (too few usable trials, a constant objective): no bars rather than flat ones. */
function nonZero(list: ImportanceView[]): ImportanceView[] | undefined {
  return list.some((i) => i.importance > 0) ? list : undefined;
}
