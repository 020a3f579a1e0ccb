// The tuner's side of the trial watchdog (src/tuner/watchdog.ts): driveRun
// starts one per run it drives and tells it, over a pipe, each trial process
// group as it starts and ends. If the tuner dies, by any signal, the pipe
// closes and the watchdog stops the groups still registered, so trials never
// outlive their tuner and a resume finds no stray process holding a GPU.
// It never keeps the tuner alive (the child and the pipe are unref'd) and
// nothing here throws: without a watchdog the run goes on as before, and a
// resume still stops leftovers from their pid files (src/tuner/leftovers.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';

export interface TrialWatchdog {
  /** A trial's process group started (TrialSpec.onSpawn). */
  trialSpawned(pgid: number): void;
  /** That group is gone (TrialSpec.onGroupGone). */
  trialGone(pgid: number): void;
  /** The run ended: the watchdog exits, stopping any group still registered. */
  close(): void;
}

/** The watchdog's script; it is also the first argument in the watchdog's argv. */
export function watchdogScript(): string {
  // dist/watchdog.js beside the bundle (dist/cli.js, dist/tuner.js), or the
  // compiled watchdog.js beside this file under out/ in tests.
  return path.join(__dirname, 'watchdog.js');
}

export function startTrialWatchdog(runDir: string, opts: { graceMs?: number; notice?: (m: string) => void } = {}): TrialWatchdog {
  const script = watchdogScript();
  let child: ChildProcess | undefined;
  let pipe: Writable | undefined;
  try {
    if (!fs.existsSync(script)) throw new Error(`${script} is missing`);
    const args = [script, String(process.pid), path.resolve(runDir)];
    if (opts.graceMs !== undefined) args.push(String(opts.graceMs));
    child = spawn(process.execPath, args, {
      // Its own session: Ctrl-C or a hang-up in the tuner's terminal does not reach it.
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      cwd: path.parse(process.cwd()).root,
      shell: false,
    });
    child.on('error', () => undefined);
    child.unref();
    pipe = child.stdin ?? undefined;
    // The watchdog killed by someone: writes fail with EPIPE, the run goes on.
    pipe?.on('error', () => undefined);
    (pipe as unknown as { unref?: () => void } | undefined)?.unref?.();
  } catch (e) {
    opts.notice?.(`The trial watchdog did not start (${(e as Error).message}); trials of a killed tuner are stopped only at the next resume.`);
  }
  const send = (line: string): void => {
    if (pipe && !pipe.destroyed && !pipe.writableEnded) pipe.write(line + '\n');
  };
  return {
    trialSpawned: (pgid) => send(`+${pgid}`),
    trialGone: (pgid) => send(`-${pgid}`),
    close: () => {
      send('end');
      pipe?.end();
    },
  };
}
