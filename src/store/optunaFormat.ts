// The vocabulary of Optuna's JournalStorage (3.1): the ten operations one
// journal line can hold, and how our search space and values are spelled in
// it, so that Optuna and optuna-dashboard can open our runs and we theirs.

import { Direction, Distribution, ParamValue } from '../engine/space';

export const OpCode = {
  CreateStudy: 0,
  DeleteStudy: 1,
  SetStudyUserAttr: 2,
  SetStudySystemAttr: 3,
  CreateTrial: 4,
  SetTrialParam: 5,
  SetTrialStateValues: 6,
  SetTrialIntermediateValue: 7,
  SetTrialUserAttr: 8,
  SetTrialSystemAttr: 9,
} as const;

/** Optuna's TrialState numbers. */
export const OptunaState = { Running: 0, Complete: 1, Pruned: 2, Fail: 3, Waiting: 4 } as const;

/** Optuna's StudyDirection numbers (0 is NOT_SET, never written for a real study). */
export const OptunaDirection = { minimize: 1, maximize: 2 } as const;

type Attrs = Record<string, unknown>;
interface OpBase { worker_id: string }

export interface CreateStudyOp extends OpBase { op_code: 0; study_name: string; directions: number[] }
export interface DeleteStudyOp extends OpBase { op_code: 1; study_id: number }
export interface SetStudyUserAttrOp extends OpBase { op_code: 2; study_id: number; user_attr: Attrs }
export interface SetStudySystemAttrOp extends OpBase { op_code: 3; study_id: number; system_attr: Attrs }
/** Optuna writes only `study_id` and `datetime_start` for a plain new trial; the rest is a template trial. */
export interface CreateTrialOp extends OpBase {
  op_code: 4;
  study_id: number;
  datetime_start: string | null;
  state?: number;
  value?: number | null;
  values?: number[] | null;
  datetime_complete?: string;
  /** Parameter name -> distribution serialized by `distribution_to_json` (a JSON string). */
  distributions?: Record<string, string>;
  /** Parameter name -> internal representation (a float; an index for categoricals). */
  params?: Record<string, number>;
  user_attrs?: Attrs;
  system_attrs?: Attrs;
  intermediate_values?: Record<string, number>;
}
export interface SetTrialParamOp extends OpBase {
  op_code: 5;
  trial_id: number;
  param_name: string;
  param_value_internal: number;
  distribution: string;
}
export interface SetTrialStateValuesOp extends OpBase {
  op_code: 6;
  trial_id: number;
  state: number;
  values: number[] | null;
  datetime_start?: string;
  datetime_complete?: string;
}
export interface SetTrialIntermediateValueOp extends OpBase {
  op_code: 7;
  trial_id: number;
  step: number;
  intermediate_value: number;
}
export interface SetTrialUserAttrOp extends OpBase { op_code: 8; trial_id: number; user_attr: Attrs }
export interface SetTrialSystemAttrOp extends OpBase { op_code: 9; trial_id: number; system_attr: Attrs }

export type JournalOp =
  | CreateStudyOp
  | DeleteStudyOp
  | SetStudyUserAttrOp
  | SetStudySystemAttrOp
  | CreateTrialOp
  | SetTrialParamOp
  | SetTrialStateValuesOp
  | SetTrialIntermediateValueOp
  | SetTrialUserAttrOp
  | SetTrialSystemAttrOp;

// ---------------------------------------------------------------------------
// Lines. Python's json module writes NaN, Infinity and -Infinity as bare
// tokens (a reported NaN loss ends up there), which JSON.parse rejects.

const NON_FINITE = '\u0000hyperlens-nonfinite:';

/** Parses one journal line, accepting Python's NaN/Infinity tokens. Throws on malformed JSON. */
export function parseJournalLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    if (!/NaN|Infinity/.test(line)) throw err;
  }
  return JSON.parse(quoteNonFinite(line), (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith(NON_FINITE) ? Number(v.slice(NON_FINITE.length)) : v,
  );
}

