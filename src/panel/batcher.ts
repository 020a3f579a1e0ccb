// The host's side of "at most 10 updates a second": trial upserts and run
// changes are coalesced and sent in numbered batches; a webview that says
// ready, asks again, or becomes visible gets a fresh snapshot.
import type { SnapshotMessage, UpdateMessage, WebviewMessage } from './messages';
import type { RunView, TrialView } from './views';

// ----------------------------------------------------- batching on the host

/** The host's clock and timer; tests pass a fake one. */
export interface BatchTimer {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimer: BatchTimer = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface UpdateBatcherOptions {
  /** The least time between two messages; 100 ms makes 10 a second. */
  intervalMs?: number;
  timer?: BatchTimer;
  /** See splitSnapshot. */
  inlinePoints?: number;
  /** Trials whose curves follow a snapshot, at most this many in one update. */
  curveChunk?: number;
}

/** A snapshot with more intermediate points than this sends the table first and the curves after it. */
export const SNAPSHOT_INLINE_POINTS = 20_000;
/** Trials a follow-up update carries the curves of: 250 x 100 points clone and validate within a frame. */
export const CURVE_CHUNK_TRIALS = 250;

export interface SplitSnapshot {
  /** Every trial; past the point budget without its intermediate values. */
  first: TrialView[];
  /** The full views of the trials `first` carries without their curves, newest first. */
  curves: TrialView[];
}

/**
 * A run of 10,000 trials with 100 reports each is a 13 MB message whose
 * structured clone alone takes longer than the panel may take to show up.
 * So past `inlinePoints` the snapshot carries every trial's row (params,
 * values, state) but the intermediate values only of running trials and of
 * the newest trials while the budget lasts; the rest follow in updates.
 */
export function splitSnapshot(trials: readonly TrialView[], inlinePoints = SNAPSHOT_INLINE_POINTS): SplitSnapshot {
  let total = 0;
  for (const t of trials) total += t.intermediate.steps.length;
  if (total <= inlinePoints) return { first: [...trials], curves: [] };
  let budget = inlinePoints;
  for (const t of trials) if (t.state === 'running') budget -= t.intermediate.steps.length;
  const keep = new Set<number>();
  const byNewest = [...trials].sort((a, b) => b.number - a.number);
  for (const t of byNewest) {
    const points = t.intermediate.steps.length;
    if (t.state === 'running' || points === 0) keep.add(t.number);
    else if (points <= budget) {
      budget -= points;
      keep.add(t.number);
    }
  }
  const first = trials.map((t) => (keep.has(t.number) ? t : { ...t, intermediate: { steps: [], values: [] } }));
  return { first, curves: byNewest.filter((t) => !keep.has(t.number)) };
}

/**
 * Sends the webview what changed, at most once per interval: trial upserts
 * collected in between are coalesced (the latest view of a trial wins), the
 * run's latest view rides along, and each update is numbered one past the
 * last. The resend rule lives here too: `ready`, `requestSnapshot` or the
 * panel becoming visible again make the next message a fresh snapshot (seq
 * 0), which replaces whatever was waiting. While the panel is hidden nothing
 * is sent, since its webview may be gone; it gets a snapshot when it is back.
 */
export class UpdateBatcher {
  private readonly intervalMs: number;
  private readonly timer: BatchTimer;
  private readonly trials = new Map<number, TrialView>();
  /** Curves still to send after a split snapshot, by trial number, in sending order. */
  private readonly curves = new Map<number, TrialView>();
  private readonly inlinePoints: number;
  private readonly curveChunk: number;
  private run: RunView | undefined;
  private snapshotDue = false;
  private seq = 0;
  private lastSent = -Infinity;
  private timerHandle: unknown;
  private visible = true;
  private disposed = false;

  constructor(
    private readonly post: (message: SnapshotMessage | UpdateMessage) => void,
    private readonly snapshot: () => { run: RunView | null; trials: TrialView[] },
    options: UpdateBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 100;
    this.timer = options.timer ?? realTimer;
    this.inlinePoints = options.inlinePoints ?? SNAPSHOT_INLINE_POINTS;
    this.curveChunk = options.curveChunk ?? CURVE_CHUNK_TRIALS;
  }

  /** The seq of the last message sent: 0 right after a snapshot. */
  get lastSeq(): number {
    return this.seq;
  }

