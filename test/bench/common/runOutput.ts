// What a benchmark's main prints around its figures: progress on stderr, the
// report's Command and Machine lines, and the results files. Shared so both
// reports describe a run the same way.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Progress goes to stderr; stdout carries only the report. */
export const log = (line: string): void => void process.stderr.write(line + '\n');

export const minutes = (ms: number): string => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`);

/** The report's "Command:" line: how to rerun this benchmark with the arguments it was given. */
export function commandLine(benchmark: string): string {
  const argv = process.argv.slice(2).join(' ');
  return `Command: \`node out/test/bench/${benchmark}/main.js${argv ? ' ' + argv : ''}\``;
}

/** The report's "Machine:" line: timings mean little without it. */
export function machineLine(optunaVersion: string): string {
  const cpus = os.cpus();
  return `Machine: ${cpus[0]?.model ?? 'unknown CPU'} x ${cpus.length}, ${os.platform()} ${os.release()}; Node ${process.version}; Optuna ${optunaVersion}`;
}

/** Prints the report on stdout, then keeps it as `<name>.md`, with every figure in `<name>.json`, under `outDir`. */
export function publishResults(outDir: string, name: string, markdown: string, json: string): void {
  process.stdout.write(markdown + '\n');
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, name);
  fs.writeFileSync(base + '.md', markdown + '\n');
  fs.writeFileSync(base + '.json', json + '\n');
  log(`Wrote ${base}.md and ${base}.json`);
}

/** Runs a benchmark's main; a failure prints its stack and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  });
}
