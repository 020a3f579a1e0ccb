// Population-based training: the lineage (generations across, members down,
// a node per segment coloured by its value, an edge from the checkpoint each
// segment restored, dashed where it exploited another member) and each
// member's schedule of one hyperparameter over the training steps.
import { formatValue } from '../../src/engine/format';
import type { ParamValue } from '../../src/engine/space';
import { colorRamp, goodness, rampIndex, withAlpha } from '../../src/panel/viewModel/colorScale';
import { lineage, memberSchedules, scheduledParams, type Lineage, type MemberSchedule } from '../../src/panel/viewModel/lineage';
import { extent, linearScale, logScale, type Scale } from '../../src/panel/viewModel/scale';
import type { PanelActions } from '../actions';
import type { PanelStore, StoreChange } from '../store';
import { select } from '../ui';
import { MARGIN, categoryUnit, clip, drawAxes, plotArea, yAxisMargin, type AxisSpec } from './axes';
import { ChartCanvas } from './canvas';
import { LazyPanel, section } from './panel';

const RAMP_STEPS = 16;
const LINEAGE_PAD = { right: 20, top: 14, bottom: 38 };

export class PbtPanel extends LazyPanel {
  private readonly lineageCanvas: ChartCanvas;
  private readonly scheduleCanvas: ChartCanvas;
  private readonly scheduleBar: HTMLElement;
  private tree: Lineage = { nodes: [], edges: [], members: [], lastGeneration: -1 };
  private schedules: MemberSchedule[] = [];
  private param: string | undefined;
  private paramChoices = '';
  /** The lineage's left margin: as wide as its longest member label, set when painted. */
  private lineageLeft = 84;

  constructor(container: HTMLElement, store: PanelStore, private readonly actions: PanelActions) {
    super(container, store);
    const lineageBox = document.createElement('div');
    lineageBox.className = 'canvas-box canvas-box-tall';
    this.lineageCanvas = new ChartCanvas(lineageBox, (ctx, w, h) => this.paintLineage(ctx, w, h));
    this.lineageCanvas.element.addEventListener('click', (e) => this.pick(e));
    this.scheduleBar = document.createElement('div');
    this.scheduleBar.className = 'chart-toolbar';
    const scheduleBox = document.createElement('div');
    scheduleBox.className = 'canvas-box';
    this.scheduleCanvas = new ChartCanvas(scheduleBox, (ctx, w, h) => this.paintSchedule(ctx, w, h));
    const scheduleBody = document.createElement('div');
    scheduleBody.append(this.scheduleBar, scheduleBox);
    container.append(section('Lineage', lineageBox), section('Schedules', scheduleBody));
  }

  override dispose(): void {
    this.lineageCanvas.dispose();
    this.scheduleCanvas.dispose();
    super.dispose();
  }

  protected render(change: StoreChange): void {
    if (change.full || change.runChanged || change.trials.size > 0) {
      const trials = this.store.trials;
      this.tree = lineage(trials);
      const params = scheduledParams(trials);
      this.buildParamSelect(params);
      this.schedules = this.param ? memberSchedules(trials, this.param) : [];
    }
    this.lineageCanvas.invalidate();
    this.scheduleCanvas.invalidate();
  }

  private buildParamSelect(params: string[]): void {
    if (!this.param || !params.includes(this.param)) this.param = params[0];
    const key = params.join('\n');
    if (key === this.paramChoices) return;
    this.paramChoices = key;
    this.scheduleBar.replaceChildren();
    if (params.length === 0) return;
    const label = document.createElement('span');
    label.textContent = 'hyperparameter';
    this.scheduleBar.append(
      label,
      select(
        params.map((p) => ({ value: p, label: p })),
        this.param ?? '',
        (value) => {
          this.param = value;
          this.schedules = memberSchedules(this.store.trials, value);
          this.scheduleCanvas.invalidate();
        },
      ),
    );
  }

  /** Node centres in CSS pixels by trial number. */
  private nodePlaces(width: number, height: number): Map<number, { x: number; y: number }> {
    const { members, lastGeneration } = this.tree;
    const w = width - this.lineageLeft - LINEAGE_PAD.right;
    const h = height - LINEAGE_PAD.top - LINEAGE_PAD.bottom;
    const row = new Map(members.map((m, i) => [m, i]));
    const places = new Map<number, { x: number; y: number }>();
    for (const n of this.tree.nodes) {
      places.set(n.number, {
        x: this.lineageLeft + categoryUnit(n.generation, lastGeneration + 1) * w,
        y: LINEAGE_PAD.top + (1 - categoryUnit(row.get(n.member)!, members.length)) * h,
      });
    }
    return places;
  }

