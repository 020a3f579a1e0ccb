// Pruners by the names the CLI, the file directive and ask-tell accept.
import { AshaPruner } from './asha';
import { CurvePruner } from './curve';
import { HyperbandPruner } from './hyperband';
import { PRUNER_NAMES, type PrunerName } from './names';
import { PercentilePruner } from './percentile';
import type { SearchSpace } from '../space';
import { KEEP, observedMaxStep, type Budget, type Pruner, type PrunerContext, type PrunerOptions } from './pruner';
import { ThresholdPruner } from './threshold';

export type { Budget, PruneDecision, Pruner, PrunerContext, PrunerOptions } from './pruner';
export { PRUNER_NAMES, type PrunerName };

/** Never prunes; the default. */
export class NoPruner implements Pruner {
  readonly name = 'none';
  decide(): typeof KEEP {
    return KEEP;
  }
}

/**
 * Builds a pruner once the full budget is known: from the options, else from
 * the first complete trial. Until then it keeps every trial.
 */
class OnceBudgetKnown implements Pruner {
  private inner: Pruner | undefined;
  constructor(
    readonly name: string,
    private readonly options: PrunerOptions,
    private readonly build: (maxStep: number) => Pruner,
  ) {}
  decide(ctx: PrunerContext) {
    if (!this.inner) {
      const max = this.options.maxStep ?? observedMaxStep(ctx.trials);
      if (max === undefined || !(max > (this.options.minStep ?? 1))) return KEEP;
      this.inner = this.build(max);
    }
    return this.inner.decide(ctx);
  }
}

// Typed by name: a pruner added here without a name in names.ts (or the reverse) does not compile.
const FACTORIES: Record<PrunerName, (o: PrunerOptions) => Pruner> = {
  none: () => new NoPruner(),
  median: () => new PercentilePruner({ percentile: 50 }, 'median'),
  percentile: () => new PercentilePruner({ percentile: 25 }),
  sha: (o) => new AshaPruner({ minStep: o.minStep ?? 1, maxStep: o.maxStep }, 'sha'),
  asha: (o) => new AshaPruner({ minStep: o.minStep ?? 1, maxStep: o.maxStep }),
  hyperband: (o) =>
    new OnceBudgetKnown('hyperband', o, (maxStep) => new HyperbandPruner({ minStep: o.minStep ?? 1, maxStep, reductionFactor: 3, seed: o.seed ?? 0 })),
  curve: (o) => new CurvePruner(o),
  threshold: () => new ThresholdPruner(),
};

/** The budget axis: a fidelity parameter's bounds, when the space has one. */
export function budgetOf(space: SearchSpace): Budget {
  for (const d of Object.values(space)) if (d.type === 'fidelity') return { minStep: d.low, maxStep: d.high };
  return {};
}

export function createPruner(name: string, options: PrunerOptions = {}): Pruner {
  const factory = FACTORIES[name.toLowerCase() as PrunerName];
  if (!factory) throw new Error(`unknown pruner "${name}" (available: ${PRUNER_NAMES.join(', ')})`);
  return factory(options);
}
