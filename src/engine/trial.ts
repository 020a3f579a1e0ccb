// Trials as the study and the journal both see them.
import type { Direction, Params, SearchSpace } from './space';

export type TrialState = 'running' | 'complete' | 'pruned' | 'failed' | 'waiting';

/** A trial's state once it is over. */
export type FinishedState = 'complete' | 'pruned' | 'failed';

export interface TrialRecord {
  number: number;
  state: TrialState;
  params: Params;
  distributions: SearchSpace;
  values?: number[];
  /** step -> value of the first objective, as reported while the trial ran. */
  intermediate: Record<number, number>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  start?: string;
  complete?: string;
}

export interface StudySnapshot {
  name: string;
  directions: Direction[];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  trials: TrialRecord[];
}

/**
 * Where a study keeps its trials. The journal file implements it for runs;
 * an in-memory one serves `hyperlens ask-tell` and tests.
 */
export interface StudyStorage {
  createTrial(params: Params, space: SearchSpace, userAttrs?: Record<string, unknown>): number;
  reportIntermediate(trial: number, step: number, value: number): void;
  setTrialUserAttr(trial: number, key: string, value: unknown): void;
  /** Several at once, where the storage can write them together. */
  setTrialUserAttrs?(trial: number, attrs: Record<string, unknown>): void;
  setTrialSystemAttr(trial: number, key: string, value: unknown): void;
  finishTrial(trial: number, state: FinishedState, values?: number[]): void;
  snapshot(): StudySnapshot;
}

/** True when a is better than b for the direction. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === 'minimize' ? a < b : a > b;
}
