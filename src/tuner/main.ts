// The tuner process: `node dist/tuner.js <run-dir>`, forked by the editor
// (notifications over IPC) or started by hand (notifications as JSON lines
// on stdout). It drives the same loop as the CLI and keeps going correctly
// if the editor that started it goes away.
import { isTunerCommand, type TunerNotification } from './protocol';
import { driveRun } from './runLoop';
import { readRun } from './runFiles';

// The editor that forked this tuner may close, taking the read ends of our
// stdout and stderr with it; the run must go on, so a broken pipe is ignored.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

function notify(message: TunerNotification): void {
  // The channel can close between the check and the write (EPIPE): that loses
  // a notification nobody is listening to, never the run.
  if (process.send && process.connected) process.send(message, undefined, undefined, () => undefined);
  else if (!process.send) process.stdout.write(JSON.stringify(message) + '\n');
}

async function main(): Promise<number> {
  const runDir = process.argv[2];
  if (!runDir) {
    process.stderr.write('usage: tuner <run-dir>\n');
    return 2;
  }
  const run = readRun(runDir);
  const abort = new AbortController();
  process.on('message', (m) => {
    if (isTunerCommand(m) && m.type === 'stop') abort.abort('stop');
  });
  process.on('SIGTERM', () => abort.abort('SIGTERM'));
  process.on('SIGINT', () => abort.abort('SIGINT'));
  // The editor closing must not kill the run; only stop messages and signals do.
  process.on('disconnect', () => undefined);
  notify({ type: 'started', runDir: run.dir, runId: run.id });
  const outcome = await driveRun(
    runDir,
    {
      trialStarted: (e) => notify({ type: 'trialStarted', ...e }),
      trialReported: (e) => notify({ type: 'trialReported', ...e }),
      trialEnded: (e) => notify({ type: 'trialEnded', number: e.number, record: e.record }),
      progress: (p) => notify({ type: 'progress', ...p }),
      notice: (message) => notify({ type: 'notice', message }),
    },
    abort.signal,
  );
  notify({ type: 'ended', ...outcome });
  if (process.connected) process.disconnect();
  return outcome.state === 'finished' ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    notify({ type: 'error', message: (err as Error).message });
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
