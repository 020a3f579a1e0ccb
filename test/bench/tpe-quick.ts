// Quick tuning aid (not a test): our TPE against RandomSampler on a few
// classic functions at the CARP-S budget ceil(20 + 40 sqrt(d)), printing the
// median final log10 regret over seeds. The full comparison with Optuna lives
// in test/bench/samplers/.
//   npx tsc -p tsconfig.test.json --outDir /tmp/out && node /tmp/out/test/bench/tpe-quick.js
// Env: SEEDS (default 5), SEED0 (first seed, 1000), TASKS and COLUMNS (comma lists), TPE (JSON of TpeOptions; gamma as
// {"gammaLinear":0.1,"gammaCap":25} or {"gammaSqrt":0.25}).
import { MemoryStorage } from '../../src/engine/memoryStorage';
import { RandomSampler } from '../../src/engine/samplers/random';
import type { Sampler } from '../../src/engine/samplers/sampler';
import { TpeSampler, type TpeOptions } from '../../src/engine/samplers/tpe';
import type { Params, SearchSpace } from '../../src/engine/space';
import { Study } from '../../src/engine/study';

interface Task {
  name: string;
  space: SearchSpace;
  f: (p: Params) => number;
  optimum: number;
}

const box = (d: number, lo: number, hi: number): SearchSpace =>
  Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float', low: lo, high: hi, log: false }]));
const vec = (p: Params, d: number): number[] => Array.from({ length: d }, (_, i) => p[`x${i}`] as number);

const H6A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const H6C = [1, 1.2, 3, 3.2];

const rosenbrock = (x: number[]) => x.slice(1).reduce((s, xi, i) => s + 100 * (xi - x[i] ** 2) ** 2 + (1 - x[i]) ** 2, 0);
const levy = (x: number[]) => {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const d = w.length;
  let s = Math.sin(Math.PI * w[0]) ** 2 + (w[d - 1] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[d - 1]) ** 2);
  for (let i = 0; i < d - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
  return s;
};
const ackley = (x: number[]) => {
  const d = x.length;
  const a = x.reduce((s, v) => s + v * v, 0) / d;
  const b = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / d;
  return -20 * Math.exp(-0.2 * Math.sqrt(a)) - Math.exp(b) + 20 + Math.E;
};
const rastrigin = (x: number[]) => 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0);