  upsertTrial(trial: TrialView): void {
    if (!this.visible || this.disposed) return;
    this.trials.set(trial.number, trial);
    // This view is newer than a queued curve of the same trial.
    this.curves.delete(trial.number);
    this.schedule();
  }

  upsertTrials(trials: Iterable<TrialView>): void {
    for (const t of trials) this.upsertTrial(t);
  }

  setRun(run: RunView): void {
    if (!this.visible || this.disposed) return;
    this.run = run;
    this.schedule();
  }

  /** The webview (re)loaded, found a gap, or the panel shows another run: a snapshot goes next. */
  resync(): void {
    if (this.disposed) return;
    this.snapshotDue = true;
    this.trials.clear();
    this.curves.clear();
    this.run = undefined;
    if (this.visible) this.schedule();
  }

  /** Handles `ready` and `requestSnapshot`; true when it did (the caller acts on any other message). */
  handle(message: WebviewMessage): boolean {
    if (message.type !== 'ready' && message.type !== 'requestSnapshot') return false;
    this.resync();
    return true;
  }

  /** Hidden: stop sending and forget what was waiting. Visible again: a snapshot (hidden panels lose nothing). */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.cancel();
      this.trials.clear();
      this.curves.clear();
      this.run = undefined;
      this.snapshotDue = false;
    } else {
      this.resync();
    }
  }

  /** Sends what is waiting now if the interval allows; else it stays scheduled. */
  flush(): void {
    this.cancel();
    if (this.disposed || !this.visible) return;
    const wait = this.lastSent + this.intervalMs - this.timer.now();
    if (wait > 0) {
      if (this.pending()) this.timerHandle = this.timer.setTimeout(() => this.send(), wait);
      return;
    }
    this.send();
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.trials.clear();
    this.curves.clear();
    this.run = undefined;
  }

  private pending(): boolean {
    return this.snapshotDue || this.run !== undefined || this.trials.size > 0 || this.curves.size > 0;
  }

  private schedule(): void {
    if (this.timerHandle !== undefined) return;
    // A timer even when no wait is needed: updates made in the same tick go out together.
    const wait = Math.max(0, this.lastSent + this.intervalMs - this.timer.now());
    this.timerHandle = this.timer.setTimeout(() => this.send(), wait);
  }

  private cancel(): void {
    if (this.timerHandle !== undefined) this.timer.clearTimeout(this.timerHandle);
    this.timerHandle = undefined;
  }

  private send(): void {
    this.timerHandle = undefined;
    if (this.disposed || !this.visible || !this.pending()) return;
    this.lastSent = this.timer.now();
    if (this.snapshotDue) {
      this.snapshotDue = false;
      this.trials.clear();
      this.run = undefined;
      this.seq = 0;
      const { run, trials } = this.snapshot();
      const { first, curves } = splitSnapshot(trials, this.inlinePoints);
      this.curves.clear();
      for (const t of curves) this.curves.set(t.number, t);
      const snapshot: SnapshotMessage = { type: 'snapshot', seq: 0, run, trials: first };
      if (curves.length > 0) snapshot.curvesPending = curves.length;
      this.post(snapshot);
      this.scheduleCurves();
      return;
    }
    const trials = [...this.trials.values()];
    for (const [n, t] of this.curves) {
      if (trials.length >= this.trials.size + this.curveChunk) break;
      trials.push(t);
      this.curves.delete(n);
    }
    const message: UpdateMessage = { type: 'update', seq: ++this.seq, trials };
    if (this.run) message.run = this.run;
    if (this.curves.size > 0 || trials.length > this.trials.size) message.curvesPending = this.curves.size;
    this.trials.clear();
    this.run = undefined;
    this.post(message);
    this.scheduleCurves();
  }

  /** Curves left to send go out one chunk per interval. */
  private scheduleCurves(): void {
    if (this.curves.size > 0) this.schedule();
  }
}

/**
 * The webview's side of the numbering: a snapshot always applies; an update
 * applies only if it is the next one, else the webview asks for a snapshot.
 */
export function followsInSequence(lastSeq: number | undefined, message: SnapshotMessage | UpdateMessage): boolean {
  if (message.type === 'snapshot') return true;
  return lastSeq !== undefined && message.seq === lastSeq + 1;
}
