// What the code lenses say, computed from the parsed document and the run
// index alone (no disk, no `vscode`), so providing lenses stays cheap and the
// wording is unit-tested.
import type { ParsedConfig } from '../annotations';
import { formatNumber, formatValue } from '../engine/format';
import type { ParamValue } from '../engine/space';
import type { BestOfFile, RunEntry } from './runIndex';

export const COMMANDS = {
  startRun: 'hyperlens.startRun',
  stopRun: 'hyperlens.stopRun',
  resumeRun: 'hyperlens.resumeRun',
  acceptBest: 'hyperlens.acceptBest',
  acceptValue: 'hyperlens.acceptValue',
  showDiff: 'hyperlens.showDiff',
  openPanel: 'hyperlens.openPanel',
  openRun: 'hyperlens.openRun',
  openRunInEditor: 'hyperlens.openRunInEditor',
  openRunReport: 'hyperlens.openRunReport',
  deleteRun: 'hyperlens.deleteRun',
  copyPythonHelper: 'hyperlens.copyPythonHelper',
  showVersion: 'hyperlens.showVersion',
  refreshRuns: 'hyperlens.refreshRuns',
  showLog: 'hyperlens.showLog',
} as const;

export interface LensSpec {
  /** 0-based line the lens sits above. */
  line: number;
  title: string;
  tooltip?: string;
  command: string;
  args: unknown[];
}

/** A run this window is driving, as its last progress notification said. */
export interface LiveProgress {
  runId: string;
  done: number;
  budget: number;
  best?: number;
  /** Trials the pruner stopped so far. */
  pruned?: number;
}

/** Where an accepted value came from, remembered per file and parameter. */
export interface AcceptedValue {
  runId: string;
  trial: number;
  value: ParamValue;
}

/** `trial 12/60 · best 0.231`: the live run in a lens, the status bar and the progress notification. */
export function progressText(p: LiveProgress): string {
  return `trial ${p.done}/${p.budget}${p.pruned ? ` · ${p.pruned} pruned` : ''}${p.best === undefined ? '' : ` · best ${formatNumber(p.best)}`}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The lenses over the first line: tune (or the live run's progress and stop). */
export function fileLenses(uri: string, parsed: ParsedConfig, runs: readonly RunEntry[], best: BestOfFile | undefined, live: LiveProgress | undefined): LensSpec[] {
  const line = 0;
  if (live) {
    return [
      // The live run in the Run view beside the file.
      { line, title: progressText(live), tooltip: `Run ${live.runId}: show it in the Run view`, command: COMMANDS.openPanel, args: [live.runId] },
      { line, title: 'Stop', tooltip: `Stop run ${live.runId}; completed trials are kept`, command: COMMANDS.stopRun, args: [live.runId] },
    ];
  }
  // Fixed values and the fidelity (budget) axis are not searched: they are not counted as tuned.
  const searched = parsed.values.filter((v) => v.distribution.type !== 'fixed' && v.distribution.type !== 'fidelity').length;
  const parts = [`▶ Tune ${plural(searched, 'param')}`];
  // An annotation with an error is not counted above; say why the count dropped.
  if (parsed.errors.length > 0) parts.push(plural(parsed.errors.length, 'problem'));
  parts.push(plural(runs.length, 'run'));
  if (best?.trial.values) parts.push(`best ${formatNumber(best.trial.values[0])}`);
  const lenses: LensSpec[] = [
    { line, title: parts.join(' · '), tooltip: 'Start a tuning run with this file\'s directives and your settings', command: COMMANDS.startRun, args: [uri] },
  ];
  if (best) {
    lenses.push({ line, title: 'Accept all', tooltip: `Write every value of trial ${best.trial.number} (run ${best.entry.run.id}) into this file, after a diff`, command: COMMANDS.acceptBest, args: [uri] });
  }
  return lenses;
}

/** One lens per annotated value once a run has a best trial: the value and Accept, or where the current value came from. */
export function valueLenses(uri: string, parsed: ParsedConfig, best: BestOfFile | undefined, accepted: Record<string, AcceptedValue> = {}): LensSpec[] {
  if (!best) return [];
  const lenses: LensSpec[] = [];
  const { trial, objective, entry } = best;
  const outcome = `${objective.metric} ${formatNumber(trial.values![0])}`;
  for (const v of parsed.values) {
    if (v.distribution.type === 'fixed' || v.distribution.type === 'fidelity') continue;
    if (!Object.prototype.hasOwnProperty.call(trial.params, v.name)) continue;
    const line = v.line - 1;
    const suggested = trial.params[v.name];
    const from = accepted[v.name];
    if (from && sameValue(from.value, v.current)) {
      lenses.push({ line, title: `from run ${from.runId} · trial ${from.trial}`, command: COMMANDS.openRun, args: [from.runId] });
      continue;
    }
    if (sameValue(suggested, v.current)) {
      lenses.push({ line, title: `= best (trial ${trial.number}, ${outcome})`, command: COMMANDS.openRun, args: [entry.run.id] });
      continue;
    }
    lenses.push({ line, title: `best ${formatValue(suggested)} (trial ${trial.number}, ${outcome})`, tooltip: `From run ${entry.run.id}`, command: COMMANDS.openRun, args: [entry.run.id] });
    lenses.push({ line, title: 'Accept', tooltip: `Write ${formatValue(suggested)} here (only this value changes)`, command: COMMANDS.acceptValue, args: [uri, v.name] });
  }
  return lenses;
}

/** Values as the file and the journal hold them: 32 and 32.0 are the same setting. */
export function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}
