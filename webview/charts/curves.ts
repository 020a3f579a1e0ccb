// The curves tab: the best-so-far history and every trial's learning curve,
// both on uPlot axes. The learning curves are not uPlot series (10,000 of
// them would be far too slow): they are drawn in uPlot's draw hook, finished
// ones from a cached bitmap that live updates only add to, running ones and
// the best on top each frame. The finished curves are a density image
// (curveRaster.ts) at CSS-pixel resolution, scaled up to the screen's: stroking
// 10,000 canvas paths took seconds, a device-pixel raster half a second.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../../src/engine/format';
import { formatCount, plural } from '../format';
import { bestSoFar } from '../../src/panel/viewModel/bestSoFar';
import { parseColor, withAlpha, type Rgba } from '../../src/panel/viewModel/colorScale';
import { curveNear, densityImage, densityRaster, rasterizeCurves, type DensityRaster, type LinearMap } from '../../src/panel/viewModel/curveRaster';
import { CurveLayers, covers, curveExtent, paddedRange, type Curve, type CurveKind } from '../../src/panel/viewModel/curves';
import type { PanelActions } from '../actions';
import type { PanelStore, StoreChange } from '../store';
import type { ThemeColors } from '../theme';
import { checkbox } from '../ui';
import { LazyPanel, section } from './panel';
import { ChartTooltip } from './tooltip';

type Range = [number, number];

export class CurvesPanel extends LazyPanel {
  private readonly layers = new CurveLayers();
  private readonly still = document.createElement('canvas');
  /**
   * The running curves, the best and the selected one, on a canvas of their
   * own over the plot: a live update redraws only it, not uPlot's axes, grid
   * and still layer (which change only when a curve finishes or an axis moves).
   */
  private readonly live = document.createElement('canvas');
  /** How many finished curves cross each pixel of the still layer: complete ones, and pruned or failed ones (one owner map for both). */
  private density: { complete: DensityRaster; dimmed: DensityRaster } | undefined;
  /** The geometry the densities were counted for: when it differs, every curve is counted again. */
  private stillKey = '';
  /** The colours the still bitmap was painted in: a theme change repaints it from the same densities. */
  private stillTheme: ThemeColors | undefined;
  private xRange: Range | undefined;
  private yRange: Range | undefined;
  private logY = false;
  private readonly historyBox: HTMLElement;
  private readonly curvesBox: HTMLElement;
  private readonly note: HTMLElement;
  private history: uPlot | undefined;
  private curves: uPlot | undefined;
  private plotsTheme: ThemeColors | undefined;
  private historyNumbers: number[] = [];
  private historyValues: number[] = [];
  private inHistory = new Set<number>();
  private frame = 0;
  private readonly resize: ResizeObserver;
  private readonly tooltip: ChartTooltip;
  private readonly historyTooltip: ChartTooltip;

