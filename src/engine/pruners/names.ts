// Pruner names, apart from their classes so settings and the editor can list them cheaply.
export const PRUNER_NAMES = ['none', 'median', 'percentile', 'sha', 'asha', 'hyperband', 'curve', 'threshold'] as const;

export type PrunerName = (typeof PRUNER_NAMES)[number];

/** One line each, for pickers. */
export const PRUNER_SUMMARIES: Record<PrunerName, string> = {
  none: 'every trial runs its full budget',
  median: 'stop trials worse than the median at the same step',
  percentile: 'stop trials outside the best 25% at the same step',
  sha: 'successive halving (the same as asha here)',
  asha: 'keep the best third at each rung (steps 1, 3, 9, ...)',
  hyperband: 'brackets of asha; with tpe, BOHB',
  curve: 'extrapolate learning curves; stop the hopeless',
  threshold: 'stop only NaN, infinite or diverging trials',
};
