// A trial's detail pane: its view, the tail of its logs, the config file the
// tuner rendered for it, and how its values differ from the file's. Read
// from the trial's folder (store/runDir.ts: trials/<n>/, where the executor
// writes stdout.log and stderr.log and the run loop the rendered config).
import * as path from 'node:path';
import type { Params } from '../../engine/space';
import type { TrialRecord } from '../../engine/trial';
import { readHead, readTail } from '../../store/fileText';
import { trialLogFile, trialPath } from '../../store/runDir';
import { trialViewOf, type LogStream, type ParamChange, type TrialDetailMessage } from '../protocol';

/** How much of each log the pane shows: the last screenful or two. */
export const LOG_TAIL_BYTES = 8 * 1024;
/** A rendered config larger than this is cut (it is the user's file: normally small). */
export const CONFIG_MAX_BYTES = 64 * 1024;

/** What the detail reads of a run: run.json has it. */
export interface DetailRun {
  id: string;
  dir: string;
  /** The annotated file: its rendered copy has the same base name. */
  source: string;
}

export function trialLogPath(runDir: string, trial: number, stream: LogStream): string {
  return trialLogFile(trialPath(runDir, trial), stream);
}

/** The copy of the annotated file with the trial's values, as the trial's command got it ({config}). */
export function renderedConfigPath(run: DetailRun, trial: number): string {
  return path.join(trialPath(run.dir, trial), path.basename(run.source));
}

export function trialDetail(run: DetailRun, trial: TrialRecord, fileValues: Params | undefined): TrialDetailMessage {
  const view = trialViewOf(trial);
  const message: TrialDetailMessage = {
    type: 'trialDetail',
    runId: run.id,
    trial: view,
    logTail: { stdout: readTail(trialLogPath(run.dir, trial.number, 'stdout'), LOG_TAIL_BYTES), stderr: readTail(trialLogPath(run.dir, trial.number, 'stderr'), LOG_TAIL_BYTES) },
  };
  const config = readHead(renderedConfigPath(run, trial.number), CONFIG_MAX_BYTES);
  if (config !== undefined) message.configText = config;
  if (fileValues) message.diff = paramDiff(view.params, fileValues);
  return message;
}

/** The parameters whose trial value differs from the file's; parameters the file no longer has are left out. */
export function paramDiff(params: Params, fileValues: Params): ParamChange[] {
  const out: ParamChange[] = [];
  for (const [name, to] of Object.entries(params)) {
    if (!Object.prototype.hasOwnProperty.call(fileValues, name)) continue;
    const from = fileValues[name];
    if (from !== to) out.push({ name, from: jsonSafe(from), to });
  }
  return out;
}


function jsonSafe(v: Params[string]): Params[string] {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}
