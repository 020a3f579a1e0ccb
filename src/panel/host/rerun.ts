// Re-run a trial: a new run of the same file whose first (and only) trial is
// exactly that trial's configuration. A new run's first trial is the values
// written in its snapshot of the file (runLoop enqueues them), so the new
// run's snapshot is the old run's with the trial's values rendered in; its
// space, command, objectives and seed stay the old run's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, renderConfig } from '../../annotations';
import type { Params } from '../../engine/space';
import type { TrialRecord } from '../../engine/trial';
import { updateRunInfo } from '../../store/runDir';
import { createRun, snapshotPath, type HyperlensRun } from '../../tuner/runFiles';
import type { RunSettings } from '../../tuner/settings';

/** run.json's note on a re-run: `<run id>#<trial number>`. */
export const RERUN_OF = 'rerunOf';

/** Creates (does not start) the run that re-runs `trial` of `run`, in the same runs directory. */
export function createRerun(run: HyperlensRun, trial: TrialRecord): HyperlensRun {
  const original = parseConfig(fs.readFileSync(snapshotPath(run), 'utf8'), run.source, run.language);
  const values: Params = {};
  for (const v of original.values) if (Object.prototype.hasOwnProperty.call(trial.params, v.name)) values[v.name] = trial.params[v.name];
  const parsed = parseConfig(renderConfig(original, values), run.source, run.language);
  if (parsed.errors.length > 0) throw new Error(`cannot re-run trial ${trial.number}: its values do not fit the file (${parsed.errors[0].message})`);
  const created = createRun(path.dirname(run.dir), parsed, run.command || undefined, run.objectives, rerunSettings(run.settings));
  return updateRunInfo(created.dir, { [RERUN_OF]: `${run.id}#${trial.number}` }) as unknown as HyperlensRun;
}

/**
 * One trial, alone, run to its end: no pruner (it would judge a lone trial
 * against nothing), no PBT schedule (the configuration is re-run from step 0),
 * no run time limit; the seed, per-trial limit and GPU sharing stay.
 */
export function rerunSettings(s: RunSettings): RunSettings {
  const settings: RunSettings = { ...s, trials: 1, parallel: 1, pruner: 'none' };
  delete settings.pbt;
  delete settings.parallelAuto;
  delete settings.timeoutSeconds;
  return settings;
}
