// Successive halving for trials that cannot be paused: instead of stopping a
// long trial at a rung, each trial runs only to a rung's budget (the fidelity
// parameter, e.g. epochs) and the best 1/eta at a rung are promoted, that is
// run again at the next rung's budget, restoring the checkpoint of the run
// before when they saved one. Promotion is asynchronous (ASHA): a free slot
// promotes whatever deserves it now, else starts a new configuration at the
// bottom rung, so no slot waits for a rung to fill. With brackets it is
// Hyperband. Everything is read back from the trials' attributes, so a
// resumed run goes on where it stopped.
import type { TrialRecord } from '../trial';
import { isBetter } from '../trial';
import type { Direction } from '../space';

/** Trial attributes of rung scheduling. */
export const RUNG_ATTRS = {
  /** Index of the rung the trial ran to (0 = the bottom rung of its bracket). */
  rung: 'rung',
  /** The fidelity value the trial ran with. */
  budget: 'fidelity_budget',
  /** Fidelity units this trial spent (its budget less what it restored). */
  cost: 'fidelity_cost',
  /** The trial whose configuration this one continues. */
  promotedFrom: 'promoted_from',
  /** Hyperband's bracket (0 = the most aggressive). */
  bracket: 'bracket',
} as const;

export interface RungOptions {
  /** The fidelity parameter's name. */
  fidelity: string;
  minBudget: number;
  maxBudget: number;
  reductionFactor: number;
  /** Hyperband: deal new configurations into brackets; else one bracket. */
  hyperband: boolean;
}

export type RungJob =
  | { kind: 'new'; budget: number; rung: 0; bracket: number }
  | { kind: 'promote'; from: TrialRecord; budget: number; rung: number; bracket: number };

/** The budgets of a bracket's rungs, lowest first, ending at maxBudget. */
export function rungBudgets(o: RungOptions, bracket: number): number[] {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const b = Math.round(o.minBudget * o.reductionFactor ** (bracket + k));
    if (b >= o.maxBudget) break;
    out.push(b);
  }
  out.push(o.maxBudget);
  return out;
}

/** How many brackets Hyperband uses for this budget range. */
export function bracketCount(o: RungOptions): number {
  if (!o.hyperband) return 1;
  return Math.floor(Math.log(o.maxBudget / o.minBudget) / Math.log(o.reductionFactor) + 1e-9) + 1;
}

/**
 * The next job for a free slot: the best promotable trial at the highest
 * rung that has one, else a new configuration. `newTrials` counts the
 * configurations started so far, to deal the next into a bracket.
 */
export function nextRungJob(trials: readonly TrialRecord[], direction: Direction, o: RungOptions): RungJob {
  const promoted = new Set<number>();
  for (const t of trials) {
    const from = t.userAttrs[RUNG_ATTRS.promotedFrom];
    if (typeof from === 'number') promoted.add(from);
  }
  const brackets = bracketCount(o);
  let best: RungJob | undefined;
  for (let bracket = 0; bracket < brackets; bracket++) {
    const budgets = rungBudgets(o, bracket);
    for (let k = budgets.length - 2; k >= 0; k--) {
      const finished = trials.filter((t) => attr(t, RUNG_ATTRS.bracket, 0) === bracket && attr(t, RUNG_ATTRS.rung, -1) === k && rungValue(t) !== undefined);
      const keep = Math.floor(finished.length / o.reductionFactor);
      if (keep === 0) continue;
      finished.sort((a, b) => (isBetter(rungValue(a)!, rungValue(b)!, direction) ? -1 : isBetter(rungValue(b)!, rungValue(a)!, direction) ? 1 : a.number - b.number));
      const candidate = finished.slice(0, keep).find((t) => !promoted.has(t.number));
      if (candidate && (!best || k + 1 > best.rung)) best = { kind: 'promote', from: candidate, budget: budgets[k + 1], rung: k + 1, bracket };
      if (candidate) break;
    }
  }
  if (best) return best;
  const perBracket = new Array<number>(brackets).fill(0);
  for (const t of trials) {
    if (t.userAttrs[RUNG_ATTRS.promotedFrom] === undefined && t.userAttrs[RUNG_ATTRS.rung] !== undefined) perBracket[attr(t, RUNG_ATTRS.bracket, 0)]++;
  }
  const bracket = o.hyperband ? bracketFor(perBracket, o) : 0;
  return { kind: 'new', budget: rungBudgets(o, bracket)[0], rung: 0, bracket };
}

/** The value a rung trial reached at its budget; undefined while running or if it failed. */
export function rungValue(t: TrialRecord): number | undefined {
  if (t.state !== 'complete' && t.state !== 'pruned') return undefined;
  const budget = t.userAttrs[RUNG_ATTRS.budget];
  if (typeof budget !== 'number') return undefined;
  const v = t.state === 'complete' ? t.values?.[0] : t.intermediate[budget];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/**
 * The bracket furthest behind its share of new configurations, so brackets
 * interleave from the start. Shares as Hyperband splits its budget (Li et
 * al.: bracket s starts ceil(n * eta^s / (s+1)) configurations).
 */
function bracketFor(perBracket: number[], o: RungOptions): number {
  const n = perBracket.length;
  const shares = perBracket.map((_, i) => Math.ceil((n * o.reductionFactor ** (n - 1 - i)) / (n - i)));
  const total = shares.reduce((a, b) => a + b, 0);
  const started = perBracket.reduce((a, b) => a + b, 0) + 1;
  let pick = 0;
  let deficit = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = (shares[i] / total) * started - perBracket[i];
    if (d > deficit + 1e-12) {
      deficit = d;
      pick = i;
    }
  }
  return pick;
}

function attr(t: TrialRecord, key: string, fallback: number): number {
  const v = t.userAttrs[key];
  return typeof v === 'number' ? v : fallback;
}
