// `hyperlens show <run>`: one run as it stands, with every trial.
import * as path from 'node:path';
import { parameterImportance } from '../../engine/importance';
import { RunJournal } from '../../store/runJournal';
import { readRun } from '../../tuner/runFiles';
import { summaryJson } from '../../tuner/summary';
import { parseFlags } from '../flags';
import { runReport } from '../runReport';
import { findRun } from './resume';

export const SHOW_USAGE = 'hyperlens show <run> [--runs-dir DIR] [--json]';

export function showCommand(argv: string[]): number {
  const { values, args } = parseFlags(argv, { 'runs-dir': { type: 'string' }, json: { type: 'boolean' } }, ['run']);
  const runDir = findRun(args[0], values['runs-dir'] as string | undefined);
  const run = readRun(runDir);
  const trials = RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
  if (values.json) {
    const importance = parameterImportance(trials, run.space, run.directions);
    process.stdout.write(JSON.stringify({ ...summaryJson(run.id, run.dir, run.state, trials, run.directions), source: run.source, settings: run.settings, space: run.space, objectives: run.objectives, importance, trialList: trials }) + '\n');
    return 0;
  }
  process.stdout.write(runReport(run, trials) + '\n');
  return 0;
}
