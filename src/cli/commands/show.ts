// `hyperlens show <run>`: one run as it stands, with every trial.
import * as path from 'node:path';
import { formatImportance, MIN_TRIALS, parameterImportance } from '../../engine/importance';
import { bestTrial } from '../../engine/study';
import { RunJournal } from '../../store/runJournal';
import { readRun } from '../../tuner/runFiles';
import { summaryJson } from '../../tuner/summary';
import { parseFlags } from '../flags';
import { formatNumber, formatParams, table, trialOutcome } from '../format';
import { findRun } from './resume';

export const SHOW_USAGE = 'hyperlens show <run> [--runs-dir DIR] [--json]';

export function showCommand(argv: string[]): number {
  const { values, args } = parseFlags(argv, { 'runs-dir': { type: 'string' }, json: { type: 'boolean' } }, ['run']);
  const runDir = findRun(args[0], values['runs-dir'] as string | undefined);
  const run = readRun(runDir);
  const trials = RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
  const best = bestTrial(trials, run.directions);
  const importance = parameterImportance(trials, run.space, run.directions);
  if (values.json) {
    process.stdout.write(JSON.stringify({ ...summaryJson(run.id, run.dir, run.state, trials, run.directions), source: run.source, settings: run.settings, space: run.space, objectives: run.objectives, importance, trialList: trials }) + '\n');
    return 0;
  }
  const metrics = run.objectives.map((o) => o.metric);
  const lines = [
    `Run ${run.id} (${run.state})`,
    `  file      ${run.source}`,
    `  command   ${run.command}`,
    `  objective ${run.objectives.map((o) => `${o.metric} ${o.direction}`).join(', ')}`,
    `  settings  ${run.settings.trials} trials, ${run.settings.parallel} at a time, sampler ${run.settings.sampler}, seed ${run.settings.seed}`,
    `  created   ${run.createdAt}${run.endedAt ? `, ended ${run.endedAt}` : ''}`,
    '',
    table(
      ['#', 'STATE', 'RESULT', 'TIME', 'PARAMS'],
      trials.map((t) => [
        t.number === best?.number ? `${t.number}*` : String(t.number),
        t.state,
        trialOutcome(t, metrics),
        typeof t.userAttrs.duration_s === 'number' ? `${formatNumber(t.userAttrs.duration_s)}s` : '',
        formatParams(t.params),
      ]),
    ),
    '',
    best ? `Best (*): trial #${best.number}, ${metrics.map((m, i) => `${m} ${formatNumber(best.values![i])}`).join(', ')}` : 'No complete trial yet.',
  ];
  if (importance.some((p) => p.importance > 0)) {
    lines.push('', `Parameter importance for ${metrics[0]} (PED-ANOVA):`, ...formatImportance(importance).map((l) => `  ${l}`));
  } else {
    lines.push('', `Parameter importance needs at least ${MIN_TRIALS} complete trials with different results.`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
