// The benchmark's Markdown report: one table per task, then the targets.
import { markdownTable, reportOpening, targetsSection } from '../common/report';
import type { CellSummary } from './metrics';
import { fmtSteps, type TargetLine, type TaskResult } from './targets';
import type { PrunerTask } from './tasks';

export interface ReportInput {
  title: string;
  header: string[];
  notes: string[];
  tasks: Array<{ task: PrunerTask; budgetTrials: number; seeds: number; medianQuality: number; medianPoolBest: number }>;
  results: TaskResult[];
  pruners: string[];
  targets: TargetLine[];
  /** Markdown of further sections (population-based training), appended as is. */
  extra: string[];
}

const value = (v: number): string => (!Number.isFinite(v) ? 'none complete' : v === 0 ? '0' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const ratio = (v: number): string => (v === 0 ? '—' : `${v.toFixed(2)}x`);

function row(id: string, c: CellSummary): string[] {
  return [
    id,
    value(c.medianRegret),
    fmtSteps(c.medianStepsToQuality),
    `${c.reached}/${c.seeds}`,
    ratio(c.medianRatioToBudget),
    ratio(c.medianRatioToNone),
    String(c.medianTrials),
    String(c.medianComplete),
    `${c.bestPruned}/${c.bestDrawn}`,
  ];
}

export function renderReport(r: ReportInput): string {
  const out = reportOpening(r.title, r.header, r.notes);
  out.push(
    'Columns, each the median over seeds: **final regret** at equal compute (best value among trials that reached the last step, minus the best full-length value any pruner found on that seed; lower is better); **steps to Q**, the steps spent when the best value first reached Q, the quality `none` reached with the whole budget B ("not reached" counts as infinite); **reached**, seeds on which Q was reached within B; **B / steps**, the compute saving against `none` with the full budget (— when not reached); **none / steps**, the saving against the steps `none` itself needed to first reach Q; **trials** and **complete**, trials started and run to the last step; **best pruned**, seeds on which the pruner stopped the pool\'s best configuration / seeds on which it drew it.',
    '',
  );
  for (const t of r.tasks) {
    const result = r.results.find((x) => x.task === t.task.name);
    if (!result) continue;
    const b = t.budgetTrials * t.task.maxStep;
    out.push(`## ${t.task.name}`, '');
    out.push(
      `${t.task.description}. Budget B = ${t.budgetTrials} x ${t.task.maxStep} = ${b} steps a run; ${t.seeds} seed(s); Q (none's best) median ${value(t.medianQuality)}, pool best median ${value(t.medianPoolBest)}.`,
      '',
    );
    const rows = r.pruners.filter((p) => result.cells[p]).map((p) => row(p, result.cells[p]));
    out.push(markdownTable(['pruner', 'final regret', 'steps to Q', 'reached', 'B / steps', 'none / steps', 'trials', 'complete', 'best pruned'], rows), '');
  }
  out.push(...targetsSection(r.targets));
  for (const e of r.extra) out.push(e, '');
  return out.join('\n').trimEnd();
}
