// Which past trials are "good" (the model l) and which "bad" (the model g).
// One objective: rank by value, pruned trials after complete ones (deeper
// first, then by their last intermediate value). Several objectives: fill
// the good set front by front, breaking the last front by crowding distance.
// Infeasible, running (constant liar) and unranked pruned trials are bad.
import { isFeasible } from '../../constraints';
import { crowdingDistance, nonDominatedSort } from '../../multiobjective';
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
    const minimise = sign.map((): Direction => 'minimize');
    for (const front of nonDominatedSort(values, minimise)) {
      if (good.length + front.length <= nGood) {
        for (const j of front) good.push(complete[j]);
        if (good.length === nGood) break;
        continue;
      }
      const crowding = crowdingDistance(front.map((j) => values[j]));
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

/** Optuna's weights for n observations, oldest first: the oldest beyond the newest 25 fade linearly. */
export function ageWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const ramp = n - 25;
  if (ramp <= 0) return w;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}
