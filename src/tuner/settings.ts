// What a run does, from the file's directives with the command line's flags
// laid over them: flags win, so a script can override a file it doesn't own.
import type { Directives } from '../annotations';

export interface RunSettings {
  trials: number;
  parallel: number;
  sampler: string;
  /** Stops bad trials early; 'none' when absent (runs made before pruners). */
  pruner?: string;
  seed: number;
  /** The whole run's time budget; no new trial starts after it. */
  timeoutSeconds?: number;
  /** Each trial's limit; its process group is killed past it. */
  trialTimeoutSeconds?: number;
}

export type SettingsOverrides = Partial<RunSettings>;

export const DEFAULT_TRIALS = 20;

export function resolveSettings(directives: Directives, flags: SettingsOverrides): RunSettings {
  const settings: RunSettings = {
    trials: flags.trials ?? directives.trials ?? DEFAULT_TRIALS,
    parallel: flags.parallel ?? directives.parallel ?? 1,
    sampler: flags.sampler ?? directives.sampler ?? 'auto',
    pruner: flags.pruner ?? directives.pruner ?? 'none',
    // Drawn once and kept in run.json, so a resumed run continues the same design.
    seed: flags.seed ?? directives.seed ?? Math.floor(Math.random() * 2 ** 31),
  };
  const timeout = flags.timeoutSeconds ?? directives.timeoutSeconds;
  if (timeout !== undefined) settings.timeoutSeconds = timeout;
  const trialTimeout = flags.trialTimeoutSeconds ?? directives.trialTimeoutSeconds;
  if (trialTimeout !== undefined) settings.trialTimeoutSeconds = trialTimeout;
  return settings;
}
