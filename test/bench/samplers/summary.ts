// Reduces the per-run results to per-task, per-sampler figures: medians,
// mean ranks across samplers (ranked seed by seed), and Wilcoxon tests.
import type { JobResult } from './runJob';
import { mean, median, ranks, wilcoxonSignedRank, type WilcoxonResult } from './stats';

export interface Cell {
  runs: number;
  /** Median of the final log10 regret (hypervolume regret for multi-objective tasks). */
  medianLogRegret: number;
  medianRegret: number;
  medianAuc: number;
  meanRank: number;
  meanAskMs: number;
}

export interface TaskSummary {
  task: string;
  /** Sampler id -> figures; only samplers with at least one successful run. */
  cells: Record<string, Cell>;
}

/** Results of one task, grouped by sampler, failed runs left out. */
function bySampler(results: readonly JobResult[]): Map<string, JobResult[]> {
  const out = new Map<string, JobResult[]>();
  for (const r of results) {
    if (r.error) continue;
    const list = out.get(r.sampler) ?? [];
    list.push(r);
    out.set(r.sampler, list);
  }
  return out;
}

export function summarizeTask(task: string, results: readonly JobResult[]): TaskSummary {
  const groups = bySampler(results.filter((r) => r.task === task));
  const samplers = [...groups.keys()];
  // Rank the samplers seed by seed on final regret, among those that finished that seed.
  const rankSums = new Map<string, number[]>();
  const seeds = new Set(results.filter((r) => r.task === task).map((r) => r.seed));
  for (const seed of seeds) {
    const present = samplers.filter((s) => groups.get(s)!.some((r) => r.seed === seed));
    const values = present.map((s) => groups.get(s)!.find((r) => r.seed === seed)!.logRegret);
    const r = ranks(values);
    present.forEach((s, i) => rankSums.set(s, [...(rankSums.get(s) ?? []), r[i]]));
  }
  const cells: Record<string, Cell> = {};
  for (const s of samplers) {
    const runs = groups.get(s)!;
    cells[s] = {
      runs: runs.length,
      medianLogRegret: median(runs.map((r) => r.logRegret)),
      medianRegret: median(runs.map((r) => r.regret)),
      medianAuc: median(runs.map((r) => r.auc)),
      meanRank: mean(rankSums.get(s) ?? []),
      meanAskMs: mean(runs.map((r) => r.askMs)),
    };
  }
  return { task, cells };
}

export interface Comparison {
  task: string;
  ours: string;
  theirs: string;
  /** Median over seeds of (ours - theirs) final log10 regret: negative means ours found better. */
  medianDelta: number;
  test: WilcoxonResult;
}

/** Paired by seed (seeds both finished) on final log10 regret. */
export function compare(task: string, ours: string, theirs: string, results: readonly JobResult[]): Comparison | undefined {
  const a = new Map<number, number>();
  const b = new Map<number, number>();
  for (const r of results) {
    if (r.task !== task || r.error) continue;
    if (r.sampler === ours) a.set(r.seed, r.logRegret);
    if (r.sampler === theirs) b.set(r.seed, r.logRegret);
  }
  const seeds = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
  if (seeds.length === 0) return undefined;
  const x = seeds.map((s) => a.get(s)!);
  const y = seeds.map((s) => b.get(s)!);
  return { task, ours, theirs, medianDelta: median(x.map((v, i) => v - y[i])), test: wilcoxonSignedRank(x, y) };
}
