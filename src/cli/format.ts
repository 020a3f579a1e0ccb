// How values, trials and runs look on a terminal.
import type { ParamValue } from '../engine/space';
import type { TrialRecord } from '../engine/trial';

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return x.toExponential(3);
  return String(Number(x.toPrecision(5)));
}

export function formatValue(v: ParamValue): string {
  return typeof v === 'number' ? formatNumber(v) : v === null ? 'null' : String(v);
}

export function formatParams(params: Record<string, ParamValue>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${formatValue(v)}`).join(' ');
}

export function formatValues(values: number[] | undefined, metrics: string[]): string {
  if (!values) return '';
  return values.map((v, i) => `${metrics[i] ?? `value${i}`}=${formatNumber(v)}`).join(' ');
}

/** A table with left-aligned columns and a header line. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function trialOutcome(t: TrialRecord, metrics: string[]): string {
  if (t.state === 'complete') return formatValues(t.values, metrics);
  const reason = t.userAttrs.fail_reason;
  return typeof reason === 'string' ? reason : '';
}
