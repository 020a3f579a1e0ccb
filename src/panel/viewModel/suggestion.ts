// The suggested-configuration card: a trial's values (the best one, or the
// chosen Pareto point) beside the file's current ones, each change said in a
// few characters: "x3.2" on a log scale, "+0.05" on a linear one, "sgd -> adam"
// for a choice.
import { formatNumber, formatValue } from '../../engine/format';
import type { Distribution, SearchSpace } from '../../engine/space';
import type { ParamValue } from './types';

export type ChangeKind =
  /** The file already holds the value. */
  | 'same'
  /** Numbers on a log scale: `x3.2`, `x0.25`. */
  | 'ratio'
  /** Numbers on a linear scale: `+0.05`, `-32`. */
  | 'difference'
  /** A choice, or values of different types: `sgd -> adam`. */
  | 'replaced'
  /** The trial has the parameter but the file no longer does; Accept cannot write it. */
  | 'not-in-file';

export interface ParamChange {
  name: string;
  current: ParamValue | undefined;
  suggested: ParamValue;
  /** The suggested value as every view writes it. */
  suggestedText: string;
  kind: ChangeKind;
  /** `same`, `x3.2`, `+0.05`, `sgd -> adam`, `not in the file`. */
  text: string;
  /** True when accepting would change the file. */
  changed: boolean;
}

export interface SuggestionCard {
  trial: number;
  changes: ParamChange[];
  /** How many values accepting would change. */
  changedCount: number;
}

export interface SuggestedTrial {
  number: number;
  params: Readonly<Record<string, ParamValue>>;
}

/** Without a distribution, numbers this far apart (or more) read better as a ratio. */
const RATIO_SPREAD = 10;

/**
 * One change per parameter of the file that the trial set, in the file's
 * order, then the trial's parameters the file no longer has. `current` is
 * the file's values now; `space`, where given, says which numbers are on a
 * log scale and which are choices.
 */
export function suggestionCard(trial: SuggestedTrial, current: Readonly<Record<string, ParamValue>>, space: SearchSpace = {}): SuggestionCard {
  const changes: ParamChange[] = [];
  for (const name of Object.keys(current)) {
    if (!hasOwn(trial.params, name)) continue;
    changes.push(paramChange(name, current[name], trial.params[name], hasOwn(space, name) ? space[name] : undefined));
  }
  for (const name of Object.keys(trial.params)) {
    if (!hasOwn(current, name)) changes.push(paramChange(name, undefined, trial.params[name]));
  }
  return { trial: trial.number, changes, changedCount: changes.filter((c) => c.changed).length };
}

/** How `suggested` differs from the file's `current` value (undefined: the file lacks the parameter). */
export function paramChange(name: string, current: ParamValue | undefined, suggested: ParamValue, distribution?: Distribution): ParamChange {
  const base = { name, current, suggested, suggestedText: formatValue(suggested) };
  if (current === undefined) return { ...base, kind: 'not-in-file', text: 'not in the file', changed: false };
  if (sameValue(current, suggested)) return { ...base, kind: 'same', text: 'same', changed: false };
  const replaced = { ...base, kind: 'replaced' as const, text: `${formatValue(current)} -> ${formatValue(suggested)}`, changed: true };
  if (typeof current !== 'number' || typeof suggested !== 'number' || !Number.isFinite(current) || !Number.isFinite(suggested)) return replaced;
  if (distribution?.type === 'categorical') return replaced;
  const log = distribution && (distribution.type === 'float' || distribution.type === 'int') ? distribution.log : undefined;
  const positive = current > 0 && suggested > 0;
  const spread = positive ? Math.max(current, suggested) / Math.min(current, suggested) : 0;
  if (positive && (log === true || (log === undefined && spread >= RATIO_SPREAD))) {
    return { ...base, kind: 'ratio', text: `x${formatRatio(suggested / current)}`, changed: true };
  }
  const d = suggested - current;
  return { ...base, kind: 'difference', text: `${d > 0 ? '+' : ''}${formatNumber(d)}`, changed: true };
}

/** Two significant digits, more when two would make a real change read as x1. */
function formatRatio(r: number): string {
  for (let digits = 2; digits < 6; digits++) {
    const rounded = Number(r.toPrecision(digits));
    if (rounded !== 1) return formatNumber(rounded);
  }
  return formatNumber(Number(r.toPrecision(6)));
}

function sameValue(a: ParamValue, b: ParamValue): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  // A value read back from the file may differ from the trial's in the last bit.
  return typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
