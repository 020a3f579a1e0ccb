// Which trial the suggested-configuration card offers, and the search space
// it needs (log scale or not) rebuilt from the run view's columns.
import type { SearchSpace } from '../../engine/space';
import type { ParamColumn } from '../views';
import { paretoView } from './pareto';
import type { Direction, ObjectiveTrial } from './types';

/**
 * One objective: the engine's best trial. Two or more: a point of the Pareto
 * front, the selected trial when it is on it, else the front's best on the
 * first objective (the engine's own choice).
 */
export function suggestedTrial(
  trials: readonly ObjectiveTrial[],
  directions: readonly Direction[],
  bestTrial: number | undefined,
  selected: number | undefined,
): number | undefined {
  if (directions.length < 2) return bestTrial;
  const view = paretoView(trials, directions);
  if (selected !== undefined && view.points.some((p) => p.number === selected && p.onFront)) return selected;
  return view.chosen;
}

/** The distributions the suggestion card reads (log or linear, a choice or a number) from the table's columns. */
export function spaceOfColumns(params: readonly ParamColumn[]): SearchSpace {
  const space: SearchSpace = {};
  for (const p of params) {
    if (p.kind === 'categorical') {
      space[p.name] = { type: 'categorical', choices: [...(p.choices ?? [])] };
    } else if ((p.kind === 'float' || p.kind === 'int') && p.low !== undefined && p.high !== undefined) {
      space[p.name] = p.kind === 'float'
        ? { type: 'float', low: p.low, high: p.high, log: p.log === true }
        : { type: 'int', low: p.low, high: p.high, log: p.log === true, step: 1 };
    } else if (p.kind === 'fidelity' && p.low !== undefined && p.high !== undefined) {
      space[p.name] = { type: 'fidelity', low: p.low, high: p.high };
    }
  }
  return space;
}
