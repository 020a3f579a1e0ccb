// Pruner names, apart from their classes so settings and the editor can list them cheaply.
export const PRUNER_NAMES = ['none', 'median', 'percentile', 'sha', 'asha', 'hyperband', 'curve', 'threshold'] as const;

export type PrunerName = (typeof PRUNER_NAMES)[number];
