// The search space: what may be tuned and over which values. Shared by the
// annotation parser (which produces it), the samplers (which draw from it),
// the journal (which records it in Optuna's terms) and the ask-tell protocol.

/** A value a parameter can take, typed as the host language types it. */
export type ParamValue = number | string | boolean | null;

/** A continuous range; `step` makes it a grid of low + k*step. */
export interface FloatDistribution {
  type: 'float';
  low: number;
  high: number;
  log: boolean;
  step?: number;
}

/** An integer range; `step` defaults to 1. */
export interface IntDistribution {
  type: 'int';
  low: number;
  high: number;
  log: boolean;
  step: number;
}

/** One of a list of values. */
export interface CategoricalDistribution {
  type: 'categorical';
  choices: ParamValue[];
}

/**
 * The budget axis (epochs, steps) that early stopping moves along. Without a
 * pruner every trial runs at `high`, the full budget.
 */
export interface FidelityDistribution {
  type: 'fidelity';
  low: number;
  high: number;
}

/** Recorded with every trial, never searched. */
export interface FixedDistribution {
  type: 'fixed';
  value: ParamValue;
}

export type Distribution =
  | FloatDistribution
  | IntDistribution
  | CategoricalDistribution
  | FidelityDistribution
  | FixedDistribution;

/** Parameter name -> distribution, in the order the file declares them. */
export type SearchSpace = Record<string, Distribution>;

/** Parameter name -> value: one configuration. */
export type Params = Record<string, ParamValue>;

export type Direction = 'minimize' | 'maximize';

/** True for distributions that a sampler chooses a value for. */
export function isSearched(d: Distribution): d is FloatDistribution | IntDistribution | CategoricalDistribution {
  return d.type === 'float' || d.type === 'int' || d.type === 'categorical';
}

/** The value a parameter takes when no sampler chooses it. */
export function unsearchedValue(d: FidelityDistribution | FixedDistribution): ParamValue {
  return d.type === 'fixed' ? d.value : d.high;
}

/** Whether `value` is one the distribution can produce (within float tolerance). */
export function contains(d: Distribution, value: ParamValue): boolean {
  switch (d.type) {
    case 'float':
    case 'int':
    case 'fidelity': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const tol = 1e-12 * Math.max(1, Math.abs(d.high - d.low));
      if (value < d.low - tol || value > d.high + tol) return false;
      if (d.type === 'int' || d.type === 'fidelity') {
        if (!Number.isInteger(value)) return false;
      }
      const step = d.type === 'fidelity' ? undefined : d.step;
      if (step !== undefined && step > 0 && !(d.type === 'int' && step === 1)) {
        const k = (value - d.low) / step;
        if (Math.abs(k - Math.round(k)) > 1e-6) return false;
      }
      return true;
    }
    case 'categorical':
      return d.choices.some((c) => c === value);
    case 'fixed':
      return d.value === value;
  }
}

/**
 * Parses and checks the JSON space file of `hyperlens ask-tell --space`:
 * `{"lr":{"type":"float","low":1e-5,"high":1,"log":true}, ...}`.
 * `categorical` is also accepted as `choice`. Throws with the field at fault.
 */
export function spaceFromJson(json: unknown, where = 'space'): SearchSpace {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${where}: expected an object of parameter name -> distribution`);
  }
  const space: SearchSpace = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    const at = `${where}: parameter "${name}"`;
    if (raw === null || typeof raw !== 'object') throw new Error(`${at}: expected an object`);
    const r = raw as Record<string, unknown>;
    const num = (key: string): number => {
      const v = r[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${at}: "${key}" must be a finite number`);
      return v;
    };
    const bool = (key: string): boolean => {
      const v = r[key];
      if (v === undefined) return false;
      if (typeof v !== 'boolean') throw new Error(`${at}: "${key}" must be true or false`);
      return v;
    };
    let d: Distribution;
    switch (r.type) {
      case 'float': {
        d = { type: 'float', low: num('low'), high: num('high'), log: bool('log') };
        if (r.step !== undefined && r.step !== null) d.step = num('step');
        break;
      }
      case 'int': {
        const step = r.step === undefined || r.step === null ? 1 : num('step');
        d = { type: 'int', low: num('low'), high: num('high'), log: bool('log'), step };
        if (!Number.isInteger(d.low) || !Number.isInteger(d.high) || !Number.isInteger(step)) {
          throw new Error(`${at}: int bounds and step must be integers`);
        }
        break;
      }
      case 'categorical':
      case 'choice': {
        const choices = r.choices;
        if (!Array.isArray(choices) || choices.length === 0) throw new Error(`${at}: "choices" must be a non-empty array`);
        for (const c of choices) {
          if (c !== null && !['number', 'string', 'boolean'].includes(typeof c)) {
            throw new Error(`${at}: choices must be numbers, strings, booleans or null`);
          }
        }
        d = { type: 'categorical', choices: choices as ParamValue[] };
        break;
      }
      case 'fidelity':
        d = { type: 'fidelity', low: num('low'), high: num('high') };
        break;
      case 'fixed':
        d = { type: 'fixed', value: r.value as ParamValue };
        break;
      default:
        throw new Error(`${at}: unknown type ${JSON.stringify(r.type)} (float, int, categorical, fidelity, fixed)`);
    }
    const problem = checkDistribution(d);
    if (problem) throw new Error(`${at}: ${problem}`);
    space[name] = d;
  }
  return space;
}

/** A person-readable reason the distribution is unusable, or undefined. */
export function checkDistribution(d: Distribution): string | undefined {
  if (d.type === 'float' || d.type === 'int' || d.type === 'fidelity') {
    if (!(d.low < d.high)) return `low (${d.low}) must be less than high (${d.high})`;
  }
  if ((d.type === 'float' || d.type === 'int') && d.log && d.low <= 0) {
    return `a log scale needs low > 0 (got ${d.low})`;
  }
  if ((d.type === 'float' || d.type === 'int') && d.step !== undefined) {
    if (!(d.step > 0)) return `step must be positive (got ${d.step})`;
    if (d.log && !(d.type === 'int' && d.step === 1)) return 'step cannot be combined with log';
  }
  if (d.type === 'categorical' && d.choices.length === 0) return 'a choice needs at least one value';
  return undefined;
}
