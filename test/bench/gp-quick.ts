// Quick GP-vs-random check used to tune the GP sampler's defaults (not a test).
// Prints the median final regret over a few seeds with the CARP-S budget
// ceil(20 + 40 sqrt(d)), and the median time of one GP ask at 100 trials
// (d = 10) and at 200 trials (d = 20).
//   npx tsc -p tsconfig.test.json --outDir /tmp/out-gp && node /tmp/out-gp/test/bench/gp-quick.js [seeds] [task,...]
//   GP_OPTIONS='{"warping":"none"}' node ... to try other options.
import { performance } from 'node:perf_hooks';
import { GpSampler, type GpOptions } from '../../src/engine/samplers/gp';
import { RandomSampler } from '../../src/engine/samplers/random';
import type { Sampler } from '../../src/engine/samplers/sampler';
import type { Params, SearchSpace } from '../../src/engine/space';
import type { SearchedDistribution } from '../../src/engine/transform';
import type { TrialRecord } from '../../src/engine/trial';

interface Task {
  name: string;
  space: Record<string, SearchedDistribution>;
  f: (p: Params) => number;
  optimum: number;
}

function box(d: number, low: number, high: number): Record<string, SearchedDistribution> {
  const s: Record<string, SearchedDistribution> = {};
  for (let i = 0; i < d; i++) s[`x${i}`] = { type: 'float', low, high, log: false };
  return s;
}

const vec = (p: Params, d: number): number[] => Array.from({ length: d }, (_, i) => p[`x${i}`] as number);

const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const HARTMANN_ALPHA = [1, 1.2, 3, 3.2];

const TASKS: Task[] = [
  {
    name: 'branin',
    space: { x0: { type: 'float', low: -5, high: 10, log: false }, x1: { type: 'float', low: 0, high: 15, log: false } },
    f: (p) => {
      const x = p.x0 as number;
      const y = p.x1 as number;
      const b = 5.1 / (4 * Math.PI * Math.PI);
      return (y - b * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
    },
    optimum: 0.397887357729738,
  },
  {
    name: 'hartmann6',
    space: box(6, 0, 1),
    f: (p) => {
      const x = vec(p, 6);
      let s = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2;
        s += HARTMANN_ALPHA[i] * Math.exp(-inner);
      }
      return -s;
    },
    optimum: -3.32236801141551,
  },
  {
    name: 'rosenbrock10',
    space: box(10, -5, 10),
    f: (p) => {
      const x = vec(p, 10);
      let s = 0;
      for (let i = 0; i < 9; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
      return s;
    },
    optimum: 0,
  },
  {
    name: 'ackley10',
    space: box(10, -32.768, 32.768),
    f: (p) => {
      const x = vec(p, 10);
      const d = x.length;
      const s1 = x.reduce((a, v) => a + v * v, 0);
      const s2 = x.reduce((a, v) => a + Math.cos(2 * Math.PI * v), 0);
      return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
    },
    optimum: 0,
  },
];

function record(number: number, params: Params, space: Record<string, SearchedDistribution>, value?: number): TrialRecord {
  return {
    number,
    state: value === undefined ? 'running' : 'complete',
    params,
    distributions: space as SearchSpace,
    values: value === undefined ? undefined : [value],
    intermediate: {},
    userAttrs: {},
    systemAttrs: {},
  };
}

function run(task: Task, sampler: Sampler, budget: number): number {
  const trials: TrialRecord[] = [];
  let best = Infinity;
  for (let i = 0; i < budget; i++) {
    const params = sampler.sample({ space: task.space, trials, directions: ['minimize'] });
    const value = task.f(params);
    best = Math.min(best, value);
    trials.push(record(i, params, task.space, value));
  }
  return best - task.optimum;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Median time of one GP ask at n, n+1, ..., n+repeats-1 complete random
 * trials in d dimensions, asked in sequence as a study would (so the
 * hyperparameter fit is warm-started, with the periodic cold refit included).
 */
function askTime(options: GpOptions, d: number, n: number, repeats = 5): number {
  const space = box(d, 0, 1);
  const rng = new RandomSampler(1);
  const trials: TrialRecord[] = [];
  const add = (): void => {
    const p = rng.sample({ space, trials, directions: ['minimize'] });
    trials.push(record(trials.length, p, space, vec(p, d).reduce((a, v, j) => a + (v - 0.3) ** 2 * (j + 1) + Math.sin(7 * v), 0)));
  };
  while (trials.length < n - 1) add();
  const gp = new GpSampler(0, options);
  gp.sample({ space, trials, directions: ['minimize'] }); // warms the JIT and the fit cache
  add();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    gp.sample({ space, trials, directions: ['minimize'] });
    times.push(performance.now() - t0);
    add();
  }
  return median(times);
}

function main(): void {
  const seeds = Number(process.argv[2] ?? 5);
  const only = process.argv[3]?.split(',');
  const options: GpOptions = JSON.parse(process.env.GP_OPTIONS ?? '{}');
  console.log(`GP options: ${JSON.stringify(options)}; ${seeds} seeds`);
  console.log(`ask time, 100 trials d=10: ${askTime(options, 10, 100).toFixed(1)} ms`);
  console.log(`ask time, 200 trials d=20: ${askTime(options, 20, 200).toFixed(1)} ms`);
  for (const task of TASKS) {
    if (only && !only.includes(task.name)) continue;
    const d = Object.keys(task.space).length;
    const budget = Math.ceil(20 + 40 * Math.sqrt(d));
    const gp: number[] = [];
    const rand: number[] = [];
    const t0 = performance.now();
    for (let s = 0; s < seeds; s++) {
      gp.push(run(task, new GpSampler(s, options), budget));
      rand.push(run(task, new RandomSampler(s), budget));
    }
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `${task.name.padEnd(13)} budget ${budget}: median regret gp ${median(gp).toExponential(3)}  random ${median(rand).toExponential(3)}  ` +
        `(gp per seed: ${gp.map((v) => v.toExponential(1)).join(' ')}; ${secs.toFixed(0)} s)`,
    );
  }
}

main();
