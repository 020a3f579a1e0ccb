// Command-line options of the pruner benchmark.
import { ArgReader, readSharedFlag, unknownOption, type SharedOptions } from '../common/args';
import { DEFAULT_PYTHON } from '../common/optuna';

export interface PrunerBenchOptions extends SharedOptions {
  /** Seeds per task; undefined: each task's default (fewer for the real training task). */
  seeds?: number;
  pruners?: string[];
  /** Keep MNIST learning curves under test/bench/pruners/.cache/ between runs. */
  diskCache: boolean;
}

export const USAGE = `Usage: node out/test/bench/pruners/main.js [options]

  --seeds N          seeds per task (default: 15 synthetic, 7 mnist, 20 pbt; --quick: 3, 1, 5)
  --tasks a,b        only these tasks: synthetic, synthetic-crossing, mnist,
                     pbt (population-based training, pbt.ts)
  --pruners x,y      only these pruners: none, median, asha, hyperband, curve,
                     optuna:median, optuna:sha, optuna:hyperband; "ours" and
                     "optuna" select a side (none always runs: it sets the bar)
  --quick            smoke run: smaller budgets, fewer seeds (1-3 min)
  --jobs N           seeds run side by side in child processes (default 1;
                     the figures do not depend on it)
  --no-cache         train every MNIST epoch again instead of reading cached
                     curves (the figures are the same; only the time changes)
  --python PATH      Python with Optuna 3.1 (default ${DEFAULT_PYTHON})
  --out DIR          where results go (default test/bench/pruners/results)
`;

export function parseArgs(argv: readonly string[]): PrunerBenchOptions {
  const o: PrunerBenchOptions = { quick: false, jobs: 1, python: DEFAULT_PYTHON, diskCache: true, help: false };
  const args = new ArgReader(argv);
  for (const arg of args.flags()) {
    if (readSharedFlag(arg, args, o)) continue;
    switch (arg) {
      case '--seeds':
        o.seeds = args.count();
        break;
      case '--pruners':
        o.pruners = args.list();
        break;
      case '--no-cache':
        o.diskCache = false;
        break;
      default:
        throw unknownOption(arg, USAGE);
    }
  }
  return o;
}
