// Command-line options of the sampler benchmark.
import { DEFAULT_PYTHON } from './optunaClient';

export interface BenchOptions {
  seeds: number;
  tasks?: string[];
  samplers?: string[];
  quick: boolean;
  jobs: number;
  overheadOnly: boolean;
  noOverhead: boolean;
  overheadSizes: number[];
  /** Seconds one sampler may spend timing asks at one study size. */
  overheadCapS: number;
  python: string;
  /** Folder for the .md and .json results. */
  outDir?: string;
  /** Include pairings left out for their cost (see samplers.ts tooSlow). */
  withSlow: boolean;
  /** Print the plan and the time estimate, run nothing. */
  dryRun: boolean;
  help: boolean;
}

export const USAGE = `Usage: node out/test/bench/samplers/main.js [options]

  --seeds N            seeds per task and sampler (default 20; --quick: 3)
  --tasks a,b          only these tasks (default: all; --quick: a few)
  --samplers x,y       only these samplers: ours by name (tpe, gp, auto, ...),
                       Optuna's as optuna:NAME (optuna:tpe, optuna:tpe-mv, ...);
                       "ours" and "optuna" select a whole side
  --quick              smoke run: 3 seeds, a few tasks, overhead at 100 and 1000
  --jobs N             child processes running jobs side by side (default 1)
  --overhead-only      only time asks (100, 1000, 10000 trials, d = 10)
  --no-overhead        skip the ask timings
  --overhead-sizes a,b study sizes for the ask timings (default 100,1000,10000)
  --overhead-cap S     seconds a sampler may spend on asks at one size (default 60)
  --with-slow          also run pairings left out for their cost (Optuna's MOTPE
                       on 3 objectives: minutes a run)
  --dry-run            print the plan and the time estimate, run nothing
  --python PATH        Python with Optuna 3.1 (default ${DEFAULT_PYTHON})
  --out DIR            where results go (default test/bench/samplers/results)
`;

export function parseArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    seeds: 20,
    quick: false,
    jobs: 1,
    overheadOnly: false,
    noOverhead: false,
    overheadSizes: [100, 1000, 10000],
    overheadCapS: 60,
    python: DEFAULT_PYTHON,
    withSlow: false,
    dryRun: false,
    help: false,
  };
  let seedsGiven = false;
  let sizesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const count = (): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    const list = (): string[] =>
      value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    switch (arg) {
      case '--seeds':
        o.seeds = count();
        seedsGiven = true;
        break;
      case '--tasks':
        o.tasks = list();
        break;
      case '--samplers':
        o.samplers = list();
        break;
      case '--quick':
        o.quick = true;
        break;
      case '--jobs':
        o.jobs = count();
        break;
      case '--overhead-only':
        o.overheadOnly = true;
        break;
      case '--no-overhead':
        o.noOverhead = true;
        break;
      case '--overhead-sizes':
        o.overheadSizes = list().map(Number);
        if (o.overheadSizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--overhead-sizes needs positive integers');
        sizesGiven = true;
        break;
      case '--overhead-cap':
        o.overheadCapS = Number(value());
        if (!(o.overheadCapS > 0)) throw new Error('--overhead-cap needs a positive number of seconds');
        break;
      case '--dry-run':
        o.dryRun = true;
        break;
      case '--with-slow':
        o.withSlow = true;
        break;
      case '--python':
        o.python = value();
        break;
      case '--out':
        o.outDir = value();
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  if (o.quick) {
    if (!seedsGiven) o.seeds = 3;
    if (!sizesGiven) o.overheadSizes = [100, 1000];
  }
  return o;
}
