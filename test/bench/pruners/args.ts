// Command-line options of the pruner benchmark.
import { DEFAULT_PYTHON } from './optunaPrunerClient';

export interface PrunerBenchOptions {
  /** Seeds per task; undefined: each task's default (fewer for the real training task). */
  seeds?: number;
  tasks?: string[];
  pruners?: string[];
  quick: boolean;
  /** Seeds run side by side in forked children. */
  jobs: number;
  python: string;
  /** Keep MNIST learning curves under test/bench/pruners/.cache/ between runs. */
  diskCache: boolean;
  /** Folder for the .md and .json results. */
  outDir?: string;
  help: boolean;
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
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const list = (): string[] =>
      value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    switch (arg) {
      case '--seeds': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--seeds needs a positive integer');
        o.seeds = n;
        break;
      }
      case '--tasks':
        o.tasks = list();
        break;
      case '--pruners':
        o.pruners = list();
        break;
      case '--jobs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--jobs needs a positive integer');
        o.jobs = n;
        break;
      }
      case '--quick':
        o.quick = true;
        break;
      case '--no-cache':
        o.diskCache = false;
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
  return o;
}
