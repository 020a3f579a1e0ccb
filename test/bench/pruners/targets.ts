// The targets, checked from the measured figures:
// - `asha` and `curve` reach the quality `none` reaches with the full budget
//   using at least 3x less compute (median over seeds of B / steps-to-Q);
// - `curve` is no worse than Optuna's HyperbandPruner: median final regret at
//   equal compute no higher, and median compute to reach Q no higher.
// One line per task; a pruner that was not run is SKIP, never PASS.
import { pairedCounts, type CellSummary, type SeedFigures } from './metrics';

export interface TaskResult {
  task: string;
  cells: Record<string, CellSummary>;
  /** Per pruner, its figures in seed order (the same seeds for every pruner). */
  perSeed: Record<string, SeedFigures[]>;
}

export interface TargetLine {
  status: 'PASS' | 'FAIL' | 'SKIP';
  text: string;
}

export const COMPUTE_FACTOR = 3;

const x = (v: number): string => (v === 0 ? 'not reached' : `${v.toFixed(2)}x`);
const num = (v: number): string => (!Number.isFinite(v) ? 'none complete' : v === 0 ? '0' : v.toPrecision(3));

export function checkTargets(results: readonly TaskResult[]): TargetLine[] {
  const out: TargetLine[] = [];
  for (const pruner of ['asha', 'curve']) {
    for (const r of results) {
      const c = r.cells[pruner];
      const what = `${pruner} on ${r.task}: median compute saving to reach none's full-budget quality >= ${COMPUTE_FACTOR}x`;
      if (!c) {
        out.push({ status: 'SKIP', text: `${what}: not run` });
        continue;
      }
      out.push({
        status: c.medianRatioToBudget >= COMPUTE_FACTOR ? 'PASS' : 'FAIL',
        text: `${what}: ${x(c.medianRatioToBudget)} (reached on ${c.reached}/${c.seeds} seeds)`,
      });
    }
  }
  for (const r of results) {
    const curve = r.cells.curve;
    const hb = r.cells['optuna:hyperband'];
    const what = `curve no worse than optuna:hyperband on ${r.task}`;
    if (!curve || !hb) {
      out.push({ status: 'SKIP', text: `${what}: ${!curve ? 'curve' : 'optuna:hyperband'} not run` });
      continue;
    }
    const regret = pairedCounts(r.perSeed.curve, r.perSeed['optuna:hyperband'], (f) => f.regret);
    out.push({
      status: curve.medianRegret <= hb.medianRegret ? 'PASS' : 'FAIL',
      text: `${what}, median final regret at equal compute: ${num(curve.medianRegret)} vs ${num(hb.medianRegret)} (seed by seed: ${regret.better} lower, ${regret.tied} tied, ${regret.worse} higher)`,
    });
    const steps = pairedCounts(r.perSeed.curve, r.perSeed['optuna:hyperband'], (f) => f.stepsToQuality ?? Infinity);
    out.push({
      status: curve.medianStepsToQuality <= hb.medianStepsToQuality ? 'PASS' : 'FAIL',
      text: `${what}, median steps to reach none's quality: ${fmtSteps(curve.medianStepsToQuality)} vs ${fmtSteps(hb.medianStepsToQuality)} (seed by seed: ${steps.better} fewer, ${steps.tied} tied, ${steps.worse} more)`,
    });
  }
  return out;
}

export function fmtSteps(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v)) : 'not reached';
}
