// Parallel coordinates on a canvas: an axis per parameter and objective, a
// line per trial coloured by how good its first objective is (pruned and
// failed ones dimmed, the selected one highlighted). Dragging along an axis
// brushes a range (several per axis may be brushed); double-clicking an axis
// clears its ranges, double-clicking elsewhere clears them all. The trials the
// brush keeps go to the store, which filters the table.
import { colorRamp, goodness, rampIndex, withAlpha } from '../../src/panel/viewModel/colorScale';
import { spaceOfColumns } from '../../src/panel/viewModel/chosenTrial';
import { axisPositions, brushedTrials, isBrushActive, parallelAxes, type Axis, type Brush, type BrushRange } from '../../src/panel/viewModel/parallelCoords';
import type { PanelStore } from '../store';
import type { ThemeColors } from '../theme';
import { axisTicks, clip } from './axes';
import { ChartCanvas } from './canvas';

const PAD = { left: 48, right: 48, top: 28, bottom: 18 };
/** Axes closer than this (CSS pixels) take their names in two staggered rows, which needs a taller top. */
const STAGGER_BELOW = 110;
const STAGGERED_TOP = 44;
/** How far (CSS pixels, within PAD) the first and last axes' names may reach outward. */
const EDGE_LEAN = 24;
const RAMP_STEPS = 16;
/** How near an axis (CSS pixels) a drag starts a brush on it. */
const GRAB = 16;

interface Drag {
  axis: number;
  from: number;
  to: number;
}

export class ParallelCoordinates {
  private readonly canvas: ChartCanvas;
  private axes: Axis[] = [];
  private positions: Float64Array[] = [];
  private drag: Drag | undefined;

  constructor(
    parent: HTMLElement,
    private readonly store: PanelStore,
    private theme: () => ThemeColors,
  ) {
    this.canvas = new ChartCanvas(parent, (ctx, w, h) => this.paint(ctx, w, h), 'chart-canvas parallel-canvas');
    const el = this.canvas.element;
    el.addEventListener('mousedown', (e) => this.startDrag(e));
    el.addEventListener('dblclick', (e) => this.clear(e));
    window.addEventListener('mousemove', this.onMove);
    window.addEventListener('mouseup', this.onUp);
  }

  /** Rebuilds the axes and every trial's place on them from the store. */
  refresh(): void {
    const run = this.store.run;
    const trials = this.store.trials;
    if (!run) {
      this.axes = [];
      this.positions = [];
      return;
    }
    this.axes = parallelAxes(
      trials,
      run.params.filter((p) => p.kind !== 'fixed').map((p) => p.name),
      run.objectives.map((o) => ({ name: o.metric, direction: o.direction })),
      spaceOfColumns(run.params),
    );
    this.positions = axisPositions(trials, this.axes);
  }

  /** The store's brush applied again to the current trials (new trials must pass it too). */
  reapplyBrush(): void {
    if (!isBrushActive(this.store.brush)) return;
    const kept = brushedTrials(this.store.trials, this.axes, this.store.brush, this.positions);
    if (!sameSet(kept, this.store.brushed)) this.store.setBrush(this.store.brush, kept);
  }

  invalidate(): void {
    this.canvas.invalidate();
  }

  dispose(): void {
    window.removeEventListener('mousemove', this.onMove);
    window.removeEventListener('mouseup', this.onUp);
    this.canvas.dispose();
  }

  private axisX(j: number, width: number): number {
    const n = this.axes.length;
    const span = width - PAD.left - PAD.right;
    return PAD.left + (n <= 1 ? span / 2 : (j * span) / (n - 1));
  }

  private unitAt(y: number): number {
    const top = this.top(this.canvas.width);
    const h = this.canvas.height - top - PAD.bottom;
    return Math.min(1, Math.max(0, 1 - (y - top) / h));
  }

  /** Axes too close for their names side by side get them in two rows. */
  private staggered(width: number): boolean {
    return this.axes.length > 1 && this.axisX(1, width) - this.axisX(0, width) < STAGGER_BELOW;
  }

  private top(width: number): number {
    return this.staggered(width) ? STAGGERED_TOP : PAD.top;
  }

