// A small SVG slice plot for the hover: the objective of each complete trial
// against one parameter, the best trial marked. It is shown as an <img>, where
// theme CSS cannot reach, so it uses a mid grey that reads on light and dark
// backgrounds and one accent colour.
import type { Objective } from '../annotations';
import { formatValue } from '../engine/format';
import type { Distribution, ParamValue } from '../engine/space';
import type { TrialRecord } from '../engine/trial';

export const PLOT_WIDTH = 240;
export const PLOT_HEIGHT = 100;
const GREY = '#8c8c8c';
const ACCENT = '#3794ff';
const MARGIN = { left: 36, right: 8, top: 4, bottom: 16 };
const INSET = 5;

export interface SlicePoint {
  trial: number;
  value: ParamValue;
  objective: number;
}

/** Complete trials that set the parameter and have a finite first objective. */
export function slicePoints(trials: readonly TrialRecord[], name: string): SlicePoint[] {
  const points: SlicePoint[] = [];
  for (const t of trials) {
    const objective = t.values?.[0];
    if (t.state !== 'complete' || typeof objective !== 'number' || !Number.isFinite(objective)) continue;
    if (!Object.prototype.hasOwnProperty.call(t.params, name)) continue;
    points.push({ trial: t.number, value: t.params[name], objective });
  }
  return points;
}

/**
 * The plot as an SVG document, or undefined when no trial can be drawn
 * (none complete, or a parameter that is not searched). Numeric parameters
 * get a linear or log x axis as the distribution has it; choices are columns.
 */
export function slicePlot(distribution: Distribution, name: string, trials: readonly TrialRecord[], objective: Objective, bestTrial?: number): string | undefined {
  if (distribution.type === 'fixed' || distribution.type === 'fidelity') return undefined;
  let points = slicePoints(trials, name);
  const x = distribution.type === 'categorical' ? columnAxis(distribution.choices, points) : numericAxis(distribution, points);
  points = points.filter((p) => x.position(p.value) !== undefined);
  if (points.length === 0) return undefined;

  const plotW = PLOT_WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PLOT_HEIGHT - MARGIN.top - MARGIN.bottom;
  const ys = points.map((p) => p.objective);
  let yMin = Math.min(...ys);
  let yMax = Math.max(...ys);
  if (yMin === yMax) {
    const pad = Math.abs(yMin) * 0.1 || 1;
    yMin -= pad;
    yMax += pad;
  }
  // Points keep clear of the axes by INSET pixels.
  const px = (u: number): number => MARGIN.left + INSET + u * (plotW - 2 * INSET);
  const py = (v: number): number => MARGIN.top + INSET + (1 - (v - yMin) / (yMax - yMin)) * (plotH - 2 * INSET);

  const out: string[] = [];
  const bottom = MARGIN.top + plotH;
  out.push(`<path d="M${MARGIN.left} ${MARGIN.top}V${bottom}H${MARGIN.left + plotW}" fill="none" stroke="${GREY}" stroke-width="1"/>`);
  out.push(text(MARGIN.left - 3, py(yMax) + 3, 'end', tick(yMax)));
  out.push(text(MARGIN.left - 3, py(yMin) + 3, 'end', tick(yMin)));
  const better = objective.direction === 'minimize' ? 'lower' : 'higher';
  const yLabel = `${shorten(objective.metric, 12)} ${objective.direction === 'minimize' ? '↓' : '↑'}`;
  out.push(`<text transform="rotate(-90)" x="${round(-(MARGIN.top + plotH / 2))}" y="9" fill="${GREY}" text-anchor="middle"><title>${escapeXml(`${objective.metric}: ${better} is better`)}</title>${escapeXml(yLabel)}</text>`);
  for (const label of x.labels) out.push(text(px(label.at), PLOT_HEIGHT - 3, label.anchor, label.text));

  let best: string | undefined;
  for (const p of points) {
    const cx = round(px(x.position(p.value) as number) + x.jitter(p.trial) * plotW);
    const cy = round(py(p.objective));
    if (p.trial === bestTrial) {
      best = `<circle class="best" cx="${cx}" cy="${cy}" r="4" fill="${ACCENT}" stroke="${GREY}" stroke-width="1.5"><title>best: trial ${p.trial}, ${escapeXml(objective.metric)} ${tick(p.objective)}</title></circle>`;
    } else {
      out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${ACCENT}" fill-opacity="0.85"/>`);
    }
  }
  if (best) out.push(best); // drawn last, so no other point hides it
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" viewBox="0 0 ${PLOT_WIDTH} ${PLOT_HEIGHT}" font-family="sans-serif" font-size="9">${out.join('')}</svg>`;
}

/** The markdown image that shows an SVG in a hover (VS Code renders `data:` images there). */
export function svgMarkdownImage(svg: string, alt = 'plot'): string {
  return `![${alt}](data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')})`;
}

interface Axis {
  /** 0..1 across the plot, or undefined for a value the axis cannot place. */
  position(value: ParamValue): number | undefined;
  /** A small per-trial offset (fraction of the width) that spreads points sharing a column. */
  jitter(trial: number): number;
  labels: { at: number; anchor: 'start' | 'middle' | 'end'; text: string }[];
}

function numericAxis(d: { low: number; high: number; log: boolean }, points: SlicePoint[]): Axis {
  const values = points.map((p) => p.value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && (!d.log || v > 0));
  // Trials of an older version of the file may lie outside today's range: widen to show them.
  const lo = Math.min(d.low, ...values);
  const hi = Math.max(d.high, ...values);
  const f = d.log ? Math.log : (v: number): number => v;
  const span = f(hi) - f(lo) || 1;
  return {
    position: (v) => (typeof v === 'number' && Number.isFinite(v) && (!d.log || v > 0) ? (f(v) - f(lo)) / span : undefined),
    jitter: () => 0,
    labels: [
      { at: 0, anchor: 'start', text: tick(lo) },
      { at: 1, anchor: 'end', text: tick(hi) + (d.log ? ' (log)' : '') },
    ],
  };
}

function columnAxis(choices: ParamValue[], points: SlicePoint[]): Axis {
  const columns = [...choices];
  for (const p of points) if (!columns.includes(p.value)) columns.push(p.value);
  const n = columns.length;
  return {
    position: (v) => (columns.indexOf(v) + 0.5) / n,
    // Deterministic, so the same trials always draw the same picture.
    jitter: (trial) => ((((trial * 2654435761) >>> 0) % 1000) / 1000 - 0.5) * (0.5 / n),
    labels: columns.map((c, i) => ({ at: (i + 0.5) / n, anchor: 'middle' as const, text: shorten(formatValue(c), Math.max(3, Math.floor(30 / n))) })),
  };
}

function text(x: number, y: number, anchor: string, body: string): string {
  return `<text x="${round(x)}" y="${round(y)}" fill="${GREY}" text-anchor="${anchor}">${escapeXml(body)}</text>`;
}

function tick(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs < 1e-3 || abs >= 1e5) return v.toExponential(1).replace('.0e', 'e');
  return String(Number(v.toPrecision(3)));
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