  constructor(container: HTMLElement, store: PanelStore, private readonly actions: PanelActions) {
    super(container, store);
    const toolbar = document.createElement('div');
    toolbar.className = 'chart-toolbar';
    toolbar.append(checkbox('log axis', false, (on) => this.setLog(on)));
    this.note = document.createElement('span');
    this.note.className = 'chart-note';
    toolbar.append(this.note);
    this.historyBox = document.createElement('div');
    this.historyBox.className = 'uplot-box';
    this.curvesBox = document.createElement('div');
    this.curvesBox.className = 'uplot-box uplot-box-tall';
    container.append(toolbar, section('Best so far', this.historyBox), section('Learning curves', this.curvesBox));
    this.tooltip = new ChartTooltip(this.curvesBox);
    this.historyTooltip = new ChartTooltip(this.historyBox);
    this.live.className = 'curves-live';
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.historyBox);
    this.resize.observe(this.curvesBox);
  }

  /** Draws every learning curve at once, for a benchmark; returns the milliseconds it took. */
  timeFullDraw(): number {
    if (!this.curves) return NaN;
    const t0 = performance.now();
    this.stillKey = '';
    this.drawCurves(this.curves);
    return performance.now() - t0;
  }

  override dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.history?.destroy();
    this.curves?.destroy();
    super.dispose();
  }

  protected render(change: StoreChange): void {
    const store = this.store;
    const run = store.run;
    this.layers.sync(store.trials, change.full ? undefined : change.trials, run?.bestTrial);
    if (change.full || this.plotsTheme !== this.theme) this.rebuildPlots();
    this.fitRanges(change.full ? undefined : change.trials);
    if (change.full || this.historyTouched(change.trials)) this.setHistory();
    else this.showNote();
    this.requestDraw();
  }

  private setLog(on: boolean): void {
    this.logY = on;
    this.xRange = undefined;
    this.yRange = undefined;
    this.rebuildPlots();
    this.fitRanges(undefined);
    this.setHistory();
    this.requestDraw();
  }

  /** Widens the axes when a curve left them; `changed` undefined looks at every curve (and may narrow them). */
  private fitRanges(changed: ReadonlySet<number> | undefined): void {
    const curves = changed ? [...this.layers.all()].filter((c) => changed.has(c.number)) : this.layers.all();
    const e = curveExtent(curves, this.logY);
    if (!e) return;
    if (changed && covers(this.xRange, e.x[0], e.x[1]) && covers(this.yRange, e.y[0], e.y[1])) return;
    const all = changed ? curveExtent(this.layers.all(), this.logY) : e;
    if (!all) return;
    this.xRange = all.x[0] === all.x[1] ? [all.x[0] - 1, all.x[1] + 1] : all.x;
    this.yRange = paddedRange(all.y[0], all.y[1], this.logY);
    this.curves?.setData([this.xRange, this.yRange]);
  }

  /** Whether changed trials touch the history: one that is complete now, or was in it. Running trials' reports do not. */
  private historyTouched(changed: ReadonlySet<number>): boolean {
    for (const n of changed) if (this.store.byNumber.get(n)?.state === 'complete' || this.inHistory.has(n)) return true;
    return false;
  }

  /** The history's points change only when a trial ends: the plot is given them (and redraws) only then. */
  private setHistory(): void {
    const direction = this.store.run?.objectives[0]?.direction ?? 'minimize';
    const points = bestSoFar(this.store.trials, direction).filter((p) => !this.logY || (p.value > 0 && p.best > 0));
    const numbers = points.map((p) => p.number);
    const values = points.map((p) => p.value);
    if (!sameNumbers(numbers, this.historyNumbers) || !sameNumbers(values, this.historyValues)) {
      this.historyNumbers = numbers;
      this.historyValues = values;
      this.inHistory = new Set(numbers);
      this.history?.setData([numbers, values, points.map((p) => p.best)]);
    }
    this.showNote();
  }

  /** What is missing yet: curves still on their way, no complete trial, no curve. */
  private showNote(): void {
    const store = this.store;
    const notes: string[] = [];
    if (store.curvesPending > 0) {
      const total = store.trials.length;
      notes.push(`Loading curves: ${formatCount(Math.max(0, total - store.curvesPending))} of ${formatCount(total)} ${plural(total, 'trial')}`);
    }
    if (this.historyNumbers.length === 0) notes.push('The history appears when the first trial completes.');
    if (!this.xRange) notes.push('Learning curves appear when a trial reports intermediate values.');
    const note = notes.join(' \u00B7 ');
    if (this.note.textContent !== note) this.note.textContent = note;
  }

  private rebuildPlots(): void {
    this.history?.destroy();
    this.curves?.destroy();
    this.plotsTheme = this.theme;
    // The new history plot starts empty: setHistory gives it every point.
    this.historyNumbers = [];
    this.historyValues = [];
    this.inHistory = new Set();
    const metric = this.store.run?.objectives[0]?.metric ?? 'objective';
    const theme = this.theme;
    const crowded = this.store.trials.length > CROWDED_HISTORY;
    const historyOpts: uPlot.Options = {
      ...baseOptions(theme, this.logY, 'trial', metric, this.historyBox),
      series: [
        {},
        { label: metric, stroke: withAlpha(theme.blue, 0.8), fill: undefined, paths: () => null, points: historyPoints(theme, crowded) },
        { label: 'best so far', stroke: theme.green, width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
      ],
    };
    // Clicking a point picks its trial; a drag-to-zoom on the same gesture only confused that.
    historyOpts.cursor = { drag: { x: false, y: false } };
    historyOpts.hooks = { setCursor: [(u) => this.hoverHistory(u)], ...(crowded ? { drawSeries: [(u: uPlot, i: number) => i === 1 && drawDots(u, withAlpha(theme.blue, 0.35))] } : {}) };
    this.history = new uPlot(historyOpts, [[], [], []], this.historyBox);
    this.history.over.addEventListener('mouseleave', () => this.historyTooltip.hide());
    this.history.over.addEventListener('click', () => {
      const i = this.history?.cursor.idx;
      if (i !== undefined && i !== null && this.historyNumbers[i] !== undefined) this.actions.selectTrial(this.historyNumbers[i]);
    });

    const exact = (_u: uPlot, lo: number, hi: number): uPlot.Range.MinMax => [lo, hi];
    const curvesOpts: uPlot.Options = {
      ...baseOptions(theme, this.logY, 'step', metric, this.curvesBox),
      series: [{}, { stroke: 'transparent', paths: () => null, points: { show: false } }],
      hooks: { draw: [(u) => this.drawCurves(u)] },
    };
    curvesOpts.scales = { x: { time: false, range: exact }, y: { distr: this.logY ? 3 : 1, log: 10, range: exact } };
    curvesOpts.cursor = { points: { show: false }, drag: { x: false, y: false } };
    this.curves = new uPlot(curvesOpts, [this.xRange ?? [0, 1], this.yRange ?? (this.logY ? [0.1, 1] : [0, 1])], this.curvesBox);
    const over = this.curves.over;
    over.append(this.live);
    over.addEventListener('click', (e) => this.pick(e));
    over.addEventListener('mousemove', (e) => this.hover(e));
    over.addEventListener('mouseleave', () => this.tooltip.hide());
  }

  private fit(): void {
    for (const [plot, box] of [
      [this.history, this.historyBox],
      [this.curves, this.curvesBox],
    ] as const) {
      if (!plot || box.clientWidth === 0) continue;
      const size = plotSize(box);
      if (size.width !== plot.width || size.height !== plot.height) plot.setSize(size);
    }
  }

  /** One redraw a frame, however many updates arrive: the whole plot when its still layer changed, else the live layer alone. */
  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const u = this.curves;
      if (!u) return;
      if (this.layers.stillChanged || this.stillTheme !== this.theme) u.redraw(false, false);
      else this.drawLive(u);
    });
  }

  private drawCurves(u: uPlot): void {
    const { left, top, width, height } = u.bbox;
    if (width <= 0 || height <= 0 || !this.xRange || !this.yRange) {
      // Nothing to draw (no curve on this axis): the live layer must not keep the last one's.
      this.drawLive(u);
      return;
    }
    const dpr = window.devicePixelRatio || 1;
    // One raster pixel a CSS pixel: a finished curve is a hairline, and a high-density screen costs no more.
    const rw = Math.max(1, Math.round(width / dpr));
    const rh = Math.max(1, Math.round(height / dpr));
    const key = `${rw}x${rh}|${u.scales.x.min},${u.scales.x.max}|${u.scales.y.min},${u.scales.y.max}|${this.logY}`;
    if (key !== this.stillKey) {
      this.stillKey = key;
      this.layers.rebuild = true;
    }
    const map = rasterMap(u, this.logY, rw, rh);
    let repaint = this.stillTheme !== this.theme;
    if (this.layers.rebuild || !this.density) {
      const owner = new Int32Array(rw * rh);
      this.density = { complete: densityRaster(rw, rh, owner), dimmed: densityRaster(rw, rh, owner) };
      this.countCurves(this.layers.stillCurves(), map);
      repaint = true;
    } else {
      const added = this.layers.takeAdded();
      if (added.length > 0) {
        this.countCurves(added, map);
        repaint = true;
      }
    }
    if (repaint) this.paintStill(rw, rh);
    const ctx = u.ctx;
    ctx.save();
    // At a whole-number pixel ratio the raster scales up crisp; at others smoothing keeps the lines even.
    ctx.imageSmoothingEnabled = !Number.isInteger(dpr);
    ctx.drawImage(this.still, left, top, width, height);
    ctx.restore();
    this.drawLive(u);
  }

  /** The live layer: running curves and the best, then the selected curve on top; the canvas covers the plot area (u.over) in device pixels. */
  private drawLive(u: uPlot): void {
    const { left, top, width, height } = u.bbox;
    const canvas = this.live;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, width, height);
    if (width <= 0 || height <= 0 || !this.xRange || !this.yRange) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.save();
    // The pixel map is in the plot canvas's pixels, which start at the axes' edge.
    ctx.translate(-left, -top);
    const styles = curveStyles(this.theme, dpr);
    const toPx = pixelMap(u, this.logY);
    drawCurveList(ctx, this.layers.liveCurves(), styles, toPx);
    const selected = this.store.selected;
    const chosen = selected === undefined ? undefined : this.layers.curve(selected);
    if (chosen) drawCurveList(ctx, [chosen], { ...styles, [chosen.kind]: { color: this.theme.focus, width: 2.5 * dpr } }, toPx);
    ctx.restore();
  }

  /** Adds curves to the densities: dimmed ones first, so a complete curve owns the pixels they share. */
  private countCurves(curves: readonly Curve[], map: LinearMap): void {
    const density = this.density!;
    rasterizeCurves(curves.filter((c) => c.kind !== 'complete'), map, density.dimmed);
    rasterizeCurves(curves.filter((c) => c.kind === 'complete'), map, density.complete);
  }

  /** Paints the still layer from the densities, in the theme's colours. */
  private paintStill(width: number, height: number): void {
    const { complete, dimmed } = this.density!;
    this.stillTheme = this.theme;
    if (this.still.width !== width || this.still.height !== height) {
      this.still.width = width;
      this.still.height = height;
    }
    const ctx = this.still.getContext('2d')!;
    const image = ctx.createImageData(width, height);
    const color = (css: string, alpha: number): Rgba => {
      const c = parseColor(css) ?? { r: 128, g: 128, b: 128, a: 1 };
      return { ...c, a: c.a * alpha };
    };
    // Dimmed curves under the complete ones.
    densityImage(
      [
        { counts: dimmed.counts, color: color(this.theme.muted, 0.6) },
        { counts: complete.counts, color: color(this.theme.blue, 1) },
      ],
      image.data,
    );
    ctx.putImageData(image, 0, 0);
  }

  /** Names the history's point under the cursor: its trial, its value and the best so far then. */
  private hoverHistory(u: uPlot): void {
    const i = u.cursor.idx;
    if (i === null || i === undefined || this.historyNumbers[i] === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
      this.historyTooltip.hide();
      return;
    }
    const metric = this.store.run?.objectives[0]?.metric ?? 'value';
    const [value, best] = [u.data[1][i], u.data[2][i]];
    const box = this.historyBox.getBoundingClientRect();
    const over = u.over.getBoundingClientRect();
    this.historyTooltip.show(over.left - box.left + u.cursor.left, over.top - box.top + (u.cursor.top ?? 0), [
      `Trial ${this.historyNumbers[i]}`,
      `${metric} ${value === null || value === undefined ? '' : formatNumber(value)}`,
      `best so far ${best === null || best === undefined ? '' : formatNumber(best)}`,
    ]);
  }

  /** Selects the trial whose curve passes nearest the click. */
  private pick(e: MouseEvent): void {
    const hit = this.curveAt(e);
    if (hit) this.actions.selectTrial(hit.curve.number);
  }

  /** Names the curve under the pointer: its trial, the step nearest the pointer and the value there. */
  private hover(e: MouseEvent): void {
    const hit = this.curveAt(e);
    if (!hit) {
      this.tooltip.hide();
      return;
    }
    const { curve, index } = hit;
    const metric = this.store.run?.objectives[0]?.metric ?? 'value';
    const box = this.curvesBox.getBoundingClientRect();
    this.tooltip.show(e.clientX - box.left, e.clientY - box.top, [
      `Trial ${curve.number}${curve.kind === 'complete' || curve.kind === 'best' ? '' : ` \u00B7 ${curve.kind}`}`,
      `step ${formatNumber(curve.steps[index])}`,
      `${metric} ${formatNumber(curve.values[index])}`,
    ]);
  }

  /**
   * The curve nearest the pointer (within a few pixels) and its point nearest
   * the pointer's step. Live curves are looked at one by one (there are few,
   * and they are drawn on top); finished ones through the raster's owner map.
   */
  private curveAt(e: MouseEvent): { curve: Curve; index: number } | undefined {
    const u = this.curves;
    if (!u || !this.xRange || !this.density) return undefined;
    const dpr = window.devicePixelRatio || 1;
    const toPx = pixelMap(u, this.logY);
    const x = e.offsetX * dpr + u.bbox.left;
    const y = e.offsetY * dpr + u.bbox.top;
    let found: Curve | undefined;
    let nearest = (HIT_RADIUS * dpr) ** 2;
    for (const c of this.layers.liveCurves()) {
      for (let i = 0; i < c.values.length; i++) {
        const d = (toPx.x(c.steps[i]) - x) ** 2 + (toPx.y(c.values[i]) - y) ** 2;
        if (d < nearest) {
          nearest = d;
          found = c;
        }
      }
    }
    if (!found) {
      const raster = this.density.complete;
      const number = curveNear(raster, (e.offsetX * dpr * raster.width) / u.bbox.width, (e.offsetY * dpr * raster.height) / u.bbox.height, HIT_RADIUS);
      found = number === undefined ? undefined : this.layers.curve(number);
    }
    if (!found || found.values.length === 0) return undefined;
    const step = u.posToVal(e.offsetX, 'x');
    let index = 0;
    for (let i = 1; i < found.steps.length; i++) if (Math.abs(found.steps[i] - step) < Math.abs(found.steps[index] - step)) index = i;
    return { curve: found, index };
  }
}

