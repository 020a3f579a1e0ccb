// Changes that arrive between two frames, folded into one so the panel
// renders once a frame however many messages came (updates come at up to 10 a
// second, snapshots and selections in between).

/** The shape of the webview store's StoreChange. */
export interface ViewChange {
  full: boolean;
  runChanged: boolean;
  trials: ReadonlySet<number>;
  viewChanged: boolean;
}

/** Everything either change touched; a full change makes the list of trials moot. */
export function mergeChanges(a: ViewChange | undefined, b: ViewChange): ViewChange {
  if (!a) return b;
  const full = a.full || b.full;
  let trials: ReadonlySet<number>;
  if (full || b.trials.size === 0) trials = full ? new Set() : a.trials;
  else if (a.trials.size === 0) trials = b.trials;
  else trials = new Set([...a.trials, ...b.trials]);
  return { full, runChanged: a.runChanged || b.runChanged, trials, viewChanged: a.viewChanged || b.viewChanged };
}
