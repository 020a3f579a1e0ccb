// The benchmark's Markdown report: result tables, significance tests,
// ask overhead, and the targets.
import { markdownTable, reportOpening, targetsSection } from '../common/report';
import { formatMs, type OverheadRow } from './overhead';
import type { Comparison, TaskSummary } from './summary';
import type { TargetLine } from './targets';
import type { Task } from './tasks';

export interface ReportInput {
  title: string;
  header: string[];
  notes: string[];
  tasks: Task[];
  samplers: string[];
  single: TaskSummary[];
  multi: TaskSummary[];
  comparisons: Comparison[];
  overhead: OverheadRow[];
  overheadSizes: number[];
  targets: TargetLine[];
}

const sig = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v < 1e-3 ? v.toExponential(2) : v.toPrecision(3));

/** One row per task, one column per sampler; the best cell of each row in bold. */
function metricTable(summaries: TaskSummary[], tasks: Task[], samplers: string[], pick: (c: TaskSummary['cells'][string]) => number, show: (v: number) => string, withMeanRow: boolean): string {
  const used = samplers.filter((s) => summaries.some((t) => t.cells[s]));
  const rows = summaries.map((t) => {
    const task = tasks.find((x) => x.name === t.task)!;
    const values = used.map((s) => (t.cells[s] ? pick(t.cells[s]) : undefined));
    const best = Math.min(...values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
    return [t.task, String(task.dim), String(task.budget), ...values.map((v) => (v === undefined ? '—' : v === best ? `**${show(v)}**` : show(v)))];
  });
  if (withMeanRow) {
    rows.push([
      '*mean over tasks*',
      '',
      '',
      ...used.map((s) => {
        const vs = summaries.filter((t) => t.cells[s]).map((t) => pick(t.cells[s]));
        return vs.length ? `*${show(vs.reduce((a, b) => a + b, 0) / vs.length)}*` : '—';
      }),
    ]);
  }
  return markdownTable(['task', 'd', 'trials', ...used], rows);
}

export function renderReport(r: ReportInput): string {
  const out = reportOpening(r.title, r.header, r.notes);

  if (r.single.length) {
    out.push('## Single-objective tasks', '');
    out.push('Median over seeds of the final log10 simple regret (best found minus the known optimum, floored at 1e-12; lower is better):', '');
    out.push(metricTable(r.single, r.tasks, r.samplers, (c) => c.medianLogRegret, (v) => v.toFixed(2), false), '');
    out.push('Area under the best-so-far log10 regret curve (mean over trials, median over seeds; lower is better):', '');
    out.push(metricTable(r.single, r.tasks, r.samplers, (c) => c.medianAuc, (v) => v.toFixed(2), false), '');
    out.push('Mean rank on final regret (ranked among the samplers seed by seed, ties shared; 1 is best):', '');
    out.push(metricTable(r.single, r.tasks, r.samplers, (c) => c.meanRank, (v) => v.toFixed(2), true), '');
  }
  if (r.multi.length) {
    out.push('## Multi-objective tasks', '');
    out.push('Median over seeds of the final hypervolume regret (true front\'s hypervolume minus the found front\'s, fixed reference points; lower is better):', '');
    out.push(metricTable(r.multi, r.tasks, r.samplers, (c) => c.medianRegret, sig, false), '');
    out.push('Area under the log10 hypervolume regret curve (mean over trials, median over seeds):', '');
    out.push(metricTable(r.multi, r.tasks, r.samplers, (c) => c.medianAuc, (v) => v.toFixed(3), false), '');
    out.push('Mean rank on final hypervolume regret:', '');
    out.push(metricTable(r.multi, r.tasks, r.samplers, (c) => c.meanRank, (v) => v.toFixed(2), true), '');
  }
  if (r.comparisons.length) {
    out.push('## Wilcoxon signed-rank tests', '');
    out.push('Final log10 regret (hypervolume regret on multi-objective tasks) paired by seed; Δ is the median of ours minus theirs (negative: ours found better); two-sided p (exact without ties, else normal with tie correction).', '');
    const rows = r.comparisons.map((c) => {
      const verdict = c.test.p < 0.05 ? (c.medianDelta < 0 || (c.medianDelta === 0 && c.test.wPlus < (c.test.n * (c.test.n + 1)) / 4) ? 'ours better' : 'ours worse') : '—';
      return [c.task, c.ours, c.theirs, c.medianDelta.toFixed(2), String(c.test.n), String(c.test.wPlus), c.test.p < 1e-4 ? c.test.p.toExponential(1) : c.test.p.toFixed(4), verdict];
    });
    out.push(markdownTable(['task', 'ours', 'vs', 'Δ median', 'n', 'W+', 'p', 'at 5%'], rows), '');
  }
  const asking = r.samplers.filter((s) => [...r.single, ...r.multi].some((t) => t.cells[s]));
  if (asking.length) {
    out.push('## Ask time during the runs', '');
    out.push('Mean ms of one ask over the runs (Optuna\'s measured inside Python; all task sizes mixed):', '');
    const rows = asking.map((s) => {
      const cells = [...r.single, ...r.multi].map((t) => t.cells[s]).filter((c) => c !== undefined);
      return [s, formatMs(cells.reduce((a, c) => a + c.meanAskMs, 0) / cells.length)];
    });
    out.push(markdownTable(['sampler', 'mean ask'], rows), '');
  }
  if (r.overhead.length) {
    out.push('## Ask overhead', '');
    out.push('Median time of one ask on a study already holding N complete random trials, d = 10 (two objectives for the multi-objective samplers); Optuna\'s timed inside Python around study.ask:', '');
    const rows = r.overhead.map((row) => [row.sampler, String(row.objectives), ...r.overheadSizes.map((n) => overheadCell(row.cells[n]))]);
    out.push(markdownTable(['sampler', 'objectives', ...r.overheadSizes.map((n) => `N = ${n}`)], rows), '');
  }
  out.push(...targetsSection(r.targets));
  return out.join('\n');
}

function overheadCell(c: OverheadRow['cells'][number] | undefined): string {
  if (!c) return '—';
  if (c.ms !== undefined) return formatMs(c.ms);
  return c.skipped ?? '—';
}
