// What the hover over an annotated value says, from the parsed value and the
// run index alone (no `vscode`): the distribution in words, the current and
// best values, the parameter's importance, and the slice plot.
import type { AnnotatedValue } from '../annotations';
import { formatNumber, formatValue } from '../engine/format';
import { MIN_TRIALS, parameterImportance } from '../engine/importance';
import { importanceData } from '../engine/importance/data';
import { type Distribution, type ParamValue, isSearched } from '../engine/space';
import { sameValue } from './lensModel';
import type { BestOfFile, RunEntry } from './runIndex';

/** What can be said about a parameter's importance in one run. */
export type ImportanceFact =
  | { kind: 'estimate'; importance: number; rank: number; of: number; runId: string; trials: number }
  | { kind: 'needs'; need: number; have: number; runId: string }
  /** Enough trials, but the objective has not varied: nothing to attribute. */
  | { kind: 'flat'; runId: string; trials: number };

export interface HoverInput {
  value: AnnotatedValue;
  best: BestOfFile | undefined;
  /** The file's runs, newest first. */
  runs: readonly RunEntry[];
  importance?: ImportanceFact;
  /** An SVG slice plot, embedded as an image. */
  plot?: string;
}

/** The distribution as a person would say it: "float between 1e-5 and 0.1, log scale". */
export function describeDistribution(d: Distribution): string {
  switch (d.type) {
    case 'float': {
      const extras = [d.log ? 'log scale' : '', d.step !== undefined ? `in steps of ${number(d.step)}` : ''].filter(Boolean);
      return [`float between ${number(d.low)} and ${number(d.high)}`, ...extras].join(', ');
    }
    case 'int': {
      const steps = d.step !== 1 ? ` in steps of ${number(d.step)}` : '';
      return `int from ${number(d.low)} to ${number(d.high)}${steps}${d.log ? ', log scale' : ''}`;
    }
    case 'categorical':
      return `one of ${d.choices.map(formatValue).join(', ')}`;
    case 'fidelity':
      return `fidelity (the budget early stopping moves along) from ${number(d.low)} to ${number(d.high)}`;
    case 'fixed':
      return `fixed at ${formatValue(d.value)}: recorded with every trial, not searched`;
  }
}

/**
 * The parameter's importance in `entry` (the best run, or the newest), or
 * undefined when the run did not search it.
 */
export function importanceOf(name: string, entry: RunEntry | undefined): ImportanceFact | undefined {
  if (!entry) return undefined;
  const { space, directions, id: runId } = entry.run;
  const d = space?.[name];
  if (!d || !isSearched(d)) return undefined;
  const usable = importanceData(entry.trials, space, directions, 0).loss.length;
  if (usable < MIN_TRIALS) return { kind: 'needs', need: MIN_TRIALS, have: usable, runId };
  const list = parameterImportance(entry.trials, space, directions);
  const at = list.findIndex((p) => p.name === name);
  if (at < 0 || list.every((p) => p.importance === 0)) return { kind: 'flat', runId, trials: usable };
  return { kind: 'estimate', importance: list[at].importance, rank: at + 1, of: list.length, runId, trials: usable };
}

/** The hover's markdown: one short paragraph per fact. */
export function hoverMarkdown(input: HoverInput): string {
  const { value, best, runs } = input;
  const parts = [`**${escapeMarkdown(value.name)}**: ${escapeMarkdown(describeDistribution(value.distribution))}`];
  parts.push(`current ${code(formatValue(value.current))}`);
  const bestLine = bestText(value, best, runs);
  if (bestLine) parts.push(bestLine);
  const importance = importanceText(input.importance);
  if (importance) parts.push(importance);
  if (input.plot) parts.push(input.plot);
  return parts.join('\n\n');
}

function bestText(value: AnnotatedValue, best: BestOfFile | undefined, runs: readonly RunEntry[]): string | undefined {
  if (value.distribution.type === 'fixed') return undefined;
  if (!best) {
    if (runs.length === 0) return 'no runs yet';
    return `no complete trial yet (${runs.length} run${runs.length === 1 ? '' : 's'})`;
  }
  const { trial, entry, objective } = best;
  const outcome = `${escapeMarkdown(objective.metric)} ${formatNumber(trial.values![0])}`;
  const where = `trial ${trial.number} of run ${code(entry.run.id)}`;
  if (!Object.prototype.hasOwnProperty.call(trial.params, value.name)) {
    return `not tuned in the best run (${where}, ${outcome})`;
  }
  const suggested: ParamValue = trial.params[value.name];
  const same = sameValue(suggested, value.current) ? ' (the current value)' : '';
  return `best ${code(formatValue(suggested))}${same} in ${where}, ${outcome}`;
}

function importanceText(fact: ImportanceFact | undefined): string | undefined {
  if (!fact) return undefined;
  switch (fact.kind) {
    case 'needs':
      return `importance needs ${fact.need} complete trials (${fact.have} so far)`;
    case 'flat':
      return `importance: the objective has not varied over ${fact.trials} trials`;
    case 'estimate':
      return `importance ${fact.importance.toFixed(2)} (${ordinal(fact.rank)} of ${fact.of} parameters, over ${fact.trials} trials)`;
  }
}

/** Bounds as written in annotations: `1e-5`, not `0.00001` or `1.000e-5`. */
function number(x: number): string {
  const abs = Math.abs(x);
  if (abs !== 0 && Number.isFinite(x) && (abs < 1e-3 || abs >= 1e6)) return x.toExponential();
  return String(x);
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A code span that survives backticks in the value. */
function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${s}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]|<>~]/g, '\\$&');
}