  private paintLineage(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = this.theme;
    ctx.font = theme.font;
    if (this.tree.nodes.length === 0) {
      ctx.fillStyle = theme.muted;
      ctx.fillText('The lineage appears when the first PBT segment starts.', 8, 20);
      return;
    }
    const { members, lastGeneration } = this.tree;
    const labelWidth = Math.max(...members.map((m) => ctx.measureText(`member ${m}`).width));
    this.lineageLeft = Math.min(Math.ceil(labelWidth) + 7 + 14, Math.max(60, width * 0.4));
    const places = this.nodePlaces(width, height);
    const gap = Math.min((width - this.lineageLeft - LINEAGE_PAD.right) / Math.max(1, lastGeneration), (height - LINEAGE_PAD.top - LINEAGE_PAD.bottom) / Math.max(1, members.length - 1));
    const radius = Math.max(2, Math.min(7, gap / 4));

    ctx.lineWidth = 1.25;
    for (const e of this.tree.edges) {
      const a = places.get(e.from)!;
      const b = places.get(e.to)!;
      ctx.strokeStyle = e.exploited ? theme.purple : withAlpha(theme.foreground, 0.45);
      ctx.setLineDash(e.exploited ? [4, 3] : []);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      // A gentle curve, so that exploit edges crossing many rows stay apart.
      ctx.bezierCurveTo((a.x + b.x) / 2, a.y, (a.x + b.x) / 2, b.y, b.x, b.y);
      ctx.stroke();
    }
    ctx.setLineDash([]);

    const direction = this.store.run?.objectives[0]?.direction ?? 'minimize';
    const range = extent(this.tree.nodes.map((n) => n.value)) ?? [0, 1];
    const ramp = colorRamp(theme.red, theme.yellow, theme.green, RAMP_STEPS);
    for (const n of this.tree.nodes) {
      const p = places.get(n.number)!;
      ctx.beginPath();
      ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
      if (n.value !== null) {
        ctx.fillStyle = ramp[rampIndex(goodness(n.value, range[0], range[1], direction), RAMP_STEPS)];
        ctx.fill();
      } else {
        ctx.strokeStyle = n.state === 'running' ? theme.orange : theme.muted;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
      if (n.number === this.store.selected) {
        ctx.strokeStyle = theme.focus;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(p.x, p.y, radius + 3, 0, Math.PI * 2);
        ctx.stroke();
      }
    }

    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const rowEvery = Math.ceil(14 / Math.max(1, gap));
    members.forEach((m, i) => {
      if (i % rowEvery !== 0) return;
      ctx.fillText(clip(ctx, `member ${m}`, this.lineageLeft - radius - 12), this.lineageLeft - radius - 6, LINEAGE_PAD.top + (1 - categoryUnit(i, members.length)) * (height - LINEAGE_PAD.top - LINEAGE_PAD.bottom));
    });
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const colEvery = Math.ceil(28 / Math.max(1, (width - this.lineageLeft - LINEAGE_PAD.right) / Math.max(1, lastGeneration)));
    for (let g = 0; g <= lastGeneration; g += colEvery) {
      ctx.fillText(String(g), this.lineageLeft + categoryUnit(g, lastGeneration + 1) * (width - this.lineageLeft - LINEAGE_PAD.right), height - LINEAGE_PAD.bottom + 6);
    }
    ctx.fillStyle = theme.foreground;
    ctx.textBaseline = 'bottom';
    ctx.fillText('generation', this.lineageLeft + (width - this.lineageLeft - LINEAGE_PAD.right) / 2, height - 2);
  }

  private paintSchedule(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = this.theme;
    ctx.font = theme.font;
    const param = this.param;
    const steps = extent(this.schedules.flatMap((s) => s.segments.flatMap((g) => [g.from, g.to])));
    if (!param || !steps) {
      ctx.fillStyle = theme.muted;
      ctx.fillText('No hyperparameter changed over training yet.', 8, 20);
      return;
    }
    const y = this.valueAxis(param);
    const area = plotArea(width, height, { ...MARGIN, left: yAxisMargin(ctx, y.spec, height, theme) });
    const x = linearScale(steps[0], steps[1]);
    drawAxes(ctx, area, { title: 'step', scale: x }, y.spec, theme);
    const palette = [theme.blue, theme.orange, theme.green, theme.purple, theme.red, theme.yellow];
    ctx.lineWidth = 1.5;
    this.schedules.forEach((s, i) => {
      ctx.strokeStyle = withAlpha(palette[i % palette.length], 0.85);
      ctx.beginPath();
      let pen = false;
      for (const g of s.segments) {
        const u = y.unit(g.value);
        if (!Number.isFinite(u)) {
          pen = false;
          continue;
        }
        const py = area.top + (1 - u) * area.height;
        const x0 = area.left + x.toUnit(g.from) * area.width;
        const x1 = area.left + x.toUnit(g.to) * area.width;
        if (pen) ctx.lineTo(x0, py);
        else ctx.moveTo(x0, py);
        ctx.lineTo(x1, py);
        pen = true;
      }
      ctx.stroke();
    });
  }

  /** The y axis of a schedule: the parameter's own scale (log where the space says), or its values as choices. */
  private valueAxis(param: string): { spec: AxisSpec; unit(v: ParamValue): number } {
    const values = this.schedules.flatMap((s) => s.segments.map((g) => g.value));
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const column = this.store.run?.params.find((p) => p.name === param);
    if (numbers.length === values.length && numbers.length > 0) {
      const log = column?.log === true && numbers.every((v) => v > 0);
      const [lo, hi] = extent(numbers, log)!;
      const scale: Scale = log ? logScale(lo, hi) : linearScale(lo, hi);
      return { spec: { title: param, scale }, unit: (v) => (typeof v === 'number' ? scale.toUnit(v) : NaN) };
    }
    const categories = [...new Set(values.map((v) => formatValue(v)))];
    return { spec: { title: param, categories }, unit: (v) => categoryUnit(categories.indexOf(formatValue(v)), categories.length) };
  }

  private pick(e: MouseEvent): void {
    const p = this.lineageCanvas.pointer(e);
    const places = this.nodePlaces(this.lineageCanvas.width, this.lineageCanvas.height);
    let best: number | undefined;
    let bestD = 100;
    for (const [n, q] of places) {
      const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = n;
      }
    }
    if (best !== undefined) this.actions.selectTrial(best);
  }
}
