// Runs trials on this machine, at most `slots` at a time. With GPU ids each
// slot is pinned to a GPU through CUDA_VISIBLE_DEVICES; without, trials see
// the environment as it is.

import { runTrial, type TrialResult, type TrialSpec } from './trialProcess';

export interface LocalExecutorOptions {
  slots: number;
  /** Slot i gets gpuIds[i % gpuIds.length]. */
  gpuIds?: string[];
}

export class LocalExecutor {
  readonly slots: number;
  private readonly gpuIds: string[];
  private readonly freeSlots: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  constructor(opts: LocalExecutorOptions) {
    if (!Number.isInteger(opts.slots) || opts.slots < 1) throw new Error(`slots must be a positive integer (got ${opts.slots})`);
    this.slots = opts.slots;
    this.gpuIds = opts.gpuIds ?? [];
    this.freeSlots = Array.from({ length: opts.slots }, (_, i) => i);
  }

  /** Waits for a free slot, then runs the trial in it. */
  async run(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
    const slot = await this.acquire(signal);
    // Aborted while queued: runTrial records the outcome without starting anything.
    if (slot === undefined) return runTrial(spec, signal);
    try {
      const env = this.gpuIds.length > 0 ? { ...spec.env, CUDA_VISIBLE_DEVICES: this.gpuIds[slot % this.gpuIds.length] } : spec.env;
      return await runTrial({ ...spec, env }, signal);
    } finally {
      this.release(slot);
    }
  }

  private acquire(signal?: AbortSignal): Promise<number | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const free = this.freeSlots.shift();
    if (free !== undefined) return Promise.resolve(free);
    return new Promise((resolve) => {
      const take = (slot: number) => {
        signal?.removeEventListener('abort', leave);
        resolve(slot);
      };
      const leave = () => {
        const i = this.waiting.indexOf(take);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      };
      this.waiting.push(take);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.freeSlots.push(slot);
  }
}