  private nearestAxis(x: number): number | undefined {
    let best: number | undefined;
    let bestD = GRAB;
    this.axes.forEach((_, j) => {
      const d = Math.abs(this.axisX(j, this.canvas.width) - x);
      if (d <= bestD) {
        bestD = d;
        best = j;
      }
    });
    return best;
  }

  private startDrag(e: MouseEvent): void {
    const p = this.canvas.pointer(e);
    const axis = this.nearestAxis(p.x);
    if (axis === undefined) return;
    const u = this.unitAt(p.y);
    this.drag = { axis, from: u, to: u };
    e.preventDefault();
  }

  private readonly onMove = (e: MouseEvent): void => {
    if (!this.drag) return;
    this.drag.to = this.unitAt(this.canvas.pointer(e).y);
    this.canvas.invalidate();
  };

  private readonly onUp = (): void => {
    const drag = this.drag;
    this.drag = undefined;
    if (!drag) return;
    // A click is not a brush.
    if (Math.abs(drag.to - drag.from) < 0.01) {
      this.canvas.invalidate();
      return;
    }
    const id = this.axes[drag.axis].id;
    const ranges: BrushRange[] = [...(this.store.brush[id] ?? []), { from: Math.min(drag.from, drag.to), to: Math.max(drag.from, drag.to) }];
    this.setBrush({ ...this.store.brush, [id]: ranges });
  };

  private clear(e: MouseEvent): void {
    const axis = this.nearestAxis(this.canvas.pointer(e).x);
    if (axis === undefined) {
      this.setBrush({});
      return;
    }
    const rest: Record<string, readonly BrushRange[]> = { ...this.store.brush };
    delete rest[this.axes[axis].id];
    this.setBrush(rest);
  }

  private setBrush(brush: Brush): void {
    this.store.setBrush(brush, brushedTrials(this.store.trials, this.axes, brush, this.positions));
  }

  private paint(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = this.theme();
    const trials = this.store.trials;
    const axes = this.axes;
    ctx.font = theme.font;
    if (axes.length < 2) {
      ctx.fillStyle = theme.muted;
      ctx.fillText(trials.length === 0 ? 'No trials yet.' : 'Parallel coordinates need two axes or more.', PAD.left, PAD.top + 12);
      return;
    }
    const top = this.top(width);
    const h = height - top - PAD.bottom;
    const xs = axes.map((_, j) => this.axisX(j, width));
    const objective = axes.findIndex((a) => a.id === 'objective:0');
    const direction = this.store.run?.objectives[0]?.direction ?? 'minimize';

    // Lines grouped by colour: one path per group, so 10,000 trials are a few strokes.
    // Fainter the more lines there are, so thousands show where they bunch rather than one solid band.
    const alpha = Math.min(0.55, Math.max(0.05, 0.55 * Math.sqrt(300 / Math.max(1, trials.length))));
    const ramp = colorRamp(theme.red, theme.yellow, theme.green, RAMP_STEPS).map((c) => withAlpha(c, alpha));
    const groups: number[][] = ramp.map(() => []);
    const dimmed: number[] = [];
    const filtered: number[] = [];
    const brushed = this.store.brushed;
    for (let i = 0; i < trials.length; i++) {
      const t = trials[i];
      if (brushed && !brushed.has(t.number)) filtered.push(i);
      else if (t.state === 'complete' && objective >= 0) groups[rampIndex(goodness(this.positions[objective][i], 0, 1, direction), RAMP_STEPS)].push(i);
      else dimmed.push(i);
    }
    const stroke = (rows: number[], color: string, lineWidth: number) => {
      if (rows.length === 0) return;
      ctx.strokeStyle = color;
      ctx.lineWidth = lineWidth;
      ctx.beginPath();
      for (const i of rows) this.tracePath(ctx, i, xs, top, h);
      ctx.stroke();
    };
    stroke(filtered, withAlpha(theme.muted, 0.08), 1);
    stroke(dimmed, withAlpha(theme.muted, 0.3), 1);
    // Worst first, so the best lines are drawn on top.
    groups.forEach((rows, k) => stroke(rows, ramp[k], 1));
    const selected = this.store.selected === undefined ? -1 : trials.findIndex((t) => t.number === this.store.selected);
    if (selected >= 0) stroke([selected], theme.focus, 2.5);

    this.paintAxes(ctx, xs, top, h, theme);
  }

