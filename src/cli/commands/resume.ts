// `hyperlens resume <run>`: go on with an interrupted run (or extend a finished one with --trials).
import * as path from 'node:path';
import { defaultRunsDir, resolveRun, updateRunInfo } from '../../store/runDir';
import { tunerIsAlive } from '../../tuner/liveness';
import { readRun } from '../../tuner/runFiles';
import { UsageError } from '../errors';
import { intFlag, parseFlags } from '../flags';
import { runAndReport } from './runCommon';

export const RESUME_USAGE = 'hyperlens resume <run> [--trials N] [--runs-dir DIR] [--json]';

export async function resumeCommand(argv: string[]): Promise<number> {
  const { values, args } = parseFlags(argv, { trials: { type: 'string', short: 'n' }, 'runs-dir': { type: 'string' }, json: { type: 'boolean' } }, ['run']);
  const runDir = findRun(args[0], values['runs-dir'] as string | undefined);
  const run = readRun(runDir);
  if (run.state === 'running' && run.pid !== undefined && tunerIsAlive(run.pid)) {
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
