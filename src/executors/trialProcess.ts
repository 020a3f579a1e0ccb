// One trial as a child process: the user's command, run without a shell in
// its own process group, fed its parameters by placeholders and environment,
// watched for metrics, and stopped as a whole group (grandchildren included)
// on timeout or when the pruner says so. See DESIGN §4, the trial contract.

import { spawn } from 'node:child_process';
import { createWriteStream, promises as fsp, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Direction, Params } from '../engine/space';
import { trialLogFile } from '../store/runDir';
import { expandCommand, splitCommandLine } from './commandLine';
import { groupAlive, killGroup } from './processGroup';
import { MetricsFileFollower, MetricsParser, type MetricPattern, type MetricsReport } from './metrics';

export interface TrialSpec {
  number: number;
  params: Params;
  /** Exists already; the trial's files go here. */
  trialDir: string;
  /** Template text, e.g. "python train.py --config {config}". */
  command: string;
  /**
   * A ready argument array run instead of `command`, without placeholders
   * (a TensorFlow.js trial: node dist/trialHost.js <module> <export>).
   */
  argv?: string[];
  /** Where the command runs (the annotated file's folder). */
  cwd: string;
  /** The rendered copy of the annotated file, written by the caller; `{config}`. */
  configPath?: string;
  objectives: { metric: string; direction: Direction }[];
  metricPatterns: MetricPattern[];
  /** Per-trial wall-clock limit. */
  timeoutSeconds?: number;
  /** Between SIGTERM and SIGKILL; default 10. */
  killGraceSeconds?: number;
  /**
   * A pruned trial first finds the stop file (`should_stop()` in the Python
   * helper) and may end on its own within this many seconds; then SIGTERM.
   * Default 2.
   */
  stopFileGraceSeconds?: number;
  /** Extra environment, e.g. CUDA_VISIBLE_DEVICES from a slot. */
  env?: Record<string, string>;
  /** A checkpoint to start from (PBT, resume); HYPERLENS_RESTORE_FROM. */
  restoreFrom?: string;
  /**
   * End the trial, as complete, once it reports this step (a PBT segment of
   * a script without a fidelity parameter): it is asked through the stop
   * file, like a pruned trial, so it can save its checkpoint first.
   */
  stopAtStep?: number;
  /** Folder of the zero-dependency Python helper, put first on PYTHONPATH. */
  pythonHelperDir?: string;
  onReport?: (r: MetricsReport) => void;
  /** The trial's process (and group) id, once it runs: the tuner's watchdog stops it if the tuner dies. */
  onSpawn?: (pid: number) => void;
  /** That process group is gone (or given up on after SIGKILL). */
  onGroupGone?: (pid: number) => void;
}

export interface TrialResult {
  state: 'complete' | 'failed' | 'pruned';
  /** One per objective, from the last report that carried that metric. */
  values?: number[];
  /** Person-readable, e.g. "exit code 3", "objective val_loss is NaN". */
  reason?: string;
  exitCode: number | null;
  signal: string | null;
  /** The last ~4 KB of stderr. */
  stderrTail: string;
  durationSeconds: number;
  lastStep?: number;
  /** The GPUs it ran on (nvidia-smi indices), set by the local executor. */
  gpus?: number[];
  /** What the GPU monitor measured while it ran (LocalExecutorOptions.monitor). */
  gpuUsage?: Record<string, number>;
}

/** The files of a trial folder. */
export function trialFiles(trialDir: string) {
  return {
    params: path.join(trialDir, 'params.json'),
    metrics: path.join(trialDir, 'metrics.jsonl'),
    checkpoints: path.join(trialDir, 'checkpoints'),
    stopFile: path.join(trialDir, 'STOP'),
    stdoutLog: trialLogFile(trialDir, 'stdout'),
    stderrLog: trialLogFile(trialDir, 'stderr'),
    result: path.join(trialDir, 'result.json'),
    pidFile: path.join(trialDir, 'pid'),
  };
}

const STDERR_TAIL_BYTES = 4096;
// After the group is gone, a process that left it (setsid) may still hold our pipes.
const PIPE_CLOSE_WAIT_MS = 2000;

