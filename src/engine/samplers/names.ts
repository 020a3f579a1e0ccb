// The sampler names the CLI, `@tune.sampler`, ask-tell and the editor accept.
// Kept apart from the registry so the editor can list them without bundling
// every sampler's code into its activation.
export const SAMPLER_NAMES = ['random', 'qmc', 'sobol', 'grid', 'cmaes', 'nsga2', 'tpe', 'motpe', 'gp', 'auto'] as const;

export type SamplerName = (typeof SAMPLER_NAMES)[number];
