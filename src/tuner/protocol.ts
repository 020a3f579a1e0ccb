// Messages between the editor and the tuner process it forks. The tuner
// only notifies; the editor sends commands. Each side checks what it gets.
import type { Params } from '../engine/space';
import type { TrialRecord } from '../engine/trial';
import type { TrialCounts } from './summary';

/** Editor -> tuner. */
export type TunerCommand = { type: 'stop' };

/** Tuner -> editor. */
export type TunerNotification =
  | { type: 'started'; runDir: string; runId: string }
  | { type: 'trialStarted'; number: number; params: Params }
  | { type: 'trialReported'; number: number; step?: number; metrics: Record<string, number> }
  | { type: 'trialEnded'; number: number; record: TrialRecord }
  | { type: 'progress'; done: number; budget: number; running: number; counts: TrialCounts; best?: TrialRecord; elapsedSeconds: number; etaSeconds?: number }
  | { type: 'notice'; message: string }
  | { type: 'ended'; state: string; counts: TrialCounts; best?: TrialRecord }
  | { type: 'error'; message: string };

export function isTunerCommand(x: unknown): x is TunerCommand {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'stop';
}
