// Warm start: a new run begins with the completed trials of earlier runs
// whose configurations still fit its search space, so a person who narrows
// a range or adds a choice keeps what was learnt. Copied trials are marked
// `warm_start_from` and do not count against the new run's budget.
import * as path from 'node:path';
import { contains, isSearched, unsearchedValue, type Params, type SearchSpace } from '../engine/space';
import type { TrialRecord } from '../engine/trial';
import { JournalReader } from '../store/journalReader';
import { JOURNAL_FILE, readRunInfo } from '../store/runDir';
import type { RunJournal } from '../store/runJournal';

export const WARM_START_ATTR = 'warm_start_from';

/** The complete trials of `trials` that the space can hold, with their params completed for it; others are left out. */
export function compatibleTrials(trials: readonly TrialRecord[], space: SearchSpace, objectives: number): Array<{ trial: TrialRecord; params: Params }> {
  const out: Array<{ trial: TrialRecord; params: Params }> = [];
  for (const t of trials) {
    if (t.state !== 'complete' || t.values?.length !== objectives) continue;
    const params: Params = {};
    let fits = true;
    for (const [name, d] of Object.entries(space)) {
      if (!isSearched(d)) {
        params[name] = name in t.params ? t.params[name] : unsearchedValue(d);
        continue;
      }
      if (!(name in t.params) || !contains(d, t.params[name])) {
        fits = false;
        break;
      }
      params[name] = t.params[name];
    }
    if (fits) out.push({ trial: t, params });
  }
  return out;
}

/** Copies the compatible trials of each earlier run into `journal`; returns how many. */
export function copyWarmStart(journal: RunJournal, space: SearchSpace, objectives: number, fromRunDirs: readonly string[]): number {
  let copied = 0;
  for (const dir of fromRunDirs) {
    const info = readRunInfo(dir);
    const trials = new JournalReader(path.join(dir, JOURNAL_FILE)).snapshot(info.id).trials;
    for (const { trial, params } of compatibleTrials(trials, space, objectives)) {
      const n = journal.createTrial(params, space, { [WARM_START_ATTR]: `${info.id}#${trial.number}` });
      journal.finishTrial(n, 'complete', trial.values);
      copied++;
    }
  }
  return copied;
}
