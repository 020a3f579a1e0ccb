// The webview's copy of what the host sent: the run, its trials by number,
// the selected trial's detail, and the person's view choices (filter,
// brush). Messages are applied here and nowhere else; components subscribe
// and get told what changed, so a live update repaints only what it touched.
import { followsInSequence, type HostMessage, type RunView, type TrialDetailMessage, type TrialView } from '../src/panel/protocol';
import type { Brush } from '../src/panel/viewModel/parallelCoords';

/** What one applied message (or view choice) changed. */
export interface StoreChange {
  /** A snapshot replaced everything: redraw from scratch. */
  full: boolean;
  runChanged: boolean;
  /** Trial numbers added or changed (empty on a full change: everything did). */
  trials: ReadonlySet<number>;
  /** The selection, its detail, the brush or the table filter changed. */
  viewChanged: boolean;
}

export type StoreListener = (change: StoreChange) => void;

export type ApplyResult = 'applied' | 'gap';

export class PanelStore {
  run: RunView | null = null;
  /** Every trial by number; `trials` lists them by number, ascending. */
  readonly byNumber = new Map<number, TrialView>();
  trials: TrialView[] = [];
  selected: number | undefined;
  detail: TrialDetailMessage | undefined;
  /** Parallel-coordinate brushing: the trials it keeps filter the table. */
  brush: Brush = {};
  /** Trials whose intermediate values are still on their way after a big snapshot (the table comes first). */
  curvesPending = 0;
  /** Trials the brush keeps; undefined when no brush is active. */
  brushed: ReadonlySet<number> | undefined;
  private lastSeq: number | undefined;
  private readonly listeners = new Set<StoreListener>();

  /** The seq of the last snapshot or update applied; undefined before the first snapshot. */
  get seq(): number | undefined {
    return this.lastSeq;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a validated host message; 'gap' means an update came out of order and a snapshot is needed. */
  apply(message: HostMessage): ApplyResult {
    switch (message.type) {
      case 'snapshot': {
        this.lastSeq = message.seq;
        const sameRun = this.run?.id === message.run?.id;
        this.run = message.run;
        this.byNumber.clear();
        for (const t of message.trials) this.byNumber.set(t.number, t);
        this.trials = [...this.byNumber.values()].sort((a, b) => a.number - b.number);
        this.curvesPending = message.curvesPending ?? 0;
        if (!sameRun) {
          this.selected = undefined;
          this.detail = undefined;
          this.brush = {};
          this.brushed = undefined;
        }
        this.emit({ full: true, runChanged: true, trials: new Set(), viewChanged: !sameRun });
        return 'applied';
      }
      case 'update': {
        if (!followsInSequence(this.lastSeq, message)) return 'gap';
        this.lastSeq = message.seq;
        const changed = new Set<number>();
        let added = false;
        for (const t of message.trials) {
          if (!this.byNumber.has(t.number)) added = true;
          this.byNumber.set(t.number, t);
          changed.add(t.number);
        }
        if (added) this.trials = [...this.byNumber.values()].sort((a, b) => a.number - b.number);
        else if (changed.size > 0) this.trials = this.trials.map((t) => this.byNumber.get(t.number) ?? t);
        if (message.run) this.run = message.run;
        if (message.curvesPending !== undefined) this.curvesPending = message.curvesPending;
        this.emit({ full: false, runChanged: message.run !== undefined, trials: changed, viewChanged: false });
        return 'applied';
      }
      case 'trialDetail':
        if (message.runId !== this.run?.id || message.trial.number !== this.selected) return 'applied';
        this.detail = message;
        this.emit({ full: false, runChanged: false, trials: new Set(), viewChanged: true });
        return 'applied';
      case 'error':
        return 'applied';
    }
  }

  select(trial: number | undefined): void {
    if (trial === this.selected) return;
    this.selected = trial;
    if (this.detail?.trial.number !== trial) this.detail = undefined;
    this.emit({ full: false, runChanged: false, trials: new Set(), viewChanged: true });
  }

  setBrush(brush: Brush, kept: ReadonlySet<number> | undefined): void {
    this.brush = brush;
    this.brushed = kept;
    this.emit({ full: false, runChanged: false, trials: new Set(), viewChanged: true });
  }

  private emit(change: StoreChange): void {
    for (const l of this.listeners) l(change);
  }
}
