// Quick tuning aid (not a test): NSGA-II (at several population sizes)
// against random on ZDT1/2/3 and DTLZ2 at the CARP-S budget
// ceil(20 + 40 sqrt(d)), printing the median hypervolume regret (log10) over
// seeds; and CMA-ES against random on a few single-objective functions,
// printing the median final log10 regret. The full comparison with Optuna
// lives in test/bench/samplers/.
//   npx tsc -p tsconfig.test.json --outDir /tmp/out && node /tmp/out/test/bench/moo-quick.js
// Env: SEEDS (default 5), POPS (NSGA-II population sizes, default 50,20),
// SIGMAS (CMA-ES sigma0 values, default 0.3,0.1667), PART (moo, cma or both).
import { MemoryStorage } from '../../src/engine/memoryStorage';
import { hypervolume } from '../../src/engine/multiobjective';
import { CmaEsSampler } from '../../src/engine/samplers/cmaes';
import { Nsga2Sampler } from '../../src/engine/samplers/nsga2';
import { RandomSampler } from '../../src/engine/samplers/random';
import type { Sampler } from '../../src/engine/samplers/sampler';
import type { Direction, SearchSpace } from '../../src/engine/space';
import { Study } from '../../src/engine/study';
import * as fn from './samplers/functions';
import { dtlz2, zdt, type MultiObjectiveFunction } from './samplers/multiObjective';

const SEEDS = Number(process.env.SEEDS ?? 5);
const POPS = (process.env.POPS ?? '50,20').split(',').map(Number);
const SIGMAS = (process.env.SIGMAS ?? '0.3,0.1667').split(',').map(Number);
const PART = process.env.PART ?? 'both';

const budget = (d: number): number => Math.ceil(20 + 40 * Math.sqrt(d));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function space(low: number[], high: number[]): SearchSpace {
  return Object.fromEntries(low.map((lo, i) => [`x${i}`, { type: 'float', low: lo, high: high[i], log: false }]));
}

/** Runs a study sequentially; returns every trial's values. */
function run(sampler: Sampler, sp: SearchSpace, directions: Direction[], f: (x: number[]) => number[], n: number): number[][] {
  const study = new Study({ space: sp, directions, sampler, storage: new MemoryStorage('bench', directions) });
  const names = Object.keys(sp);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const { number, params } = study.ask();
    const values = f(names.map((k) => params[k] as number));
    study.tell(number, 'complete', values);
    out.push(values);
  }
  return out;
}

function moo(): void {
  const problems: MultiObjectiveFunction[] = [zdt('zdt1', 10), zdt('zdt2', 10), zdt('zdt3', 10), zdt('zdt1', 30), zdt('zdt2', 30), zdt('zdt3', 30), dtlz2(12)];
  const columns: Array<[string, (seed: number) => Sampler]> = [
    ['random', (s) => new RandomSampler(s)],
    ...POPS.map((p): [string, (seed: number) => Sampler] => [`nsga2-p${p}`, (s) => new Nsga2Sampler(s, { populationSize: p })]),
  ];
  console.log(`hypervolume regret, median log10 over ${SEEDS} seeds (lower is better)`);
  console.log(['task', 'trials', ...columns.map((c) => c[0])].map((s) => s.padEnd(12)).join(''));
  for (const p of problems) {
    const n = budget(p.dim);
    const directions: Direction[] = Array(p.objectives).fill('minimize');
    const sp = space(Array(p.dim).fill(0), Array(p.dim).fill(1));
    const cells = columns.map(([, make]) => {
      const regrets = Array.from({ length: SEEDS }, (_, s) => {
        const values = run(make(s + 1), sp, directions, (x) => p.f(x), n);
        return Math.log10(Math.max(1e-12, p.referenceVolume - hypervolume(values, p.reference, directions)));
      });
      return median(regrets).toFixed(3);
    });
    console.log([p.name, String(n), ...cells].map((s) => s.padEnd(12)).join(''));
  }
}

function cma(): void {
  const problems = [fn.rosenbrock(10), fn.ackley(10), fn.rastrigin(10), fn.levy(10), fn.ellipsoid(10, true), fn.hartmann6(), fn.branin()];
  const columns: Array<[string, (seed: number) => Sampler]> = [
    ['random', (s) => new RandomSampler(s)],
    ...SIGMAS.map((sigma0): [string, (seed: number) => Sampler] => [`cmaes-s${sigma0}`, (s) => new CmaEsSampler(s, { sigma0 })]),
  ];
  console.log(`\nfinal regret, median log10 over ${SEEDS} seeds (lower is better)`);
  console.log(['task'.padEnd(22), ...['trials', ...columns.map((c) => c[0])].map((s) => s.padEnd(14))].join(''));
  for (const p of problems) {
    const d = p.low.length;
    const n = budget(d);
    const sp = space(p.low, p.high);
    const cells = columns.map(([, make]) => {
      const regrets = Array.from({ length: SEEDS }, (_, s) => {
        const values = run(make(s + 1), sp, ['minimize'], (x) => [p.f(x)], n);
        return Math.log10(Math.max(1e-12, Math.min(...values.map((v) => v[0])) - p.optimum));
      });
      return median(regrets).toFixed(3);
    });
    console.log([p.name.padEnd(22), ...[String(n), ...cells].map((s) => s.padEnd(14))].join(''));
  }
}

if (PART !== 'cma') moo();
if (PART !== 'moo') cma();
