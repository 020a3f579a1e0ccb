// Which past trials are "good" (the model l) and which "bad" (the model g).
// One objective: rank by value, pruned trials after complete ones (deeper
// first, then by their last intermediate value). Several objectives: fill
// the good set front by front, breaking the last front by crowding distance.
// Infeasible, running (constant liar) and unranked pruned trials are bad.
import { isFeasible } from '../../constraints';
import type { Direction } from '../../space';
import type { TrialRecord } from '../../trial';

export interface Split {
  /** Indices into the trials given: good ones best first, bad ones oldest first. */
  good: number[];
  bad: number[];
}

/** How many of n finished trials count as good. */
export type GoodCount = (n: number) => number;

export function splitTrials(trials: readonly TrialRecord[], directions: Direction[], goodCount: GoodCount): Split {
  const sign = directions.map((d) => (d === 'minimize' ? 1 : -1));
  const complete: number[] = [];
  const pruned: number[] = [];
  let finished = 0;
  trials.forEach((t, i) => {
    if (t.state === 'complete' || t.state === 'pruned') finished++;
    if (!isFeasible(t)) return;
    if (t.state === 'complete' && t.values && t.values.length === directions.length) complete.push(i);
    else if (t.state === 'pruned' && directions.length === 1 && lastIntermediate(t)) pruned.push(i);
  });
  const ranked = directions.length > 1 ? complete.length : complete.length + pruned.length;
  const nGood = Math.max(0, Math.min(ranked, Math.floor(goodCount(finished))));

  let good: number[];
  if (directions.length === 1) {
    const key = new Float64Array(trials.length);
    for (const i of complete) key[i] = sign[0] * trials[i].values![0];
    const s = sign[0];
    complete.sort((a, b) => key[a] - key[b] || a - b);
    pruned.sort((a, b) => {
      const [sa, va] = lastIntermediate(trials[a])!;
      const [sb, vb] = lastIntermediate(trials[b])!;
      return sb - sa || s * (va - vb) || a - b;
    });
    good = complete.concat(pruned).slice(0, nGood);
  } else {
    const values = complete.map((i) => trials[i].values!.map((v, k) => sign[k] * v));
    good = [];
    for (const front of nondominatedFronts(values)) {
      if (good.length + front.length <= nGood) {
        for (const j of front) good.push(complete[j]);
        if (good.length === nGood) break;
        continue;
      }
      const crowding = crowdingDistance(values, front);
      const order = front.map((_, k) => k).sort((a, b) => crowding[b] - crowding[a] || front[a] - front[b]);
      for (const k of order.slice(0, nGood - good.length)) good.push(complete[front[k]]);
      break;
    }
  }
  const isGood = new Uint8Array(trials.length);
  for (const i of good) isGood[i] = 1;
  const bad: number[] = [];
  for (let i = 0; i < trials.length; i++) if (!isGood[i]) bad.push(i);
  return { good, bad };
}

/** [step, value] of the deepest intermediate report, if any. */
function lastIntermediate(t: TrialRecord): [number, number] | undefined {
  let step = -Infinity;
  let value = NaN;
  for (const [k, v] of Object.entries(t.intermediate)) {
    const s = Number(k);
    if (s > step && Number.isFinite(v)) {
      step = s;
      value = v;
    }
  }
  return step === -Infinity ? undefined : [step, value];
}

/** Non-dominated sorting (all objectives minimised): fronts of indices, best first. */
export function nondominatedFronts(values: readonly number[][]): number[][] {
  const n = values.length;
  const dominatedBy = new Int32Array(n);
  const dominates: number[][] = Array.from({ length: n }, () => []);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const c = compare(values[a], values[b]);
      if (c < 0) {
        dominates[a].push(b);
        dominatedBy[b]++;
      } else if (c > 0) {
        dominates[b].push(a);
        dominatedBy[a]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const a of current) for (const b of dominates[a]) if (--dominatedBy[b] === 0) next.push(b);
    current = next.sort((x, y) => x - y);
  }
  return fronts;
}

/** -1 when a dominates b, 1 when b dominates a, 0 otherwise. */
function compare(a: readonly number[], b: readonly number[]): number {
  let aBetter = false;
  let bBetter = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k] < b[k]) aBetter = true;
    else if (a[k] > b[k]) bBetter = true;
  }
  return aBetter === bBetter ? 0 : aBetter ? -1 : 1;
}

/** NSGA-II crowding distance of each member of a front (ends of each objective get Infinity). */
export function crowdingDistance(values: readonly number[][], front: readonly number[]): Float64Array {
  const m = front.length;
  const out = new Float64Array(m);
  if (m === 0) return out;
  for (let k = 0; k < values[front[0]].length; k++) {
    const order = front.map((_, j) => j).sort((a, b) => values[front[a]][k] - values[front[b]][k]);
    const lo = values[front[order[0]]][k];
    const hi = values[front[order[m - 1]]][k];
    out[order[0]] = out[order[m - 1]] = Infinity;
    if (hi === lo) continue;
    for (let j = 1; j < m - 1; j++) {
      out[order[j]] += (values[front[order[j + 1]]][k] - values[front[order[j - 1]]][k]) / (hi - lo);
    }
  }
  return out;
}

/** Optuna's weights for n observations, oldest first: the oldest beyond the newest 25 fade linearly. */
export function ageWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const ramp = n - 25;
  if (ramp <= 0) return w;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}
