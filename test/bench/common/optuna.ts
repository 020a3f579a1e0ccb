// What both benchmarks know about reaching Optuna 3.1: which Python has it,
// and the start-up probe that decides whether Optuna's side runs at all.

/** Debian's python3-optuna lives here; a `python3` earlier on PATH may lack it. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

export interface OptunaProbeOptions {
  python: string;
  /** The worker's script, named in the log line (called only once the worker answered). */
  script: () => string;
  /** What is skipped when Optuna cannot be reached, e.g. "Optuna's samplers". */
  skipped: string;
  log(line: string): void;
  /** The report's notes, where a failed probe says why Optuna's side is missing. */
  notes: string[];
}

/**
 * Asks a throwaway worker for Optuna's version, then stops it. Undefined when
 * Optuna cannot be reached: the reason is logged and noted, and the caller
 * drops Optuna's contenders instead of failing every one of their runs.
 */
export async function probeOptuna(worker: { hello(): Promise<string>; stop(): void }, o: OptunaProbeOptions): Promise<string | undefined> {
  try {
    const version = await worker.hello();
    o.log(`Optuna ${version} via ${o.python} (${o.script()})`);
    return version;
  } catch (e) {
    const note = `${o.skipped} skipped: ${(e as Error).message}. Install Debian's python3-optuna (3.1) or pass --python.`;
    o.notes.push(note);
    o.log(note);
    return undefined;
  } finally {
    worker.stop();
  }
}
