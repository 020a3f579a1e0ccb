// Axes for the canvas charts: a plot area inside margins, tick marks and
// labels from the view model's scales (scale.ts), grid lines and titles, all
// in the theme's colours.
import { formatNumber } from '../../src/engine/format';
import { withAlpha } from '../../src/panel/viewModel/colorScale';
import type { Scale } from '../../src/panel/viewModel/scale';
import type { ThemeColors } from '../theme';

export interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A numeric axis (a scale) or a categorical one (names at even positions). */
export interface AxisSpec {
  title: string;
  scale?: Scale;
  categories?: readonly string[];
}

export const MARGIN = { left: 56, right: 12, top: 10, bottom: 38 };

export function plotArea(width: number, height: number, margin = MARGIN): Area {
  return { left: margin.left, top: margin.top, width: Math.max(1, width - margin.left - margin.right), height: Math.max(1, height - margin.top - margin.bottom) };
}

/** Room left of the plot for the y axis: its widest tick label, then its title; at least MARGIN.left. */
export function yAxisMargin(ctx: CanvasRenderingContext2D, y: Pick<AxisSpec, 'scale' | 'categories'>, height: number, theme: ThemeColors): number {
  ctx.save();
  ctx.font = theme.font;
  const widest = Math.max(0, ...yTicks(y, height - MARGIN.top - MARGIN.bottom).map((t) => ctx.measureText(t.label).width));
  ctx.restore();
  return Math.min(120, Math.max(MARGIN.left, Math.ceil(widest) + Y_TITLE_ROOM));
}

/** Tick gap and label gap, then the rotated title's line. */
const Y_TITLE_ROOM = 6 + 8 + 16;

function yTicks(y: Pick<AxisSpec, 'scale' | 'categories'>, plotHeight: number): Array<{ u: number; label: string }> {
  return axisTicks(y, Math.max(2, Math.floor(plotHeight / 40)));
}

/** Where a categorical axis puts its i-th of n names, 0..1. */
export function categoryUnit(i: number, n: number): number {
  return n <= 1 ? 0.5 : i / (n - 1);
}

/** The axis's ticks as positions 0..1 and their labels. */
export function axisTicks(axis: Pick<AxisSpec, 'scale' | 'categories'>, count = 5): Array<{ u: number; label: string }> {
  if (axis.categories) return axis.categories.map((c, i, all) => ({ u: categoryUnit(i, all.length), label: c }));
  if (!axis.scale) return [];
  const scale = axis.scale;
  return scale.ticks(count).map((v) => ({ u: scale.toUnit(v), label: tickLabel(v) }));
}

/** A tick's label: round values stay short (`1e-5`, not `1.000e-5`). */
export function tickLabel(v: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return Number(v.toPrecision(3)).toExponential();
  return formatNumber(v);
}

/** Grid, ticks, labels and titles of a plot's x (bottom) and y (left) axes. */
export function drawAxes(ctx: CanvasRenderingContext2D, area: Area, x: AxisSpec, y: AxisSpec, theme: ThemeColors): void {
  ctx.save();
  ctx.font = theme.font;
  ctx.lineWidth = 1;
  // High-contrast borders are loud: the grid steps back behind the data.
  ctx.strokeStyle = theme.kind.startsWith('high-contrast') ? withAlpha(theme.border, 0.35) : theme.border;
  ctx.fillStyle = theme.muted;
  const right = area.left + area.width;
  const bottom = area.top + area.height;

  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xTicks = axisTicks(x, Math.max(2, Math.floor(area.width / 80)));
  const maxLabel = Math.max(24, area.width / Math.max(1, xTicks.length));
  // The canvas's width in CSS pixels: a label at either end moves inward rather than be cut.
  const canvasWidth = ctx.canvas.width / (ctx.getTransform().a || 1);
  for (const t of xTicks) {
    const px = Math.round(area.left + t.u * area.width) + 0.5;
    line(ctx, px, area.top, px, bottom + 4);
    const label = clip(ctx, t.label, maxLabel);
    const half = ctx.measureText(label).width / 2;
    ctx.fillText(label, Math.max(half + 1, Math.min(px, canvasWidth - half - 1)), bottom + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks(y, area.height)) {
    const py = Math.round(bottom - t.u * area.height) + 0.5;
    line(ctx, area.left - 4, py, right, py);
    ctx.fillText(clip(ctx, t.label, area.left - Y_TITLE_ROOM + 6), area.left - 6, py);
  }
  ctx.strokeRect(area.left + 0.5, area.top + 0.5, area.width - 1, area.height - 1);

  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(x.title, area.left + area.width / 2, bottom + 36);
  ctx.translate(12, area.top + area.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(clip(ctx, y.title, area.height), 0, 0);
  ctx.restore();
}

/** Text shortened with an ellipsis to fit `width` pixels. */
export function clip(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > width) s = s.slice(0, -1);
  return `${s}…`;
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
