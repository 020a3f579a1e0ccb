// The slice plot: the objective against one parameter's value for every
// complete trial (log x for a log parameter, choices at even positions);
// hovering a point names it, clicking it selects its trial.
import { spaceOfColumns } from '../../src/panel/viewModel/chosenTrial';
import { linearScale } from '../../src/panel/viewModel/scale';
import { sliceView, type SlicePoint, type SliceView } from '../../src/panel/viewModel/slice';
import { formatNumber, formatValue } from '../../src/engine/format';
import { withAlpha } from '../../src/panel/viewModel/colorScale';
import type { PanelActions } from '../actions';
import type { PanelStore } from '../store';
import type { ThemeColors } from '../theme';
import { MARGIN, drawAxes, plotArea, yAxisMargin, type Area } from './axes';
import { ChartCanvas } from './canvas';
import { ChartTooltip, pickablePoints } from './tooltip';

export class SlicePlot {
  private readonly canvas: ChartCanvas;
  private readonly tooltip: ChartTooltip;
  private view: SliceView | undefined;
  /** The plot area as last painted: where the points are. */
  private area: Area = plotArea(0, 0);
  param: string | undefined;

  constructor(
    parent: HTMLElement,
    private readonly store: PanelStore,
    private readonly actions: PanelActions,
    private readonly theme: () => ThemeColors,
  ) {
    this.canvas = new ChartCanvas(parent, (ctx, w, h) => this.paint(ctx, w, h), 'chart-canvas slice-canvas');
    this.tooltip = new ChartTooltip(parent);
    pickablePoints(this.canvas, this.tooltip, (e) => this.pointAt(e), (point) => this.describe(point), (n) => this.actions.selectTrial(n));
  }

  refresh(): void {
    const run = this.store.run;
    this.view = run && this.param ? sliceView(this.store.trials, this.param, spaceOfColumns(run.params)) : undefined;
    this.canvas.invalidate();
  }

  invalidate(): void {
    this.canvas.invalidate();
  }

  dispose(): void {
    this.tooltip.dispose();
    this.canvas.dispose();
  }

  private yScale() {
    const range = this.view?.valueRange;
    if (!range) return undefined;
    const s = linearScale(range[0], range[1]);
    const pad = (s.domain[1] - s.domain[0]) * 0.05;
    return linearScale(s.domain[0] - pad, s.domain[1] + pad);
  }

  private paint(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = this.theme();
    const view = this.view;
    const y = this.yScale();
    ctx.font = theme.font;
    if (!view || !y) {
      ctx.fillStyle = theme.muted;
      ctx.fillText(this.param ? `No complete trial has a value for ${this.param} yet.` : 'No parameter to slice.', 8, 20);
      return;
    }
    const area = plotArea(width, height, { ...MARGIN, left: yAxisMargin(ctx, { scale: y }, height, theme) });
    this.area = area;
    const metric = this.store.run?.objectives[0]?.metric ?? 'objective';
    const x = { title: view.axis.label, scale: view.axis.scale, categories: view.axis.categories };
    drawAxes(ctx, area, x, { title: metric, scale: y }, theme);
    ctx.fillStyle = withAlpha(theme.blue, 0.6);
    for (const p of view.points) {
      const px = area.left + p.u * area.width;
      const py = area.top + (1 - y.toUnit(p.value)) * area.height;
      ctx.fillRect(px - 2, py - 2, 4, 4);
    }
    const selected = view.points.find((p) => p.number === this.store.selected);
    if (selected) {
      ctx.strokeStyle = theme.focus;
      ctx.lineWidth = 2;
      ctx.strokeRect(area.left + selected.u * area.width - 4, area.top + (1 - y.toUnit(selected.value)) * area.height - 4, 8, 8);
    }
  }

  private describe(point: SlicePoint): string[] | undefined {
    const trial = this.store.byNumber.get(point.number);
    if (!trial || !this.param) return undefined;
    const metric = this.store.run?.objectives[0]?.metric ?? 'objective';
    return [`Trial ${point.number}`, `${this.param} ${formatValue(trial.params[this.param] ?? null)}`, `${metric} ${formatNumber(point.value)}`];
  }

  /** The point within a few pixels of the pointer, the nearest. */
  private pointAt(e: MouseEvent): SlicePoint | undefined {
    const y = this.yScale();
    if (!this.view || !y) return undefined;
    const area = this.area;
    const p = this.canvas.pointer(e);
    let best: SlicePoint | undefined;
    let bestD = 36;
    for (const q of this.view.points) {
      const d = (area.left + q.u * area.width - p.x) ** 2 + (area.top + (1 - y.toUnit(q.value)) * area.height - p.y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = q;
      }
    }
    return best;
  }
}
