// Linear and log scales from a data domain to [0, 1], with readable ticks:
// the axes of parallel coordinates, and of the charts (a learning curve's
// log axis, the best-so-far history, the Pareto front).

export interface Scale {
  kind: 'linear' | 'log';
  domain: readonly [number, number];
  /** Where a value sits: 0 at domain[0], 1 at domain[1]; NaN for one the scale cannot place (a log scale's x <= 0). Not clamped. */
  toUnit(x: number): number;
  fromUnit(u: number): number;
  /** About `count` round values inside the domain: 1, 2 or 5 times a power of ten; powers of ten on a log scale. */
  ticks(count?: number): number[];
}

/** A linear scale; a domain of one value is widened so that value sits in the middle. */
export function linearScale(lo: number, hi: number): Scale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`a scale needs a finite domain, got [${lo}, ${hi}]`);
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const width = hi - lo;
  return {
    kind: 'linear',
    domain: [lo, hi],
    toUnit: (x) => (Number.isFinite(x) ? (x - lo) / width : NaN),
    fromUnit: (u) => lo + u * width,
    ticks: (count = 5) => linearTicks(lo, hi, count),
  };
}

/** A log scale over positive values; a domain of one value is widened by a factor 10 either way. */
export function logScale(lo: number, hi: number): Scale {
  if (!(lo > 0 && hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`a log scale needs a positive domain, got [${lo}, ${hi}]`);
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    lo /= 10;
    hi *= 10;
  }
  const a = Math.log(lo);
  const width = Math.log(hi) - a;
  return {
    kind: 'log',
    domain: [lo, hi],
    toUnit: (x) => (x > 0 && Number.isFinite(x) ? (Math.log(x) - a) / width : NaN),
    fromUnit: (u) => Math.exp(a + u * width),
    ticks: (count = 5) => logTicks(lo, hi, count),
  };
}

/** The smallest and largest finite values (positive ones only for a log scale), or undefined when there are none. */
export function extent(values: Iterable<number | null | undefined>, positiveOnly = false): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function linearTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the raw one (d3's thresholds), so there are about `count` ticks.
  const err = raw / power;
  const step = power * (err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1);
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    // Rounding keeps 0.1 * 3 from reading 0.30000000000000004.
    out.push(Number((k * step).toPrecision(12)));
  }
  return out;
}

function logTicks(lo: number, hi: number, count: number): number[] {
  const from = Math.ceil(Math.log10(lo) - 1e-9);
  const to = Math.floor(Math.log10(hi) + 1e-9);
  // Every power of ten while few enough, else every other (or every third ...).
  const every = Math.max(1, Math.ceil((to - from + 1) / Math.max(1, count)));
  const out: number[] = [];
  for (let e = from; e <= to; e += every) out.push(Number((10 ** e).toPrecision(12)));
  // A domain within one decade holds too few powers of ten to read.
  return out.length >= 2 ? out : linearTicks(lo, hi, count);
}
