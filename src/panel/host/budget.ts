// Add trials: the run's budget is run.json's settings.trials, which the tuner
// reads when it starts. Raising it there makes a resumed run (or the next
// tuner of a live one) go on until the new budget is spent.
import { readRunInfo, updateRunInfo } from '../../store/runDir';

export interface RaisedBudget {
  before: number;
  after: number;
}

/** Raises the run's budget by `count` trials in its run.json; the rest of the file is left as it was. */
export function raiseBudget(runDir: string, count: number): RaisedBudget {
  if (!Number.isInteger(count) || count < 1) throw new Error(`add at least one whole trial (got ${count})`);
  const run = readRunInfo(runDir);
  const before = Number(run.settings.trials);
  if (!Number.isFinite(before) || before < 0) throw new Error(`run ${run.id} has no trial budget in its run.json to raise`);
  const after = before + count;
  updateRunInfo(runDir, { settings: { ...run.settings, trials: after } });
  return { before, after };
}
