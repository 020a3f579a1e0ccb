// `hyperlens runs`: every run under the runs directory, newest first.
import * as path from 'node:path';
import { bestTrial } from '../../engine/study';
import { RunJournal } from '../../store/runJournal';
import { defaultRunsDir, listRuns } from '../../store/runDir';
import type { HyperlensRun } from '../../tuner/runFiles';
import { countsOf, summaryJson } from '../../tuner/summary';
import { parseFlags } from '../flags';
import { formatNumber, table } from '../format';

export const RUNS_USAGE = 'hyperlens runs [--runs-dir DIR] [--json]';

export function runsCommand(argv: string[]): number {
  const { values } = parseFlags(argv, { 'runs-dir': { type: 'string' }, json: { type: 'boolean' } }, []);
  const runsDir = path.resolve((values['runs-dir'] as string | undefined) ?? defaultRunsDir(process.cwd()));
  const runs = listRuns(runsDir) as unknown as HyperlensRun[];
  const rows = runs.map((run) => {
    const trials = RunJournal.open(path.join(run.dir, 'journal.jsonl')).snapshot().trials;
    return { run, trials, best: bestTrial(trials, run.directions ?? ['minimize']) };
  });
  if (values.json) {
    process.stdout.write(JSON.stringify(rows.map(({ run, trials }) => ({ ...summaryJson(run.id, run.dir, run.state, trials, run.directions ?? ['minimize']), source: run.source, createdAt: run.createdAt }))) + '\n');
    return 0;
  }
  if (runs.length === 0) {
    process.stdout.write(`No runs under ${runsDir}.\n`);
    return 0;
  }
  const body = rows.map(({ run, trials, best }) => {
    const c = countsOf(trials);
    const metric = run.objectives?.[0]?.metric ?? 'value';
    return [
      run.id,
      run.state ?? '?',
      `${c.complete}/${run.settings?.trials ?? '?'}` + (c.failed ? ` (${c.failed} failed)` : ''),
      best?.values ? `${metric} ${formatNumber(best.values[0])} (#${best.number})` : '—',
      path.relative(process.cwd(), run.source ?? '') || String(run.source),
    ];
  });
  process.stdout.write(table(['RUN', 'STATE', 'TRIALS', 'BEST', 'FILE'], body) + '\n');
  return 0;
}
