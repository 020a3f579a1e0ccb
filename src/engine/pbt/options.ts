// The settings of population-based training and the parser of its directive,
// `@tune.pbt interval=5 population=8` (the CLI's `--pbt` takes the same text).

export interface PbtOptions {
  /** Members trained side by side; each generation runs one segment of each. */
  population: number;
  /** Steps a segment trains before members are compared (and the bottom ones exploit). */
  interval: number;
  /** The step at which training ends (the fidelity's high); the last segment may be shorter. */
  maxStep: number;
  /** Share of the population replaced each generation, and share copied from; in (0, 0.5]. */
  fraction: number;
  /** Chance that explore resamples a parameter instead of perturbing it; in [0, 1]. */
  resampleProbability: number;
  /**
   * The parameters explore may change (`explore=lr+momentum`); the others are
   * copied as they are. Absent: the float ones, since a checkpoint rarely
   * survives a change of shape (a layer's width, a choice of model).
   */
  explore?: string[];
}

export const PBT_DEFAULTS = { population: 8, fraction: 0.25, resampleProbability: 0.25 } as const;

/** Segments per member when `interval` is not given: about ten looks at the population. */
export const DEFAULT_SEGMENTS = 10;

// directive key -> option; aliases let the file say what reads naturally.
const KEYS: Record<string, NumericField> = {
  population: 'population',
  interval: 'interval',
  max_step: 'maxStep',
  maxstep: 'maxStep',
  fraction: 'fraction',
  quantile: 'fraction',
  resample: 'resampleProbability',
  resample_probability: 'resampleProbability',
};

/**
 * Parses the text after `@tune.pbt` (or the value of `--pbt`): space- or
 * comma-separated `key=value`s, e.g. "interval=5 population=8 fraction=0.2
 * resample=0.3". Empty text is fine: every option then takes its default in
 * resolvePbtOptions. Throws an Error naming the field at fault.
 */
export function parsePbtDirective(arg: string): Partial<PbtOptions> {
  const out: Partial<PbtOptions> = {};
  for (const token of arg.split(/[\s,]+/).filter((t) => t.length > 0)) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new Error(`pbt: expected key=value, got "${token}" (keys: ${Object.keys(KEYS).join(', ')}, explore)`);
    const key = token.slice(0, eq).toLowerCase();
    if (key === 'explore') {
      const names = token.slice(eq + 1).split('+').filter((n) => n.length > 0);
      if (names.length === 0) throw new Error('pbt: explore needs parameter names joined by +, e.g. explore=lr+momentum');
      if (out.explore) throw new Error('pbt: explore is given twice');
      out.explore = names;
      continue;
    }
    const field = KEYS[key];
    if (!field) throw new Error(`pbt: unknown field "${key}" (keys: ${Object.keys(KEYS).join(', ')})`);
    const text = token.slice(eq + 1);
    const value = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(value)) throw new Error(`pbt: ${key} must be a number, got "${text}"`);
    if (out[field] !== undefined) throw new Error(`pbt: ${key} is given twice`);
    out[field] = value;
    const problem = checkField(field, value);
    if (problem) throw new Error(`pbt: ${key} ${problem}`);
  }
  return out;
}

/**
 * Fills in defaults and checks the whole: `maxStep` comes from the directive
 * or else the caller (the fidelity's high). Throws an Error naming the field.
 */
export function resolvePbtOptions(given: Partial<PbtOptions>, maxStep?: number): PbtOptions {
  const max = given.maxStep ?? maxStep;
  if (max === undefined) throw new Error('pbt: max_step is unknown (give it, or declare a fidelity parameter)');
  const options: PbtOptions = {
    population: given.population ?? PBT_DEFAULTS.population,
    interval: given.interval ?? Math.max(1, Math.ceil(max / DEFAULT_SEGMENTS)),
    maxStep: max,
    fraction: given.fraction ?? PBT_DEFAULTS.fraction,
    resampleProbability: given.resampleProbability ?? PBT_DEFAULTS.resampleProbability,
  };
  if (given.explore) options.explore = [...given.explore];
  for (const field of NUMERIC_FIELDS) {
    const problem = checkField(field, options[field]);
    if (problem) throw new Error(`pbt: ${FIELD_NAMES[field]} ${problem}`);
  }
  if (options.interval > options.maxStep) {
    throw new Error(`pbt: interval (${options.interval}) must not exceed max_step (${options.maxStep})`);
  }
  return options;
}

type NumericField = Exclude<keyof PbtOptions, 'explore'>;
const NUMERIC_FIELDS: NumericField[] = ['population', 'interval', 'maxStep', 'fraction', 'resampleProbability'];

const FIELD_NAMES: Record<NumericField, string> = {
  population: 'population',
  interval: 'interval',
  maxStep: 'max_step',
  fraction: 'fraction',
  resampleProbability: 'resample',
};

function checkField(field: NumericField, v: number): string | undefined {
  switch (field) {
    case 'population':
      // Two is the least that can copy: one bottom member from one top member.
      return Number.isInteger(v) && v >= 2 ? undefined : `must be an integer of at least 2 (got ${v})`;
    case 'interval':
    case 'maxStep':
      return Number.isInteger(v) && v >= 1 ? undefined : `must be a positive integer (got ${v})`;
    case 'fraction':
      // Above one half the bottom and the top would overlap.
      return v > 0 && v <= 0.5 ? undefined : `must be in (0, 0.5] (got ${v})`;
    case 'resampleProbability':
      return v >= 0 && v <= 1 ? undefined : `must be in [0, 1] (got ${v})`;
  }
}
