// What `tune` and `resume` share: driving a run with a terminal reporter,
// Ctrl-C handling, and the closing report.
import { describeSchedule, planFromAttrs } from '../../engine/pbt';
import { bestTrial } from '../../engine/study';
import { RunJournal } from '../../store/runJournal';
import { updateRunInfo } from '../../store/runDir';
import * as path from 'node:path';
import { driveRun } from '../../tuner/runLoop';
import { readRun } from '../../tuner/runFiles';
import { describeCounts, describeSettings, feasibleParetoFront, summaryJson } from '../../tuner/summary';
import { formatNumber, formatValues } from '../format';
import { terminalReporter } from '../progressReporter';

export async function runAndReport(runDir: string, json: boolean): Promise<number> {
  const run = readRun(runDir);
  const metrics = run.objectives.map((o) => o.metric);
  const out = json ? process.stderr : process.stdout;
  out.write(`Run ${run.id}\n  ${run.dir}\n  ${describeSettings(run.settings)}\n`);

  const reporter = terminalReporter(out, metrics, run.space);
  const abort = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    interrupts++;
    if (interrupts === 1) {
      reporter.notice?.(`${sig}: stopping the running trials; \`hyperlens resume ${run.id}\` goes on later.`);
      abort.abort(sig);
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let outcome;
  try {
    outcome = await driveRun(runDir, reporter, abort.signal);
  } catch (err) {
    updateRunInfo(runDir, { state: 'failed', endedAt: new Date().toISOString(), error: (err as Error).message, pid: undefined });
    throw err;
  } finally {
    reporter.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const trials = RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
  const best = bestTrial(trials, run.directions);
  const c = outcome.counts;
  out.write(`\nRun ${run.id} ${outcome.state}: ${describeCounts(trials)}.\n`);
  if (run.directions.length > 1) {
    const front = feasibleParetoFront(trials, run.directions);
    out.write(`Pareto front, ${front.length} trial(s):\n`);
    for (const t of front) out.write(`  #${t.number}  ${formatValues(t.values, metrics)}\n`);
  }
  if (best) {
    out.write(`${run.directions.length > 1 ? `Best on ${metrics[0]}` : 'Best'} trial #${best.number}: ${formatValues(best.values, metrics)}\n`);
    const plan = planFromAttrs(best.userAttrs, best.params);
    if (plan) out.write(`  a schedule (PBT member ${plan.member}, to step ${plan.endStep}): ${describeSchedule(plan.schedule)}\n  its last values:\n`);
    for (const [k, v] of Object.entries(best.params)) out.write(`  ${k}: ${typeof v === 'number' ? formatNumber(v) : String(v)}\n`);
    out.write(`Apply it to ${path.basename(run.source)} with: hyperlens apply ${run.id}\n`);
  } else {
    out.write(c.complete > 0 ? 'No complete trial met every @tune.constraint.\n' : "No trial completed. See the trials' stderr.log under the run directory.\n");
    const failed = trials.filter((t) => t.state === 'failed').slice(-1)[0];
    if (failed) out.write(`Last failure, trial #${failed.number}: ${String(failed.userAttrs.fail_reason ?? '')}\n${String(failed.userAttrs.stderr_tail ?? '').trimEnd()}\n`);
  }
  if (json) process.stdout.write(JSON.stringify(summaryJson(run.id, run.dir, outcome.state, trials, run.directions)) + '\n');
  return outcome.state === 'finished' ? 0 : 1;
}
