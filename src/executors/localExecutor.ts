// Runs trials on this machine. On the CPU at most `slots` at a time; with
// GPUs, each trial gets `gpusPerTrial` distinct GPUs in CUDA_VISIBLE_DEVICES,
// a GPU holds at most `trialsPerGpu` trials, and the scheduler (slots.ts)
// keeps a FIFO queue that never over-subscribes and never leaves a slot idle
// while a trial waits. `createLocalExecutor` finds the GPUs (gpus.ts) and says
// what it found. See DESIGN §7.

import { discoverGpus, formatIndices, type GpuDiscovery, type GpuQueryOptions, type UsableGpu } from './gpus';
import { SlotScheduler, type Slot } from './slots';
import { runTrial, type TrialResult, type TrialSpec } from './trialProcess';

/** Samples what a trial's GPUs do while it runs (src/executors/gpuMonitor.ts). */
export interface TrialGpuMonitor {
  /** The trial got its slot and starts on these GPUs (nvidia-smi indices). */
  track(trial: number, gpuIndices: number[]): void;
  /** The trial ended: its figures (peak memory, mean utilisation...), put on the result as gpuUsage. */
  finish(trial: number): Record<string, number> | undefined;
}

export interface LocalExecutorOptions {
  /** Trials at a time on the CPU (required without `gpus`); with `gpus`, a cap on the GPU slots. */
  slots?: number;
  /** GPUs the trials share (gpus.ts: discoverGpus). Empty or absent: CPU slots. */
  gpus?: UsableGpu[];
  /** Distinct GPUs each trial gets; default 1. */
  gpusPerTrial?: number;
  /** Trials that share one GPU; default 1. */
  trialsPerGpu?: number;
  monitor?: TrialGpuMonitor;
}

interface Waiter {
  resolve(slot: Slot | undefined): void;
}

export class LocalExecutor {
  /** Trials that can run at once. */
  readonly slots: number;
  /** The GPUs trials run on; empty on the CPU. */
  readonly gpus: readonly UsableGpu[];
  private readonly scheduler: SlotScheduler<Waiter>;
  private readonly monitor?: TrialGpuMonitor;

  constructor(opts: LocalExecutorOptions) {
    this.gpus = opts.gpus ?? [];
    this.monitor = opts.monitor;
    if (this.gpus.length === 0) {
      if (opts.slots === undefined || !Number.isInteger(opts.slots) || opts.slots < 1) throw new Error(`slots must be a positive integer (got ${opts.slots})`);
      this.scheduler = new SlotScheduler({ kind: 'cpu', slots: opts.slots });
    } else {
      this.scheduler = new SlotScheduler({
        kind: 'gpu',
        gpus: this.gpus.length,
        gpusPerTrial: opts.gpusPerTrial ?? 1,
        trialsPerGpu: opts.trialsPerGpu ?? 1,
        ...(opts.slots !== undefined ? { maxTrials: opts.slots } : {}),
      });
    }
    this.slots = this.scheduler.capacity;
  }

  /** Trials running now / waiting for a slot. */
  get running(): number {
    return this.scheduler.running;
  }
  get waiting(): number {
    return this.scheduler.waiting;
  }

  /** Waits for a free slot, then runs the trial in it. */
  async run(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
    const slot = await this.acquire(signal);
    // Aborted while queued: runTrial records the outcome without starting anything.
    if (slot === undefined) return runTrial(spec, signal);
    const gpus = slot.gpus.map((i) => this.gpus[i]);
    if (gpus.length === 0) {
      try {
        return await runTrial(spec, signal);
      } finally {
        this.release(slot);
      }
    }
    const indices = gpus.map((g) => g.index);
    this.safely(() => this.monitor?.track(spec.number, indices));
    let result: TrialResult;
    let usage: Record<string, number> | undefined;
    try {
      result = await runTrial({ ...spec, env: { ...spec.env, ...gpuEnv(gpus, spec.env) } }, signal);
    } finally {
      // Before the slot goes to the next trial, so its samples stay its own.
      usage = this.safely(() => this.monitor?.finish(spec.number));
      this.release(slot);
    }
    return { ...result, gpus: indices, ...(usage ? { gpuUsage: usage } : {}) };
  }

  private acquire(signal?: AbortSignal): Promise<Slot | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const leave = (): void => {
        if (this.scheduler.cancel(waiter)) resolve(undefined);
      };
      const waiter: Waiter = {
        resolve: (slot) => {
          signal?.removeEventListener('abort', leave);
          resolve(slot);
        },
      };
      signal?.addEventListener('abort', leave, { once: true });
      for (const g of this.scheduler.request(waiter)) g.key.resolve(g.slot);
    });
  }

  private release(slot: Slot): void {
    for (const g of this.scheduler.release(slot)) g.key.resolve(g.slot);
  }

  private safely<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch {
      return undefined; // a monitor's bug must not lose the trial
    }
  }
}

