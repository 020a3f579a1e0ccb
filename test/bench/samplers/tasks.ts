// The benchmark's tasks: a search space, directions, an objective computed in
// Node (so ours and Optuna's samplers face the very same code), and what
// regret is measured against.
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';
import * as fn from './functions';
import { hpoStepped, hpoSurface, type MixedTask } from './mixed';
import { dtlz2, zdt, type MultiObjectiveFunction } from './multiObjective';
import { budgetFor } from './metrics';

export interface Task {
  name: string;
  /** Searched parameters; sets the budget. */
  dim: number;
  budget: number;
  space: SearchSpace;
  directions: Direction[];
  evaluate(params: Params): number[];
  /** Single objective: the known minimum. */
  optimum?: number;
  /** Multi-objective: the reference point and the true front's hypervolume. */
  reference?: number[];
  referenceVolume?: number;
}

export const isMultiObjective = (t: Task): boolean => t.directions.length > 1;

/** Parameters x0..x{d-1} over the function's box. */
function boxTask(f: fn.BoxFunction): Task {
  const d = f.low.length;
  const names = Array.from({ length: d }, (_, i) => `x${i}`);
  const space: SearchSpace = {};
  names.forEach((n, i) => (space[n] = { type: 'float', low: f.low[i], high: f.high[i], log: false }));
  const x = new Array<number>(d);
  return {
    name: f.name,
    dim: d,
    budget: budgetFor(d),
    space,
    directions: ['minimize'],
    evaluate: (p) => {
      for (let i = 0; i < d; i++) x[i] = p[names[i]] as number;
      return [f.f(x)];
    },
    optimum: f.optimum,
  };
}

function mixedTask(m: MixedTask): Task {
  const d = Object.keys(m.space).length;
  return { name: m.name, dim: d, budget: budgetFor(d), space: m.space, directions: ['minimize'], evaluate: (p) => [m.f(p)], optimum: m.optimum };
}

function multiTask(m: MultiObjectiveFunction): Task {
  const names = Array.from({ length: m.dim }, (_, i) => `x${i}`);
  const space: SearchSpace = {};
  for (const n of names) space[n] = { type: 'float', low: 0, high: 1, log: false };
  return {
    name: m.name,
    dim: m.dim,
    budget: budgetFor(m.dim),
    space,
    directions: new Array<Direction>(m.objectives).fill('minimize'),
    evaluate: (p) => m.f(names.map((n) => p[n] as number)),
    reference: m.reference,
    get referenceVolume() {
      return m.referenceVolume;
    },
  };
}

/** Task name -> how to build it (built lazily: ZDT3's reference volume takes a moment). */
const CATALOGUE: Record<string, () => Task> = {
  branin: () => boxTask(fn.branin()),
  'six-hump-camel': () => boxTask(fn.sixHumpCamel()),
  hartmann6: () => boxTask(fn.hartmann6()),
  'rosenbrock-2': () => boxTask(fn.rosenbrock(2)),
  'rosenbrock-10': () => boxTask(fn.rosenbrock(10)),
  'levy-5': () => boxTask(fn.levy(5)),
  'levy-10': () => boxTask(fn.levy(10)),
  'ackley-2': () => boxTask(fn.ackley(2)),
  'ackley-10': () => boxTask(fn.ackley(10)),
  'ackley-20': () => boxTask(fn.ackley(20)),
  'rastrigin-10': () => boxTask(fn.rastrigin(10)),
  'griewank-10': () => boxTask(fn.griewank(10)),
  'styblinski-tang-10': () => boxTask(fn.styblinskiTang(10)),
  'sphere-10': () => boxTask(fn.sphere(10)),
  'ellipsoid-10': () => boxTask(fn.ellipsoid(10, false)),
  'rotated-ellipsoid-10': () => boxTask(fn.ellipsoid(10, true)),
  'mixed-hpo': () => mixedTask(hpoSurface()),
  'mixed-stepped': () => mixedTask(hpoStepped()),
  // ZDT at d = 10 rather than the usual 30: the CARP-S budget (147 trials) is
  // already small for NSGA-II's population of 50, and d = 30 triples Optuna's TPE cost.
  'zdt1-10': () => multiTask(zdt('zdt1', 10)),
  'zdt2-10': () => multiTask(zdt('zdt2', 10)),
  'zdt3-10': () => multiTask(zdt('zdt3', 10)),
  // DTLZ2 at its usual size for 3 objectives: k = 10, d = 12.
  'dtlz2-12': () => multiTask(dtlz2(12)),
};

export const TASK_NAMES = Object.keys(CATALOGUE);

/** A handful that covers each kind, for --quick. */
export const QUICK_TASKS = ['branin', 'hartmann6', 'ackley-10', 'mixed-hpo', 'zdt1-10', 'dtlz2-12'];

const built = new Map<string, Task>();

export function getTask(name: string): Task {
  let t = built.get(name);
  if (!t) {
    const make = CATALOGUE[name];
    if (!make) throw new Error(`unknown task "${name}" (available: ${TASK_NAMES.join(', ')})`);
    t = make();
    built.set(name, t);
  }
  return t;
}
