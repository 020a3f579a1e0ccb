// Learning curves of every trial (the first objective's intermediate values),
// split into two layers so 10,000 curves stay cheap to keep live: a still
// layer of finished curves, drawn once into a cached bitmap and then only
// added to, and a live layer (running trials and the best one) redrawn each
// frame on top. The cache says what to add to the bitmap and when it must be
// drawn again from scratch.

/** How a curve is drawn: pruned and failed ones dimmed, running ones live, the best highlighted. */
export type CurveKind = 'complete' | 'pruned' | 'failed' | 'running' | 'best';

export interface Curve {
  number: number;
  kind: CurveKind;
  steps: readonly number[];
  values: readonly number[];
}

/** What a curve needs of a trial (the protocol's TrialView fits). */
export interface CurveTrial {
  number: number;
  state: string;
  intermediate: { steps: readonly number[]; values: readonly number[] };
}

export interface CurveExtent {
  x: [number, number];
  y: [number, number];
}

export function curveKind(state: string, isBest: boolean): CurveKind {
  if (isBest) return 'best';
  if (state === 'running' || state === 'waiting') return 'running';
  if (state === 'pruned') return 'pruned';
  if (state === 'failed') return 'failed';
  return 'complete';
}

/** Live curves are redrawn every frame; the others go into the still layer. */
export function isLive(kind: CurveKind): boolean {
  return kind === 'running' || kind === 'best';
}

/**
 * The steps and values the curves span; on a log axis only positive values
 * count. Undefined when no curve has a point to draw.
 */
export function curveExtent(curves: Iterable<Curve>, logY: boolean): CurveExtent | undefined {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const c of curves) {
    const { steps, values } = c;
    for (let i = 0; i < values.length; i++) {
      const y = values[i];
      if (!Number.isFinite(y) || (logY && y <= 0)) continue;
      const x = steps[i];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x0 <= x1 ? { x: [x0, x1], y: [y0, y1] } : undefined;
}

/**
 * The axis range for an extent, with headroom (5% of the span, or a quarter
 * of a decade on a log axis) so that a live curve creeping past the edge does
 * not force a redraw of every curve on each report.
 */
export function paddedRange(lo: number, hi: number, log: boolean): [number, number] {
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const pad = Math.max((b - a) * 0.05, 0.25);
    return [10 ** (a - pad), 10 ** (b + pad)];
  }
  const pad = (hi - lo) * 0.05 || Math.abs(lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

/** True when `range` holds all of [lo, hi]. */
export function covers(range: readonly [number, number] | undefined, lo: number, hi: number): boolean {
  return range !== undefined && range[0] <= lo && hi <= range[1];
}

/**
 * Every trial's curve, and what the still layer holds. After `sync`, draw
 * `rebuild ? stillCurves() : takeAdded()` into the bitmap, then `liveCurves()`
 * over it.
 */
export class CurveLayers {
  private readonly curves = new Map<number, Curve>();
  /** The curves drawn into the still layer since it was last cleared, as they were drawn. */
  private readonly drawn = new Map<number, Curve>();
  private added: Curve[] = [];
  private best: number | undefined;
  /** The still layer must be cleared and drawn again (a drawn curve changed or went away). */
  rebuild = true;

  /**
   * Brings the curves up to date. `changed` lists the trials that changed
   * since the last sync; undefined means any may have (a snapshot).
   */
  sync(trials: readonly CurveTrial[], changed: ReadonlySet<number> | undefined, best: number | undefined): void {
    const bestMoved = best !== this.best;
    const previousBest = this.best;
    this.best = best;
    if (changed === undefined) {
      const present = new Set<number>();
      for (const t of trials) {
        present.add(t.number);
        this.put(t);
      }
      for (const n of [...this.curves.keys()]) {
        if (present.has(n)) continue;
        this.curves.delete(n);
        if (this.drawn.has(n)) this.rebuild = true;
      }
      return;
    }
    const touched = new Set(changed);
    if (bestMoved) {
      if (previousBest !== undefined) touched.add(previousBest);
      if (best !== undefined) touched.add(best);
    }
    // One pass over the trials: a Map of 10,000 made each live update cost more than the rest of it.
    if (touched.size > 0) for (const t of trials) if (touched.has(t.number)) this.put(t);
  }

  /** Whether the still layer is out of date: it must be drawn again, or curves wait to be added to it. */
  get stillChanged(): boolean {
    return this.rebuild || this.added.length > 0;
  }

  /** Curves the still layer must have drawn again after a rebuild; marks the layer fresh. */
  stillCurves(): Curve[] {
    this.rebuild = false;
    this.added = [];
    this.drawn.clear();
    const out: Curve[] = [];
    for (const c of this.curves.values()) {
      if (isLive(c.kind)) continue;
      out.push(c);
      this.drawn.set(c.number, c);
    }
    return out;
  }

  /** Curves that became still since the last call, to draw on top of the still layer. */
  takeAdded(): Curve[] {
    const out = this.added;
    this.added = [];
    return out;
  }

  /** Running curves, then the best one (drawn last, on top). */
  liveCurves(): Curve[] {
    const out: Curve[] = [];
    let best: Curve | undefined;
    for (const c of this.curves.values()) {
      if (c.kind === 'best') best = c;
      else if (c.kind === 'running') out.push(c);
    }
    if (best) out.push(best);
    return out;
  }

  curve(number: number): Curve | undefined {
    return this.curves.get(number);
  }

  all(): IterableIterator<Curve> {
    return this.curves.values();
  }

  get size(): number {
    return this.curves.size;
  }

  private put(t: CurveTrial): void {
    const kind = curveKind(t.state, t.number === this.best);
    const old = this.curves.get(t.number);
    const steps = t.intermediate.steps;
    const values = t.intermediate.values;
    if (old && old.kind === kind && sameArray(old.steps, steps) && sameArray(old.values, values)) return;
    const curve: Curve = { number: t.number, kind, steps, values };
    this.curves.set(t.number, curve);
    const drawn = this.drawn.get(t.number);
    // A curve drawn without points left nothing in the bitmap (its values came after a snapshot): it is simply new.
    if (drawn && drawn.values.length === 0 && !isLive(kind) && !this.rebuild) {
      this.added.push(curve);
      this.drawn.set(t.number, curve);
      return;
    }
    if (drawn) {
      // The bitmap cannot erase one curve: unless it is drawn as it is now, or hidden under the live best, draw all again.
      const unchanged = sameArray(drawn.steps, steps) && sameArray(drawn.values, values);
      if (!unchanged || (kind !== drawn.kind && kind !== 'best')) this.rebuild = true;
      return;
    }
    if (!isLive(kind) && !this.rebuild) {
      this.added.push(curve);
      this.drawn.set(t.number, curve);
    }
  }
}

function sameArray(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
