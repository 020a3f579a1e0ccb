// Runs the PBT benchmark alone: node out/test/bench/pruners/pbtMain.js [--seeds N] [--quick]
import { runPbtBenchmark } from './pbt';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seeds');
  const seeds = at >= 0 ? Number(args[at + 1]) : 20;
  const { markdown, pass } = await runPbtBenchmark({ seeds, quick: args.includes('--quick') });
  process.stdout.write(markdown + '\n');
  process.exitCode = pass ? 0 : 1;
}

void main();
