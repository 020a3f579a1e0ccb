// The Pareto front: every complete trial as a point, the non-dominated ones
// marked (and, with two objectives, joined along the front), the chosen point
// ringed: the selected trial when it is on the front, else the engine's own
// choice. Three objectives show as the three pairs side by side. Clicking a
// point selects its trial.
import { suggestedTrial } from '../../src/panel/viewModel/chosenTrial';
import { withAlpha } from '../../src/panel/viewModel/colorScale';
import { paretoView, type ParetoPoint, type ParetoView } from '../../src/panel/viewModel/pareto';
import { formatNumber } from '../../src/engine/format';
import { extent, linearScale, type Scale } from '../../src/panel/viewModel/scale';
import type { PanelActions } from '../actions';
import type { PanelStore, StoreChange } from '../store';
import { drawAxes, plotArea, type Area } from './axes';
import { ChartCanvas } from './canvas';
import { LazyPanel, section } from './panel';
import { ChartTooltip, pickablePoints } from './tooltip';

interface Pane {
  area: Area;
  /** The objectives on x and y. */
  pair: [number, number];
}

const PAIRS: Record<number, Array<[number, number]>> = {
  2: [[0, 1]],
  3: [
    [0, 1],
    [0, 2],
    [1, 2],
  ],
};

export class ParetoPanel extends LazyPanel {
  private readonly canvas: ChartCanvas;
  private readonly tooltip: ChartTooltip;
  private view: ParetoView | undefined;
  private scales: Scale[] = [];
  private panes: Pane[] = [];

  constructor(container: HTMLElement, store: PanelStore, private readonly actions: PanelActions) {
    super(container, store);
    const box = document.createElement('div');
    box.className = 'canvas-box canvas-box-tall';
    this.canvas = new ChartCanvas(box, (ctx, w, h) => this.paint(ctx, w, h));
    this.tooltip = new ChartTooltip(box);
    pickablePoints(this.canvas, this.tooltip, (e) => this.pointAt(e), (point) => this.describe(point), (n) => this.actions.selectTrial(n));
    container.append(section('Pareto front', box));
  }

  override dispose(): void {
    this.tooltip.dispose();
    this.canvas.dispose();
    super.dispose();
  }

  protected render(change: StoreChange): void {
    const run = this.store.run;
    const directions = run?.objectives.map((o) => o.direction) ?? [];
    if (directions.length < 2 || directions.length > 3) {
      this.view = undefined;
    } else if (change.full || change.runChanged || change.viewChanged || change.trials.size > 0) {
      // The chosen point is the one the suggestion card offers.
      const chosen = suggestedTrial(this.store.trials, directions, run?.bestTrial, this.store.selected);
      this.view = paretoView(this.store.trials, directions, chosen);
      this.scales = directions.map((_, k) => {
        const e = extent(this.view!.points.map((p) => p.values[k])) ?? [0, 1];
        const pad = (e[1] - e[0]) * 0.05;
        return linearScale(e[0] - pad, e[1] + pad);
      });
    }
    this.canvas.invalidate();
  }

  private layout(width: number, height: number): Pane[] {
    const pairs = PAIRS[this.scales.length] ?? [];
    const across = pairs.length > 1 && width >= 600;
    const w = across ? width / pairs.length : width;
    const h = across || pairs.length === 1 ? height : height / pairs.length;
    return pairs.map((pair, i) => {
      const inner = plotArea(w, h);
      return { pair, area: { ...inner, left: inner.left + (across ? i * w : 0), top: inner.top + (across ? 0 : i * h) } };
    });
  }

  private paint(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = this.theme;
    const view = this.view;
    ctx.font = theme.font;
    if (!view || view.points.length === 0) {
      ctx.fillStyle = theme.muted;
      ctx.fillText(view ? 'The front appears when the first trial completes.' : 'A Pareto front needs two or three objectives.', 8, 20);
      this.panes = [];
      return;
    }
    const metrics = this.store.run?.objectives.map((o) => `${o.metric} (${o.direction === 'minimize' ? 'min' : 'max'})`) ?? [];
    this.panes = this.layout(width, height);
    const byNumber = new Map(view.points.map((p) => [p.number, p]));
    for (const { area, pair } of this.panes) {
      const [a, b] = pair;
      const sx = this.scales[a];
      const sy = this.scales[b];
      const at = (values: number[]) => [area.left + sx.toUnit(values[a]) * area.width, area.top + (1 - sy.toUnit(values[b])) * area.height] as const;
      drawAxes(ctx, area, { title: metrics[a], scale: sx }, { title: metrics[b], scale: sy }, theme);
      for (const p of view.points) {
        if (p.onFront) continue;
        const [x, y] = at(p.values);
        ctx.fillStyle = p.feasible ? withAlpha(theme.blue, 0.45) : withAlpha(theme.muted, 0.45);
        ctx.fillRect(x - 2, y - 2, 4, 4);
      }
      if (this.scales.length === 2 && view.front.length > 1) {
        // The front joined along the first objective.
        ctx.strokeStyle = theme.orange;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        view.front.forEach((n, i) => {
          const [x, y] = at(byNumber.get(n)!.values);
          if (i === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        });
        ctx.stroke();
      }
      ctx.fillStyle = theme.orange;
      for (const n of view.front) {
        const [x, y] = at(byNumber.get(n)!.values);
        ctx.beginPath();
        ctx.arc(x, y, 3.5, 0, Math.PI * 2);
        ctx.fill();
      }
      const chosen = view.chosen === undefined ? undefined : byNumber.get(view.chosen);
      if (chosen) {
        const [x, y] = at(chosen.values);
        ctx.strokeStyle = theme.focus;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(x, y, 7, 0, Math.PI * 2);
        ctx.stroke();
        ctx.fillStyle = theme.foreground;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'bottom';
        ctx.fillText(`#${chosen.number}`, x + 9, y - 4);
      }
    }
  }

  private describe(point: ParetoPoint): string[] {
    const objectives = this.store.run?.objectives ?? [];
    const lines = [`Trial ${point.number}${point.onFront ? ' \u00B7 on the front' : point.feasible ? '' : ' \u00B7 infeasible'}`];
    point.values.forEach((v, k) => lines.push(`${objectives[k]?.metric ?? `objective ${k + 1}`} ${formatNumber(v)}`));
    return lines;
  }

  /** The point within a few pixels of the pointer, in whichever pane it is over. */
  private pointAt(e: MouseEvent): ParetoPoint | undefined {
    const view = this.view;
    if (!view) return undefined;
    const p = this.canvas.pointer(e);
    let best: ParetoPoint | undefined;
    let bestD = 49;
    for (const { area, pair } of this.panes) {
      if (p.x < area.left || p.x > area.left + area.width || p.y < area.top || p.y > area.top + area.height) continue;
      const [a, b] = pair;
      for (const q of view.points) {
        const d = (area.left + this.scales[a].toUnit(q.values[a]) * area.width - p.x) ** 2 + (area.top + (1 - this.scales[b].toUnit(q.values[b])) * area.height - p.y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = q;
        }
      }
    }
    return best;
  }
}