/** How near (CSS pixels) the pointer must come to a curve to name or pick it. */
const HIT_RADIUS = 5;

interface CurveStyle {
  color: string;
  width: number;
}

/** How the live curves (and a selected one) are stroked; finished curves are the density image. */
function curveStyles(theme: ThemeColors, dpr: number): Record<CurveKind, CurveStyle> {
  return {
    complete: { color: theme.blue, width: dpr },
    pruned: { color: theme.muted, width: dpr },
    failed: { color: theme.red, width: dpr },
    running: { color: theme.orange, width: 1.5 * dpr },
    best: { color: theme.green, width: 2.5 * dpr },
  };
}

/** Data to canvas pixels; a value the axis cannot place (log of <= 0) maps to NaN. */
interface PixelMap {
  x(v: number): number;
  y(v: number): number;
}

/** Data to canvas pixels for the plot's current scales (cheaper than valToPos for a million points). */
function pixelMap(u: uPlot, logY: boolean): PixelMap {
  const { left, top, width, height } = u.bbox;
  const x0 = u.scales.x.min!;
  const xs = width / (u.scales.x.max! - x0 || 1);
  const f = logY ? Math.log10 : (v: number) => v;
  const y0 = f(u.scales.y.min!);
  const ys = height / (f(u.scales.y.max!) - y0 || 1);
  return { x: (v) => left + (v - x0) * xs, y: (v) => top + height - (f(v) - y0) * ys };
}

