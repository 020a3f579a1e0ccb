// Optuna's `group` idea: when trials do not all carry the same parameters
// (a study whose space grew, conditional parameters), split the names into
// groups that always appear together and fit one joint model per group.

/**
 * Groups of name indices with identical presence across trials, in first-name
 * order. `present[t * names + j]` says whether trial t has name j. Names no
 * trial has are left out (the caller samples them from the prior).
 */
export function groupNames(present: Uint8Array, trials: number, names: number): number[][] {
  let everywhere = true;
  for (let i = 0; i < present.length && everywhere; i++) everywhere = present[i] === 1;
  if (everywhere && trials > 0) return [Array.from({ length: names }, (_, j) => j)];

  const bySignature = new Map<string, number[]>();
  for (let j = 0; j < names; j++) {
    const holders: number[] = [];
    for (let t = 0; t < trials; t++) if (present[t * names + j]) holders.push(t);
    if (holders.length === 0) continue;
    const key = holders.join(',');
    const group = bySignature.get(key);
    if (group) group.push(j);
    else bySignature.set(key, [j]);
  }
  return [...bySignature.values()];
}
