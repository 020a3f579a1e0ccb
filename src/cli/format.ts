// How values, trials and runs look on a terminal.
import { formatNumber, formatValue } from '../engine/format';
import type { ParamValue } from '../engine/space';

export { formatNumber, formatValue };
import type { TrialRecord } from '../engine/trial';

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
  if (t.state === 'pruned') {
    const step = t.userAttrs.pruned_at_step;
    const value = typeof step === 'number' ? t.intermediate[step] : undefined;
    const at = typeof step === 'number' ? `at step ${step}` : '';
    return [at, value !== undefined ? `${metrics[0]} ${formatNumber(value)}` : ''].filter(Boolean).join(', ');
  }
  const reason = t.userAttrs.fail_reason;
  return typeof reason === 'string' ? reason : '';
}

/**
 * Where a trial sits in a schedule, for its one-line summary: the budget and
 * origin of a rung trial (`epochs=6, from #18`), the member and steps of a
 * PBT segment (`member 2, steps 3-6, from #9`); empty for a plain trial.
 */
export function trialPlace(t: TrialRecord, fidelity: string | undefined): string {
  const a = t.userAttrs;
  const parts: string[] = [];
  if (typeof a.pbt_member === 'number') {
    parts.push(`member ${a.pbt_member}`, `steps ${String(a.pbt_start_step)}-${String(a.pbt_end_step)}`);
    if (typeof a.pbt_parent === 'number') parts.push(`${typeof a.pbt_exploited_from === 'number' ? 'copied' : 'from'} #${a.pbt_parent}`);
  } else if (typeof a.fidelity_budget === 'number') {
    parts.push(`${fidelity ?? 'budget'}=${a.fidelity_budget}`);
    if (typeof a.promoted_from === 'number') parts.push(`from #${a.promoted_from}`);
  }
  return parts.join(', ');
}