/** Runs one trial to its end; never throws for anything the trial does. */
export async function runTrial(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
  const started = Date.now();
  const files = trialFiles(spec.trialDir);
  await fsp.writeFile(files.params, JSON.stringify(spec.params, null, 2) + '\n');
  await fsp.writeFile(files.metrics, '');
  await fsp.mkdir(files.checkpoints, { recursive: true });

  const last: Record<string, number> = {};
  let lastStep: number | undefined;
  // Set once the process runs: what to do when it reports spec.stopAtStep.
  let onLastStep: ((step: number) => void) | undefined;
  const done = async (r: Omit<TrialResult, 'durationSeconds' | 'lastStep' | 'stderrTail'> & { stderrTail?: string }) => {
    const result: TrialResult = { stderrTail: '', ...r, durationSeconds: (Date.now() - started) / 1000 };
    if (lastStep !== undefined) result.lastStep = lastStep;
    await fsp.writeFile(files.result, JSON.stringify(result, null, 2) + '\n');
    return result;
  };
  const notStarted = (state: 'failed' | 'pruned', reason: string) => done({ state, reason, exitCode: null, signal: null });

  let argv: string[];
  let parser: MetricsParser;
  try {
    argv = spec.argv ? [...spec.argv] : expandCommand(splitCommandLine(spec.command), {
      params: spec.params,
      trial: spec.number,
      trialDir: spec.trialDir,
      paramsPath: files.params,
      configPath: spec.configPath,
    });
    parser = new MetricsParser((r) => {
      Object.assign(last, r.metrics);
      if (r.step !== undefined) lastStep = r.step;
      if (spec.stopAtStep !== undefined && r.step !== undefined && r.step >= spec.stopAtStep) onLastStep?.(r.step);
      try {
        spec.onReport?.(r);
      } catch {
        // A listener's bug must not stop us reading the trial's output.
      }
    }, spec.metricPatterns);
  } catch (e) {
    return notStarted('failed', (e as Error).message);
  }
  if (signal?.aborted) return notStarted(...abortOutcome(signal.reason));
  if (!isDirectory(spec.cwd)) return notStarted('failed', `working directory not found: ${spec.cwd}`);

  const child = spawn(argv[0], argv.slice(1), {
    cwd: spec.cwd,
    env: trialEnv(spec, files),
    detached: true, // its own process group, so a stop reaches grandchildren too
    shell: false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawnError = new Promise<NodeJS.ErrnoException>((resolve) => child.on('error', resolve));
  const pid = child.pid;
  if (pid === undefined) {
    const err = await spawnError;
    const reason =
      err.code === 'ENOENT' ? `command not found: ${argv[0]}`
      : err.code === 'EACCES' ? `command not executable: ${argv[0]}`
      : `could not start ${argv[0]}: ${err.message}`;
    return notStarted('failed', reason);
  }
  // A tuner killed with -9 leaves this group running: its watchdog stops it
  // (onSpawn, src/tuner/watchdog.ts), and failing that the next resume reads
  // the pid from here to stop it (see src/tuner/leftovers.ts).
  writeFileSync(files.pidFile, String(pid));
  callSafely(spec.onSpawn, pid);

  const stdoutLog = createWriteStream(files.stdoutLog);
  const stderrLog = createWriteStream(files.stderrLog);
  // pipe() pauses the child's output while the log file catches up, so a
  // trial printing gigabytes is slowed down instead of filling our memory.
  child.stdout.pipe(stdoutLog);
  child.stderr.pipe(stderrLog);
  // A full disk loses the log, not the trial: the metrics are still read.
  stdoutLog.on('error', () => undefined);
  stderrLog.on('error', () => undefined);
  let stderrTail = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => parser.stdout(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    parser.stderr(chunk);
    const joined = chunk.length >= STDERR_TAIL_BYTES ? chunk : Buffer.concat([stderrTail, chunk]);
    stderrTail = Buffer.from(joined.subarray(Math.max(0, joined.length - STDERR_TAIL_BYTES)));
  });
  const pipesClosed = Promise.all([finished(child.stdout).catch(() => undefined), finished(child.stderr).catch(() => undefined)]);
  const follower = new MetricsFileFollower(files.metrics, (chunk) => parser.metricsFile(chunk));
  follower.start();

  let exited = false;
  let stopped: { state: 'failed' | 'pruned' | 'complete'; reason: string } | undefined;
  let killing: Promise<void> | undefined;
  const graceMs = (spec.killGraceSeconds ?? 10) * 1000;
  let politeTimer: NodeJS.Timeout | undefined;
  const stop = (state: 'failed' | 'pruned' | 'complete', reason: string) => {
    if (exited || stopped) return;
    stopped = { state, reason };
    if (state === 'failed') {
      killing = killGroup(pid, graceMs);
      return;
    }
    // Pruned or at its last step: ask first (the stop file), so a script can save its checkpoint and exit cleanly.
    try {
      writeFileSync(files.stopFile, reason + '\n');
    } catch {
      // The signals below still stop it.
    }
    politeTimer = setTimeout(() => {
      if (!exited) killing = killGroup(pid, graceMs);
    }, (spec.stopFileGraceSeconds ?? 2) * 1000);
  };
  const timer =
    spec.timeoutSeconds !== undefined && spec.timeoutSeconds > 0
      ? setTimeout(() => stop('failed', `timed out after ${formatSeconds(spec.timeoutSeconds!)}`), spec.timeoutSeconds * 1000)
      : undefined;
  onLastStep = (step) => stop('complete', `reached step ${step}`);
  const onAbort = () => stop(...abortOutcome(signal!.reason));
  signal?.addEventListener('abort', onAbort, { once: true });

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  exited = true;
  if (timer) clearTimeout(timer);
  if (politeTimer) clearTimeout(politeTimer);
  signal?.removeEventListener('abort', onAbort);
  // Workers the trial started must not outlive it.
  if (!killing && groupAlive(pid)) killing = killGroup(pid, graceMs);
  await killing;
  callSafely(spec.onGroupGone, pid);
  let pipeTimer: NodeJS.Timeout | undefined;
  const closedInTime = await Promise.race([
    pipesClosed.then(() => true),
    new Promise<boolean>((resolve) => (pipeTimer = setTimeout(() => resolve(false), PIPE_CLOSE_WAIT_MS))),
  ]);
  clearTimeout(pipeTimer);
  if (!closedInTime) {
    child.stdout.destroy();
    child.stderr.destroy();
  }
  for (const log of [stdoutLog, stderrLog]) {
    if (!log.writableEnded) log.end();
    await finished(log).catch(() => undefined);
  }
  await follower.stop();
  parser.end();

  const tail = stderrTail.toString('utf8').replace(/^\uFFFD+/, '');
  const common = { exitCode: exit.code, signal: exit.signal, stderrTail: tail };
  const values = spec.objectives.map((o) => last[o.metric]);
  const allFinite = values.every((v) => v !== undefined && Number.isFinite(v));
  if (stopped?.state === 'complete') {
    if (allFinite) return done({ state: 'complete', values, ...common });
    return done({ state: 'failed', reason: `stopped at its last step without a finite ${spec.objectives.map((o) => o.metric).join(', ')}`, ...common });
  }
  if (stopped) {
    return done({ state: stopped.state, reason: stopped.reason, ...common, ...(allFinite ? { values } : {}) });
  }
  if (exit.signal) return done({ state: 'failed', reason: `killed by ${exit.signal}`, ...common });
  if (exit.code !== 0) return done({ state: 'failed', reason: `exit code ${exit.code}`, ...common });
  for (const o of spec.objectives) {
    const v = last[o.metric];
    if (v === undefined) return done({ state: 'failed', reason: `objective ${o.metric} was never reported`, ...common });
    if (!Number.isFinite(v)) return done({ state: 'failed', reason: `objective ${o.metric} is ${v}`, ...common });
  }
  return done({ state: 'complete', values, ...common });
}

/** The environment of a trial: ours, plus the trial contract's variables. */
function trialEnv(spec: TrialSpec, files: ReturnType<typeof trialFiles>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.HYPERLENS_PARAMS = JSON.stringify(spec.params);
  env.HYPERLENS_TRIAL = String(spec.number);
  env.HYPERLENS_TRIAL_DIR = spec.trialDir;
  env.HYPERLENS_METRICS_FILE = files.metrics;
  env.HYPERLENS_CHECKPOINT_DIR = files.checkpoints;
  env.HYPERLENS_STOP_FILE = files.stopFile;
  // A PBT segment's last step: the Python helper's should_stop() turns true once it is reported.
  if (spec.stopAtStep !== undefined) env.HYPERLENS_END_STEP = String(spec.stopAtStep);
  else delete env.HYPERLENS_END_STEP;
  // Inherited from an outer run, it would make a fresh trial resume someone else's checkpoint.
  if (spec.restoreFrom !== undefined) env.HYPERLENS_RESTORE_FROM = spec.restoreFrom;
  else delete env.HYPERLENS_RESTORE_FROM;
  if (spec.pythonHelperDir !== undefined) {
    env.PYTHONPATH = env.PYTHONPATH ? spec.pythonHelperDir + path.delimiter + env.PYTHONPATH : spec.pythonHelperDir;
  }
  // Python buffers a piped stdout; unbuffered, `@tune` lines arrive as printed.
  if (env.PYTHONUNBUFFERED === undefined) env.PYTHONUNBUFFERED = '1';
  return { ...env, ...spec.env };
}

/** The abort reason that ends a trial as pruned rather than failed; `why` is for people. */
export class PruneRequest {
  constructor(readonly why: string) {}
}

function abortOutcome(reason: unknown): ['failed' | 'pruned', string] {
  if (reason instanceof PruneRequest) return ['pruned', reason.why];
  if (reason === 'pruned') return ['pruned', 'pruned'];
  const text = typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : String(reason);
  return ['failed', text];
}

function callSafely(f: ((pid: number) => void) | undefined, pid: number): void {
  try {
    f?.(pid);
  } catch {
    // A listener's bug must not lose the trial.
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function formatSeconds(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600}h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