/** Rewrites bare NaN/Infinity tokens outside strings as marked strings. */
function quoteNonFinite(line: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      out += c;
      if (c === '\\') out += line[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => line.startsWith(t, i));
    if (!inString && token) {
      out += JSON.stringify(NON_FINITE + token);
      i += token.length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** One op as one line (without the newline), non-finite numbers as Python writes them. */
export function serializeOp(op: JournalOp): string {
  let sawNonFinite = false;
  const text = JSON.stringify(op, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      sawNonFinite = true;
      return NON_FINITE + String(v);
    }
    return v;
  });
  if (!sawNonFinite) return text;
  const marker = JSON.stringify(NON_FINITE).slice(1, -1);
  return text.replace(new RegExp(`"${escapeRegExp(marker)}(-?Infinity|NaN)"`, 'g'), '$1');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Checks that a parsed line is a journal op with the fields Optuna's replay reads. */
export function toJournalOp(raw: unknown): JournalOp {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
  const r = raw as Record<string, unknown>;
  const need = (key: string, kind: 'number' | 'string' | 'object') => {
    const v = r[key];
    const ok = kind === 'object' ? v !== null && typeof v === 'object' : typeof v === kind;
    if (!ok) throw new Error(`op_code ${String(r.op_code)}: "${key}" must be a ${kind}`);
  };
  if (typeof r.op_code !== 'number' || !Number.isInteger(r.op_code) || r.op_code < 0 || r.op_code > 9) {
    throw new Error(`unknown op_code ${JSON.stringify(r.op_code)}`);
  }
  if (r.worker_id === undefined) r.worker_id = '';
  switch (r.op_code) {
    case OpCode.CreateStudy:
      need('study_name', 'string');
      if (!Array.isArray(r.directions)) throw new Error('op_code 0: "directions" must be an array');
      break;
    case OpCode.DeleteStudy:
      need('study_id', 'number');
      break;
    case OpCode.SetStudyUserAttr:
      need('study_id', 'number');
      need('user_attr', 'object');
      break;
    case OpCode.SetStudySystemAttr:
      need('study_id', 'number');
      need('system_attr', 'object');
      break;
    case OpCode.CreateTrial:
      need('study_id', 'number');
      if (r.datetime_start === undefined) r.datetime_start = null;
      break;
    case OpCode.SetTrialParam:
      need('trial_id', 'number');
      need('param_name', 'string');
      need('param_value_internal', 'number');
      need('distribution', 'string');
      break;
    case OpCode.SetTrialStateValues:
      need('trial_id', 'number');
      need('state', 'number');
      if (r.values === undefined) r.values = null;
      break;
    case OpCode.SetTrialIntermediateValue:
      need('trial_id', 'number');
      need('step', 'number');
      need('intermediate_value', 'number');
      break;
    case OpCode.SetTrialUserAttr:
      need('trial_id', 'number');
      need('user_attr', 'object');
      break;
    case OpCode.SetTrialSystemAttr:
      need('trial_id', 'number');
      need('system_attr', 'object');
      break;
  }
  return r as unknown as JournalOp;
}

// ---------------------------------------------------------------------------
// Distributions.

/** A distribution as `distribution_to_json` writes it: class name plus constructor arguments. */
export interface OptunaDistribution { name: string; attributes: Record<string, unknown> }

/** How our kinds without an Optuna twin are remembered, in the trial's system attrs. */
export const KINDS_ATTR = 'hyperlens:kinds';
export type HiddenKind = 'fidelity' | 'fixed';

export function toOptunaDistribution(d: Distribution): OptunaDistribution {
  switch (d.type) {
    case 'float':
      return { name: 'FloatDistribution', attributes: { step: d.step ?? null, low: d.low, high: d.high, log: d.log } };
    case 'int':
      return { name: 'IntDistribution', attributes: { log: d.log, step: d.step, low: d.low, high: d.high } };
    case 'fidelity':
      return { name: 'IntDistribution', attributes: { log: false, step: 1, low: d.low, high: d.high } };
    case 'categorical':
      return { name: 'CategoricalDistribution', attributes: { choices: [...d.choices] } };
    case 'fixed':
      return { name: 'CategoricalDistribution', attributes: { choices: [d.value] } };
  }
}

/** The JSON string that goes into an op's `distribution(s)` field. */
export function distributionToJson(d: Distribution): string {
  return JSON.stringify(toOptunaDistribution(d));
}

/**
 * Reads any distribution Optuna can write (current, pre-3.0 classes, and the
 * abbreviated `{"type": ...}` form). `kind` restores a fidelity or fixed
 * parameter that was written as an int or a one-choice categorical.
 */
export function fromOptunaDistribution(json: string | OptunaDistribution | Record<string, unknown>, kind?: HiddenKind): Distribution {
  const raw = (typeof json === 'string' ? parseJournalLine(json) : json) as Record<string, unknown>;
  const named = typeof raw.name === 'string' ? (raw as unknown as OptunaDistribution) : abbreviated(raw);
  const a = named.attributes;
  const num = (key: string): number => {
    const v = a[key];
    if (typeof v !== 'number') throw new Error(`${named.name}: "${key}" must be a number`);
    return v;
  };
  const optStep = (key: string): number | undefined => (a[key] === null || a[key] === undefined ? undefined : num(key));
  let d: Distribution;
  switch (named.name) {
    case 'FloatDistribution':
      d = { type: 'float', low: num('low'), high: num('high'), log: a.log === true };
      if (optStep('step') !== undefined) d.step = optStep('step');
      break;
    case 'UniformDistribution':
      d = { type: 'float', low: num('low'), high: num('high'), log: false };
      break;
    case 'LogUniformDistribution':
      d = { type: 'float', low: num('low'), high: num('high'), log: true };
      break;
    case 'DiscreteUniformDistribution':
      d = { type: 'float', low: num('low'), high: num('high'), log: false, step: num('q') };
      break;
    case 'IntDistribution':
    case 'IntUniformDistribution':
    case 'IntLogUniformDistribution':
      d = {
        type: 'int',
        low: num('low'),
        high: num('high'),
        log: named.name === 'IntLogUniformDistribution' || a.log === true,
        step: optStep('step') ?? 1,
      };
      break;
    case 'CategoricalDistribution': {
      if (!Array.isArray(a.choices)) throw new Error('CategoricalDistribution: "choices" must be an array');
      d = { type: 'categorical', choices: a.choices as ParamValue[] };
      break;
    }
    default:
      throw new Error(`unknown Optuna distribution ${JSON.stringify(named.name)}`);
  }
  if (kind === 'fidelity' && d.type === 'int') return { type: 'fidelity', low: d.low, high: d.high };
  if (kind === 'fixed' && d.type === 'categorical' && d.choices.length === 1) return { type: 'fixed', value: d.choices[0] };
  return d;
}

function abbreviated(raw: Record<string, unknown>): OptunaDistribution {
  switch (raw.type) {
    case 'categorical':
      return { name: 'CategoricalDistribution', attributes: { choices: raw.choices } };
    case 'float':
      return { name: 'FloatDistribution', attributes: { low: raw.low, high: raw.high, log: raw.log, step: raw.step } };
    case 'int':
      return { name: 'IntDistribution', attributes: { low: raw.low, high: raw.high, log: raw.log, step: raw.step } };
    default:
      throw new Error(`unknown distribution type ${JSON.stringify(raw.type)}`);
  }
}

// ---------------------------------------------------------------------------
// Parameter values: Optuna stores floats, and the index of a categorical choice.

export function toInternalValue(d: Distribution, value: ParamValue): number {
  switch (d.type) {
    case 'float':
    case 'int':
    case 'fidelity':
      if (typeof value !== 'number') throw new Error(`expected a number for a ${d.type} parameter, got ${JSON.stringify(value)}`);
      return value;
    case 'categorical': {
      const index = d.choices.findIndex((c) => c === value);
      if (index < 0) throw new Error(`${JSON.stringify(value)} is not one of the choices ${JSON.stringify(d.choices)}`);
      return index;
    }
    case 'fixed':
      if (value !== d.value) throw new Error(`fixed parameter is ${JSON.stringify(d.value)}, got ${JSON.stringify(value)}`);
      return 0;
  }
}

export function fromInternalValue(d: Distribution, internal: number): ParamValue {
  switch (d.type) {
    case 'float':
      return internal;
    case 'int':
    case 'fidelity':
      return Math.trunc(internal); // Python's int()
    case 'categorical': {
      const choice = d.choices[Math.trunc(internal)];
      if (choice === undefined) throw new Error(`choice index ${internal} is out of range for ${JSON.stringify(d.choices)}`);
      return choice;
    }
    case 'fixed':
      return d.value;
  }
}

// ---------------------------------------------------------------------------
// Directions, states, times.

export function toOptunaDirection(d: Direction): number {
  return OptunaDirection[d];
}

export function fromOptunaDirection(n: number): Direction {
  if (n === OptunaDirection.minimize) return 'minimize';
  if (n === OptunaDirection.maximize) return 'maximize';
  throw new Error(`unknown Optuna study direction ${n}`);
}

/** Optuna's `datetime.now().isoformat(timespec="microseconds")`: local time, no zone. */
export function optunaDatetime(at: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(at.getFullYear(), 4)}-${p(at.getMonth() + 1)}-${p(at.getDate())}` +
    `T${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())}.${p(at.getMilliseconds() * 1000, 6)}`
  );
}
