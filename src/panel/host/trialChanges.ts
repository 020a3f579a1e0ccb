// Which trials changed since the panel last got them: the index re-reads a
// whole run on every journal write, but the webview should get only the
// trials that moved, so each trial keeps a cheap key of what the panel shows.
import type { TrialRecord, TrialState } from '../../engine/trial';

/**
 * What the panel shows of a trial, as one string: state, values, the number of
 * intermediate points and the last one, duration, why it ended, and how many
 * attributes it has (energy and GPUs arrive as attributes). Parameters never
 * change once a trial exists, so they are left out.
 */
export function trialKey(t: TrialRecord): string {
  let points = 0;
  let lastStep = -Infinity;
  let lastValue: number | undefined;
  for (const step in t.intermediate) {
    points++;
    const n = Number(step);
    if (n > lastStep) {
      lastStep = n;
      lastValue = t.intermediate[n];
    }
  }
  const a = t.userAttrs ?? {};
  const attrs = Object.keys(a).length;
  return [t.state, (t.values ?? []).join(','), points, points ? `${lastStep}:${lastValue}` : '', a.duration_s ?? '', a.prune_reason ?? a.fail_reason ?? '', attrs, t.complete ?? ''].join('|');
}

const FINISHED: ReadonlySet<TrialState> = new Set(['complete', 'pruned', 'failed']);

export class TrialChanges {
  private readonly keys = new Map<number, string>();
  /**
   * Trials seen finished: the journal takes no more writes for them, so a
   * state check is all they need (10,000 finished trials of 100 points each
   * are not re-keyed on every write of the few running ones).
   */
  private readonly finished = new Map<number, TrialState>();

  /** The trials whose key differs from the last call's (all of them the first time), in the order given. */
  changed(trials: readonly TrialRecord[]): TrialRecord[] {
    const out: TrialRecord[] = [];
    for (const t of trials) {
      if (this.finished.get(t.number) === t.state) continue;
      if (this.remember(t)) out.push(t);
    }
    return out;
  }

  /** The webview got a snapshot: these are what it has now. */
  reset(trials: readonly TrialRecord[]): void {
    this.keys.clear();
    this.finished.clear();
    for (const t of trials) this.remember(t);
  }

  /** Records the trial's key; true when it differs from the one recorded before. */
  private remember(t: TrialRecord): boolean {
    if (FINISHED.has(t.state)) this.finished.set(t.number, t.state);
    else this.finished.delete(t.number);
    const key = trialKey(t);
    if (this.keys.get(t.number) === key) return false;
    this.keys.set(t.number, key);
    return true;
  }
}
