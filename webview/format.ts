// How the panel writes times, energy, counts and a running trial's latest
// report: short and human ("3m 12s", "1.2 kWh", "10,000"). Pure, so the unit
// tests run it under Node.
import { formatNumber } from '../src/engine/format';

export { formatNumber, formatValue } from '../src/engine/format';

/** Seconds as the two largest units: "45s", "3m 12s", "2h 05m", "3d 4h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Watt-hours, in kWh from 1000 Wh on. */
export function formatEnergy(wh: number): string {
  if (!Number.isFinite(wh)) return '-';
  if (Math.abs(wh) >= 1000) return `${trim(wh / 1000)} kWh`;
  return `${trim(wh)} Wh`;
}

/** Made once: toLocaleString with options makes a formatter each call. */
const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A whole number with thousands separators; fractions (a rung trial's share of the budget) to one decimal. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return COUNT_FORMAT.format(Math.round(n * 10) / 10);
}

/** The noun for a count: "1 trial", "2 trials" (the panel's nouns all take an s). */
export function plural(n: number, noun: string): string {
  return n === 1 ? noun : `${noun}s`;
}

/** "GPU 0, 1"; "none" when no running trial holds one. */
export function formatGpus(gpus: readonly number[]): string {
  return gpus.length === 0 ? 'none' : `GPU ${gpus.join(', ')}`;
}

/** A running trial's latest report: "0.2311 @ 12"; undefined before its first. */
export function latestReport(intermediate: { steps: readonly number[]; values: readonly number[] }): string | undefined {
  const n = Math.min(intermediate.steps.length, intermediate.values.length);
  if (n === 0) return undefined;
  return `${formatNumber(intermediate.values[n - 1])} @ ${formatNumber(intermediate.steps[n - 1])}`;
}

/** Seconds from an ISO 8601 time to `now` (ms); undefined for an unreadable time. */
export function secondsSince(iso: string | undefined, now: number): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? Math.max(0, (now - t) / 1000) : undefined;
}

function trim(x: number): string {
  return String(Number(x.toPrecision(3)));
}
