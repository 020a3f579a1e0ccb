// The trial watchdog: `node dist/watchdog.js <tuner-pid> <run-dir> [grace-ms]`,
// one small process per tuner (not per trial), started by driveRun through
// src/tuner/watchdogClient.ts. Trials run detached in their own process
// groups, so when the tuner dies without cleaning up (kill -9, an OOM kill, a
// crash of the editor's forked tuner) nothing else would stop them, and they
// would hold their GPUs until a resume killed them from their pid files.
// Node has no prctl(PR_SET_PDEATHSIG); this process stands in for it.
//
// Protocol, one line each on our stdin (a pipe whose only writer is the tuner):
//   +<pgid>   a trial's process group started
//   -<pgid>   that group is gone (the trial ended and its group was stopped)
//   end       the run ended normally; EOF follows
// The tuner dying, by any signal, closes the pipe: EOF is the death notice,
// and it cannot be fooled by pid reuse. As a second signal, our parent pid
// changing (we are re-parented when the tuner dies) counts the same.
// On that notice every group still registered gets SIGTERM, then SIGKILL after
// the grace, and we exit; after a normal end nothing is registered and we exit
// at once. We only ever signal groups our own tuner told us about, so a newer
// tuner's trials (a resume) are never touched; a group whose leader is a
// different process than the one registered (a recycled pid) is skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { groupAlive, killGroup } from '../executors/processGroup';

const POLL_MS = 250;
/** After a death notice from the parent-pid poll, how long to wait for the pipe's last lines. */
const DRAIN_MS = 300;
const DEFAULT_GRACE_MS = 5000;

interface Group {
  pgid: number;
  /** Field 22 of the leader's /proc/<pid>/stat when it was registered; undefined without /proc. */
  startTime?: string;
}

export function main(argv: string[]): void {
  const tunerPid = Number(argv[0]);
  const runDir = argv[1] ?? '';
  const graceMs = argv[2] !== undefined && Number.isFinite(Number(argv[2])) ? Number(argv[2]) : DEFAULT_GRACE_MS;
  const groups = new Map<number, Group>();
  let ended = false;
  let acting = false;
  let buffered = '';

  // Ctrl-C in the tuner's terminal or the terminal closing is the tuner's business, not ours.
  for (const sig of ['SIGINT', 'SIGHUP'] as const) process.on(sig, () => undefined);

  const onLine = (line: string): void => {
    if (line === 'end') {
      ended = true;
      return;
    }
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) return;
    if (line[0] === '+') groups.set(pgid, { pgid, startTime: startTimeOf(pgid) });
    else if (line[0] === '-') groups.delete(pgid);
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, nl).trim());
      buffered = buffered.slice(nl + 1);
    }
  });
  process.stdin.on('error', () => tunerGone('pipe error'));
  process.stdin.on('end', () => tunerGone(ended ? undefined : 'pipe closed'));

  const checkParent = (): void => {
    if (process.ppid === tunerPid) return;
    clearInterval(poll);
    setTimeout(() => tunerGone('parent gone'), DRAIN_MS);
  };
  const poll = setInterval(checkParent, POLL_MS);
  checkParent();

  async function tunerGone(why: string | undefined): Promise<void> {
    if (acting) return;
    acting = true;
    clearInterval(poll);
    process.stdin.destroy();
    const left = [...groups.values()].filter(stillOurs);
    if (left.length > 0) {
      const started = Date.now();
      await Promise.all(left.map((g) => killGroup(g.pgid, graceMs)));
      log(runDir, `tuner ${tunerPid} ended without stopping its trials (${why ?? 'ended'}): stopped process group(s) ${left.map((g) => g.pgid).join(', ')} in ${Date.now() - started} ms`);
    }
    process.exit(0);
  }

  function stillOurs(g: Group): boolean {
    if (!groupAlive(g.pgid)) return false;
    // The leader may have exited while its group lives on: then its pid cannot
    // have been reused (the kernel keeps a pid that still names a group).
    const now = startTimeOf(g.pgid);
    return now === undefined || g.startTime === undefined || now === g.startTime;
  }
}

/** The start time (in clock ticks since boot) of a process, which tells a recycled pid apart. */
function startTimeOf(pid: number): string | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after the last ")" do not.
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function log(runDir: string, message: string): void {
  if (!runDir) return;
  try {
    fs.appendFileSync(path.join(runDir, 'watchdog.log'), `${new Date().toISOString()} ${message}\n`);
  } catch {
    // The run directory may be gone; the trials are stopped all the same.
  }
}

if (require.main === module) main(process.argv.slice(2));
