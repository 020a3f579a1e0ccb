// Whether a run's tuner is still at work. run.json says `running` from the
// moment a tuner starts until it ends; a tuner killed with -9 never gets to
// change it, so the pid it wrote is checked too.
import * as fs from 'node:fs';

/** Whether a Hyperlens process with this pid still runs (a recycled pid running something else does not count). */
export function tunerIsAlive(pid: number): boolean {
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

/** The state to show: a `running` run whose tuner is gone is `interrupted`. */
export function effectiveRunState(run: { state?: string; pid?: number }): string {
  if (run.state !== 'running') return run.state ?? 'unknown';
  return run.pid !== undefined && tunerIsAlive(run.pid) ? 'running' : 'interrupted';
}
