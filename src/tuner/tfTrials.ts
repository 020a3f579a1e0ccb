// The tuner's side of TensorFlow.js trials (`@tune.entry`): the argument
// array that runs the trial host, and what the host left in the trial folder
// (backend, device, a CPU-fallback warning, why it failed) once it ends.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readHead } from '../store/fileText';
import { trialLogFile } from '../store/runDir';
import { backendAttrs, TRIAL_HOST_RECORD, type TrialHostRecord } from '../trialHost/record';
import { trialHostPath } from './paths';
import type { HyperlensRun } from './runFiles';

/** `node dist/trialHost.js <module> <export>` for a run with an entry; undefined for a command run. */
export function entryArgv(run: Pick<HyperlensRun, 'entry' | 'source'>): string[] | undefined {
  if (!run.entry) return undefined;
  return [process.execPath, trialHostPath(), path.resolve(path.dirname(run.source), run.entry.file), run.entry.export];
}

export interface TfTrialOutcome {
  /** User attributes: tf_backend, tf_device, tf_package, tf_warning. */
  attrs: Record<string, string>;
  /** Why the host failed, when it did (a clearer trial failure reason than the exit code). */
  error?: string;
}

const STDERR_HEAD_BYTES = 256 * 1024;

/** Reads trial_host.json (and the head of stderr.log, where libtensorflow says it found no GPU). */
export function readTfTrial(trialDir: string): TfTrialOutcome | undefined {
  let record: TrialHostRecord;
  try {
    record = JSON.parse(fs.readFileSync(path.join(trialDir, TRIAL_HOST_RECORD), 'utf8')) as TrialHostRecord;
  } catch {
    return undefined; // the host never got that far (or this is not a TensorFlow.js trial)
  }
  const stderrHead = record.backend?.kind === 'tfjs-node-gpu' ? (readHead(trialLogFile(trialDir, 'stderr'), STDERR_HEAD_BYTES) ?? '') : '';
  const outcome: TfTrialOutcome = { attrs: backendAttrs(record, stderrHead) };
  if (typeof record.error === 'string' && record.error !== '') outcome.error = record.error;
  return outcome;
}

/**
 * After a TensorFlow.js trial: its tf_* attributes set through `setAttr`, and
 * the result with the host's own failure reason in place of a bare
 * "exit code N". Returns the CPU-fallback warning, if any, for a notice.
 */
export function applyTfTrial<R extends { state: string; reason?: string }>(
  trialDir: string,
  result: R,
  setAttr: (key: string, value: string) => void,
): { result: R; warning?: string } {
  const tf = readTfTrial(trialDir);
  if (!tf) return { result };
  for (const [key, value] of Object.entries(tf.attrs)) setAttr(key, value);
  const better = tf.error && result.state === 'failed' && /^exit code \d+$/.test(result.reason ?? '');
  const out = better ? { result: { ...result, reason: tf.error } } : { result };
  return tf.attrs.tf_warning ? { ...out, warning: tf.attrs.tf_warning } : out;
}
