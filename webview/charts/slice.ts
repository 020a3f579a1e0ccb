// The slice plot: the objective against one parameter's value for every
// complete trial (log x for a log parameter, choices at even positions);
// clicking a point selects its trial.
import { spaceOfColumns } from '../../src/panel/viewModel/chosenTrial';
import { linearScale } from '../../src/panel/viewModel/scale';
import { sliceView, type SliceView } from '../../src/panel/viewModel/slice';
import { withAlpha } from '../../src/panel/viewModel/colorScale';
import type { PanelActions } from '../actions';
import type { PanelStore } from '../store';
import type { ThemeColors } from '../theme';
import { drawAxes, plotArea, type Area } from './axes';
import { ChartCanvas } from './canvas';

export class SlicePlot {
  private readonly canvas: ChartCanvas;
  private view: SliceView | undefined;
  param: string | undefined;

  constructor(
    parent: HTMLElement,
    private readonly store: PanelStore,
    private readonly actions: PanelActions,
    private readonly theme: () => ThemeColors,
  ) {
    this.canvas = new ChartCanvas(parent, (ctx, w, h) => this.paint(ctx, w, h), 'chart-canvas slice-canvas');
    this.canvas.element.addEventListener('click', (e) => this.pick(e));
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
    this.canvas.dispose();
  }

  private yScale() {
    const range = this.view?.valueRange;
    if (!range) return undefined;
    const s = linearScale(range[0], range[1]);
    const pad = (s.domain[1] - s.domain[0]) * 0.05;
    return linearScale(s.domain[0] - pad, s.domain[1] + pad);
  }

  private area(): Area {
    return plotArea(this.canvas.width, this.canvas.height);
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
    const area = plotArea(width, height);
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

  private pick(e: MouseEvent): void {
    const y = this.yScale();
    if (!this.view || !y) return;
    const area = this.area();
    const p = this.canvas.pointer(e);
    let best: number | undefined;
    let bestD = 36;
    for (const q of this.view.points) {
      const d = (area.left + q.u * area.width - p.x) ** 2 + (area.top + (1 - y.toUnit(q.value)) * area.height - p.y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = q.number;
      }
    }
    if (best !== undefined) this.actions.selectTrial(best);
  }
}
