// PBT benchmark: on a task whose best learning rate falls during training
// (pbtTask.ts), population-based training against the best fixed
// configuration that random search finds with the same compute. Both start
// from the same random configurations, so what PBT adds is exactly its
// exploit/explore. Both pick their winner by a noisy reported loss; the
// figures are the winner's true expected loss. Prints nothing: the caller
// appends the returned markdown to its report.
import { formatNumber } from '../../../src/engine/format';
import {
  bestMember,
  describeSchedule,
  firstGeneration,
  generationRng,
  nextGeneration,
  type MemberResult,
  type PbtOptions,
  type SegmentPlan,
} from '../../../src/engine/pbt';
import { Rng } from '../../../src/engine/random';
import type { Params, ParamValue } from '../../../src/engine/space';
import { fromUnit } from '../../../src/engine/transform';
import { NQM_SPACE, initialState, lossOf, observe, train, type NqmState } from './pbtTask';

export interface PbtBenchmarkOptions {
  seeds: number;
  /** At most 5 seeds and a coarser reference grid. */
  quick?: boolean;
}

const PBT: PbtOptions = { population: 8, interval: 10, maxStep: 200, fraction: 0.25, resampleProbability: 0.25 };
/** Steps every method may spend: the population trains maxStep steps each. */
const COMPUTE = PBT.population * PBT.maxStep;

interface SeedResult {
  seed: number;
  pbt: number;
  random: number;
  grid: number;
  schedule: string;
}

export async function runPbtBenchmark(opts: PbtBenchmarkOptions): Promise<{ markdown: string; pass: boolean }> {
  const seeds = opts.quick ? Math.min(opts.seeds, 5) : opts.seeds;
  const gridSize = opts.quick ? { lr: 21, momentum: 5 } : { lr: 61, momentum: 11 };
  const results: SeedResult[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const initial = randomConfigs(PBT.population, new Rng(seed * 1_000_003 + 17));
    const pbt = runPbt(initial, seed);
    results.push({ seed, pbt: pbt.loss, random: runRandomSearch(initial, seed), grid: runGrid(gridSize, seed), schedule: pbt.schedule });
    // Let the caller's progress output breathe between seeds.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return report(results, gridSize, bestDecay(opts.quick ? 11 : 31));
}

/** `n` configurations drawn uniformly from the space, as the random sampler draws them. */
function randomConfigs(n: number, rng: Rng): Params[] {
  return Array.from({ length: n }, () => {
    const p: Params = {};
    for (const [name, d] of Object.entries(NQM_SPACE)) p[name] = fromUnit(d, rng.next());
    return p;
  });
}

function trialRng(seed: number, method: number, trial: number): Rng {
  return new Rng((seed * 7919 + method * 104_729 + trial * 31) >>> 0);
}

function trainWith(state: NqmState, p: Params, steps: number, rng: Rng): NqmState {
  return train(state, p.lr as number, p.momentum as number, steps, rng);
}

/** Random search: every configuration trained for the full maxStep; the best reported wins. */
function runRandomSearch(configs: Params[], seed: number): number {
  let best = { observed: Infinity, loss: Infinity };
  configs.forEach((p, i) => {
    const rng = trialRng(seed, 1, i);
    const state = trainWith(initialState(), p, PBT.maxStep, rng);
    const observed = observe(lossOf(state), rng);
    if (observed < best.observed) best = { observed, loss: lossOf(state) };
  });
  return best.loss;
}

/** PBT as the run loop drives it: one trial per member per generation, checkpoints by trial number. */
function runPbt(initial: Params[], seed: number): { loss: number; schedule: string } {
  const checkpoints = new Map<number, NqmState>();
  let plans: SegmentPlan[] = firstGeneration(initial, PBT);
  let last: MemberResult[] = [];
  let trial = 0;
  let steps = 0;
  while (plans.length > 0) {
    last = plans.map((plan) => {
      const number = trial++;
      const rng = trialRng(seed, 2, number);
      const from = plan.parent === undefined ? initialState() : checkpoints.get(plan.parent)!;
      const state = trainWith(from, plan.params, plan.endStep - plan.startStep, rng);
      steps += plan.endStep - plan.startStep;
      checkpoints.set(number, state);
      const observed = observe(lossOf(state), rng);
      return { trialNumber: number, plan, value: Number.isFinite(observed) ? observed : undefined };
    });
    plans = nextGeneration(last, NQM_SPACE, 'minimize', PBT, generationRng(seed, last[0].plan.generation + 1));
  }
  if (steps !== COMPUTE) throw new Error(`PBT spent ${steps} steps, not ${COMPUTE}`);
  const best = bestMember(last, 'minimize');
  if (!best) return { loss: Infinity, schedule: '(every member diverged)' };
  return { loss: lossOf(checkpoints.get(best.trialNumber)!), schedule: describeSchedule(best.plan.schedule, short) };
}

/**
 * The best fixed configuration any search could find: a grid judged by the
 * true loss, with many times the compute. A reference, not a competitor.
 */
function runGrid(size: { lr: number; momentum: number }, seed: number): number {
  const lr = NQM_SPACE.lr;
  const momentum = NQM_SPACE.momentum;
  if (lr.type !== 'float' || momentum.type !== 'float') throw new Error('the task space changed');
  let best = Infinity;
  for (let i = 0; i < size.lr; i++) {
    for (let j = 0; j < size.momentum; j++) {
      const p = {
        lr: lr.low * Math.pow(lr.high / lr.low, i / (size.lr - 1)),
        momentum: momentum.low + ((momentum.high - momentum.low) * j) / (size.momentum - 1),
      };
      best = Math.min(best, lossOf(trainWith(initialState(), p, PBT.maxStep, trialRng(seed, 3, i * size.momentum + j))));
    }
  }
  return best;
}

/**
 * How much a schedule can win on this task: the best exponential decay of lr
 * (lr0 -> lr1, one value per interval) over a grid, by true loss, seed 0.
 * It shows the headroom PBT leaves, not a method it competes with.
 */
function bestDecay(points: number): { loss: number; schedule: string; steps: number } {
  const lr = NQM_SPACE.lr;
  if (lr.type !== 'float') throw new Error('the task space changed');
  const at = (i: number) => lr.low * Math.pow(lr.high / lr.low, i / (points - 1));
  const segments = Math.ceil(PBT.maxStep / PBT.interval);
  let best = { loss: Infinity, schedule: '', steps: 0 };
  let steps = 0;
  for (let i = 0; i < points; i++) {
    for (let j = 0; j <= i; j++) {
      for (const momentum of [0, 0.5, 0.9]) {
        steps += PBT.maxStep;
        let state = initialState();
        const rng = trialRng(0, 4, 0);
        for (let k = 0; k < segments; k++) {
          const p = { lr: at(i) * Math.pow(at(j) / at(i), k / Math.max(1, segments - 1)), momentum };
          state = trainWith(state, p, Math.min(PBT.interval, PBT.maxStep - k * PBT.interval), rng);
        }
        const loss = lossOf(state);
        if (loss < best.loss) best = { loss, schedule: `lr ${short(at(i))} -> ${short(at(j))}, momentum ${momentum}`, steps: 0 };
      }
    }
  }
  return { ...best, steps };
}

function short(v: ParamValue): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(3))) : String(v);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function quartiles(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return `${formatNumber(at(0.25))} – ${formatNumber(at(0.75))}`;
}