const TASKS: Task[] = [
  {
    name: 'branin',
    space: { x0: { type: 'float', low: -5, high: 10, log: false }, x1: { type: 'float', low: 0, high: 15, log: false } },
    f: (p) => {
      const [x, y] = [p.x0 as number, p.x1 as number];
      const b = 5.1 / (4 * Math.PI ** 2);
      return (y - b * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
    },
    optimum: 0.397887,
  },
  {
    name: 'hartmann6',
    space: box(6, 0, 1),
    f: (p) => {
      const x = vec(p, 6);
      return -H6C.reduce((s, c, i) => s + c * Math.exp(-x.reduce((t, xj, j) => t + H6A[i][j] * (xj - H6P[i][j]) ** 2, 0)), 0);
    },
    optimum: -3.32237,
  },
  { name: 'rosenbrock2', space: box(2, -5, 10), f: (p) => rosenbrock(vec(p, 2)), optimum: 0 },
  { name: 'rosenbrock10', space: box(10, -5, 10), f: (p) => rosenbrock(vec(p, 10)), optimum: 0 },
  { name: 'levy5', space: box(5, -10, 10), f: (p) => levy(vec(p, 5)), optimum: 0 },
  { name: 'ackley10', space: box(10, -32.768, 32.768), f: (p) => ackley(vec(p, 10)), optimum: 0 },
  { name: 'rastrigin10', space: box(10, -5.12, 5.12), f: (p) => rastrigin(vec(p, 10)), optimum: 0 },
  {
    // A training-run stand-in: log learning rate, ints, a step and a categorical.
    name: 'mixed',
    space: {
      lr: { type: 'float', low: 1e-5, high: 1, log: true },
      layers: { type: 'int', low: 1, high: 8, log: false, step: 1 },
      width: { type: 'int', low: 8, high: 1024, log: true, step: 1 },
      dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
      opt: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop', 'adagrad'] },
    },
    f: (p) => {
      const lr = Math.log10(p.lr as number);
      const optShift: Record<string, number> = { sgd: 1.2, adam: 0, rmsprop: 0.4, adagrad: 0.8 };
      return (
        (lr + 2.5) ** 2 +
        0.3 * ((p.layers as number) - 5) ** 2 +
        (Math.log2(p.width as number) - 7.3) ** 2 +
        20 * ((p.dropout as number) - 0.15) ** 2 +
        optShift[p.opt as string]
      );
    },
    optimum: (Math.log2(158) - 7.3) ** 2, // lr 10^-2.5, 5 layers, width 158, dropout 0.15, adam
  },
];

function run(task: Task, sampler: Sampler, seed: number): number {
  const directions = ['minimize' as const];
  const study = new Study({ space: task.space, directions, sampler, storage: new MemoryStorage('bench', directions), seed });
  const d = Object.keys(task.space).length;
  const budget = Math.ceil(20 + 40 * Math.sqrt(d));
  let best = Infinity;
  for (let i = 0; i < budget; i++) {
    const { number, params } = study.ask();
    const y = task.f(params);
    best = Math.min(best, y);
    study.tell(number, 'complete', [y]);
  }
  return best;
}

function tpeOptions(): TpeOptions {
  const raw = JSON.parse(process.env.TPE ?? '{}') as Record<string, unknown>;
  const o: TpeOptions & Record<string, unknown> = { ...raw };
  if (typeof raw.gammaLinear === 'number') {
    const a = raw.gammaLinear;
    const cap = typeof raw.gammaCap === 'number' ? raw.gammaCap : 25;
    o.gamma = (n) => Math.min(Math.ceil(a * n), cap);
  } else if (typeof raw.gammaSqrt === 'number') {
    const a = raw.gammaSqrt;
    o.gamma = (n) => Math.min(Math.ceil(a * Math.sqrt(n)), 25);
  }
  return o;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
}

const seeds = Number(process.env.SEEDS ?? 5);
const seed0 = Number(process.env.SEED0 ?? 1000);
const only = process.env.TASKS?.split(',');
const options = tpeOptions();
// Our TPE configured like Optuna 3.1's defaults, as a stand-in when Optuna is not at hand.
const optunaLike: TpeOptions = {
  nStartup: 10,
  nCandidates: 24,
  gamma: (n) => Math.min(Math.ceil(0.1 * n), 25),
  priorWeight: 1,
  bandwidth: 'optuna',
  goodWeights: 'uniform',
};
const allColumns: Array<[string, (seed: number) => Sampler]> = [
  ['random', (s) => new RandomSampler(s)],
  ['o-indep', (s) => new TpeSampler(s, { ...optunaLike, multivariate: false })],
  ['o-multi', (s) => new TpeSampler(s, { ...optunaLike, multivariate: true })],
  ['tpe', (s) => new TpeSampler(s, options)],
];
const wanted = process.env.COLUMNS?.split(',');
const columns = allColumns.filter(([n]) => !wanted || wanted.includes(n));
const regret = (task: Task, y: number) => Math.log10(Math.max(y - task.optimum, 1e-12));
console.log(`median log10 regret over ${seeds} seeds; tpe = defaults + ${process.env.TPE ?? '{}'}`);
console.log('task          ' + columns.map(([n]) => n.padStart(9)).join(''));
const sums = columns.map(() => 0);
for (const task of TASKS.filter((t) => !only || only.includes(t.name))) {
  const medians = columns.map(([, make], c) => {
    const m = median(Array.from({ length: seeds }, (_, s) => regret(task, run(task, make(seed0 + s), s))));
    sums[c] += m;
    return m;
  });
  console.log(task.name.padEnd(14) + medians.map((m) => m.toFixed(3).padStart(9)).join(''));
}
console.log('sum'.padEnd(14) + sums.map((m) => m.toFixed(3).padStart(9)).join(''));