/** Data to pixels of the still layer's raster (rw x rh, the plot area at CSS-pixel resolution). */
function rasterMap(u: uPlot, logY: boolean, rw: number, rh: number): LinearMap {
  const f = logY ? Math.log10 : (v: number) => v;
  const x0 = u.scales.x.min!;
  const y0 = f(u.scales.y.min!);
  const xScale = rw / (u.scales.x.max! - x0 || 1);
  const k = rh / (f(u.scales.y.max!) - y0 || 1);
  return { xOffset: -x0 * xScale, xScale, yOffset: rh + y0 * k, yScale: -k, logY };
}

/** Strokes a few curves (the live ones), each its own path. */
function drawCurveList(ctx: CanvasRenderingContext2D, curves: readonly Curve[], styles: Record<CurveKind, CurveStyle>, toPx: PixelMap): void {
  if (curves.length === 0) return;
  ctx.lineJoin = 'round';
  let kind: CurveKind | undefined;
  for (const c of curves) {
    if (c.kind !== kind) {
      kind = c.kind;
      ctx.strokeStyle = styles[kind].color;
      ctx.lineWidth = styles[kind].width;
    }
    const { steps, values } = c;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < values.length; i++) {
      const py = toPx.y(values[i]);
      if (!Number.isFinite(py)) {
        pen = false;
        continue;
      }
      const px = toPx.x(steps[i]);
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    if (values.length === 1) ctx.lineTo(toPx.x(steps[0]) + 1, toPx.y(values[0]));
    ctx.stroke();
  }
}

