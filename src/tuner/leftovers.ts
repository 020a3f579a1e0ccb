// A tuner killed with -9 leaves its trials running in their own process
// groups. Before a resume re-runs them, stop the old ones so two copies of a
// trial never fight over a GPU or a trial directory.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file in a trial directory that holds the trial's process (group) id. */
export const PID_FILE = 'pid';

export function killLeftoverTrials(trialDirs: string[]): number {
  let killed = 0;
  for (const dir of trialDirs) {
    const pid = readPid(dir);
    if (pid === undefined || !belongsToTrial(pid, dir)) continue;
    try {
      process.kill(-pid, 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

function readPid(dir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, PID_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Guards against a recycled pid: the process must carry this trial's directory in its environment. */
function belongsToTrial(pid: number, dir: string): boolean {
  try {
    const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return env.includes(`HYPERLENS_TRIAL_DIR=${dir}`) || env.includes(`HYPERLENS_TRIAL_DIR=${path.resolve(dir)}`);
  } catch {
    return false;
  }
}