function wins(results: SeedResult[], other: (r: SeedResult) => number): string {
  const w = results.filter((r) => r.pbt < other(r)).length;
  return `${w}/${results.length}`;
}

function report(
  results: SeedResult[],
  grid: { lr: number; momentum: number },
  decay: { loss: number; schedule: string; steps: number },
): { markdown: string; pass: boolean } {
  const n = results.length;
  const pbt = results.map((r) => r.pbt);
  const random = results.map((r) => r.random);
  const gridLoss = results.map((r) => r.grid);
  const pbtWins = results.filter((r) => r.pbt < r.random).length;
  const pass = n > 0 && median(pbt) < median(random) && pbtWins > n / 2;
  // The seed whose PBT result is the median one: a typical schedule, not the luckiest.
  const typical = [...results].sort((a, b) => a.pbt - b.pbt)[(n - 1) >> 1];
  const gridCompute = grid.lr * grid.momentum * PBT.maxStep;
  const lines = [
    '### Population-based training',
    '',
    `Task: SGD with momentum on a noisy quadratic (5 curvatures from 1 to 0.01), simulated through its exact second moments; ` +
      `a large learning rate is best early and a small one late. Searched: lr in [0.001, 2] (log), momentum in [0, 0.95]. ` +
      `Each method may train ${COMPUTE} steps: PBT a population of ${PBT.population} for ${PBT.maxStep} steps ` +
      `(interval ${PBT.interval}, fraction ${PBT.fraction}, resample ${PBT.resampleProbability}); random search ` +
      `${PBT.population} full trials of ${PBT.maxStep} steps, from the same ${PBT.population} random configurations PBT starts from. ` +
      `Both choose their winner by a noisy reported loss (5%); the table gives the winner's true final loss. ${n} seeds.`,
    '',
    '| Method | Steps | Median final loss | Quartiles | PBT better on |',
    '|---|---:|---:|---:|---:|',
    `| PBT | ${COMPUTE} | ${formatNumber(median(pbt))} | ${quartiles(pbt)} | |`,
    `| Best fixed configuration by random search | ${COMPUTE} | ${formatNumber(median(random))} | ${quartiles(random)} | ${wins(results, (r) => r.random)} seeds |`,
    `| Best fixed configuration on a ${grid.lr}x${grid.momentum} grid (reference) | ${gridCompute} | ${formatNumber(median(gridLoss))} | ${quartiles(gridLoss)} | ${wins(results, (r) => r.grid)} seeds |`,
    `| Best exponential lr decay on a grid (reference: ${decay.schedule}; seed 0) | ${decay.steps} | ${formatNumber(decay.loss)} | | |`,
    '',
    `Best schedule PBT found (seed ${typical.seed}, a median run; final loss ${formatNumber(typical.pbt)}): ${typical.schedule}`,
    '',
    `Target "PBT beats the best fixed configuration found with the same compute": ${pass ? 'PASS' : 'FAIL'} ` +
      `(median ${formatNumber(median(pbt))} vs ${formatNumber(median(random))}; better on ${pbtWins}/${n} seeds).`,
    '',
  ];
  return { markdown: lines.join('\n'), pass };
}