  private tracePath(ctx: CanvasRenderingContext2D, i: number, xs: number[], top: number, h: number): void {
    let pen = false;
    for (let j = 0; j < xs.length; j++) {
      const u = this.positions[j][i];
      if (!Number.isFinite(u)) {
        pen = false;
        continue;
      }
      const y = top + (1 - u) * h;
      if (pen) ctx.lineTo(xs[j], y);
      else ctx.moveTo(xs[j], y);
      pen = true;
    }
  }

  private paintAxes(ctx: CanvasRenderingContext2D, xs: number[], top: number, h: number, theme: ThemeColors): void {
    const spacing = xs.length > 1 ? xs[1] - xs[0] : 200;
    const staggered = xs.length > 1 && spacing < STAGGER_BELOW;
    // A name centred on its axis may reach halfway to the next name in its row; one at either end starts at its axis.
    const centred = (staggered ? 2 * spacing : spacing) - 8;
    ctx.lineWidth = 1;
    this.axes.forEach((axis, j) => {
      const x = Math.round(xs[j]) + 0.5;
      ctx.strokeStyle = theme.foreground;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + h);
      ctx.stroke();

      const ranges = [...(this.store.brush[axis.id] ?? [])];
      if (this.drag?.axis === j) ranges.push({ from: this.drag.from, to: this.drag.to });
      ctx.fillStyle = withAlpha(theme.focus, 0.3);
      ctx.strokeStyle = theme.focus;
      for (const r of ranges) {
        const y0 = top + (1 - Math.max(r.from, r.to)) * h;
        const y1 = top + (1 - Math.min(r.from, r.to)) * h;
        ctx.fillRect(x - 6, y0, 12, y1 - y0);
        ctx.strokeRect(x - 6, y0, 12, y1 - y0);
      }

      ctx.fillStyle = theme.muted;
      ctx.textBaseline = 'middle';
      ctx.textAlign = j === this.axes.length - 1 ? 'right' : 'left';
      const tx = j === this.axes.length - 1 ? x - 4 : x + 4;
      const right = j === this.axes.length - 1;
      for (const t of axisTicks(axis, Math.max(2, Math.floor(h / 40)))) {
        const y = top + (1 - t.u) * h;
        ctx.fillStyle = theme.muted;
        ctx.fillRect(x - 2, Math.round(y), 4, 1);
        // A number cut short would mislead: it is left out when the axes stand too close; a choice's name is shortened.
        const room = spacing - 12;
        if (!axis.categories && ctx.measureText(t.label).width > room) continue;
        const label = clip(ctx, t.label, room);
        const w = ctx.measureText(label).width;
        // A plate of the background under the label: the lines pass under it, not through it.
        ctx.fillStyle = withAlpha(theme.background, 0.8);
        ctx.fillRect(right ? tx - w - 2 : tx - 2, Math.round(y) - 7, w + 4, 14);
        ctx.fillStyle = theme.muted;
        ctx.fillText(label, tx, y);
      }
      ctx.fillStyle = theme.foreground;
      ctx.textAlign = j === 0 ? 'left' : j === this.axes.length - 1 ? 'right' : 'center';
      ctx.textBaseline = 'bottom';
      // The names at either end may lean out over the margin.
      const room = j === 0 || j === this.axes.length - 1 ? centred / 2 + 4 + EDGE_LEAN : centred;
      const row = staggered && j % 2 === 0 ? top - 24 : top - 8;
      ctx.fillText(clip(ctx, shortName(ctx, axis.label, room), room), j === 0 ? x - 8 - EDGE_LEAN : j === this.axes.length - 1 ? x + 8 + EDGE_LEAN : x, row);
    });
  }
}

/** A dotted name's last part (`optimizer.lr` -> `lr`) when the whole does not fit: the part that tells the axes apart. */
function shortName(ctx: CanvasRenderingContext2D, name: string, width: number): string {
  if (ctx.measureText(name).width <= width) return name;
  const dot = name.lastIndexOf('.');
  return dot >= 0 && dot < name.length - 1 ? name.slice(dot + 1) : name;
}

function sameSet(a: ReadonlySet<number> | undefined, b: ReadonlySet<number> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const n of a) if (!b.has(n)) return false;
  return true;
}