/** Past this many trials the history's points are small squares drawn by drawDots: uPlot's arcs cost a path each. */
const CROWDED_HISTORY = 1000;

/** The history's points: ringed dots for a few trials; for thousands, none from uPlot (drawDots draws them). */
function historyPoints(theme: ThemeColors, crowded: boolean): uPlot.Series.Points {
  return crowded ? { show: false } : { show: true, size: 4, width: 1, stroke: theme.blue, fill: withAlpha(theme.blue, 0.5) };
}

/** Series 1's points as 2 x 2 CSS-pixel squares, faint, so the best-so-far line stays in view: one fillRect each. */
function drawDots(u: uPlot, color: string): void {
  const xs = u.data[0];
  const ys = u.data[1];
  const { left, top, width, height } = u.bbox;
  const dpr = window.devicePixelRatio || 1;
  const size = 2 * dpr;
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.fillStyle = color;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined) continue;
    const px = u.valToPos(xs[i], 'x', true);
    const py = u.valToPos(y, 'y', true);
    if (Number.isFinite(px) && Number.isFinite(py)) ctx.fillRect(Math.round(px - size / 2), Math.round(py - size / 2), size, size);
  }
  ctx.restore();
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function plotSize(box: HTMLElement): { width: number; height: number } {
  return { width: Math.max(100, box.clientWidth), height: Math.max(80, box.clientHeight) };
}

function baseOptions(theme: ThemeColors, logY: boolean, xTitle: string, yTitle: string, box: HTMLElement): uPlot.Options {
  const axis = (label: string): uPlot.Axis => ({
    label,
    stroke: theme.muted,
    font: theme.font,
    labelFont: theme.font,
    // High-contrast borders are loud: their grid steps back behind the data.
    grid: { stroke: withAlpha(theme.border, theme.kind.startsWith('high-contrast') ? 0.3 : 0.7), width: 1 },
    ticks: { stroke: theme.border, width: 1 },
  });
  return {
    ...plotSize(box),
    legend: { show: false },
    scales: { x: { time: false }, y: { distr: logY ? 3 : 1, log: 10 } },
    axes: [axis(xTitle), { ...axis(yTitle), size: 56 }],
    series: [],
  };
}
