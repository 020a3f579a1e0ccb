// `hyperlens resume <run>`: go on with an interrupted run (or extend a finished one with --trials).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultRunsDir, resolveRun, updateRunInfo } from '../../store/runDir';
import { readRun } from '../../tuner/runFiles';
import { UsageError } from '../errors';
import { intFlag, parseFlags } from '../flags';
import { runAndReport } from './runCommon';

export const RESUME_USAGE = 'hyperlens resume <run> [--trials N] [--runs-dir DIR] [--json]';

export async function resumeCommand(argv: string[]): Promise<number> {
  const { values, args } = parseFlags(argv, { trials: { type: 'string', short: 'n' }, 'runs-dir': { type: 'string' }, json: { type: 'boolean' } }, ['run']);
  const runDir = findRun(args[0], values['runs-dir'] as string | undefined);
  const run = readRun(runDir);
  if (run.state === 'running' && run.pid !== undefined && isAlive(run.pid)) {
    throw new UsageError(`run ${run.id} is still running (pid ${run.pid}); stop it first or wait for it`);
  }
  const trials = intFlag(values, 'trials', 1);
  if (trials !== undefined) updateRunInfo(runDir, { settings: { ...run.settings, trials } });
  return runAndReport(runDir, Boolean(values.json));
}

/** A run id, an id prefix or a run directory, as every `<run>` argument accepts. */
export function findRun(ref: string, runsDirFlag: string | undefined): string {
  const runsDir = path.resolve(runsDirFlag ?? defaultRunsDir(process.cwd()));
  try {
    return resolveRun(ref, runsDir);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Whether a Hyperlens process with this pid still runs (a recycled pid running something else does not count). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('hyperlens') || cmdline.includes('tuner.js');
  } catch {
    return true; // no /proc: trust the signal check
  }
}
