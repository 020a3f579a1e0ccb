// Command-line options of the sampler benchmark.
import { ArgReader, readSharedFlag, unknownOption, type SharedOptions } from '../common/args';
import { DEFAULT_PYTHON } from '../common/optuna';

export interface BenchOptions extends SharedOptions {
  seeds: number;
  samplers?: string[];
  overheadOnly: boolean;
  noOverhead: boolean;
  overheadSizes: number[];
  /** Seconds one sampler may spend timing asks at one study size. */
  overheadCapS: number;
  /** Include pairings left out for their cost (see samplers.ts tooSlow). */
  withSlow: boolean;
  /** Print the plan and the time estimate, run nothing. */
  dryRun: boolean;
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
  const args = new ArgReader(argv);
  for (const arg of args.flags()) {
    if (readSharedFlag(arg, args, o)) continue;
    switch (arg) {
      case '--seeds':
        o.seeds = args.count();
        seedsGiven = true;
        break;
      case '--samplers':
        o.samplers = args.list();
        break;
      case '--overhead-only':
        o.overheadOnly = true;
        break;
      case '--no-overhead':
        o.noOverhead = true;
        break;
      case '--overhead-sizes':
        o.overheadSizes = args.list().map(Number);
        if (o.overheadSizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--overhead-sizes needs positive integers');
        sizesGiven = true;
        break;
      case '--overhead-cap':
        o.overheadCapS = Number(args.value());
        if (!(o.overheadCapS > 0)) throw new Error('--overhead-cap needs a positive number of seconds');
        break;
      case '--dry-run':
        o.dryRun = true;
        break;
      case '--with-slow':
        o.withSlow = true;
        break;
      default:
        throw unknownOption(arg, USAGE);
    }
  }
  if (o.quick) {
    if (!seedsGiven) o.seeds = 3;
    if (!sizesGiven) o.overheadSizes = [100, 1000];
  }
  return o;
}
