// The issue's targets, checked against what this run measured.
import type { OverheadRow } from './overhead';
import type { TaskSummary } from './summary';

export interface TargetLine {
  status: 'PASS' | 'FAIL' | 'SKIP' | 'INFO';
  text: string;
}

/** A factor of two in regret, on the log10 scale the medians use. */
const HALF = Math.log10(2);

export function checkTargets(single: readonly TaskSummary[], multi: readonly TaskSummary[], overhead: readonly OverheadRow[]): TargetLine[] {
  const lines: TargetLine[] = [];
  const tpes = ['optuna:tpe', 'optuna:tpe-mv'];

  // auto against the better of Optuna's two TPE variants, task by task.
  const rows = single
    .map((t) => {
      const auto = t.cells.auto?.medianLogRegret;
      const theirs = tpes.map((s) => t.cells[s]?.medianLogRegret).filter((v): v is number => v !== undefined);
      return auto === undefined || theirs.length === 0 ? undefined : { task: t.task, auto, best: Math.min(...theirs) };
    })
    .filter((r): r is { task: string; auto: number; best: number } => r !== undefined);
  if (rows.length === 0) {
    lines.push({ status: 'SKIP', text: 'auto vs Optuna TPE: no single-objective task has both' });
  } else {
    const noWorse = rows.filter((r) => r.auto <= r.best);
    const half = rows.filter((r) => r.auto <= r.best - HALF);
    const pct = (k: number): string => `${k}/${rows.length} = ${Math.round((100 * k) / rows.length)}%`;
    const missing = (list: typeof rows): string => {
      const out = rows.filter((r) => !list.includes(r)).map((r) => r.task);
      return out.length ? ` (not on: ${out.join(', ')})` : '';
    };
    lines.push({
      status: noWorse.length >= 0.9 * rows.length ? 'PASS' : 'FAIL',
      text: `auto median final regret no worse than the better Optuna TPE on >= 90% of single-objective tasks: ${pct(noWorse.length)}${missing(noWorse)}`,
    });
    lines.push({
      status: half.length >= 0.5 * rows.length ? 'PASS' : 'FAIL',
      text: `auto median final regret at most half the better Optuna TPE's on >= 50% of single-objective tasks: ${pct(half.length)}`,
    });
  }

  // Better than random everywhere (our random; Optuna's where ours did not run).
  const all = [...single, ...multi];
  const vsRandom = all
    .map((t) => {
      const auto = t.cells.auto?.medianLogRegret;
      const random = (t.cells.random ?? t.cells['optuna:random'])?.medianLogRegret;
      return auto === undefined || random === undefined ? undefined : { task: t.task, better: auto < random };
    })
    .filter((r): r is { task: string; better: boolean } => r !== undefined);
  if (vsRandom.length === 0) lines.push({ status: 'SKIP', text: 'auto vs random: no task has both' });
  else {
    const worse = vsRandom.filter((r) => !r.better).map((r) => r.task);
    lines.push({
      status: worse.length === 0 ? 'PASS' : 'FAIL',
      text: `auto median final regret below random's on every task: ${vsRandom.length - worse.length}/${vsRandom.length}${worse.length ? ` (not on: ${worse.join(', ')})` : ''}`,
    });
  }

  // Multi-objective: hypervolume at least Optuna NSGA-II's (lower HV regret = more hypervolume).
  for (const [who, status] of [
    ['auto', 'target'],
    ['nsga2', 'info'],
    ['motpe', 'info'],
  ] as const) {
    const pairs = multi
      .map((t) => {
        const ours = t.cells[who]?.medianRegret;
        const theirs = t.cells['optuna:nsga2']?.medianRegret;
        return ours === undefined || theirs === undefined ? undefined : { task: t.task, ok: ours <= theirs };
      })
      .filter((r): r is { task: string; ok: boolean } => r !== undefined);
    if (pairs.length === 0) {
      if (status === 'target') lines.push({ status: 'SKIP', text: `${who} hypervolume vs Optuna NSGA-II: no multi-objective task has both` });
      continue;
    }
    const bad = pairs.filter((p) => !p.ok).map((p) => p.task);
    const verdict = bad.length === 0 ? 'PASS' : 'FAIL';
    lines.push({
      status: status === 'target' ? verdict : 'INFO',
      text: `${who} median hypervolume >= Optuna NSGA-II's on every multi-objective task: ${pairs.length - bad.length}/${pairs.length}${bad.length ? ` (not on: ${bad.join(', ')})` : ''}${status === 'info' ? ` [${verdict}]` : ''}`,
    });
  }

  lines.push(askTarget(overhead, 'tpe', 1000, 5));
  lines.push(askTarget(overhead, 'gp', 100, 200));
  const random = overhead.find((r) => r.sampler === 'random');
  const measured = random ? Object.entries(random.cells).filter(([, c]) => c.ms !== undefined) : [];
  if (measured.length === 0) lines.push({ status: 'SKIP', text: 'random ask <= 0.05 ms: not measured' });
  else {
    const worst = Math.max(...measured.map(([, c]) => c.ms!));
    const detail = measured.map(([n, c]) => `${c.ms!.toFixed(4)} ms @${n}`).join(', ');
    lines.push({ status: worst <= 0.05 ? 'PASS' : 'FAIL', text: `random ask <= 0.05 ms at every study size: ${detail}` });
  }
  return lines;
}

function askTarget(overhead: readonly OverheadRow[], sampler: string, size: number, limitMs: number): TargetLine {
  const text = `${sampler} ask at ${size} trials, d = 10, <= ${limitMs} ms`;
  const cell = overhead.find((r) => r.sampler === sampler)?.cells[size];
  if (!cell || cell.ms === undefined) return { status: 'SKIP', text: `${text}: ${cell?.skipped ?? 'not measured'}` };
  return { status: cell.ms <= limitMs ? 'PASS' : 'FAIL', text: `${text}: ${cell.ms.toFixed(3)} ms` };
}
