// What a run does, from the file's directives with the command line's flags
// laid over them: flags win, so a script can override a file it doesn't own.
import type { Directives } from '../annotations';
import { generationCount, parsePbtDirective, resolvePbtOptions, type PbtOptions } from '../engine/pbt';
import { isSearched, type SearchSpace } from '../engine/space';

export interface RunSettings {
  trials: number;
  parallel: number;
  sampler: string;
  /** Stops bad trials early; 'none' when absent (runs made before pruners). */
  pruner?: string;
  /** Population-based training; its segments are the run's trials. */
  pbt?: PbtOptions;
  seed: number;
  /** The whole run's time budget; no new trial starts after it. */
  timeoutSeconds?: number;
  /** Each trial's limit; its process group is killed past it. */
  trialTimeoutSeconds?: number;
  /**
   * Neither a flag nor a directive set `parallel` (it is the default, 1): with
   * GPUs, trials at a time are then the GPU slots; otherwise `parallel` caps them.
   */
  parallelAuto?: boolean;
  /** Distinct GPUs each trial gets in CUDA_VISIBLE_DEVICES (default 1). */
  gpusPerTrial?: number;
  /** Trials that share one GPU (default 1). */
  trialsPerGpu?: number;
  /** GPUs with more memory than this in use (MiB) when the run starts are left out. */
  skipBusyGpusMiB?: number;
}

/** Flags (or the editor's choices); `pbt` is the text of `--pbt`, as `@tune.pbt` takes it. */
export type SettingsOverrides = Partial<Omit<RunSettings, 'pbt'>> & { pbt?: string };

export const DEFAULT_TRIALS = 20;

/**
 * Throws an Error starting "pbt:" or naming the pruner when the settings
 * cannot work together; `space` gives PBT its step budget (the fidelity's high).
 */
export function resolveSettings(directives: Directives, flags: SettingsOverrides, space: SearchSpace = {}): RunSettings {
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
  if (flags.parallel === undefined && directives.parallel === undefined) settings.parallelAuto = true;
  const gpusPerTrial = flags.gpusPerTrial ?? directives.gpusPerTrial;
  if (gpusPerTrial !== undefined) settings.gpusPerTrial = gpusPerTrial;
  const trialsPerGpu = flags.trialsPerGpu ?? directives.trialsPerGpu;
  if (trialsPerGpu !== undefined) settings.trialsPerGpu = trialsPerGpu;
  const skipBusy = flags.skipBusyGpusMiB ?? directives.skipBusyGpusMiB;
  if (skipBusy !== undefined) settings.skipBusyGpusMiB = skipBusy;
  const pbtText = flags.pbt ?? directives.pbt;
  if (pbtText !== undefined) {
    if (settings.pruner !== 'none') throw new Error(`pbt: PBT decides itself which members go on; drop the ${settings.pruner} pruner`);
    if (directives.objectives.length > 1) throw new Error(`pbt: PBT ranks members on one objective (this file has ${directives.objectives.length})`);
    const fidelity = Object.values(space).find((d) => d.type === 'fidelity');
    settings.pbt = resolvePbtOptions(parsePbtDirective(pbtText), fidelity?.type === 'fidelity' ? fidelity.high : undefined);
    const searched = Object.keys(space).filter((k) => isSearched(space[k]));
    const unknown = settings.pbt.explore?.filter((n) => !searched.includes(n)) ?? [];
    if (unknown.length) throw new Error(`pbt: explore names ${unknown.join(', ')}, not a tuned parameter (${searched.join(', ')})`);
    if (!settings.pbt.explore && !searched.some((k) => space[k].type === 'float')) {
      throw new Error(`pbt: no float parameter to explore; name the ones PBT may change, e.g. explore=${searched[0] ?? 'lr'}`);
    }
    // Every member trains every segment: that is the run's budget of trials.
    settings.trials = settings.pbt.population * generationCount(settings.pbt);
  }
  return settings;
}
