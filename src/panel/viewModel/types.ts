// The least the panel's view models need of a trial. The protocol's TrialView
// is assignable to these, so the view models depend on no message shape.
import type { Direction, ParamValue } from '../../engine/space';

export type { Direction, ParamValue };

/** One row of the trials table. */
export interface TableTrial {
  number: number;
  /** running, waiting, complete, pruned, failed (an unknown state is kept and shown as is). */
  state: string;
  /** Full parameter name (`optimizer.lr`) -> value; a name the trial lacks is missing. */
  params: Readonly<Record<string, ParamValue>>;
  /** One per objective; null where the trial has none (running, failed). */
  values: readonly (number | null)[];
  durationS?: number | null;
}

/** What the Pareto view needs: a trial's values and whether it met its constraints. */
export interface ObjectiveTrial {
  number: number;
  state: string;
  values: readonly (number | null)[];
  /** False for a trial that broke a constraint; absent means feasible. */
  feasible?: boolean;
}

/** An objective as the panel shows it. */
export interface ObjectiveInfo {
  /** The metric's name (`val_loss`), the column's header. */
  name: string;
  direction: Direction;
}

