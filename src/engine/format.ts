// How numbers and parameter values read in every view (terminal, lenses,
// hovers): short, exact enough to tell trials apart.
import type { ParamValue } from './space';

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