/**
 * A trial's GPU environment: CUDA_VISIBLE_DEVICES names its GPUs as the user
 * did (their own entries, or nvidia-smi indices), and CUDA numbers devices in
 * PCI bus order, as nvidia-smi does, unless the user chose an order.
 */
export function gpuEnv(gpus: UsableGpu[], specEnv?: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { CUDA_VISIBLE_DEVICES: gpus.map((g) => g.cudaId).join(',') };
  if (process.env.CUDA_DEVICE_ORDER === undefined && specEnv?.CUDA_DEVICE_ORDER === undefined) env.CUDA_DEVICE_ORDER = 'PCI_BUS_ID';
  return env;
}

/** The GPUs cannot run this run's trials (all busy, too few): a message for people, not a bug. */
export class GpuPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuPlanError';
  }
}

/** What createLocalExecutor reads from a run's settings. */
export interface LocalSlotSettings {
  /** Trials at a time on the CPU; with GPUs, a cap unless `parallelAuto`. */
  parallel: number;
  /** `parallel` is the default, not the user's choice: with GPUs, the GPU slots decide. */
  parallelAuto?: boolean;
  gpusPerTrial?: number;
  trialsPerGpu?: number;
  skipBusyGpusMiB?: number;
}

export interface CreateLocalExecutorOptions extends GpuQueryOptions {
  monitor?: TrialGpuMonitor;
}

/**
 * Finds the GPUs and builds the executor, with one sentence saying what it
 * found and how many trials run at once ("4 GPUs: 0-3 NVIDIA H100 80GB HBM3;
 * GPU 1 skipped: 70000 MiB in use; 3 trials at a time on GPUs 0,2,3 (1 GPU
 * per trial, 1 trial per GPU)" / "no GPU found (nvidia-smi not on PATH): 2
 * CPU slots"). With GPUs, `parallel` caps the GPU slots unless parallelAuto.
 * Throws when GPUs exist but every one is busy, or a trial needs more GPUs
 * than there are.
 */
export async function createLocalExecutor(
  settings: LocalSlotSettings,
  options: CreateLocalExecutorOptions = {},
): Promise<{ executor: LocalExecutor; discovery: GpuDiscovery; notice: string }> {
  const discovery = await discoverGpus({ ...options, ...(settings.skipBusyGpusMiB !== undefined ? { skipBusyMiB: settings.skipBusyGpusMiB } : {}) });
  const k = settings.gpusPerTrial ?? 1;
  const m = settings.trialsPerGpu ?? 1;
  const asked = [settings.gpusPerTrial !== undefined ? `gpus-per-trial ${k}` : '', settings.trialsPerGpu !== undefined ? `trials-per-gpu ${m}` : ''].filter(Boolean);
  if (discovery.gpus.length === 0) {
    if (discovery.skipped.length > 0) {
      throw new GpuPlanError(`${discovery.summary}. Free a GPU, raise --skip-busy-gpus, or hide the GPUs (CUDA_VISIBLE_DEVICES=) to run on the CPU`);
    }
    const executor = new LocalExecutor({ slots: settings.parallel, monitor: options.monitor });
    const ignored = asked.length ? ` (${asked.join(', ')} unused)` : '';
    const sep = discovery.source === 'none' ? ': ' : '; ';
    return { executor, discovery, notice: `${discovery.summary}${sep}${plural(settings.parallel, 'CPU slot')}${ignored}` };
  }
  if (k > discovery.gpus.length) {
    throw new GpuPlanError(`a trial needs ${plural(k, 'GPU')} (gpus-per-trial ${k}) but ${discovery.gpus.length === 1 ? 'only 1 is' : `only ${discovery.gpus.length} are`} usable: ${discovery.summary}`);
  }
  const cap = settings.parallelAuto ? undefined : settings.parallel;
  const executor = new LocalExecutor({ gpus: discovery.gpus, gpusPerTrial: k, trialsPerGpu: m, ...(cap !== undefined ? { slots: cap } : {}), monitor: options.monitor });
  const used = discovery.gpus.map((g) => g.index);
  const full = Math.floor((discovery.gpus.length * m) / k);
  const how = [`${plural(k, 'GPU')} per trial`, `${plural(m, 'trial')} per GPU`];
  if (cap !== undefined && cap < full) how.push(`parallel ${cap} caps the ${full} GPU slots`);
  const where = `GPU${used.length === 1 ? '' : 's'} ${formatIndices(used)}`;
  return { executor, discovery, notice: `${discovery.summary}; ${plural(executor.slots, 'trial')} at a time on ${where} (${how.join(', ')})` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
