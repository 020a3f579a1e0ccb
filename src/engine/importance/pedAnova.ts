// PED-ANOVA (Watanabe et al., IJCAI 2023): a parameter matters as much as the
// distribution of its values among the best trials differs from their
// distribution among all trials, measured by Pearson divergence between two
// Parzen estimates. Fast (no model to fit) and deterministic.
import type { ImportanceData } from './data';
import { frequencyMass, parzenMass, pearsonDivergence, unitGrid } from './parzen';

/** The share of trials that count as good. */
export const TOP_QUANTILE = 0.1;
/** Fewer good trials than this make a density estimate meaningless. */
const MIN_TOP_TRIALS = 2;

/** Unnormalised importance per parameter, in data.names order. */
export function pedAnova(data: ImportanceData): Float64Array {
  const out = new Float64Array(data.names.length);
  const top = topTrials(data.loss);
  if (!top) return out;
  for (let j = 0; j < data.names.length; j++) {
    out[j] = divergence(data, j, top);
  }
  return out;
}

/**
 * Marks the trials whose loss is within the best TOP_QUANTILE; trials tied
 * with the last good one are all good, so the answer does not depend on
 * order. Undefined when every trial would be good (nothing to compare).
 */
export function topTrials(loss: Float64Array): Uint8Array | undefined {
  const n = loss.length;
  const k = Math.max(MIN_TOP_TRIALS, Math.ceil(TOP_QUANTILE * n));
  if (n <= k) return undefined;
  const cutoff = Float64Array.from(loss).sort()[k - 1];
  const top = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (loss[i] <= cutoff) {
      top[i] = 1;
      count++;
    }
  }
  return count < n ? top : undefined;
}

function divergence(data: ImportanceData, j: number, top: Uint8Array): number {
  const column = data.columns[j];
  const d = data.distributions[j];
  let nAll = 0;
  let nTop = 0;
  for (let i = 0; i < column.length; i++) {
    if (Number.isNaN(column[i])) continue;
    nAll++;
    if (top[i]) nTop++;
  }
  // Trials that lack the parameter (conditional ones) are left out of both sides.
  if (nTop < MIN_TOP_TRIALS || nTop === nAll) return 0;
  if (d.type === 'categorical') {
    const k = d.choices.length;
    const all = new Float64Array(k);
    const good = new Float64Array(k);
    for (let i = 0; i < column.length; i++) {
      if (Number.isNaN(column[i])) continue;
      const c = Math.min(k - 1, Math.floor(column[i] * k));
      all[c]++;
      if (top[i]) good[c]++;
    }
    return pearsonDivergence(frequencyMass(good), frequencyMass(all));
  }
  const all = new Float64Array(nAll);
  const good = new Float64Array(nTop);
  for (let i = 0, a = 0, g = 0; i < column.length; i++) {
    if (Number.isNaN(column[i])) continue;
    all[a++] = column[i];
    if (top[i]) good[g++] = column[i];
  }
  const grid = unitGrid(d);
  return pearsonDivergence(parzenMass(grid, good), parzenMass(grid, all));
}
